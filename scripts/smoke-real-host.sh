#!/usr/bin/env bash
# CI: the post-deploy smoke test (scripts/smoke.sh) against the real Azure Functions host, as Azure runs the app.
# Builds Functions (Release), starts an Azurite of its own and the host over the build with a settings file of its
# own (that Azurite, a random admin password, downloads redirected from 32 MiB so the smoke's 65 MiB zip takes the
# read-link path), runs the smoke, stops both and exits with the smoke's status.
#
#   scripts/smoke-real-host.sh
#
# Why a private Azurite rather than a storage prefix on the shared one: the host's blob trigger watches the literal
# container `recordings` (the prefix is applied by the app, not by the trigger), so with a prefix no zip would ever
# be made; the data must live under the plain names, as in Azure, in an emulator nobody else uses.
#
# FUNC_HOST: the host's start script (default ../shared/funchost/func-host.sh: shared/ sits beside the clone).
# SMOKE_PORT: the host's port; SMOKE_AZURITE_PORT: the private Azurite's blob port, the next two for queue and table
# (default: free ones).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/azurite.sh

func_host=${FUNC_HOST:-../shared/funchost/func-host.sh}
[ -x "$func_host" ] || { echo "smoke-real-host: no Functions host at $func_host (set FUNC_HOST)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/smoke-real-host.XXXXXX")
host_pid="" AZURITE_STARTED_PID=""
finish() {
  local status=$?
  if [ -n "$host_pid" ]; then
    kill -TERM "$host_pid" 2>/dev/null || true    # func-host.sh stops the host and its worker
    wait "$host_pid" 2>/dev/null || true
  fi
  if [ -n "$AZURITE_STARTED_PID" ]; then
    kill "$AZURITE_STARTED_PID" 2>/dev/null || true
    wait "$AZURITE_STARTED_PID" 2>/dev/null || true
    rm -rf "$azurite_data"
  fi
  rm -rf "$work"
  exit "$status"
}
trap finish EXIT

install_npm_tools
azurite_data=".azurite/smoke-$$"
start_private_azurite "$azurite_data" "${SMOKE_AZURITE_PORT:-}"

echo "Building Functions (Release)..."
dotnet build Functions/Functions.csproj -c Release --nologo -v quiet > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
build_output=Functions/bin/Release/net10.0

port=${SMOKE_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}

# The sample settings with this run's own storage and admin password; the file stays in the private $work.
export RECORDINGS_ADMIN_PASSWORD
RECORDINGS_ADMIN_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
python3 - local.settings.sample.json "$work/local.settings.json" "$AZURITE_CONNECTION_STRING" <<'PY'
import json, os, sys
settings = json.load(open(sys.argv[1]))
settings["Values"].update({
    "AzureWebJobsStorage": sys.argv[3],
    "RecordingsStorage": sys.argv[3],
    "RECORDINGS_ADMIN_PASSWORD": os.environ["RECORDINGS_ADMIN_PASSWORD"],
    "Recordings__Downloads__RedirectFromBytes": str(32 * 1024 * 1024),
})
with open(sys.argv[2], "w") as out:
    json.dump(settings, out, indent=2)
PY

echo "Starting the real Functions host on 127.0.0.1:$port (log in $work/host.log)..."
"$func_host" --port "$port" --settings "$work/local.settings.json" "$build_output" > "$work/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 1 120); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/health")" = 200 ]; then
    break
  fi
  if ! kill -0 "$host_pid" 2>/dev/null; then
    break
  fi
  sleep 1
done
if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/health")" != 200 ]; then
  echo "smoke-real-host: the host did not become healthy; the end of its log:" >&2
  tail -n 60 "$work/host.log" >&2
  exit 1
fi

status=0
scripts/smoke.sh "http://127.0.0.1:$port" admin < /dev/null || status=$?
if [ "$status" -ne 0 ]; then
  echo "smoke-real-host: the smoke failed; the host's warnings and errors, and the end of its log:" >&2
  grep -E '^[0-9:.]+ (warn|fail|crit):' "$work/host.log" | tail -n 40 >&2
  tail -n 30 "$work/host.log" >&2
fi
exit "$status"
