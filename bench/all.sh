#!/usr/bin/env bash
# Every benchmark the performance section quotes, one after another, at their defaults unless
# told otherwise: ingest (nginx, fsync on, fsync off; 1 KB, 100 KB, 5 MB), load (DuckDB and
# PostgreSQL next to their own bulk loads), freshness (default settings, then a 100 ms loader
# interval). Everything goes to the terminal and to one log file, so that the figures in the
# docs come from one run on one machine in one hour. One run after another, never at once:
# on two cores they would measure each other.
#
#   bench/all.sh [--ingest "ARGS"] [--load "ARGS"] [--freshness "ARGS"]
#
# Each ARGS is passed to that script, word-split: bench/all.sh --load "--rows 20000".
# Needs what each part needs: root for apt-get (wrk, nginx), PostgreSQL on 127.0.0.1:5432.
# torture.sh is not part of it: it checks correctness, not speed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

ingest_args= load_args= freshness_args=
while [ $# -gt 0 ]; do
  case $1 in
    --ingest) ingest_args=$2; shift 2 ;;
    --load) load_args=$2; shift 2 ;;
    --freshness) freshness_args=$2; shift 2 ;;
    *) echo "usage: $0 [--ingest ARGS] [--load ARGS] [--freshness ARGS]" >&2; exit 2 ;;
  esac
done

log=/tmp/hookhouse-bench-$(date -u +%Y%m%dT%H%M%SZ).log
echo "bench: logging to $log"
started=$(date +%s)

# A failing part stops the run: a log with a missing part is not one run. Its own traps
# clean up after it.
run_part() {
  local name=$1 part_started
  shift
  part_started=$(date +%s)
  echo
  echo "#### $name: $*"
  "$@"
  echo "#### $name took $(( $(date +%s) - part_started )) s"
}

{
  echo "== all benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ) =="
  echo "command: bench/all.sh${ingest_args:+ --ingest \"$ingest_args\"}" \
    "${load_args:+--load \"$load_args\" }${freshness_args:+--freshness \"$freshness_args\"}"
  # shellcheck disable=SC2086 # word splitting of the ARGS is the point
  run_part ingest "$here/ingest.sh" $ingest_args
  # shellcheck disable=SC2086
  run_part load "$here/load.sh" $load_args
  # shellcheck disable=SC2086
  run_part freshness "$here/freshness.sh" --both $freshness_args
  echo
  echo "all benchmarks took $(( $(date +%s) - started )) s; log: $log"
} 2>&1 | tee "$log"
