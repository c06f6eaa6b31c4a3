// Flex Consumption (FC1) plan + Linux function app running .NET 10 isolated worker.
// All storage and telemetry access uses the user-assigned identity; no keys anywhere.

param name string
param planName string
param location string = resourceGroup().location
param tags object = {}

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

param blobEndpoint string
param queueEndpoint string
param tableEndpoint string
param deploymentContainerName string
param applicationInsightsConnectionString string

param adminUser string

@secure()
@description('Initial admin password; empty lets the app generate one and log it once.')
param adminPassword string

@description('Largest accepted upload (one file) in bytes: the app limit; the host limit adds room for the multipart framing.')
param maxUploadBytes int

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('HTTP requests one instance serves at a time; with instanceMemoryMB and maxUploadBytes it bounds the memory uploads need (main.bicep).')
param httpPerInstanceConcurrency int

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        triggers: {
          http: {
            perInstanceConcurrency: httpPerInstanceConcurrency
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// App settings. The names are a contract with the app code (see docs/deploy.md).
// FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION must not be set on Flex Consumption:
// the runtime comes from functionAppConfig.runtime above.
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    // Functions host storage, identity-based.
    AzureWebJobsStorage__blobServiceUri: blobEndpoint
    AzureWebJobsStorage__queueServiceUri: queueEndpoint
    AzureWebJobsStorage__tableServiceUri: tableEndpoint
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId

    // App data clients and the blob trigger (Connection = "RecordingsStorage").
    RecordingsStorage__blobServiceUri: blobEndpoint
    RecordingsStorage__queueServiceUri: queueEndpoint
    RecordingsStorage__tableServiceUri: tableEndpoint
    RecordingsStorage__credential: 'managedidentity'
    RecordingsStorage__clientId: identityClientId

    // Telemetry with Microsoft Entra authentication (local auth is off on App Insights).
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

    // The polling blob trigger is not supported on Flex Consumption; the Event Grid
    // entry point ArchiveSetOnEventGrid stays enabled.
    'AzureWebJobs.ArchiveSetOnBlobPolling.Disabled': 'true'

    // Uploads: the host's request body limit (the file plus 64 KiB of multipart framing, as the app allows) and the
    // app's own limit. The host refuses a larger body from its Content-Length at once, before buffering it.
    FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: string(maxUploadBytes + 65536)
    Recordings__MaxUploadBytes: string(maxUploadBytes)

    // The root URL leads to the admin page, not to the Functions host's own home page.
    AzureWebJobsDisableHomepage: 'true'

    // Admin login. An empty password means: the app generates one and logs it once.
    RECORDINGS_ADMIN_USER: adminUser
    RECORDINGS_ADMIN_PASSWORD: adminPassword
  }
}

// No FTP and no basic-auth (publishing profile) deployments: azd deploys with Entra ID.
resource ftpPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output baseUrl string = 'https://${functionApp.properties.defaultHostName}'
