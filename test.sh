#!/usr/bin/env bash
# Runs every test of the solution: unit, component (bUnit), HTTP (WebApplicationFactory) and browser (Playwright + Chromium).
# Installs what the tests need when it is missing, then prints one summary line: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")"

need_chromium() { [ ! -x /usr/bin/chromium ]; }

if need_chromium; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "test.sh: installing Debian's chromium for the browser tests..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null || { echo "test.sh: apt-get install chromium failed" >&2; exit 1; }
  else
    echo "test.sh: the browser tests need Chromium at /usr/bin/chromium. Install it with: sudo apt-get install chromium" >&2
    exit 1
  fi
fi

dotnet tool restore >/dev/null || { echo "test.sh: dotnet tool restore failed" >&2; exit 1; }

# Results stay in TestResults/ (git-ignored) so a failure can be read afterwards; screenshots are in Portal.Tests/bin.
results="$PWD/TestResults"
rm -rf "$results"

dotnet test Portal.sln --logger "trx;LogFilePrefix=run" --results-directory "$results" "$@"
rc=$?

# Count outcomes from the TRX files: one <UnitTestResult outcome="..."> per test.
read -r passed failed skipped < <(
  cat "$results"/*.trx 2>/dev/null | grep -o '<UnitTestResult [^>]*outcome="[A-Za-z]*"' | grep -o 'outcome="[A-Za-z]*"' |
    awk -F'"' '{c[$2]++} END {print c["Passed"]+0, c["Failed"]+0, c["NotExecuted"]+0}')

if [ "$failed" -gt 0 ]; then
  echo "Failed tests:"
  cat "$results"/*.trx | grep -o '<UnitTestResult [^>]*outcome="Failed"' | grep -o 'testName="[^"]*"' | sed 's/testName=/  /'
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"

if [ "$rc" -eq 0 ] && [ $((passed + failed)) -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
[ "$failed" -gt 0 ] && [ "$rc" -eq 0 ] && rc=1
exit "$rc"
