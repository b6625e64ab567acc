import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Small scan trees for the configuration, suppression and baseline tests. Each storage account below has
 * exactly two findings, both `high`: IAC-STG-001 (HTTPS only off) and IAC-STG-002 (TLS 1.0); everything else
 * is configured so that no other rule objects.
 */

export const ARM_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** A folder under the system temp folder holding these files (relative names, forward slashes). */
export function tempTree(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-cfg-'));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

// ARM: IAC-STG-001 on line 9, IAC-STG-002 on line 10; resource address Microsoft.Storage/storageAccounts[data1].
export const ARM_STORAGE = `{
  "$schema": "${ARM_SCHEMA}",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Storage/storageAccounts",
      "apiVersion": "2023-01-01", "name": "data1", "location": "westeurope", "kind": "StorageV2", "sku": { "name": "Standard_LRS" },
      "properties": {
        "supportsHttpsTrafficOnly": false,
        "minimumTlsVersion": "TLS1_0", "allowBlobPublicAccess": false, "allowSharedKeyAccess": false,
        "publicNetworkAccess": "Disabled", "networkAcls": { "defaultAction": "Deny", "bypass": "AzureServices" }
      },
      "resources": [
        { "type": "blobServices", "apiVersion": "2023-01-01", "name": "default", "properties": { "deleteRetentionPolicy": { "enabled": true, "days": 7 } } }
      ]
    }
  ]
}
`;

/** An ARM storage account as an object (for re-serialising the template in other layouts). */
export function armAccount(name: string, options: { https?: boolean; tls?: string } = {}): Record<string, unknown> {
  return {
    type: 'Microsoft.Storage/storageAccounts',
    apiVersion: '2023-01-01',
    name,
    location: 'westeurope',
    kind: 'StorageV2',
    sku: { name: 'Standard_LRS' },
    properties: {
      supportsHttpsTrafficOnly: options.https ?? false,
      minimumTlsVersion: options.tls ?? 'TLS1_0',
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      publicNetworkAccess: 'Disabled',
      networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' },
    },
    resources: [
      { type: 'blobServices', apiVersion: '2023-01-01', name: 'default', properties: { deleteRetentionPolicy: { enabled: true, days: 7 } } },
    ],
  };
}

export function armTemplate(resources: Record<string, unknown>[], indent?: number): string {
  return JSON.stringify({ $schema: ARM_SCHEMA, contentVersion: '1.0.0.0', resources }, null, indent) + '\n';
}

// Bicep: IAC-STG-001 on line 9, IAC-STG-002 on line 10; name data2, address Microsoft.Storage/storageAccounts[data].
export const BICEP_STORAGE = `resource data 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'data2'
  location: 'westeurope'
  sku: {
    name: 'Standard_LRS'
  }
  kind: 'StorageV2'
  properties: {
    supportsHttpsTrafficOnly: false
    minimumTlsVersion: 'TLS1_0'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
    }
  }
}

resource blob 'Microsoft.Storage/storageAccounts/blobServices@2023-01-01' = {
  parent: data
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}
`;

// Terraform: IAC-STG-001 on line 7, IAC-STG-002 on line 8; address azurerm_storage_account.data.
export const TF_STORAGE = `resource "azurerm_storage_account" "data" {
  name                            = "data3"
  resource_group_name             = "rg"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  https_traffic_only_enabled      = false
  min_tls_version                 = "TLS1_0"
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false
  public_network_access_enabled   = false

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }

  blob_properties {
    delete_retention_policy {
      days = 14
    }
  }
}
`;

/** The three formats side by side: six findings, all `high`. */
export const THREE_FORMATS = {
  'arm/storage.json': ARM_STORAGE,
  'bicep/main.bicep': BICEP_STORAGE,
  'tf/main.tf': TF_STORAGE,
};

/** A custom rule (for `rules.folders`): storage accounts must live in North Europe; `medium`. */
export const CUSTOM_RULE = `id: CUSTOM-001
title: Storage account outside North Europe
severity: medium
description: Our data must stay in the North Europe region.
remediation: Set the location to northeurope.
helpUri: https://example.com/rules/custom-001
azure:
  resourceType: Microsoft.Storage/storageAccounts
  check: { path: location, equals: northeurope }
examples:
  arm:
    bad: ["{}"]
    good: ["{}"]
`;

/** What tests compare: rule, file and line of each finding, in report order. */
export function where(findings: readonly { ruleId: string; location: { file: string; line: number } }[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`);
}
