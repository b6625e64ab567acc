/**
 * A pathological repository, as a pull request could make it: thousands of small files, a folder chain 200
 * levels deep, an ARM template with 20,000 resources, a Terraform module with 5,000, templates built to make
 * evaluation explode, links that loop or leave the root. The scan ends (the timeout is only a hang guard),
 * finds what it should, reports what it skipped, and the heap grows by less than HEAP_BOUND.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/scan/scan';
import type { ScanResult } from '../../src/scan/result';

/** Heap growth allowed for the whole scan (generous; measured well below it). */
const HEAP_BOUND = 1024 * 1024 * 1024;

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

function storage(name: string, https: boolean): Record<string, unknown> {
  return {
    type: 'Microsoft.Storage/storageAccounts',
    apiVersion: '2023-01-01',
    name,
    location: 'westeurope',
    sku: { name: 'Standard_LRS' },
    kind: 'StorageV2',
    properties: { supportsHttpsTrafficOnly: https },
  };
}

function armFile(resources: unknown[], variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', variables, resources });
}

function bicepStorage(name: string, https: boolean): string {
  return `resource ${name} 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: '${name}'\n  location: 'westeurope'\n  sku: {\n    name: 'Standard_LRS'\n  }\n  kind: 'StorageV2'\n  properties: {\n    supportsHttpsTrafficOnly: ${https}\n  }\n}\n`;
}

function tfStorage(name: string, https: boolean): string {
  return `resource "azurerm_storage_account" "${name}" {\n  name                       = "${name}"\n  resource_group_name        = "rg"\n  location                   = "westeurope"\n  account_tier               = "Standard"\n  account_replication_type   = "LRS"\n  https_traffic_only_enabled = ${https}\n}\n`;
}

let root: string;
let result: ScanResult;
let heapGrowth: number;
/** IAC-STG-001 findings the repository was built to have, by file. */
const expected = new Map<string, number>();

function write(rel: string, text: string, findings = 0): void {
  const abs = path.join(root, ...rel.split('/'));
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, text);
  if (findings) expected.set(rel, findings);
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-pathological-'));
  // 2,000 small files: ARM and Bicep templates (every tenth insecure), and files the scan does not read.
  for (let i = 0; i < 800; i++) write(`arm/g${i % 20}/t${i}.json`, armFile([storage(`st${i}`, i % 10 !== 0)]), i % 10 === 0 ? 1 : 0);
  for (let i = 0; i < 700; i++) write(`bicep/m${i % 20}/t${i}.bicep`, bicepStorage(`st${i}`, i % 10 !== 0), i % 10 === 0 ? 1 : 0);
  for (let i = 0; i < 500; i++) write(`docs/n${i}.md`, `note ${i}\n`);
  // A folder chain 200 levels deep, with a template at the bottom.
  write(`${Array.from({ length: 200 }, () => 'd').join('/')}/deep.json`, armFile([storage('deep', false)]), 1);
  // One template with 20,000 resources (every thousandth insecure).
  write(
    'big/huge.json',
    armFile(Array.from({ length: 20_000 }, (_, i) => storage(`big${i}`, i % 1000 !== 0))),
    20,
  );
  // One Terraform module with 5,000 resources (every five hundredth insecure).
  write('tf/main.tf', Array.from({ length: 5_000 }, (_, i) => tfStorage(`tf${i}`, i % 500 !== 0)).join('\n'), 10);
  // Evaluation bombs: self-reference, doubling strings and arrays, in each format.
  const doubling: Record<string, string> = { s0: 'xy', a0: "[createArray(variables('s0'), variables('s0'))]" };
  for (let i = 1; i <= 64; i++) {
    doubling[`s${i}`] = `[concat(variables('s${i - 1}'), variables('s${i - 1}'))]`;
    doubling[`a${i}`] = `[concat(variables('a${i - 1}'), variables('a${i - 1}'))]`;
  }
  doubling['self'] = "[variables('self')]";
  write(
    'bombs/arm.json',
    armFile(
      [
        { ...storage('bomb1', true), properties: { supportsHttpsTrafficOnly: "[equals(variables('s64'), 'x')]" } },
        { ...storage('bomb2', true), properties: { supportsHttpsTrafficOnly: "[equals(length(variables('a64')), 0)]" } },
        { ...storage('bomb3', true), properties: { supportsHttpsTrafficOnly: "[variables('self')]" } },
      ],
      doubling,
    ),
  );
  const bicepVars = ["var s0 = 'xy'", 'var self = self'];
  for (let i = 1; i <= 64; i++) bicepVars.push(`var s${i} = '\${s${i - 1}}\${s${i - 1}}'`);
  write('bombs/main.bicep', `${bicepVars.join('\n')}\n${bicepStorage('bomb', false).replace('supportsHttpsTrafficOnly: false', "supportsHttpsTrafficOnly: s64 == 'x' || self")}`);
  const locals = ['t0 = "xy"', 'self = local.self'];
  for (let i = 1; i <= 64; i++) locals.push(`t${i} = "\${local.t${i - 1}}\${local.t${i - 1}}"`);
  write('bombs/tf/main.tf', `locals {\n  ${locals.join('\n  ')}\n}\n${tfStorage('bomb', false).replace('= false', '= local.t64 == "x" || local.self')}`);
  // Links: to the root's ancestor, to /, and a ring.
  fs.symlinkSync('..', path.join(root, 'arm', 'up'));
  fs.symlinkSync('/', path.join(root, 'slash'));
  fs.symlinkSync('ring2.json', path.join(root, 'ring1.json'));
  fs.symlinkSync('ring1.json', path.join(root, 'ring2.json'));

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  result = scan({ path: root, today: '2025-01-01' });
  heapGrowth = process.memoryUsage().heapUsed - before;
}, 120_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('a pathological repository', () => {
  it('is scanned whole: every template, the deep one and the huge ones', () => {
    expect(result.stats.filesConsidered).toBe(800 + 700 + 1 + 1 + 1 + 3);
    expect(result.stats.filesScanned).toBe(800 + 700 + 1 + 1 + 1 + 3);
    expect(result.stats.resources).toBe(800 + 700 + 1 + 20_000 + 5_000 + 5);
  });

  it('finds exactly the insecure storage accounts, and nothing from the values evaluation gave up on', () => {
    const byFile = new Map<string, number>();
    for (const f of result.findings.filter((f) => f.ruleId === 'IAC-STG-001')) byFile.set(f.location.file, (byFile.get(f.location.file) ?? 0) + 1);
    expect(Object.fromEntries([...byFile].sort())).toEqual(Object.fromEntries([...expected].sort()));
    expect([...byFile.keys()].filter((file) => file.startsWith('bombs/'))).toEqual([]);
  });

  it('reports the links it did not follow, and each file whose expressions reached the evaluation limits', () => {
    const limits = (n: number) =>
      `Expressions in this file reached the evaluation limits ${n} time(s) (see docs/security.md); those values were treated as unknown, so findings that depend on them may be missing. Simplify the expressions.`;
    expect(result.diagnostics.map((d) => `${d.file}: ${d.message}`)).toEqual([
      `bombs/arm.json: ${limits(3)}`,
      `bombs/main.bicep: ${limits(2)}`,
      `bombs/tf/main.tf: ${limits(2)}`,
      'ring1.json: Symbolic link cannot be resolved (it leads to a loop of links); it was not followed.',
      'ring2.json: Symbolic link cannot be resolved (it leads to a loop of links); it was not followed.',
      'slash: Symbolic link points outside the scan root (/); it was not followed.',
    ]);
  });

  it(`keeps the heap growth under ${HEAP_BOUND / 1024 / 1024} MB`, () => {
    expect(heapGrowth).toBeLessThan(HEAP_BOUND);
  });
});
