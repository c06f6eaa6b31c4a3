// Event Grid system topic on the storage account. The subscription that delivers
// BlobCreated events of the recordings container to the function app is in
// blob-event-subscription.bicep (it needs a key that exists only after code deploy).

param name string
param location string = resourceGroup().location
param tags object = {}
param storageAccountId string

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = systemTopic.name
