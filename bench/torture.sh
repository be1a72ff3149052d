#!/usr/bin/env bash
# The full torture suite: every *TortureTest at full size (-Dhookhouse.torture=full), against
# the real server, a real DuckDB file and real PostgreSQL. Each scenario records every request
# id that got a 200 and ends by comparing them with the warehouse: missing, duplicated and
# altered must all be 0. `./mvnw verify` (and so .ci/run) runs the same scenarios CI-sized.
#
#   bench/torture.sh [--times 1] [--only CrashTortureTest]
#
# --times N runs the suite N times in a row (default 1), stopping at the first failing pass:
# the crash scenario draws its kill moments at random, so more passes try more of them.
#
# Needs root (the disk-full scenario mounts a small tmpfs; the outage scenario runs its own
# PostgreSQL as user nobody) and PostgreSQL on 127.0.0.1:5432 (.ci/ensure-services).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

times=1 only='*TortureTest'
while [ $# -gt 0 ]; do
  case $1 in
    --times) times=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "usage: $0 [--times N] [--only TestClass]" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" -ne 0 ]; then
  echo "torture: run as root: the disk-full scenario mounts a tmpfs" >&2
  exit 2
fi
require_postgres

echo "== torture suite, full size, $times pass(es) =="
machine_summary_for_databases
echo "command: bench/torture.sh --times $times --only '$only'"

summary_lines='torture into [^:]+: .*acknowledged|(torture|outage).*(acknowledged|seed|refusals)'
summary_lines="$summary_lines|: [0-9]+ acknowledged, [0-9]+ rows"
summary_lines="$summary_lines|^\[(INFO|ERROR)\] Tests run:"

cd "$bench_root"
for pass in $(seq 1 "$times"); do
  started=$(date +%s)
  log=$(mktemp /tmp/hookhouse-torture.XXXXXX)
  if ./mvnw -B test -Dhookhouse.torture=full -Dtest="$only" \
      -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1; then
    verdict=passed
  else
    verdict=FAILED
  fi
  elapsed=$(( $(date +%s) - started ))

  # The scenarios print one line each with their figures, of the form "<scenario> torture
  # into <warehouse>: N acknowledged, ..." (new scenarios too); surefire prints the counts.
  grep -E "$summary_lines" "$log" | grep -v 'Time elapsed' || true
  echo "pass $pass: $verdict in ${elapsed}s (full log: $log)"
  [ "$verdict" = passed ] || exit 1
done
