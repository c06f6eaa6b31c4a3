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

# start_private_azurite DATA_FOLDER [BLOB_PORT]: an Azurite of the caller's own beside any shared one, on BLOB_PORT
# and the two ports after it (default: three free ports), for a run that needs the storage's plain container names
# (the real Functions host's blob trigger watches the literal container `recordings`, so a storage prefix cannot keep
# its data apart). Sets AZURITE_STARTED_PID and AZURITE_CONNECTION_STRING (the emulator's well-known account).
start_private_azurite() {
  local ports blob queue table
  if [ -n "${2:-}" ]; then
    ports="$2 $(($2 + 1)) $(($2 + 2))"
  else
    ports=$(python3 -c 'import socket
held = [socket.socket() for _ in range(3)]
for s in held: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in held))')
  fi
  read -r blob queue table <<< "$ports"
  mkdir -p "$1"
  echo "Starting a private Azurite on 127.0.0.1:$blob,$queue,$table (data in $1, log in $1/azurite.log)..."
  node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "$blob" --queuePort "$queue" --tablePort "$table" \
    --location "$1" > "$1/azurite.log" 2>&1 &
  AZURITE_STARTED_PID=$!
  local account="http://127.0.0.1:%s/devstoreaccount1"
  AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=$(printf "$account" "$blob");QueueEndpoint=$(printf "$account" "$queue");TableEndpoint=$(printf "$account" "$table");"
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$blob") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$table") 2>/dev/null; then
      return
    fi
    sleep 0.2
  done
  echo "Azurite did not start; see $1/azurite.log" >&2
  exit 1
}
