#!/bin/sh
# Regenerates every golden file from the current build: the diagnostics of
# `accrue check` (tests/check/**/*.expected and *.expected.json) and the
# expected ledgers of the sample plans (tests/settle/golden/*.csv, the
# `accrue export --format csv` of each settled batch). Review the diff before
# committing: each golden must show the intended code at the intended line,
# and each ledger the intended entries.
#   scripts/bless.sh [BUILD_DIR]      (default: build)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
ninja -C "$build" accrue
cd "$root"
python3 tests/check/run_golden.py --accrue "$build/engine/cli/accrue" --bless
python3 tests/settle/test_settle_cli.py --accrue "$build/engine/cli/accrue" --bless
git -C "$root" status --short -- tests/check tests/settle/golden
