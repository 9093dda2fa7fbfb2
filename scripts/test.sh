#!/usr/bin/env bash
# Sets up (installs missing packages), builds, and runs every test: unit,
# golden, end-to-end and 60 s of fuzzing. Ends with ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
jobs=$(nproc)
cmake --build build -j"$jobs"
# The fuzzer needs clang's libFuzzer: its own configuration, built in build/fuzz.
if [[ ! -f build/fuzz/CMakeCache.txt ]]; then
  CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DACCRUE_FUZZ=ON >/dev/null
fi
cmake --build build/fuzz -j"$jobs" --target plan_fuzzer
ctest --test-dir build --output-on-failure -j"$jobs" --timeout 600
