#!/usr/bin/env bash
# An auditor's replay: every hash in a JSON export (entries, digests, batch
# identities) recomputed by an independent Python implementation of the
# canonical encoding, over a ledger with appends and supersedes.
#   replay_test.sh LEDGER_FILL WORK_DIR
set -euo pipefail
fill=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
"$fill" append "$work/l.db" 2000 2026-Q1 1 2>/dev/null
"$fill" append "$work/l.db" 1000 2026-Q2 2 2>/dev/null
"$fill" append "$work/l.db" 1501 2026-Q1 3 --supersede 2>/dev/null
"$fill" append "$work/l.db" 700 2026-Q1 4 --supersede 2>/dev/null
"$fill" export "$work/l.db" json >"$work/export.json" 2>/dev/null
python3 "$here/verify_export.py" "$work/export.json"
