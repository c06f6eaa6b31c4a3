#!/bin/sh
# azd postdeploy hook: create (or update) the Event Grid subscription that pushes
# BlobCreated events of the `recordings` container to the function ArchiveSetOnEventGrid.
#
# Why here and not in `azd provision`: the webhook URL needs the `blobs_extension` system
# key of the Functions host, which exists only after the code has been deployed and the
# host has started. The subscription template (infra/app/blob-event-subscription.bicep)
# reads that key itself with listKeys(), so the key is never printed or stored by this script.
#
# Needs: the Azure CLI (`az`), signed in to the same tenant/subscription as azd (`az login`).
# Runs with azd's environment values (outputs of infra/main.bicep) in its environment.
set -eu

for name in AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_EVENT_GRID_SYSTEM_TOPIC_NAME; do
  eval "value=\${$name:-}"
  if [ -z "$value" ]; then
    echo "postdeploy: $name is not set; run 'azd provision' first." >&2
    exit 1
  fi
done

if ! command -v az >/dev/null 2>&1; then
  echo "postdeploy: the Azure CLI (az) is required; see docs/deploy.md." >&2
  exit 1
fi

if [ -n "${AZURE_SUBSCRIPTION_ID:-}" ]; then
  az account set --subscription "$AZURE_SUBSCRIPTION_ID"
fi

template="$(dirname "$0")/../app/blob-event-subscription.bicep"

# Event Grid validates the webhook when the subscription is created; right after a
# deployment the app may still be starting (cold start, host key creation), so retry.
attempt=1
max_attempts=6
while :; do
  echo "postdeploy: creating Event Grid subscription (attempt $attempt of $max_attempts)..."
  if az deployment group create \
      --name "blob-event-subscription" \
      --resource-group "$AZURE_RESOURCE_GROUP" \
      --template-file "$template" \
      --parameters systemTopicName="$AZURE_EVENT_GRID_SYSTEM_TOPIC_NAME" \
                   functionAppName="$AZURE_FUNCTION_APP_NAME" \
      --output none; then
    echo "postdeploy: BlobCreated events of 'recordings' now reach ArchiveSetOnEventGrid."
    exit 0
  fi
  if [ "$attempt" -ge "$max_attempts" ]; then
    echo "postdeploy: could not create the Event Grid subscription. Check that the app started" >&2
    echo "postdeploy: (Application Insights / log stream), then run 'azd hooks run postdeploy'." >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 30
done
