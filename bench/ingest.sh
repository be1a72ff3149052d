#!/usr/bin/env bash
# Ingest benchmark: wrk posts JSON bodies to Hookhouse (durable acks) and, in the same run, to
# nginx answering a static 200 on the same machine. Figures are reported as a ratio to nginx,
# because these machines are shared and absolute numbers drift from run to run.
#
#   bench/ingest.sh [--seconds 20] [--connections 64] [--body-bytes 1024] [--fsync true|false]
#                   [--warmup 30]
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

seconds=20 connections=64 body_bytes=1024 fsync=true warmup=30
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --body-bytes) body_bytes=$2; shift 2 ;;
    --fsync) fsync=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--connections N] [--body-bytes N] [--fsync B] [--warmup N]" >&2
       exit 2 ;;
  esac
done
export BODY_BYTES=$body_bytes

need wrk wrk
need nginx nginx-light
build_jar

work=$(mktemp -d /tmp/hookhouse-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# nginx: the same request, answered from memory without touching the disk.
nginx_port=$(free_port)
mkdir -p "$work/nginx/logs"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
error_log $work/nginx/logs/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_buffer_size 1m;
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      default_type application/json;
      return 200 '{"success": true}';
    }
  }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)

# Hookhouse on the embedded default, with a spool on the same disk as the checkout.
http_port=$(free_port)
export HOOKHOUSE_HTTP_PORT=$http_port
export HOOKHOUSE_MANAGEMENT_PORT=$(free_port)
export HOOKHOUSE_SPOOL_DIR=$work/spool
export HOOKHOUSE_DATA_DIR=$work/data
export HOOKHOUSE_SPOOL_FSYNC=$fsync
# A real token and pipeline, so that the loader loads every record into DuckDB while the
# benchmark runs, as it would in production.
hookhouse() { java -jar "$bench_root/target/hookhouse.jar" "$@"; }
token_json=$(hookhouse token create --name bench --json 2>/dev/null)
pipeline_json=$(hookhouse pipeline create --name bench --json 2>/dev/null)
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
path="/?pipeline_id=$(field "$pipeline_json" id)&key=$(field "$token_json" key)"
path="$path&token=$(field "$token_json" token)"
export WEBHOOK_PATH=$path

java -Xmx1g -jar "$bench_root/target/hookhouse.jar" serve > "$work/hookhouse.log" 2>&1 &
pids+=($!)
wait_for_port "$nginx_port"
wait_for_port "$http_port"

# The JIT needs tens of seconds of traffic before Hookhouse reaches its steady state.
echo "warming up (${warmup}s hookhouse, 5s nginx)" >&2
run_wrk "http://127.0.0.1:$http_port$path" "$connections" "$warmup" >/dev/null
run_wrk "http://127.0.0.1:$nginx_port$path" "$connections" 5 >/dev/null

read -r n_rps n_p50 n_p99 n_err < <(run_wrk "http://127.0.0.1:$nginx_port$path" \
  "$connections" "$seconds")
read -r h_rps h_p50 h_p99 h_err < <(run_wrk "http://127.0.0.1:$http_port$path" \
  "$connections" "$seconds")

echo
echo "== ingest benchmark: ${body_bytes}-byte JSON, $connections connections, ${seconds}s," \
  "fsync=$fsync =="
machine_summary
echo "command: bench/ingest.sh --seconds $seconds --connections $connections" \
  "--body-bytes $body_bytes --fsync $fsync"
printf '%-10s %12s %9s %9s %8s\n' target "requests/s" "p50 ms" "p99 ms" errors
printf '%-10s %12s %9s %9s %8s\n' nginx "$n_rps" "$n_p50" "$n_p99" "$n_err"
printf '%-10s %12s %9s %9s %8s\n' hookhouse "$h_rps" "$h_p50" "$h_p99" "$h_err"
awk -v h="$h_rps" -v n="$n_rps" 'BEGIN { printf "ratio hookhouse/nginx requests/s: %.3f\n", h / n }'
spooled=$(cat "$work"/spool/incoming/* "$work"/spool/archive/* 2>/dev/null | wc -l)
echo "records in the spool after the runs (warm-up included): $spooled"
