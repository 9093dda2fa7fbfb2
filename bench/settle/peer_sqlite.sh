#!/bin/sh
# The bench plan in SQLite: peer_sqlite.sql on an in-memory database.
#   peer_sqlite.sh DATA_DIR OUT_DIR   (writes OUT_DIR/payouts.csv and grades.csv)
set -eu
if [ $# -ne 2 ]; then
  echo "usage: peer_sqlite.sh DATA_DIR OUT_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$2"
data=$(cd "$1" && pwd)
out=$(cd "$2" && pwd)
# Paths go into dot-commands, which have no parameters: refuse quotes rather than mis-quote.
case "$data$out" in *"'"*) echo "peer_sqlite.sh: paths with quotes are not supported" >&2; exit 2 ;; esac
{
  echo ".bail on"
  echo ".cd '$data'"
  cat "$here/peer_sqlite.sql"
  echo ".mode list"
  echo ".headers off"
  echo ".output '$out/payouts.csv'"
  echo ".print rep,commission,capped,paid_now,deferred,bonus,vetoed"
  echo "SELECT line FROM payout_lines ORDER BY rep;"
  echo ".output '$out/grades.csv'"
  echo ".print grade,customers"
  echo "SELECT line FROM grade_lines ORDER BY grade;"
  echo ".output stdout"
} | sqlite3 -batch :memory:
