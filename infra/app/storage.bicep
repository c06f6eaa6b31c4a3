// The one storage account of the deployment. It serves both the Functions host
// (AzureWebJobsStorage: deployment package, host locks, blob receipts, poison queue)
// and the app's own data (recordings, models, archives, config, exports, tables).
// Only Microsoft Entra ID (managed identity / RBAC) access: shared keys are disabled.

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

param location string = resourceGroup().location
param tags object = {}

@description('Name of the blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Days a deleted blob or container can be restored (blob and container soft delete).')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int

@description('Block blobs under recordings/ and archives/ not modified for this many days move to the Cool tier.')
@minValue(1)
param coolAfterDays int

@description('Blob containers the app uses. The deployment package container is added to these.')
param dataContainerNames array = [
  'recordings'
  'tf-models'
  'archives'
  'config'
  'exports'
]

@description('Tables the app uses.')
param tableNames array = [
  'Pairing'
  'RecordingSets'
  'Models'
  'AuditLog'
  'LoginAttempts'
  'Participants'
]

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    supportsHttpsTrafficOnly: true
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for containerName in concat(dataContainerNames, [deploymentContainerName]): {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

// The blob trigger (Event Grid source) keeps its poison queue in queue storage.
resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'recordings-and-archives-to-cool'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'recordings/'
                'archives/'
              ]
            }
            actions: {
              baseBlob: {
                tierToCool: {
                  daysAfterModificationGreaterThan: coolAfterDays
                }
              }
            }
          }
        }
        {
          // A participant's export is study data behind a 15-minute link: it must not pile up. The app deletes a
          // participant's earlier exports with each new one; this deletes the rest (the policy runs once a day).
          name: 'exports-deleted-after-a-day'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'exports/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: 1
                }
              }
            }
          }
        }
      ]
    }
  }
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
