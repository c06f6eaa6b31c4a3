// Event Grid subscription: BlobCreated events of the recordings container are pushed to
// the blob extension webhook of the function ArchiveSetOnEventGrid
// (blob trigger with Source = BlobTriggerSource.EventGrid).
//
// The webhook URL carries the `blobs_extension` system key of the function host. That key
// is created by the host only after the code with an Event Grid blob trigger has been
// deployed and started, so this template must be deployed AFTER `azd deploy`. The azd
// postdeploy hook (infra/hooks/postdeploy.sh) deploys this file with `az deployment group
// create`; main.bicep also includes it when enableBlobEventSubscription is true.
// The key is read inside Azure Resource Manager with listKeys(): it never passes through
// a parameter, an output, or the hook's console.

@description('Name of the existing Event Grid system topic on the storage account.')
param systemTopicName string

@description('Name of the existing function app.')
param functionAppName string

param subscriptionName string = 'recordings-blob-created'

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

var blobsExtensionKey = listKeys('${functionApp.id}/host/default', '2025-03-01').systemKeys.blobs_extension

// Contract with the app code (literal on purpose): the container the watches upload into,
// and the function (blob trigger, Source = BlobTriggerSource.EventGrid) that archives a set.
resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: subscriptionName
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.ArchiveSetOnEventGrid&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/recordings/'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output name string = subscription.name
