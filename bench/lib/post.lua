-- wrk script: POST a JSON body of BODY_BYTES bytes to the webhook URL in WEBHOOK_PATH.
-- wrk counts every answer of 400 and above as an error ("Non-2xx or 3xx responses").
local size = tonumber(os.getenv("BODY_BYTES") or "1024")
local head = '{"event":"bench","padding":"'
local tail = '"}'
wrk.method = "POST"
wrk.path = os.getenv("WEBHOOK_PATH") or "/"
wrk.headers["Content-Type"] = "application/json"
wrk.body = head .. string.rep("x", math.max(0, size - #head - #tail)) .. tail

-- One machine-readable line, so that run_wrk never has to show wrk's own report: that report
-- starts with the URL, and the URL holds the webhook token. wrk --latency prints no p99.9.
-- Latencies are in microseconds; "status" is wrk's count of responses of 400 and above.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "wrk-result requests=%d seconds=%.3f p50=%d p99=%d p999=%d max=%d"
      .. " connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50),
    latency:percentile(99), latency:percentile(99.9), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status))
end
