#!/usr/bin/env bash
# Export must be byte-identical whatever the locale, the time zone and the order
# in which settlement handed the entries over.
#   export_env_test.sh LEDGER_FILL WORK_DIR
# Builds a de_DE.UTF-8 locale with localedef into WORK_DIR (no root or system
# locale needed). Exits 77 (skipped) only if that locale cannot be built, after
# every other comparison has passed.
set -euo pipefail
fill=$1
work=$2
rm -rf "$work"
mkdir -p "$work/locales"

"$fill" append "$work/ordered.db" 5000 2026-Q1 11 2>/dev/null
"$fill" append "$work/shuffled.db" 5000 2026-Q1 11 --shuffle 2>/dev/null

german=0
if localedef -i de_DE -f UTF-8 "$work/locales/de_DE.UTF-8" >/dev/null 2>&1 ||
   [[ -d "$work/locales/de_DE.UTF-8" ]]; then
  german=1
fi

status=0
for format in csv json; do
  LC_ALL=C TZ=UTC "$fill" export "$work/ordered.db" "$format" >"$work/reference.$format" 2>/dev/null
  run() {  # NAME ENV...  : export under the given environment and compare
    local name=$1; shift
    env "$@" "$fill" export "$work/${DB:-ordered.db}" "$format" >"$work/$name.$format" 2>"$work/$name.$format.err"
    if ! cmp -s "$work/reference.$format" "$work/$name.$format"; then
      echo "FAIL: $format export differs under $name ($*)"
      status=1
    fi
  }
  DB=shuffled.db run shuffled LC_ALL=C TZ=UTC
  run chatham LC_ALL=C TZ=Pacific/Chatham
  run st_johns LC_ALL=C.UTF-8 TZ=America/St_Johns
  if ((german)); then
    run german LOCPATH="$work/locales" LC_ALL=de_DE.UTF-8 TZ=Asia/Kathmandu
    if ! grep -q "decimal point ','" "$work/german.$format.err"; then
      echo "FAIL: the de_DE.UTF-8 locale did not take effect: $(cat "$work/german.$format.err")"
      status=1
    fi
  fi
done
if ((status)); then exit 1; fi
if ((!german)); then
  echo "SKIP: localedef could not build de_DE.UTF-8; checked C, C.UTF-8, time zones and order only"
  exit 77
fi
echo "csv and json exports identical across order, locale de_DE.UTF-8 and time zones"
