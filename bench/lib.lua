-- Shared by the wrk scripts of bench/load.sh: numbers each thread, and prints one machine-readable RESULT line.
local M = {}
local threads = {}

-- setup() runs in the main Lua state once per thread, before the threads start: each thread gets a global `id` (1..n).
function M.setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

-- Sums a global counter over the threads (read from each thread's state after the run).
function M.sum(name)
   local total = 0
   for _, thread in ipairs(threads) do
      total = total + (tonumber(thread:get(name)) or 0)
   end
   return total
end

-- RESULT <name> rps=.. p50_ms=.. p99_ms=.. requests=.. non2xx=.. socket_errors=.. [extra]
-- wrk counts a status above 399 as a status error; connect, read, write and timeout errors are socket errors.
function M.report(name, summary, latency, extra)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format("RESULT %s rps=%.0f p50_ms=%.3f p99_ms=%.3f requests=%d non2xx=%d socket_errors=%d%s\n",
      name, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      summary.requests, e.status, e.connect + e.read + e.write + e.timeout, extra or ""))
end

-- A form POST with the client's Basic credentials (LOAD_AUTH is the whole header value).
function M.form_post(body)
   wrk.method = "POST"
   wrk.body = body
   wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
   wrk.headers["Authorization"] = assert(os.getenv("LOAD_AUTH"), "LOAD_AUTH is not set")
end

return M
