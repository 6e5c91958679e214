-- POST /{provider}/oauth2/introspect, token=<one valid token> (LOAD_TOKEN), Basic client authentication. The same
-- request every time (no Lua per request).
local lib = dofile(os.getenv("LOAD_BENCH_DIR") .. "/lib.lua")
lib.form_post("token=" .. assert(os.getenv("LOAD_TOKEN"), "LOAD_TOKEN is not set"))
setup = lib.setup

function done(summary, latency, requests)
   lib.report(os.getenv("LOAD_NAME") or "introspect", summary, latency)
end
