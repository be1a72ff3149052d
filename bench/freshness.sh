#!/usr/bin/env bash
# Freshness benchmark: a server at default settings with a real token and pipeline takes a
# steady trickle of webhooks; for each request id, the time from its 200 to the first query
# that finds its row in the warehouse. Prints p50, p90 and p99; the issue's target is a p50
# under 2 s at default settings.
#
#   bench/freshness.sh [--rate 50] [--seconds 30] [--warm-up 5] [--poll-ms 20]
#                      [--interval-ms N [--seal-after-ms N]] [--warehouse duckdb|postgres]
#
# --interval-ms sets hookhouse.loader.interval-ms and, unless --seal-after-ms is given, the
# same hookhouse.spool.seal-after-ms. --warehouse postgres loads into a new database on
# 127.0.0.1:5432 (user postgres, trust auth), dropped afterwards.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

rate=50 seconds=30 warm_up=5 poll_ms=20 interval_ms= seal_after_ms= warehouse=duckdb
while [ $# -gt 0 ]; do
  case $1 in
    --rate) rate=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warm-up) warm_up=$2; shift 2 ;;
    --poll-ms) poll_ms=$2; shift 2 ;;
    --interval-ms) interval_ms=$2; shift 2 ;;
    --seal-after-ms) seal_after_ms=$2; shift 2 ;;
    --warehouse) warehouse=$2; shift 2 ;;
    *) echo "usage: $0 [--rate N] [--seconds N] [--warm-up N] [--poll-ms N]" \
         "[--interval-ms N] [--seal-after-ms N] [--warehouse duckdb|postgres]" >&2
       exit 2 ;;
  esac
done

if [ -n "$interval_ms" ]; then
  export HOOKHOUSE_LOADER_INTERVAL_MS=$interval_ms
  export HOOKHOUSE_SPOOL_SEAL_AFTER_MS=${seal_after_ms:-$interval_ms}
elif [ -n "$seal_after_ms" ]; then
  export HOOKHOUSE_SPOOL_SEAL_AFTER_MS=$seal_after_ms
fi

database=
cleanup() {
  if [ -n "$database" ]; then
    psql -X -q -h 127.0.0.1 -U postgres -d postgres \
      -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null || true
  fi
}
trap cleanup EXIT

case $warehouse in
  duckdb) ;;
  postgres)
    require_postgres
    database=hh_freshness_$(date +%s)_$$
    psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $database" >/dev/null
    export HOOKHOUSE_WAREHOUSE_URL=jdbc:postgresql://127.0.0.1:5432/$database
    export HOOKHOUSE_WAREHOUSE_USER=postgres ;;
  *) echo "bench: --warehouse is duckdb or postgres" >&2; exit 2 ;;
esac

classpath=$(bench_classpath)

echo "== freshness benchmark: $rate requests/s for ${seconds}s, warehouse $warehouse =="
machine_summary | grep -v '^tools:'
echo "command: bench/freshness.sh --rate $rate --seconds $seconds --warm-up $warm_up" \
  "--poll-ms $poll_ms${interval_ms:+ --interval-ms $interval_ms}" \
  "${seal_after_ms:+--seal-after-ms $seal_after_ms }--warehouse $warehouse"
java -Xmx1g -cp "$classpath" dev.hookhouse.e2e.bench.FreshnessBenchmark "$rate" "$seconds" \
  "$warm_up" "$poll_ms" 2> >(grep -v ' INFO ' >&2)
