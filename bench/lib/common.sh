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
  # Other people's work shows here: on a shared box, read it before the figures.
  echo "load average (1, 5, 15 min; this benchmark's own load included):" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "tools: $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)," \
    "$(nginx -v 2>&1 | cut -d' ' -f3), Camel $(pom_property camel.version)," \
    "DuckDB JDBC $(duckdb_jdbc_version)"
  echo "commit: $(git -C "$bench_root" describe --always --dirty 2>/dev/null || echo unknown)"
}

# Runs wrk once and prints the wrk-result line of post.lua's done(): requests, seconds,
# latency percentiles in microseconds, and errors by kind. wrk's own report is thrown away on
# purpose: its first line is the URL, which holds the webhook token. The timeout is 10 s, not
# wrk's 2 s, so that a slow 5 MB answer counts in the latencies instead of as an error.
run_wrk() {
  local url=$1 connections=$2 seconds=$3 threads=2 out
  [ "$connections" -ge "$threads" ] || threads=$connections

  # In the background, so that a caller can stop it by the pid in WRK_PID_FILE.
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s \
      -s "$bench_root/bench/lib/post.lua" "$url" &
    echo $! > "${WRK_PID_FILE:-/dev/null}"
    wait $! || true)
  if [ -n "${WRK_PID_FILE:-}" ]; then : > "$WRK_PID_FILE"; fi

  if ! echo "$out" | grep '^wrk-result '; then
    echo "bench: wrk printed no result" >&2
    return 1
  fi
}

# CPU ticks (user + system, in 1/CLK_TCK s) used so far by the given processes. Fields 14 and
# 15 of /proc/PID/stat, counted after the ")" that ends the command name, which may hold spaces.
cpu_ticks() {
  local pid total=0 stat
  for pid in "$@"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    total=$(( total + $(echo "$stat" | awk '{ print $12 + $13 }') ))
  done
  echo "$total"
}

# A memory figure from /proc/PID/status (VmHWM: peak resident; VmRSS: resident now), summed
# over the given processes, in KiB.
memory_kib() {
  local field=$1 pid total=0 kib
  shift
  for pid in "$@"; do
    kib=$(awk -v f="$field:" '$1 == f { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    total=$(( total + ${kib:-0} ))
  done
  echo "$total"
}

# The process and its children (nginx's master and its workers).
process_tree() {
  local pid=$1
  echo "$pid"
  ps -o pid= --ppid "$pid" || true
}

# Free space, in MiB, on the filesystem that holds the given path.
free_mib() {
  df -Pm "$1" | awk 'NR == 2 { print $4 }'
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
  pom_property duckdb.version
}

pom_property() {
  sed -n "s:.*<$1>\\(.*\\)</$1>.*:\\1:p" "$bench_root/pom.xml"
}
