#!/usr/bin/env bash
# Sets up (installs missing packages), builds accrue, and runs the main job on
# the bundled sample plans. Until settlement lands, the main job is checking
# every plan in plans/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --build build -j"$(nproc)" --target accrue
exec build/engine/cli/accrue check plans/
