// A key vault for the shop's secrets. Purge protection is off, and the admin password has a default.
param location string = resourceGroup().location

@secure()
param sqlAdminPassword string = 'ChangeMe123!'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'contoso-shop-kv'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enablePurgeProtection: false
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
    }
  }
}

resource adminPassword 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'sql-admin-password'
  properties: {
    value: sqlAdminPassword
    attributes: {
      exp: 1798761600
    }
  }
}
