// RecordingFunctions: Azure deployment for azd (`azd up`). See docs/deploy.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used for the resource group name and the unique resource token.')
param environmentName string

// Regions that offered Flex Consumption when this list was written (from the Azure Functions
// azd quickstart templates). Check the current list with
// `az functionapp list-flexconsumption-locations` and extend this list if needed.
@minLength(1)
@description('Region for all resources; must offer the Flex Consumption plan.')
@allowed([
  'australiaeast'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'northcentralus'
  'northeurope'
  'southcentralus'
  'southeastasia'
  'swedencentral'
  'uksouth'
  'westcentralus'
  'westeurope'
  'westus2'
  'westus3'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('User name of the admin page.')
param adminUser string = 'admin'

@secure()
@description('Initial admin password. Leave empty to let the app generate one and write it once to its log.')
param adminPassword string = ''

// The Functions host holds an upload whose body declares its length (every watch upload) in memory at about 5.7
// bytes per byte before the app runs; with about 300 MB for the host and worker themselves, an instance needs
// 300 MB + 5.7 x perInstanceConcurrency x maxUploadBytes. The defaults use 66% of a 4,096 MB instance; keep it
// under 80% when changing any of the three (docs/deploy.md has the table).
@description('Largest accepted upload (one file) in bytes; sets Recordings__MaxUploadBytes, and FUNCTIONS_REQUEST_BODY_SIZE_LIMIT with room for the multipart framing.')
@minValue(1048576)
param maxUploadBytes int = 104857600

@description('Memory of each Flex Consumption instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 4096

@description('HTTP requests one instance serves at a time (Flex Consumption perInstanceConcurrency); more requests scale out.')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 4

@description('Days deleted blobs and containers stay restorable (soft delete).')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 14

@description('Block blobs in recordings/ and archives/ not modified for this many days move to the Cool tier.')
@minValue(1)
param coolAfterDays int = 30

@description('Object id of the person or pipeline running azd (azd fills it). Used only when grantDeployerBlobAccess is true.')
param principalId string = ''

@description('Principal type of principalId: User for a person, ServicePrincipal for a pipeline.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Give principalId Storage Blob Data Contributor on the storage account (browse or repair blobs by hand). Off by default.')
param grantDeployerBlobAccess bool = false

@description('Also declare the Event Grid subscription here. Leave false for `azd up`: the postdeploy hook creates it once the code (and so the blobs_extension key) exists. Set true only for an environment whose code is already deployed.')
param enableBlobEventSubscription bool = false

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    softDeleteRetentionDays: softDeleteRetentionDays
    coolAfterDays: coolAfterDays
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    grantDeployerBlobAccess: grantDeployerBlobAccess
  }
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    adminUser: adminUser
    adminPassword: adminPassword
    maxUploadBytes: maxUploadBytes
    instanceMemoryMB: instanceMemoryMB
    httpPerInstanceConcurrency: httpPerInstanceConcurrency
  }
  // The host must be able to reach its storage with the identity as soon as it starts.
  dependsOn: [
    rbac
  ]
}

module eventGrid 'app/event-grid.bicep' = {
  name: 'event-grid'
  scope: rg
  params: {
    name: '${abbrs.eventGridSystemTopics}${resourceToken}'
    location: location
    tags: tags
    storageAccountId: storage.outputs.id
  }
}

module blobEventSubscription 'app/blob-event-subscription.bicep' = if (enableBlobEventSubscription) {
  name: 'blob-event-subscription'
  scope: rg
  params: {
    systemTopicName: eventGrid.outputs.name
    functionAppName: functionApp.outputs.name
  }
}

// Outputs become azd environment values (.azure/<env>/.env) and hook variables.
// Never output the admin password.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_EVENT_GRID_SYSTEM_TOPIC_NAME string = eventGrid.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = functionApp.outputs.baseUrl
output RECORDINGS_BASE_URL string = functionApp.outputs.baseUrl
output RECORDINGS_ADMIN_PAGE_URL string = '${functionApp.outputs.baseUrl}/manage'
output RECORDINGS_ADMIN_USER string = adminUser
