#!/usr/bin/env bash
# Ingest benchmark: wrk posts JSON bodies to nginx answering a static 200, to Hookhouse with
# durable acks (fsync=true) and to Hookhouse with fsync=false, all in the same run, for each
# body size. Figures are read as ratios to nginx, and fsync-on to fsync-off (what durability
# costs), because these machines are shared and absolute numbers drift from run to run.
#
#   bench/ingest.sh [--seconds 30] [--connections 64] [--warmup 30]
#                   [--sizes 1024,102400,5242880] [--fsync both|true|false]
#                   [--large-connections 4] [--large-seconds 10] [--keep-free-gb 4]
#
# --body-bytes N is the old spelling of --sizes N. For each size, in this order: nginx (5 s
# warm-up), then a fresh Hookhouse per fsync setting: new spool, data dir, token and pipeline,
# a warm-up of --warmup seconds of 1 KB bodies (the JIT needs tens of seconds), plus 5 s at the
# size when it is larger, then the measured run. Hookhouse runs as shipped: its loader loads
# every record into DuckDB during the run and competes for the same two cores; so does wrk.
#
# Bodies of 1 MiB and more use --large-connections and --large-seconds: 64 connections of
# 5 MB put 320 MB in flight per round on a server with a 1 GiB heap, and every body accepted
# is written to the spool and again to DuckDB, so 64 connections for 30 s would write tens of
# GB. With 4 connections for 10 s (15 s with the warm-up at size) a 5 MB run writes a few GB.
# Each Hookhouse's directories are deleted as soon as it is measured, so disk use never adds up
# across targets, and the run stops if free space under /tmp falls below --keep-free-gb.
#
# Server CPU is user + system time of the server's processes (nginx: master and workers)
# during the measured interval, from /proc/PID/stat; RSS is VmHWM (peak since the server
# started, warm-up included) and VmRSS at the end, from /proc/PID/status.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

seconds=30 connections=64 warmup=30 sizes=1024,102400,5242880 fsyncs=true,false
large_bytes=1048576 large_connections=4 large_seconds=10 keep_free_gb=4
usage="usage: $0 [--seconds N] [--connections N] [--warmup N] [--sizes N,N] \
[--fsync both|true|false] [--large-connections N] [--large-seconds N] [--keep-free-gb N]"
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --sizes|--body-bytes) sizes=$2; shift 2 ;;
    --fsync) case $2 in both) fsyncs=true,false ;; true|false) fsyncs=$2 ;;
               *) echo "$usage" >&2; exit 2 ;; esac
             shift 2 ;;
    --large-connections) large_connections=$2; shift 2 ;;
    --large-seconds) large_seconds=$2; shift 2 ;;
    --keep-free-gb) keep_free_gb=$2; shift 2 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
fsync_option=$([ "$fsyncs" = true,false ] && echo both || echo "$fsyncs")
command="bench/ingest.sh --seconds $seconds --connections $connections --warmup $warmup"
command="$command --sizes $sizes --fsync $fsync_option"
command="$command --large-connections $large_connections --large-seconds $large_seconds"

started=$(date +%s)
say() { echo "bench [+$(( $(date +%s) - started ))s]: $*" >&2; }

need wrk wrk
need nginx nginx-light
build_jar

work=$(mktemp -d /tmp/hookhouse-bench.XXXXXX)
keep_free_mib=$(( keep_free_gb * 1024 ))
if [ "$(free_mib "$work")" -lt $(( keep_free_mib + 4096 )) ]; then
  echo "bench: under $(( keep_free_gb + 4 )) GiB free on $(df -P "$work" | awk 'NR == 2 {
    print $6 }'); a run may write a few GB" >&2
  rmdir "$work"
  exit 1
fi

# Everything started here is killed and every directory deleted on any exit, Ctrl-C
# included. Background jobs of a script ignore SIGINT, so they must be killed by pid.
pids=()
cleanup() {
  local pid
  trap - INT TERM
  if [ -s "$work/wrk.pid" ]; then pids+=("$(cat "$work/wrk.pid")"); fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do stop_process "$pid"; done
  rm -rf "$work" "${nginx_dir:-}"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# TERM, then KILL after 15 s: a graceful Hookhouse stop waits for a running load, and its
# directories are deleted anyway.
stop_process() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# A stopped process leaves the list, so that cleanup never signals a pid reused since.
forget_pid() {
  local pid kept=()
  for pid in "${pids[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
  pids=("${kept[@]}")
}

# Stops the run, wrk first, when the spool and DuckDB eat the disk: the machine is shared.
guard_disk() {
  while sleep 1; do
    if [ "$(free_mib "$work")" -lt "$keep_free_mib" ]; then
      echo "bench: under $keep_free_gb GiB free; stopping the run" >&2
      [ -s "$work/wrk.pid" ] && kill "$(cat "$work/wrk.pid")" 2>/dev/null
      kill -TERM $$
      return
    fi
  done
}
guard_disk &
pids+=($!)
export WRK_PID_FILE=$work/wrk.pid

connections_for() { if [ "$1" -ge "$large_bytes" ]; then echo "$large_connections"
                    else echo "$connections"; fi; }
seconds_for() { if [ "$1" -ge "$large_bytes" ]; then echo "$large_seconds"
                else echo "$seconds"; fi; }

# nginx: the same request, answered from memory without touching the disk. It reads each
# whole body before it answers, as Hookhouse must: a bare `return 200` answers after the
# headers, and at 5 MB wrk then writes its next request into a body nginx is still discarding.
# The mirror, with its body, makes nginx wait for the body; its subrequest does nothing; POST
# on the static index is a 405 that error_page turns into the 200. client_max_body_size lets
# 5 MB in instead of a 413, and the buffer keeps bodies in memory. Connections are kept open
# for good, as Hookhouse keeps them, instead of nginx's default of 1000 requests.
#
# Its directory is apart from $work and world-readable, because its workers do not run as root
# and must read the index; it holds nothing else they read.
start_nginx() {
  nginx_port=$(free_port)
  nginx_dir=$(mktemp -d /tmp/hookhouse-bench-nginx.XXXXXX)
  chmod 755 "$nginx_dir"
  mkdir -p "$nginx_dir/logs" "$nginx_dir/html" "$nginx_dir/body"
  echo '{"success": true}' > "$nginx_dir/html/index.html"
  chmod -R a+rX "$nginx_dir/html"
  cat > "$nginx_dir/nginx.conf" <<CONF
worker_processes auto;
daemon off;
error_log $nginx_dir/logs/error.log warn;
pid $nginx_dir/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_max_body_size 32m;
  client_body_buffer_size 32m;
  client_body_temp_path $nginx_dir/body;
  keepalive_requests 100000000;
  server {
    listen 127.0.0.1:$nginx_port;
    root $nginx_dir/html;
    location / {
      mirror /discard;
      mirror_request_body on;
      error_page 405 =200 @ok;
    }
    location = /discard { internal; return 204; }
    location @ok {
      default_type application/json;
      return 200 '{"success": true}';
    }
  }
}
CONF
  nginx -p "$nginx_dir" -c "$nginx_dir/nginx.conf" &
  nginx_pid=$!
  pids+=("$nginx_pid")
  wait_for_port "$nginx_port"
}

hookhouse() { java -jar "$bench_root/target/hookhouse.jar" "$@"; }
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }

# A new spool, data dir, registry, token and pipeline, so that the loader loads every record
# into DuckDB while the benchmark runs, as it would in production. Sets hh_dir, hh_path and
# masked_path: the same request line with x for every character of the key and the token.
prepare_hookhouse() {
  local name=$1 token_json pipeline_json key token
  hh_dir=$work/$name
  export HOOKHOUSE_SPOOL_DIR=$hh_dir/spool HOOKHOUSE_DATA_DIR=$hh_dir/data
  token_json=$(hookhouse token create --name bench --json 2>/dev/null)
  pipeline_json=$(hookhouse pipeline create --name bench --json 2>/dev/null)
  key=$(field "$token_json" key) token=$(field "$token_json" token)
  hh_path="/?pipeline_id=$(field "$pipeline_json" id)&key=$key&token=$token"
  masked_path="/?pipeline_id=$(field "$pipeline_json" id)&key=${key//?/x}&token=${token//?/x}"
}

# Starts the server prepared last, with its warm-up. Sets hh_pid, hh_port, hh_management.
start_hookhouse() {
  local fsync=$1 size=$2
  hh_port=$(free_port) hh_management=$(free_port)
  HOOKHOUSE_HTTP_PORT=$hh_port HOOKHOUSE_MANAGEMENT_PORT=$hh_management \
    HOOKHOUSE_SPOOL_FSYNC=$fsync java -Xmx1g -jar "$bench_root/target/hookhouse.jar" serve \
    > "$hh_dir/hookhouse.log" 2>&1 &
  hh_pid=$!
  pids+=("$hh_pid")
  if ! wait_for_port "$hh_port"; then
    tail -n 20 "$hh_dir/hookhouse.log" >&2
    return 1
  fi

  export WEBHOOK_PATH=$hh_path
  say "warming up hookhouse fsync=$fsync (${warmup}s of 1 KB)"
  BODY_BYTES=1024 run_wrk "http://127.0.0.1:$hh_port/" "$connections" "$warmup" >/dev/null
  if [ "$size" -ne 1024 ]; then
    BODY_BYTES=$size run_wrk "http://127.0.0.1:$hh_port/" "$(connections_for "$size")" 5 \
      >/dev/null
  fi
}

metric_sum() {
  curl -fsS "http://127.0.0.1:$hh_management/observe/metrics" \
    | awk -v m="$1" '$1 == m || index($1, m "{") == 1 { s += $2 } END { printf "%d", s }'
}

# Runs wrk against one target and adds its row to report_lines. Arguments: label, size, url,
# then the server's pids. Sets last_rps. Not called in $(...): it must change report_lines.
measure() {
  local label=$1 size=$2 url=$3 conns secs before after t0 t1 result
  shift 3
  conns=$(connections_for "$size") secs=$(seconds_for "$size")
  say "measuring $label, $size-byte bodies, $conns connections, ${secs}s"

  before=$(cpu_ticks "$@") t0=$(date +%s%N)
  result=$(BODY_BYTES=$size run_wrk "$url" "$conns" "$secs")
  t1=$(date +%s%N) after=$(cpu_ticks "$@")

  report_lines+=("$(format_row "$label" "$result" $(( after - before )) $(( t1 - t0 )) \
    "$(memory_kib VmHWM "$@")" "$(memory_kib VmRSS "$@")")")
  last_rps=$(echo "${report_lines[-1]}" | awk 'NR == 1 { print $(NF - 8) }')
}

# One row of the table, plus a line of errors by kind when there were any.
format_row() {
  local label=$1 result=$2 ticks=$3 nanos=$4 hwm=$5 rss=$6
  awk -v r="$result" -v ticks="$ticks" -v hz="$(getconf CLK_TCK)" -v ns="$nanos" \
    -v hwm="$hwm" -v rss="$rss" -v label="$label" 'BEGIN {
      n = split(r, kv, " ")
      for (i = 2; i <= n; i++) { split(kv[i], p, "="); f[p[1]] = p[2] }
      errors = f["connect"] + f["read"] + f["write"] + f["timeout"] + f["status"]
      cpu_ms = ticks * 1000 / hz
      printf "%-21s %10.1f %7.2f %7.2f %8.2f %6d %9.1f %5.0f %7.0f %7.0f\n", label,
        f["requests"] / f["seconds"], f["p50"] / 1000, f["p99"] / 1000, f["p999"] / 1000,
        errors, f["requests"] ? cpu_ms * 1000 / f["requests"] : 0,
        cpu_ms / (ns / 1e6) * 100, hwm / 1024, rss / 1024
      if (errors)
        printf "  %s errors: connect %d, read %d, write %d, timeout %d, status >= 400 %d\n",
          label, f["connect"], f["read"], f["write"], f["timeout"], f["status"]
    }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }

report_lines=()
start_nginx
IFS=, read -r -a size_list <<< "$sizes"
IFS=, read -r -a fsync_list <<< "$fsyncs"
for size in "${size_list[@]}"; do
  report_lines+=("" "-- ${size}-byte JSON bodies, $(connections_for "$size") connections,\
 $(seconds_for "$size") s --")
  report_lines+=("$(printf '%-21s %10s %7s %7s %8s %6s %9s %5s %7s %7s' target \
    requests/s "p50 ms" "p99 ms" "p99.9 ms" errors "cpu ms/1k" "cpu %" "hwm MiB" "rss MiB")")
  declare -A rps=()

  # The first Hookhouse's registry is made before nginx runs, so that nginx gets a request
  # line of the same length (but never the token: nginx logs request lines with its errors);
  # the CLI has exited by then and uses no CPU.
  say "preparing hookhouse fsync=${fsync_list[0]} and warming up nginx"
  prepare_hookhouse "hookhouse-$size-${fsync_list[0]}"
  export WEBHOOK_PATH=$masked_path
  BODY_BYTES=$size run_wrk "http://127.0.0.1:$nginx_port/" "$(connections_for "$size")" 5 \
    >/dev/null
  measure nginx "$size" "http://127.0.0.1:$nginx_port/" $(process_tree "$nginx_pid")
  rps[nginx]=$last_rps

  for fsync in "${fsync_list[@]}"; do
    say "starting hookhouse fsync=$fsync"
    [ -d "$work/hookhouse-$size-$fsync" ] || prepare_hookhouse "hookhouse-$size-$fsync"
    start_hookhouse "$fsync" "$size"
    measure "hookhouse fsync=$fsync" "$size" "http://127.0.0.1:$hh_port/" "$hh_pid"
    rps[$fsync]=$last_rps
    report_lines+=("  hookhouse fsync=$fsync: $(metric_sum hookhouse_spool_records_total) records\
 spooled (warm-up included), $(metric_sum hookhouse_loader_rows_loaded_total) loaded,\
 $(du -sm "$hh_dir" | cut -f1) MiB on disk at the end")
    stop_process "$hh_pid"
    forget_pid "$hh_pid"
    rm -rf "$hh_dir"
  done

  for fsync in "${fsync_list[@]}"; do
    report_lines+=("ratio hookhouse fsync=$fsync / nginx requests/s:\
 $(ratio "${rps[$fsync]}" "${rps[nginx]}")")
  done
  if [ -n "${rps[true]:-}" ] && [ -n "${rps[false]:-}" ]; then
    report_lines+=("ratio hookhouse fsync=true / fsync=false requests/s:\
 $(ratio "${rps[true]}" "${rps[false]}")")
  fi
  if [ "$size" -eq 1024 ] && [ -n "${rps[true]:-}" ]; then
    met=$(awk -v r="$(ratio "${rps[true]}" "${rps[nginx]}")" 'BEGIN {
      print (r >= 0.25 ? "met" : "MISSED") }')
    report_lines+=("target >= 0.25x nginx requests/s at 1 KB with fsync=true: $met")
  fi
done

echo
echo "== ingest benchmark: JSON bodies of $sizes bytes, nginx and hookhouse" \
  "fsync=$fsync_option =="
machine_summary
echo "command: $command"
echo "disk: $(free_mib "$work") MiB free under /tmp at the end;" \
  "elapsed $(( $(date +%s) - started )) s, build included"
printf '%s\n' "${report_lines[@]}"
