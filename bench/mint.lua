-- Mints tokens for the revocation run: client_credentials requests whose access tokens each thread appends to
-- "$LOAD_TOKENS.<thread id>", one a line, until it has LOAD_PER_THREAD of them; then the thread stops. (wrk itself
-- runs until its duration or SIGINT: load.sh interrupts it once the files hold enough.)
local lib = dofile(os.getenv("LOAD_BENCH_DIR") .. "/lib.lua")
lib.form_post("grant_type=client_credentials")
setup = lib.setup

minted = 0
local out, quota

function init(args)
   quota = assert(tonumber(os.getenv("LOAD_PER_THREAD")), "LOAD_PER_THREAD is not set")
   out = assert(io.open(string.format("%s.%d", assert(os.getenv("LOAD_TOKENS")), id), "w"))
   out:setvbuf("line") -- one whole line per write: a file read while wrk runs never ends in half a token
end

function response(status, headers, body)
   if minted < quota and status == 200 then
      local token = body:match('"access_token":"([^"]+)"')
      if token then
         out:write(token, "\n")
         minted = minted + 1
      end
   end
   if minted >= quota then
      out:flush()
      wrk.thread:stop()
   end
end

function done(summary, latency, requests)
   lib.report("mint", summary, latency, string.format(" minted=%d", lib.sum("minted")))
end
