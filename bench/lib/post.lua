-- wrk script: POST a JSON body of BODY_BYTES bytes to the webhook URL in WEBHOOK_PATH.
-- Every response that is not 200 is counted by wrk as "Non-2xx or 3xx responses".
local size = tonumber(os.getenv("BODY_BYTES") or "1024")
local head = '{"event":"bench","padding":"'
local tail = '"}'
wrk.method = "POST"
wrk.path = os.getenv("WEBHOOK_PATH") or "/"
wrk.headers["Content-Type"] = "application/json"
wrk.body = head .. string.rep("x", math.max(0, size - #head - #tail)) .. tail
