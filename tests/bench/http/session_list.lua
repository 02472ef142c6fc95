-- wrk script for scripts/bench-http: POST /api/commands/georep.session.list with a bearer token read from
-- the file named by GEOREP_BENCH_TOKEN_FILE (0600; never on the command line). Counts every reply that is
-- not HTTP 200 (wrk's own "Non-2xx or 3xx" line counts only >= 400); socket errors are wrk's.
local tokenFile = assert(os.getenv("GEOREP_BENCH_TOKEN_FILE"), "GEOREP_BENCH_TOKEN_FILE is not set")
local f = assert(io.open(tokenFile, "r"))
local token = f:read("*l")
f:close()

wrk.method = "POST"
wrk.path = "/api/commands/georep.session.list"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not200 = 0
  statuses = {}
end

function response(status, headers, body)
  if status ~= 200 then not200 = not200 + 1 end
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local bad = 0
  local byStatus = {}
  for _, t in ipairs(threads) do
    bad = bad + (t:get("not200") or 0)
    for status, n in pairs(t:get("statuses") or {}) do byStatus[status] = (byStatus[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(byStatus) do table.insert(parts, string.format("%d:%d", status, n)) end
  table.sort(parts)
  io.write("BENCH_STATUSES " .. table.concat(parts, " ") .. "\n")
  io.write(string.format("BENCH requests=%d duration_s=%.1f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
                         "not_200=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, bad,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
