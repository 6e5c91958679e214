#!/usr/bin/env bash
# Load test of the OAuth endpoints: the app in Release on a fresh SQLite file, one client registered with
# `Portal.dll seed-demo`, and wrk on loopback against token (client_credentials), introspect (one valid token) and
# revoke (a fresh token each request). Prints req/s, p50 and p99 of each and checks them against the targets.
#
#   bench/load.sh                                  # defaults below
#   DURATION=30 CONNECTIONS=128 THREADS=1 bench/load.sh
#
# Settings (environment):
#   DURATION       seconds per measured run (default 10; "10s" works too)
#   WARMUP         seconds of unmeasured load before each run, so the JIT has settled (default 5; 0 for none)
#   CONNECTIONS    wrk connections (default 64)
#   THREADS        wrk threads (default 1: on 2 cores, one core for wrk and the rest for the server)
#   REVOKE_RATE    tokens minted per second of revocation run (warm-up included), default 15000; a revocation run that
#                  uses them all counts each request past them as an error ("exhausted"): raise it then
#   PORT           the app's loopback port (default 0: any free one)
#   PORTAL_DLL     an already built Portal.dll to start instead of publishing one (e.g. Portal/bin/Release/net10.0/Portal.dll)
#   KEEP_TMP=1     keep the temporary folder (database, app log, tokens) for a look afterwards
#
# Exit status: 0 when the three runs completed (whatever the verdicts: read the summary), 1 when something failed
# (build, start, a run, or a revoked token still active), 2 for bad settings.
#
# The per-client rate limit (OAuth:RateLimit:PermitsPerClient, 5,000 per second by default) is raised to 100,000,000
# so that the runs measure the endpoints, not the limiter. Everything runs on this machine: wrk's CPU is taken from
# the server's.
set -euo pipefail

readonly TARGET_INTROSPECT=25000 TARGET_TOKEN=12000 TARGET_REVOKE=10000 TARGET_P99_MS=10
readonly PERMITS=100000000

DURATION=${DURATION:-10}
DURATION=${DURATION%s}
WARMUP=${WARMUP:-5}
WARMUP=${WARMUP%s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
REVOKE_RATE=${REVOKE_RATE:-15000}
PORT=${PORT:-0}
for number in DURATION WARMUP CONNECTIONS THREADS REVOKE_RATE PORT; do
    [[ ${!number} =~ ^[0-9]+$ ]] || { echo "$number must be a whole number, not '${!number}'." >&2; exit 2; }
done
((DURATION > 0 && THREADS > 0 && CONNECTIONS >= THREADS)) || { echo "Need DURATION > 0 and CONNECTIONS >= THREADS > 0." >&2; exit 2; }

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/portal-load.XXXXXX")
APP_PID=""
WRK_PID=""

# shellcheck disable=SC2317 # called by the trap
cleanup() {
    local status=$?
    if [[ -n $WRK_PID ]]; then
        kill "$WRK_PID" 2>/dev/null || true
    fi
    if [[ -n $APP_PID ]]; then
        kill "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
    fi
    if [[ ${KEEP_TMP:-0} == 1 ]]; then
        echo "Kept $TMP (database, app.log, tokens)." >&2
    else
        rm -rf "$TMP"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { printf '\n== %s\n' "$*"; }

# --- tools -----------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    say "Installing wrk (Debian package)"
    if [[ $(id -u) -ne 0 ]]; then
        echo "wrk is missing: install it (sudo apt-get install wrk) or run as root." >&2
        exit 1
    fi
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
command -v curl >/dev/null || { echo "curl is missing (apt-get install curl)." >&2; exit 1; }

# --- the app -----------------------------------------------------------------------------------------------------------
if [[ -n ${PORTAL_DLL:-} ]]; then
    DLL=$(realpath "$PORTAL_DLL")
    [[ -f $DLL ]] || { echo "PORTAL_DLL: $PORTAL_DLL does not exist." >&2; exit 1; }
else
    say "Publishing Portal (Release) to $TMP/app"
    dotnet publish "$ROOT/Portal" -c Release -o "$TMP/app" --nologo -v quiet >"$TMP/publish.log" 2>&1 \
        || { cat "$TMP/publish.log" >&2; exit 1; }
    DLL=$TMP/app/Portal.dll
fi

export Database__Path=$TMP/portal.db
export OAuth__RateLimit__PermitsPerClient=$PERMITS
export ASPNETCORE_ENVIRONMENT=Production
export DOTNET_NOLOGO=1
# The app's own folder is its content root, as in a deployment; the database is the fresh file above, whatever the
# folder (the repository's data/ is never touched).
cd "$(dirname "$DLL")"

say "Registering a client (seed-demo --provider load) in a fresh database $Database__Path"
dotnet "$DLL" seed-demo --provider load >"$TMP/seed.out" 2>"$TMP/seed.err" || { cat "$TMP/seed.out" "$TMP/seed.err" >&2; exit 1; }
PROVIDER=$(sed -n 's/^PROVIDER=//p' "$TMP/seed.out")
CLIENT_ID=$(sed -n 's/^CLIENT_ID=//p' "$TMP/seed.out")
CLIENT_SECRET=$(sed -n 's/^CLIENT_SECRET=//p' "$TMP/seed.out")
[[ -n $PROVIDER && -n $CLIENT_ID && -n $CLIENT_SECRET ]] || { echo "seed-demo printed no client:" >&2; cat "$TMP/seed.out" "$TMP/seed.err" >&2; exit 1; }
echo "provider '$PROVIDER', client $CLIENT_ID"

say "Starting the app (Production) on 127.0.0.1:${PORT/#0/<any free port>}"
# --urls on the command line: the root appsettings.json's Urls would win over ASPNETCORE_URLS.
dotnet "$DLL" --urls "http://127.0.0.1:$PORT" >"$TMP/app.log" 2>&1 &
APP_PID=$!
BASE=""
for _ in $(seq 1 600); do # up to 60 s
    kill -0 "$APP_PID" 2>/dev/null || { echo "The app exited:" >&2; cat "$TMP/app.log" >&2; exit 1; }
    if [[ -z $BASE ]]; then
        BASE=$(sed -n 's|.*Now listening on: \(http://127\.0\.0\.1:[0-9][0-9]*\).*|\1|p' "$TMP/app.log" | head -n 1)
    fi
    if [[ -n $BASE ]] && curl -fsS -o /dev/null "$BASE/$PROVIDER/.well-known/oauth-authorization-server" 2>/dev/null; then
        break
    fi
    sleep 0.1
done
[[ -n $BASE ]] || { echo "The app did not start listening within 60 s:" >&2; cat "$TMP/app.log" >&2; exit 1; }
curl -fsS -o /dev/null "$BASE/$PROVIDER/.well-known/oauth-authorization-server" || { echo "$BASE does not answer." >&2; exit 1; }
echo "listening on $BASE (pid $APP_PID), OAuth:RateLimit:PermitsPerClient raised to $PERMITS"

TOKEN_URL=$BASE/$PROVIDER/oauth2/token
INTROSPECT_URL=$BASE/$PROVIDER/oauth2/introspect
REVOKE_URL=$BASE/$PROVIDER/oauth2/revoke
export LOAD_BENCH_DIR=$BENCH_DIR
LOAD_AUTH="Basic $(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)"
export LOAD_AUTH

token() { curl -fsS -H "Authorization: $LOAD_AUTH" -d grant_type=client_credentials "$TOKEN_URL" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'; }
introspect() { curl -fsS -H "Authorization: $LOAD_AUTH" --data-urlencode "token=$1" "$INTROSPECT_URL"; }

LOAD_TOKEN=$(token)
[[ -n $LOAD_TOKEN ]] || { echo "No token from $TOKEN_URL." >&2; exit 1; }
introspect "$LOAD_TOKEN" | grep -q '"active":true' || { echo "The new token does not introspect as active." >&2; exit 1; }
export LOAD_TOKEN

server_cpu() { awk '{ print $14 + $15 }' "/proc/$APP_PID/stat"; } # user + system, in clock ticks
TICKS=$(getconf CLK_TCK)

# run <name> <script> <url> <seconds>: one wrk run; keeps its RESULT line (with the server's CPU use added) in $TMP/results.
run() {
    local name=$1 script=$2 url=$3 seconds=$4 before after line
    before=$(server_cpu)
    LOAD_NAME=$name wrk --latency -t "$THREADS" -c "$CONNECTIONS" -d "${seconds}s" -s "$BENCH_DIR/$script" "$url" >"$TMP/$name.out" 2>&1 \
        || { cat "$TMP/$name.out" >&2; exit 1; }
    after=$(server_cpu)
    line=$(grep '^RESULT ' "$TMP/$name.out") || { cat "$TMP/$name.out" >&2; exit 1; }
    line="$line server_cpu=$(awk -v t="$((after - before))" -v hz="$TICKS" -v s="$seconds" 'BEGIN { printf "%.0f%%", 100 * t / hz / s }')"
    echo "$line" >>"$TMP/results"
    if [[ $name == warmup-* ]]; then
        echo "$line"
    else
        sed '/^RESULT /d' "$TMP/$name.out"
        echo "$line"
    fi
}

# mint <count per thread>: fills $TMP/tokens.<1..THREADS> with fresh tokens through the token endpoint.
mint() {
    local per_thread=$1 total=$(($1 * THREADS)) have=0
    LOAD_TOKENS=$TMP/tokens LOAD_PER_THREAD=$per_thread \
        wrk -t "$THREADS" -c "$CONNECTIONS" -d 600s -s "$BENCH_DIR/mint.lua" "$TOKEN_URL" >"$TMP/mint.out" 2>&1 &
    WRK_PID=$!
    SECONDS=0
    while kill -0 "$WRK_PID" 2>/dev/null; do
        have=$( (cat "$TMP"/tokens.* 2>/dev/null || true) | wc -l)
        ((have >= total)) && { kill -INT "$WRK_PID"; break; }
        ((SECONDS > 590)) && break
        sleep 0.2
    done
    wait "$WRK_PID" || true
    WRK_PID=""
    have=$( (cat "$TMP"/tokens.* 2>/dev/null || true) | wc -l)
    grep '^RESULT ' "$TMP/mint.out" || true
    ((have >= total)) || { echo "Minted only $have of $total tokens:" >&2; cat "$TMP/mint.out" >&2; exit 1; }
}

say "Load: wrk, $THREADS thread(s), $CONNECTIONS connections, ${DURATION} s per endpoint (after ${WARMUP} s of warm-up), on $(nproc) cores"
: >"$TMP/results"

say "token (client_credentials)"
((WARMUP > 0)) && run warmup-token token.lua "$TOKEN_URL" "$WARMUP"
run token token.lua "$TOKEN_URL" "$DURATION"

say "introspect (one valid token)"
((WARMUP > 0)) && run warmup-introspect introspect.lua "$INTROSPECT_URL" "$WARMUP"
run introspect introspect.lua "$INTROSPECT_URL" "$DURATION"

say "revoke (a fresh token each request)"
WARM_PER_THREAD=$(((WARMUP * REVOKE_RATE + THREADS - 1) / THREADS))
RUN_PER_THREAD=$(((DURATION * REVOKE_RATE + THREADS - 1) / THREADS))
echo "minting $(((WARM_PER_THREAD + RUN_PER_THREAD) * THREADS)) tokens first (REVOKE_RATE=$REVOKE_RATE per second of run)..."
mint $((WARM_PER_THREAD + RUN_PER_THREAD))
for i in $(seq 1 "$THREADS"); do
    head -n "$WARM_PER_THREAD" "$TMP/tokens.$i" >"$TMP/warm.$i" # reads the file whole: no SIGPIPE
    sed -n "$((WARM_PER_THREAD + 1)),$((WARM_PER_THREAD + RUN_PER_THREAD))p" "$TMP/tokens.$i" >"$TMP/run.$i"
done
((WARMUP > 0)) && LOAD_TOKENS=$TMP/warm run warmup-revoke revoke.lua "$REVOKE_URL" "$WARMUP"
LOAD_TOKENS=$TMP/run run revoke revoke.lua "$REVOKE_URL" "$DURATION"
# A token of the run is inactive now, and the token used for introspection is still active. (Not the first token: wrk
# calls request() once before the run to check the script, and that request is never sent.)
introspect "$(sed -n 2p "$TMP/run.1")" | grep -q '"active":false' || { echo "A revoked token still introspects as active." >&2; exit 1; }
introspect "$LOAD_TOKEN" | grep -q '"active":true' || { echo "The introspection token is no longer active." >&2; exit 1; }

# --- summary -----------------------------------------------------------------------------------------------------------
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
say "Summary: $THREADS wrk thread(s), $CONNECTIONS connections, $DURATION s each, loopback, $(nproc) cores shared by wrk and the app"
printf '%-11s %10s %9s %9s %8s %11s  %s\n' endpoint "req/s" "p50 ms" "p99 ms" errors "server CPU" "target (req/s, p99 < ${TARGET_P99_MS} ms)"
for endpoint in token introspect revoke; do
    line=$(grep "^RESULT $endpoint " "$TMP/results")
    rps=$(field "$line" rps) p50=$(field "$line" p50_ms) p99=$(field "$line" p99_ms)
    errors=$(($(field "$line" non2xx) + $(field "$line" socket_errors)))
    case $endpoint in
        token) target=$TARGET_TOKEN ;;
        introspect) target=$TARGET_INTROSPECT ;;
        revoke) target=$TARGET_REVOKE ;;
    esac
    verdict=met
    if ((rps < target)) || awk -v p="$p99" -v max="$TARGET_P99_MS" 'BEGIN { exit !(p >= max) }' || ((errors > 0)); then
        verdict=MISSED
    fi
    printf '%-11s %10s %9s %9s %8s %11s  %s (%s)\n' "$endpoint" "$rps" "$p50" "$p99" "$errors" "$(field "$line" server_cpu)" "$verdict" "$target"
done
exhausted=$(field "$(grep '^RESULT revoke ' "$TMP/results")" exhausted)
((exhausted == 0)) || echo "revoke ran out of pre-minted tokens ($exhausted requests without one, counted as errors): raise REVOKE_RATE."
echo "errors = non-2xx responses + socket errors; server CPU = the app's CPU time / run time (200% = both cores)."
echo "Rate limit: OAuth:RateLimit:PermitsPerClient=$PERMITS (default 5000/s) so that the limiter is not what is measured."
exit 0
