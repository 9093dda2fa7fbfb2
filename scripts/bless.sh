#!/bin/sh
# Regenerates every golden file of `accrue check` (tests/check/**/*.expected
# and *.expected.json) from the current build. Review the diff before
# committing: each golden must show the intended code at the intended line.
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
git -C "$root" status --short -- tests/check
