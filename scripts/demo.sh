#!/usr/bin/env bash
# Sets up (installs missing packages), builds accrue, checks the bundled plans
# and settles the first quarter of the long-term plan against its sample data,
# printing the payout summary. Safe to rerun: settling the same period with the
# same plan and data again writes nothing and says so (exit 0).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --build build -j"$(nproc)" --target accrue
accrue=build/engine/cli/accrue
set -x
"$accrue" check plans/
"$accrue" settle plans/long_term_value/plan.plan --data plans/long_term_value/data/manifest.yaml \
  --period 2026-Q1 --ledger build/demo-ledger.db
"$accrue" verify build/demo-ledger.db
