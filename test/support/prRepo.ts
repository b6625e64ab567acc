import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A git repository shaped like an Azure Pipelines pull-request checkout: a base commit on `main`, the
 * pull request's branch (`feature`, the source commit), a later commit on `main` (the target), and the
 * merge of both checked out with a detached HEAD, as the agent checks out `refs/pull/N/merge`.
 */
export interface PrRepo {
  dir: string;
  base: string;
  source: string;
  target: string;
  merge: string;
  git(...args: string[]): string;
}

export interface PrRepoFiles {
  base: Record<string, string>;
  /** Files written (or `null`: deleted) on the pull request's branch. */
  source: Record<string, string | null>;
  /** Files written on main after the branch was made. */
  target?: Record<string, string>;
}

export function makePrRepo(files: PrRepoFiles, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-pr-'))): PrRepo {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
  const write = (set: Record<string, string | null>) => {
    for (const [name, text] of Object.entries(set)) {
      const file = path.join(dir, name);
      if (text === null) fs.rmSync(file);
      else {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
      }
    }
  };
  git('init', '-q', '-b', 'main');
  write(files.base);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  const base = git('rev-parse', 'HEAD');
  git('checkout', '-q', '-b', 'feature');
  write(files.source);
  git('add', '-A');
  git('commit', '-q', '-m', 'pull request change');
  const source = git('rev-parse', 'HEAD');
  git('checkout', '-q', 'main');
  if (files.target) {
    write(files.target);
    git('add', '-A');
    git('commit', '-q', '-m', 'target change');
  }
  const target = git('rev-parse', 'HEAD');
  git('checkout', '-q', '--detach', target);
  git('merge', '-q', '--no-ff', '--no-edit', 'feature');
  const merge = git('rev-parse', 'HEAD');
  return { dir, base, source, target, merge, git };
}

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

function webApp(https: boolean, tls: string, header: string[] = []): string {
  return [
    '{',
    `  "$schema": "${SCHEMA}",`,
    ...header,
    '  "resources": [',
    '    {',
    '      "type": "Microsoft.Web/sites",',
    '      "apiVersion": "2022-09-01",',
    '      "name": "shop",',
    '      "location": "westeurope",',
    '      "identity": { "type": "SystemAssigned" },',
    '      "properties": {',
    `        "httpsOnly": ${https},`,
    '        "clientCertEnabled": true,',
    '        "siteConfig": {',
    `          "minTlsVersion": "${tls}",`,
    '          "ftpsState": "AllAllowed"',
    '        }',
    '      },',
    '      "resources": [ { "type": "config", "apiVersion": "2022-09-01", "name": "authsettingsV2", "properties": { "platform": { "enabled": true } } } ]',
    '    }',
    '  ]',
    '}',
    '',
  ].join('\n');
}

function network(): string {
  return [
    '{',
    `  "$schema": "${SCHEMA}",`,
    '  "resources": [',
    '    {',
    '      "type": "Microsoft.Network/networkSecurityGroups",',
    '      "apiVersion": "2023-04-01",',
    '      "name": "jump-nsg",',
    '      "location": "westeurope",',
    '      "properties": {',
    '        "securityRules": [',
    '          {',
    '            "name": "ssh",',
    '            "properties": {',
    '              "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",',
    '              "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "*",',
    '              "destinationPortRange": "22"',
    '            }',
    '          }',
    '        ]',
    '      }',
    '    }',
    '  ]',
    '}',
    '',
  ].join('\n');
}

function legacyStorage(): string {
  return [
    '{',
    `  "$schema": "${SCHEMA}",`,
    '  "resources": [',
    '    {',
    '      "type": "Microsoft.Storage/storageAccounts",',
    '      "apiVersion": "2023-01-01",',
    '      "name": "legacydata",',
    '      "location": "westeurope",',
    '      "kind": "StorageV2",',
    '      "sku": { "name": "Standard_LRS" },',
    '      "properties": {',
    '        "supportsHttpsTrafficOnly": false,',
    '        "minimumTlsVersion": "TLS1_2", "allowBlobPublicAccess": false, "allowSharedKeyAccess": false,',
    '        "publicNetworkAccess": "Disabled", "networkAcls": { "defaultAction": "Deny", "bypass": "AzureServices" }',
    '      },',
    '      "resources": [ { "type": "blobServices", "apiVersion": "2023-01-01", "name": "default", "properties": { "deleteRetentionPolicy": { "enabled": true } } } ]',
    '    }',
    '  ]',
    '}',
    '',
  ].join('\n');
}

/**
 * The standard scenario. In the source commit the pull request sets `httpsOnly` false (line 11) and TLS 1.0
 * (line 14) in infra/app.json and adds infra/network.json with SSH open (line 16). `ftpsState: AllAllowed`
 * (line 15) predates the pull request. Meanwhile main added two lines at the top of app.json, so in the
 * merged (scanned) commit those lines are 13, 16 and 17. infra/storage.json, untouched by the pull request,
 * has a finding of its own (line 12).
 */
export function standardPrRepo(dir?: string): PrRepo {
  return makePrRepo(
    {
      base: { 'infra/app.json': webApp(true, '1.2'), 'infra/storage.json': legacyStorage() },
      source: { 'infra/app.json': webApp(false, '1.0'), 'infra/network.json': network() },
      target: { 'infra/app.json': webApp(true, '1.2', ['  "contentVersion": "1.0.0.0",', '  // owned by the web team']) },
    },
    dir,
  );
}
