-- POST /{provider}/oauth2/revoke, token=<a fresh token each request>, Basic client authentication. Each thread reads
-- its own tokens from "$LOAD_TOKENS.<thread id>" (minted by mint.lua) and uses each once. A thread that runs out sends
-- "token=" (400 invalid_request): counted as an error and as `exhausted`, never a token revoked twice. `used` also
-- counts the requests still in flight when the run ends, and one that wrk builds to check the script but never sends.
local lib = dofile(os.getenv("LOAD_BENCH_DIR") .. "/lib.lua")
lib.form_post("")
setup = lib.setup

used, exhausted = 0, 0
local tokens

function init(args)
   tokens = {}
   for line in io.lines(string.format("%s.%d", assert(os.getenv("LOAD_TOKENS")), id)) do
      tokens[#tokens + 1] = line
   end
end

function request()
   local token = tokens[used + 1]
   if token == nil then
      exhausted = exhausted + 1
      return wrk.format(nil, nil, nil, "token=")
   end
   used = used + 1
   return wrk.format(nil, nil, nil, "token=" .. token)
end

function done(summary, latency, requests)
   lib.report(os.getenv("LOAD_NAME") or "revoke", summary, latency,
      string.format(" tokens_used=%d exhausted=%d", lib.sum("used"), lib.sum("exhausted")))
end
