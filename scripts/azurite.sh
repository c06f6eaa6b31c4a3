# Sourced by run.sh and test.sh: installs the pinned tools from package.json and starts Azurite when it is not
# already listening. Azurite runs with --disableTelemetry (it would phone home) and --skipApiVersionCheck (the
# Azure SDK may be newer than the emulator).

npm_tools_installed() {
  [ -x node_modules/.bin/azurite ] && [ node_modules/.package-lock.json -nt package-lock.json ]
}

install_npm_tools() {
  if ! npm_tools_installed; then
    echo "Installing the pinned npm tools (Azurite, uPlot)..."
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

azurite_listening() {
  (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null
}

# ensure_azurite DATA_FOLDER: sets AZURITE_STARTED_PID when this script started it.
ensure_azurite() {
  AZURITE_STARTED_PID=""
  if azurite_listening; then
    echo "Azurite is already running on 127.0.0.1:10000-10002."
    return
  fi
  mkdir -p "$1"
  echo "Starting Azurite (data in $1, log in $1/azurite.log)..."
  node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --location "$1" > "$1/azurite.log" 2>&1 &
  AZURITE_STARTED_PID=$!
  for _ in $(seq 1 100); do
    if azurite_listening; then
      return
    fi
    sleep 0.2
  done
  echo "Azurite did not start; see $1/azurite.log" >&2
  exit 1
}
