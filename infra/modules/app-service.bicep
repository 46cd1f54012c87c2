// Linux App Service running the restify server: bot endpoint (/api/messages), tab (/tab) and API
// (/api/v1). Always On keeps the outbox dispatcher alive between requests; the health check lets App
// Service replace an instance that stops answering /healthz.
@description('App Service plan name.')
param planName string

@description('Web app name; becomes <name>.azurewebsites.net, the BOT_DOMAIN.')
param webAppName string

@description('Azure region.')
param location string

@description('Plan SKU, e.g. B1, S1, P0v3 (Free/Shared plans do not support Always On).')
param skuName string

@description('Runtime stack, e.g. NODE|20-lts.')
param linuxFxVersion string

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityResourceId string

@description('App settings as name/value pairs (may contain BOT_PASSWORD, hence secure).')
@secure()
param appSettings object

@description('Start command. Not "npm start": its prestart hook would rebuild on every restart.')
param startupCommand string = 'node dist/src/main.js'

@description('Tags applied to the resources.')
param tags object

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2024-11-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Several instances may run (the outbox claims items with ETag leases), so no sticky sessions.
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      alwaysOn: true
      healthCheckPath: '/healthz'
      appCommandLine: startupCommand
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        for setting in items(appSettings): {
          name: setting.key
          value: setting.value
        }
      ]
    }
  }
}

output webAppId string = webApp.id
output webAppName string = webApp.name
output defaultHostName string = webApp.properties.defaultHostName
