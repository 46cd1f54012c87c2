// Cosmos DB for NoSQL, serverless: the network's traffic is a few thousand small requests a month,
// far below what provisioned throughput would charge for. Keys are disabled: the app's managed
// identity gets the built-in data-plane role instead.
//
// Data-plane roles cannot create databases or containers; they are created here, so the app must
// not try to create them at start-up in Azure.
@description('Cosmos DB account name (globally unique, lowercase).')
@minLength(3)
@maxLength(44)
param accountName string

@description('Azure region.')
param location string

@description('Database name.')
param databaseName string

@description('Container name.')
param containerName string

@description('Principal (object) id that receives the built-in Cosmos DB Built-in Data Contributor role.')
param dataContributorPrincipalId string

@description('Tags applied to the account.')
param tags object

// Every document carries networkId; one deployment can serve several country networks. Changing
// this means a new container and a data copy, so it is not a parameter.
var partitionKeyPath = '/networkId'

// Built-in "Cosmos DB Built-in Data Contributor" role definition.
var dataContributorRoleDefinitionId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: containerName
  properties: {
    resource: {
      id: containerName
      partitionKey: {
        paths: [
          partitionKeyPath
        ]
        kind: 'Hash'
        version: 2
      }
      // TTL on, per item: a document with a `ttl` (outbox history, heartbeats) is deleted that
      // many seconds after its last write; one without never expires. The app checks this at
      // start-up (src/store/cosmos-document-store.ts, CONTAINER_DEFAULT_TTL).
      defaultTtl: -1
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/*'
          }
        ]
        // The outbox's rendered card: no query filters on it, and indexing its hundreds of
        // values would cost request units on every write (UNINDEXED_PATHS, src/store/open-store.ts).
        excludedPaths: [
          {
            path: '/"_etag"/?'
          }
          {
            path: '/activity/*'
          }
        ]
      }
    }
  }
}

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: account
  name: guid(account.id, dataContributorPrincipalId, dataContributorRoleDefinitionId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleDefinitionId}'
    principalId: dataContributorPrincipalId
    scope: account.id
  }
}

output endpoint string = account.properties.documentEndpoint
output accountName string = account.name
output containerResourceId string = container.id
