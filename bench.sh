#!/usr/bin/env bash
# Runs the benchmark of issue 5 (bench/): the app, as a separate process, against plain-client baselines on this
# machine's Azurite (started here when it is not already up), and its uploads under the real Azure Functions host
# (../shared/funchost/func-host.sh, or the script FUNC_HOST names; those figures are skipped, with the reason printed,
# where there is none) against bench/BaselineFunction under the same host. ./bench.sh --quick is the seconds-long
# smoke variant. Prints a table and writes bench/results.json.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/azurite.sh

install_npm_tools
data=".azurite/bench-$$"
ensure_azurite "$data"
if [ -n "$AZURITE_STARTED_PID" ]; then
  trap 'kill "$AZURITE_STARTED_PID" 2>/dev/null; wait "$AZURITE_STARTED_PID" 2>/dev/null || true; rm -rf "$data"' EXIT
fi

dotnet run -c Release --project bench -- "$@"
