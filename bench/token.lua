-- POST /{provider}/oauth2/token, grant_type=client_credentials, Basic client authentication. The same request every
-- time (no Lua per request).
local lib = dofile(os.getenv("LOAD_BENCH_DIR") .. "/lib.lua")
lib.form_post("grant_type=client_credentials")
setup = lib.setup

function done(summary, latency, requests)
   lib.report(os.getenv("LOAD_NAME") or "token", summary, latency)
end
