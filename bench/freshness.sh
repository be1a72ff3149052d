#!/usr/bin/env bash
# Freshness benchmark: a server with a real token and pipeline takes a steady trickle of
# webhooks; for each request id, the time from its 200 to the first query that finds its row in
# the warehouse. Prints p50, p90 and p99; the issue's target is a p50 under 2 s at default
# settings.
#
#   bench/freshness.sh [--rate 50] [--seconds 30] [--warm-up 5] [--poll-ms 20]
#                      [--both | --defaults-only | --interval-ms N [--seal-after-ms N]]
#                      [--warehouse duckdb|postgres]
#
# With no setting given (or --both), two runs back to back, each with its own server: default
# settings, then --interval-ms 100; a summary prints both lines together. --defaults-only is
# the first of the two alone. --interval-ms N alone is one run that sets
# hookhouse.loader.interval-ms and, unless --seal-after-ms is given, the same
# hookhouse.spool.seal-after-ms; with --both it replaces the 100. --warehouse postgres loads
# into a new database on 127.0.0.1:5432 (user postgres, trust auth) per run, dropped after it.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

rate=50 seconds=30 warm_up=5 poll_ms=20 interval_ms= seal_after_ms= warehouse=duckdb mode=
while [ $# -gt 0 ]; do
  case $1 in
    --rate) rate=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warm-up) warm_up=$2; shift 2 ;;
    --poll-ms) poll_ms=$2; shift 2 ;;
    --interval-ms) interval_ms=$2; shift 2 ;;
    --seal-after-ms) seal_after_ms=$2; shift 2 ;;
    --both) mode=both; shift ;;
    --defaults-only) mode=defaults; shift ;;
    --warehouse) warehouse=$2; shift 2 ;;
    *) echo "usage: $0 [--rate N] [--seconds N] [--warm-up N] [--poll-ms N]" \
         "[--both | --defaults-only | --interval-ms N [--seal-after-ms N]]" \
         "[--warehouse duckdb|postgres]" >&2
       exit 2 ;;
  esac
done
if [ -z "$mode" ]; then
  if [ -n "$interval_ms$seal_after_ms" ]; then mode=one; else mode=both; fi
fi
case $warehouse in
  duckdb) ;;
  postgres) require_postgres ;;
  *) echo "bench: --warehouse is duckdb or postgres" >&2; exit 2 ;;
esac

database=
drop_database() {
  if [ -n "$database" ]; then
    psql -X -q -h 127.0.0.1 -U postgres -d postgres \
      -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null || true
    database=
  fi
}
trap drop_database EXIT

versions() {
  if [ "$warehouse" = postgres ]; then
    echo "versions: PostgreSQL $(psql -X -h 127.0.0.1 -U postgres -d postgres -Atqc \
      'show server_version' | cut -d' ' -f1), DuckDB JDBC $(duckdb_jdbc_version)"
  else
    echo "versions: DuckDB JDBC $(duckdb_jdbc_version)"
  fi
}

# One run with its own server. Arguments: the interval and the seal-after in ms, empty for
# the settings of the environment; then the summary lines to keep, as a grep pattern.
run_once() {
  local interval=$1 seal=$2 keep=$3
  if [ "$warehouse" = postgres ]; then
    database=hh_freshness_$(date +%s)_$$
    psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $database" >/dev/null
  fi
  (
    # A free management port: the default 9090 may be another server's on a shared machine.
    export HOOKHOUSE_MANAGEMENT_PORT=${HOOKHOUSE_MANAGEMENT_PORT:-0}
    if [ -n "$interval" ]; then export HOOKHOUSE_LOADER_INTERVAL_MS=$interval; fi
    if [ -n "$seal" ]; then export HOOKHOUSE_SPOOL_SEAL_AFTER_MS=$seal; fi
    if [ -n "$database" ]; then
      export HOOKHOUSE_WAREHOUSE_URL=jdbc:postgresql://127.0.0.1:5432/$database
      export HOOKHOUSE_WAREHOUSE_USER=postgres
    fi

    echo "== freshness benchmark: $rate requests/s for ${seconds}s, warehouse $warehouse =="
    machine_summary | grep -v '^tools:'
    versions
    echo "command: bench/freshness.sh --rate $rate --seconds $seconds --warm-up $warm_up" \
      "--poll-ms $poll_ms${interval:+ --interval-ms $interval}" \
      "${seal:+--seal-after-ms $seal }--warehouse $warehouse"
    java -Xmx1g -cp "$classpath" dev.hookhouse.e2e.bench.FreshnessBenchmark "$rate" \
      "$seconds" "$warm_up" "$poll_ms" 2> >(grep -v ' INFO ' >&2)
  ) | tee "$run_log"
  [ -z "$keep" ] || grep -E "$keep" "$run_log" >> "$summary" || true
  drop_database
}

classpath=$(bench_classpath)
summary=$(mktemp /tmp/hookhouse-freshness.XXXXXX)
run_log=$(mktemp /tmp/hookhouse-freshness.XXXXXX)
trap 'drop_database; rm -f "$summary" "$run_log"' EXIT

case $mode in
  one) run_once "$interval_ms" "${seal_after_ms:-$interval_ms}" "" ;;
  defaults) run_once "" "" "" ;;
  both)
    # The target is for default settings, so only that run's verdict goes in the summary.
    fast=${interval_ms:-100}
    run_once "" "" '^(settings|ack to visible|target)'
    echo
    run_once "$fast" "${seal_after_ms:-$fast}" '^(settings|ack to visible)'
    echo
    echo "== freshness, both settings, warehouse $warehouse =="
    echo "command: bench/freshness.sh --rate $rate --seconds $seconds --warm-up $warm_up" \
      "--poll-ms $poll_ms --both${interval_ms:+ --interval-ms $interval_ms}" \
      "${seal_after_ms:+--seal-after-ms $seal_after_ms }--warehouse $warehouse"
    cat "$summary" ;;
esac
