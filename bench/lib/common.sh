# Shared helpers for the benchmark scripts. Sourced, not run.

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

need() {
  local tool=$1 package=$2
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench: installing $package" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >/dev/null
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_for_port() {
  local port=$1
  for _ in $(seq 1 120); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.25
  done
  echo "bench: nothing listens on port $port" >&2
  return 1
}

build_jar() {
  (cd "$bench_root" && ./mvnw -q -B -DskipTests package) >&2
}

machine_summary() {
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB," \
    "$(uname -sr), $(java -version 2>&1 | head -n 1)"
  echo "tools: $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)," \
    "$(nginx -v 2>&1 | cut -d' ' -f3)"
  echo "commit: $(git -C "$bench_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
}

# Runs wrk and prints: requests_per_second p50_ms p99_ms p999_ms errors
run_wrk() {
  local url=$1 connections=$2 seconds=$3 out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$bench_root/bench/lib/post.lua" \
    "$url")
  echo "$out" >&2
  echo "$out" | awk '
    function ms(v) {
      if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
      if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
      if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
      return v
    }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Requests\/sec/ { rps = $2 }
    /Non-2xx/ { errors += $NF }
    /Socket errors/ {
      for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) { gsub(/,/, "", $i); errors += $i }
    }
    END { printf "%s %s %s %s\n", rps, p50, p99, errors + 0 }'
}

# Compiles the main and test classes and prints the class path that runs the Java parts of
# the benchmarks (the loader and freshness mains live under src/test).
bench_classpath() {
  local file=target/bench-classpath.txt
  (cd "$bench_root" && ./mvnw -q -B test-compile dependency:build-classpath \
    -Dmdep.outputFile="$file") >&2
  echo "$bench_root/target/test-classes:$bench_root/target/classes:$(cat "$bench_root/$file")"
}

# Fails unless PostgreSQL answers on 127.0.0.1:5432 for user postgres (trust auth), as the
# tests expect; .ci/ensure-services starts it.
require_postgres() {
  need psql postgresql-client
  if ! psql -X -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atqc 'select 1' >/dev/null; then
    echo "bench: PostgreSQL is not reachable on 127.0.0.1:5432 as postgres;" \
      "run .ci/ensure-services" >&2
    return 1
  fi
}

# The machine line of machine_summary, without the ingest tools, plus a database line.
machine_summary_for_databases() {
  local postgres
  postgres=$(psql -X -h 127.0.0.1 -U postgres -d postgres -Atqc 'show server_version' \
    | cut -d' ' -f1)
  machine_summary | grep -v '^tools:'
  echo "databases: PostgreSQL $postgres, DuckDB JDBC $(duckdb_jdbc_version)"
}

duckdb_jdbc_version() {
  sed -n 's:.*<duckdb.version>\(.*\)</duckdb.version>.*:\1:p' "$bench_root/pom.xml"
}
