// Azure Bot registration with the Microsoft Teams channel. New bots can only be SingleTenant or
// UserAssignedMSI: Azure stopped creating MultiTenant bot resources after 31 July 2025.
@description('Bot resource name (globally unique, 2-64 characters).')
param botName string

@description('Display name shown in the Azure portal.')
param displayName string

@description('Messaging endpoint, https://<app>/api/messages.')
param endpoint string

@description('Bot identity type.')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param msaAppType string

@description('Client id of the managed identity or of the Entra app registration.')
param msaAppId string

@description('Tenant that owns that identity.')
param msaAppTenantId string

@description('Resource id of the user-assigned managed identity (UserAssignedMSI only, else empty).')
param msaAppMSIResourceId string = ''

@description('Tags applied to the bot.')
param tags object

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    // F0 is enough: Teams is a standard channel, its messages are not metered.
    name: 'F0'
  }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppType: msaAppType
    msaAppId: msaAppId
    msaAppTenantId: msaAppTenantId
    msaAppMSIResourceId: empty(msaAppMSIResourceId) ? null : msaAppMSIResourceId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output botName string = bot.name
output teamsChannelId string = teamsChannel.id
