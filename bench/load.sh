#!/usr/bin/env bash
# Loader benchmark: spools ~1 KB records straight into sealed segments, times the real loader
# draining them into DuckDB and into PostgreSQL, and in the same run times each database's own
# bulk load of the same rows (DuckDB read_json over the segment files, psql \copy of a CSV).
# The figure to compare across machines is the ratio; the target is at least 0.8x.
#
#   bench/load.sh [--rows 1000000] [--warehouses duckdb,postgres]
#
# Needs PostgreSQL on 127.0.0.1:5432, user postgres, trust auth (.ci/ensure-services), and
# about 3 KB of temporary disk per row (spool segments and the CSV file, deleted afterwards).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

rows=1000000 warehouses=duckdb,postgres
while [ $# -gt 0 ]; do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --warehouses) warehouses=$2; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--warehouses duckdb,postgres]" >&2; exit 2 ;;
  esac
done

case $warehouses in *postgres*) require_postgres ;; esac
classpath=$(bench_classpath)

echo "== loader benchmark: $rows rows of ~1 KB, warehouses $warehouses =="
machine_summary_for_databases
echo "command: bench/load.sh --rows $rows --warehouses $warehouses"
java -Xmx4g -cp "$classpath" dev.hookhouse.loader.bench.LoadBenchmark "$rows" "$warehouses" \
  2> >(grep -v ' INFO ' >&2)
