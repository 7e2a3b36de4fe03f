-- bench/web.py: counts the answers by status class and prints one parseable line at the end.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok = 0
  redirected = 0
  failed = 0
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  elseif status >= 300 and status < 400 then
    redirected = redirected + 1
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local okc, redir, bad = 0, 0, 0
  for _, t in ipairs(threads) do
    okc = okc + t:get("ok")
    redir = redir + t:get("redirected")
    bad = bad + t:get("failed")
  end
  local e = summary.errors
  io.write(string.format(
    "WEBBENCH requests=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f ok=%d redirected=%d failed=%d socket=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, okc, redir, bad,
    e.connect + e.read + e.write, e.timeout))
end
