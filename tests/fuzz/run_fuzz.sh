#!/usr/bin/env bash
# Runs the plan fuzzer for a fixed time with a fixed seed (ACCRUE_FUZZ_SEED and
# ACCRUE_FUZZ_SECONDS override), first replaying every kept regression input.
# A crash is saved under the printed path: copy it into tests/fuzz/regressions/.
set -euo pipefail
fuzzer=$1
here=$(cd "$(dirname "$0")" && pwd)
if [[ ! -x $fuzzer ]]; then
  echo "fuzzer not built at $fuzzer (scripts/test.sh builds it with clang)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shopt -s nullglob
regressions=("$here"/regressions/*)
if ((${#regressions[@]})); then
  "$fuzzer" -runs=0 "${regressions[@]}" >"$work/regressions.log" 2>&1 || { cat "$work/regressions.log"; exit 1; }
  echo "replayed ${#regressions[@]} regression inputs"
fi
mkdir -p "$work/corpus" "$work/artifacts"
if ! "$fuzzer" -seed="${ACCRUE_FUZZ_SEED:-1}" -max_total_time="${ACCRUE_FUZZ_SECONDS:-60}" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
    "$work/corpus" "$here/corpus" >"$work/fuzz.log" 2>&1; then
  tail -60 "$work/fuzz.log"
  mkdir -p "$here/../../build/fuzz-artifacts"
  cp "$work"/artifacts/* "$here/../../build/fuzz-artifacts/" 2>/dev/null || true
  echo "fuzzer found a failure; inputs copied to build/fuzz-artifacts/ — add them to tests/fuzz/regressions/" >&2
  exit 1
fi
grep -E "^stat::number_of_executed_units|^#[0-9]+.*DONE" "$work/fuzz.log" | tail -2
