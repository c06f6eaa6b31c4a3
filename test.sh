#!/usr/bin/env bash
# Runs the whole test suite against a real Azurite (started here when it is not already up).
# Extra arguments go to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~Pairing".
set -euo pipefail
cd "$(dirname "$0")"
source scripts/azurite.sh

install_npm_tools
data=".azurite/test-$$"
ensure_azurite "$data"
if [ -n "$AZURITE_STARTED_PID" ]; then
  trap 'kill "$AZURITE_STARTED_PID" 2>/dev/null; wait "$AZURITE_STARTED_PID" 2>/dev/null || true; rm -rf "$data"' EXIT
fi

results="TestResults/run-$$"
status=0
dotnet test RecordingFunctions.sln --nologo --results-directory "$results" --logger "trx;LogFileName=results.trx" "$@" || status=$?

# One plain closing line, whatever the runner printed above.
if counters=$(grep -o '<Counters [^>]*>' "$results"/results.trx 2>/dev/null); then
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<< "$counters")
  failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<< "$counters")
  echo "tests: ${passed:-0} passed, ${failed:-0} failed"
fi
exit $status
