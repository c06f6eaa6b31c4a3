#!/usr/bin/env bash
# Runs the function app locally on http://localhost:7071 against Azurite (data kept in .azurite/local).
# With Azure Functions Core Tools installed it uses `func start`; else, where ../shared/funchost holds the Functions
# host built from source (machines where Core Tools cannot be installed), that host, run the way `func start` runs it;
# else the development host (DevHost), which serves the same function classes on the same routes.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/azurite.sh

install_npm_tools
ensure_azurite ".azurite/local"
if [ -n "$AZURITE_STARTED_PID" ]; then
  trap 'kill "$AZURITE_STARTED_PID" 2>/dev/null || true' EXIT
fi

if [ ! -f local.settings.json ]; then
  cp local.settings.sample.json local.settings.json
  echo "Created local.settings.json from local.settings.sample.json."
fi

if command -v func >/dev/null 2>&1; then
  echo "Host: Azure Functions Core Tools ($(func --version)), func start on http://localhost:7071"
  dotnet build Functions/Functions.csproj --nologo -v quiet
  (cd Functions/bin/Debug/net10.0 && func start --port 7071)
elif [ -x ../shared/funchost/func-host.sh ]; then
  echo "Host: the Azure Functions host built from source (../shared/funchost/func-host.sh) on http://localhost:7071"
  dotnet build Functions/Functions.csproj --nologo -v quiet
  ../shared/funchost/func-host.sh --port 7071 --settings local.settings.json Functions/bin/Debug/net10.0
else
  echo "Host: RecordingFunctions development host (Azure Functions Core Tools not found) on http://localhost:7071"
  dotnet run --project DevHost/DevHost.csproj -- --urls http://localhost:7071
fi
