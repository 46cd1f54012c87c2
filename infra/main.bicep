// Réseau on Azure: one resource group holds everything the app needs in production.
//
//   App Service (Linux, Node 20) ── user-assigned managed identity ──► Cosmos DB for NoSQL (serverless)
//          ▲                                   │
//   Azure Bot (Teams channel) ─────────────────┘  the same identity is the bot's identity (UserAssignedMSI)
//   Application Insights ◄── Log Analytics
//
// Deployed by the Agents Toolkit (teamsapp.yml → arm/deploy with azure.parameters.json) or by hand
// (az deployment group create … --parameters main.parameters.json). Outputs are named as the toolkit
// writes them back into env/.env.<env>, so the manifest and later steps can use them.
targetScope = 'resourceGroup'

@description('Base of every resource name, e.g. "reseau" or "reseau-dev": lowercase letters, digits and hyphens.')
@minLength(3)
@maxLength(24)
param resourceBaseName string

@description('Azure region for every regional resource (the Azure Bot itself is global).')
param location string = resourceGroup().location

@description('Name the bot shows in the Azure portal.')
param botDisplayName string = 'Réseau'

@description('How the bot proves its identity. UserAssignedMSI: the managed identity below, no secret, usable only in this tenant. SingleTenant: an Entra app registration (botAppId/botPassword), which may be multi-organisation so that other tenants can install the app.')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botType string = 'UserAssignedMSI'

@description('SingleTenant only: client id of the Entra app registration behind the bot.')
param botAppId string = ''

@description('SingleTenant only: a client secret of that app registration. Never set it for UserAssignedMSI.')
@secure()
param botPassword string = ''

@description('Network served by this deployment; every document is partitioned by it.')
param networkId string

@description('Comma-separated Entra tenant ids whose users may use the app. Empty means this tenant only.')
param allowedTenants string = ''

@description('People the app trusts from their first message, who then confirm everyone else: "<email or object id>[=secretariat|=cochair[:AGENCY]]", comma-separated.')
param networkAdmins string = ''

@description('Client id of the Entra app used for tab single sign-on (the toolkit\'s AAD_APP_CLIENT_ID); the API checks it as the token audience.')
param tabAppClientId string = ''

@description('The Teams app id (the manifest\'s id, the toolkit\'s TEAMS_APP_ID): cards open the tab\'s pages with Teams deep links.')
param teamsAppId string = ''

@description('App Service plan SKU. B1 is the smallest that supports Always On.')
param appServiceSkuName string = 'B1'

@description('Runtime stack. Node 20 is what the app is built and tested on.')
param linuxFxVersion string = 'NODE|20-lts'

@description('Log level passed to the app (pino levels).')
@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
])
param logLevel string = 'info'

@description('Cosmos DB database name; the app defaults to the same.')
param cosmosDatabaseName string = 'reseau'

@description('Cosmos DB container name; the app defaults to the same.')
param cosmosContainerName string = 'documents'

// Globally unique names (web app host name, Cosmos account, bot) get a stable suffix from the
// resource group, so two environments or two networks never collide.
var baseName = toLower(resourceBaseName)
var uniqueSuffix = take(uniqueString(resourceGroup().id, baseName), 6)
var tags = {
  application: 'reseau'
  network: networkId
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${baseName}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-${baseName}'
    insightsName: 'appi-${baseName}'
    location: location
    tags: tags
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    accountName: 'cosmos-${baseName}-${uniqueSuffix}'
    location: location
    databaseName: cosmosDatabaseName
    containerName: cosmosContainerName
    dataContributorPrincipalId: identity.outputs.principalId
    tags: tags
  }
}

var botId = botType == 'UserAssignedMSI' ? identity.outputs.clientId : botAppId

// Names here are exactly the environment variables the app's config module reads.
// COSMOS_KEY is deliberately absent: in Azure the app reaches Cosmos DB with its managed identity.
var baseAppSettings = {
  NETWORK_ID: networkId
  ALLOWED_TENANTS: empty(allowedTenants) ? tenant().tenantId : allowedTenants
  BOT_ID: botId
  BOT_TENANT_ID: tenant().tenantId
  BOT_TYPE: botType
  MANAGED_IDENTITY_CLIENT_ID: identity.outputs.clientId
  COSMOS_ENDPOINT: cosmos.outputs.endpoint
  COSMOS_DATABASE: cosmosDatabaseName
  COSMOS_CONTAINER: cosmosContainerName
  AAD_APP_CLIENT_ID: tabAppClientId
  TEAMS_APP_ID: teamsAppId
  NETWORK_ADMINS: networkAdmins
  LOG_LEVEL: logLevel
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  // Kudu builds on Linux after a zip deploy (npm install + npm run build), so native modules such
  // as better-sqlite3 match the server even when the zip was made on Windows or macOS.
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
}
// Only a SingleTenant bot has a secret; a managed-identity bot must not carry an empty BOT_PASSWORD.
var botSecretAppSettings = {
  BOT_PASSWORD: botPassword
}
var appSettings = botType == 'SingleTenant' ? union(baseAppSettings, botSecretAppSettings) : baseAppSettings

module appService 'modules/app-service.bicep' = {
  name: 'app-service'
  params: {
    planName: 'plan-${baseName}'
    webAppName: '${baseName}-${uniqueSuffix}'
    location: location
    skuName: appServiceSkuName
    linuxFxVersion: linuxFxVersion
    identityResourceId: identity.outputs.resourceId
    appSettings: appSettings
    tags: tags
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    botName: 'bot-${baseName}-${uniqueSuffix}'
    displayName: botDisplayName
    endpoint: 'https://${appService.outputs.defaultHostName}/api/messages'
    msaAppType: botType
    msaAppId: botId
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: botType == 'UserAssignedMSI' ? identity.outputs.resourceId : ''
    tags: tags
  }
}

// Written back by the toolkit into env/.env.<env> under these exact names.
output BOT_ID string = botId
output BOT_TENANT_ID string = tenant().tenantId
output BOT_TYPE string = botType
output BOT_DOMAIN string = appService.outputs.defaultHostName
output BOT_ENDPOINT string = 'https://${appService.outputs.defaultHostName}'
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = appService.outputs.webAppId
output BOT_SERVICE_NAME string = bot.outputs.botName
output MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output COSMOS_DATABASE string = cosmosDatabaseName
output COSMOS_CONTAINER string = cosmosContainerName
