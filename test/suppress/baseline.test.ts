import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/configFile';
import { gate } from '../../src/gate/gate';
import type { Finding } from '../../src/model/finding';
import { toJson } from '../../src/report/json';
import { toText } from '../../src/report/text';
import { scan } from '../../src/scan/scan';
import type { ScanResult } from '../../src/scan/result';
import {
  applyBaseline,
  BASELINE_FORMAT,
  BASELINE_VERSION,
  BaselineError,
  baselineOf,
  readBaseline,
  type Baseline,
  type BaselineEntry,
} from '../../src/suppress/baseline';
import { ARM_STORAGE, armAccount, armTemplate, BICEP_STORAGE, tempTree, TF_STORAGE, THREE_FORMATS, writeFiles } from './fixtures';

const HTTP_ARM = 'Storage account accepts unencrypted HTTP requests: properties.supportsHttpsTrafficOnly is false.';
const TLS_ARM = 'Storage account still accepts TLS 1.0 or 1.1 connections: properties.minimumTlsVersion is "TLS1_0".';
const HTTP_TF = 'Storage account accepts unencrypted HTTP requests: https_traffic_only_enabled is false.';
const TLS_TF = 'Storage account still accepts TLS 1.0 or 1.1 connections: min_tls_version is "TLS1_0".';

/** Writes a baseline of the findings to a file outside the scan root and reads it back. */
function saveBaseline(findings: readonly Finding[]): Baseline {
  const file = path.join(tempTree(), 'accepted.json');
  fs.writeFileSync(file, baselineOf(findings, '1.0.0'));
  return readBaseline(file);
}

function baselineError(file: string): string {
  try {
    readBaseline(file);
  } catch (err) {
    if (err instanceof BaselineError) return err.message;
    throw err;
  }
  throw new Error('expected the baseline to be rejected');
}

/** A baseline file with this content, outside any scan root. */
function baselineFile(text: string): string {
  const file = path.join(tempTree(), 'baseline.json');
  fs.writeFileSync(file, text);
  return file;
}

/** `rule resource line state` of each finding, in report order. */
function states(result: ScanResult): string[] {
  return result.findings.map((f) => `${f.ruleId} ${f.subject.address} :${f.location.line} ${f.baselineState}`);
}

describe('baselineOf and readBaseline: a round trip', () => {
  let findings: Finding[];
  beforeAll(() => {
    findings = scan({ path: tempTree(THREE_FORMATS) }).findings;
  });

  it('keeps what is needed to match a finding and to show it when it is gone', () => {
    const data = JSON.parse(baselineOf(findings, '2.3.4')) as { format: string; version: number; tool: string; findings: BaselineEntry[] };
    expect(Object.keys(data)).toEqual(['format', 'version', 'tool', 'findings']);
    expect(data.format).toBe('iac-scan-baseline');
    expect(data.version).toBe(1);
    expect(data.tool).toBe('iac-scan 2.3.4');
    expect(data.findings).toEqual([
      { fingerprint: findings[0]!.fingerprint, ruleId: 'IAC-STG-001', severity: 'high', file: 'arm/storage.json', line: 9, resource: 'Microsoft.Storage/storageAccounts[data1]', message: HTTP_ARM },
      { fingerprint: findings[1]!.fingerprint, ruleId: 'IAC-STG-002', severity: 'high', file: 'arm/storage.json', line: 10, resource: 'Microsoft.Storage/storageAccounts[data1]', message: TLS_ARM },
      { fingerprint: findings[2]!.fingerprint, ruleId: 'IAC-STG-001', severity: 'high', file: 'bicep/main.bicep', line: 9, resource: 'Microsoft.Storage/storageAccounts[data]', message: HTTP_ARM },
      { fingerprint: findings[3]!.fingerprint, ruleId: 'IAC-STG-002', severity: 'high', file: 'bicep/main.bicep', line: 10, resource: 'Microsoft.Storage/storageAccounts[data]', message: TLS_ARM },
      { fingerprint: findings[4]!.fingerprint, ruleId: 'IAC-STG-001', severity: 'high', file: 'tf/main.tf', line: 7, resource: 'azurerm_storage_account.data', message: HTTP_TF },
      { fingerprint: findings[5]!.fingerprint, ruleId: 'IAC-STG-002', severity: 'high', file: 'tf/main.tf', line: 8, resource: 'azurerm_storage_account.data', message: TLS_TF },
    ]);
    for (const e of data.findings) expect(e.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(data.findings.map((e) => e.fingerprint)).size).toBe(6);
  });

  it('is pretty-printed JSON ending with a newline, and the same for the same findings', () => {
    const text = baselineOf(findings, '1.0.0');
    expect(text.startsWith('{\n  "format": "iac-scan-baseline",\n  "version": 1,\n  "tool": "iac-scan 1.0.0",\n  "findings": [\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(baselineOf(scan({ path: tempTree(THREE_FORMATS) }).findings, '1.0.0')).toBe(text);
  });

  it('reads back the entries it wrote, with the absolute path of the file', () => {
    const dir = tempTree();
    fs.writeFileSync(path.join(dir, 'accepted.json'), baselineOf(findings, '1.0.0'));
    const read = readBaseline(path.join(dir, 'accepted.json'));
    expect(read.file).toBe(path.join(dir, 'accepted.json'));
    expect(read.entries).toEqual((JSON.parse(baselineOf(findings, '1.0.0')) as { findings: BaselineEntry[] }).findings);
  });

  it('leaves suppressed findings out', () => {
    const dir = tempTree({ ...THREE_FORMATS, '.iac-scan.yml': 'suppressions:\n  - { rule: IAC-STG-002, path: "**", reason: Accepted }\n' });
    const result = scan({ path: dir, config: loadConfigFile(path.join(dir, '.iac-scan.yml')) });
    expect(result.findings.length).toBe(6);
    const entries = (JSON.parse(baselineOf(result.findings, '1.0.0')) as { findings: BaselineEntry[] }).findings;
    expect(entries.map((e) => `${e.ruleId} ${e.file}`)).toEqual(['IAC-STG-001 arm/storage.json', 'IAC-STG-001 bicep/main.bicep', 'IAC-STG-001 tf/main.tf']);
  });

  it('an empty scan gives an empty baseline', () => {
    expect(JSON.parse(baselineOf([], '1.0.0'))).toEqual({ format: BASELINE_FORMAT, version: BASELINE_VERSION, tool: 'iac-scan 1.0.0', findings: [] });
  });

  it('accepts a byte-order mark and entries without resource or message', () => {
    const file = baselineFile('\uFEFF{"format":"iac-scan-baseline","version":1,"findings":[{"fingerprint":"abc","ruleId":"R-1","severity":"low","file":"a.tf","line":3}]}');
    expect(readBaseline(file)).toEqual({
      file,
      entries: [{ fingerprint: 'abc', ruleId: 'R-1', severity: 'low', file: 'a.tf', line: 3, resource: '', message: '' }],
    });
  });
});

describe('readBaseline: errors say what is wrong and how to fix it', () => {
  const notABaseline = (file: string, why: string) =>
    `The baseline file ${file} is not an iac-scan baseline: ${why}. Create it again with 'iac-scan baseline PATH --output FILE'.`;

  it('a missing file', () => {
    const file = path.join(tempTree(), 'accepted-findings.json');
    expect(baselineError(file)).toBe(
      `The baseline file ${file} cannot be read (ENOENT). Create it with 'iac-scan baseline PATH --output accepted-findings.json', or check the path.`,
    );
  });

  it('a folder', () => {
    const dir = tempTree({ 'base/x.txt': '' });
    expect(baselineError(path.join(dir, 'base'))).toBe(
      `The baseline file ${path.join(dir, 'base')} cannot be read (EISDIR). Create it with 'iac-scan baseline PATH --output base', or check the path.`,
    );
  });

  it('not JSON', () => {
    const file = baselineFile('fingerprint,rule\nabc,R-1\n');
    let parseMessage = '';
    try {
      JSON.parse('fingerprint,rule\nabc,R-1\n');
    } catch (err) {
      parseMessage = (err as Error).message;
    }
    expect(parseMessage).not.toBe('');
    expect(baselineError(file)).toBe(notABaseline(file, `it is not valid JSON (${parseMessage})`));
  });

  it('an empty file', () => {
    const file = baselineFile('');
    expect(baselineError(file)).toBe(notABaseline(file, 'it is not valid JSON (Unexpected end of JSON input)'));
  });

  it('another format (a SARIF log)', () => {
    const file = baselineFile('{"version":"2.1.0","runs":[]}');
    expect(baselineError(file)).toBe(notABaseline(file, '"format" is not "iac-scan-baseline"'));
  });

  it('JSON that is not an object', () => {
    for (const text of ['[]', 'null', '"iac-scan-baseline"', '42']) {
      const file = baselineFile(text);
      expect(baselineError(file), text).toBe(notABaseline(file, '"format" is not "iac-scan-baseline"'));
    }
  });

  it('a version this tool does not read', () => {
    const file = baselineFile('{"format":"iac-scan-baseline","version":2,"findings":[]}');
    expect(baselineError(file)).toBe(notABaseline(file, 'version 2 is not supported (this version reads 1)'));
    const text = baselineFile('{"format":"iac-scan-baseline","version":"1","findings":[]}');
    expect(baselineError(text)).toBe(notABaseline(text, 'version "1" is not supported (this version reads 1)'));
  });

  it('findings that are not a list', () => {
    const file = baselineFile('{"format":"iac-scan-baseline","version":1,"findings":{}}');
    expect(baselineError(file)).toBe(notABaseline(file, '"findings" is not a list'));
  });

  it('an entry that lacks a field or has a bad one', () => {
    const good = '{"fingerprint":"abc","ruleId":"R-1","severity":"low","file":"a.tf","line":3}';
    const bad: [string, string][] = [
      ['null', 'null'],
      ['no fingerprint', '{"ruleId":"R-1","severity":"low","file":"a.tf","line":3}'],
      ['a numeric fingerprint', '{"fingerprint":12,"ruleId":"R-1","severity":"low","file":"a.tf","line":3}'],
      ['an unknown severity', '{"fingerprint":"abc","ruleId":"R-1","severity":"severe","file":"a.tf","line":3}'],
      ['a line as text', '{"fingerprint":"abc","ruleId":"R-1","severity":"low","file":"a.tf","line":"3"}'],
      ['no file', '{"fingerprint":"abc","ruleId":"R-1","severity":"low","line":3}'],
    ];
    for (const [name, entry] of bad) {
      const file = baselineFile(`{"format":"iac-scan-baseline","version":1,"findings":[${good},${entry}]}`);
      expect(baselineError(file), name).toBe(notABaseline(file, 'findings[1] lacks fingerprint, ruleId, severity, file or line'));
    }
  });

  it('the errors are BaselineErrors', () => {
    expect(() => readBaseline(baselineFile('{}'))).toThrow(BaselineError);
  });
});

describe('applyBaseline', () => {
  it('marks findings new or unchanged and returns the entries no finding matches', () => {
    const findings = scan({ path: tempTree(THREE_FORMATS) }).findings;
    const gone: BaselineEntry = { fingerprint: 'f'.repeat(32), ruleId: 'IAC-KV-001', severity: 'medium', file: 'kv.bicep', line: 4, resource: 'Microsoft.KeyVault/vaults[kv]', message: 'Gone.' };
    const baseline: Baseline = {
      file: '/b.json',
      entries: [
        { fingerprint: findings[1]!.fingerprint, ruleId: 'IAC-STG-002', severity: 'high', file: 'arm/storage.json', line: 99, resource: '', message: '' },
        gone,
        { fingerprint: findings[4]!.fingerprint, ruleId: 'IAC-STG-001', severity: 'high', file: 'tf/main.tf', line: 1, resource: '', message: '' },
      ],
    };
    expect(applyBaseline(findings, baseline)).toEqual([gone]);
    expect(findings.map((f) => `${f.ruleId} ${f.location.file} ${f.baselineState}`)).toEqual([
      'IAC-STG-001 arm/storage.json new',
      'IAC-STG-002 arm/storage.json unchanged',
      'IAC-STG-001 bicep/main.bicep new',
      'IAC-STG-002 bicep/main.bicep new',
      'IAC-STG-001 tf/main.tf unchanged',
      'IAC-STG-002 tf/main.tf new',
    ]);
  });

  it('an empty baseline makes every finding new', () => {
    const findings = scan({ path: tempTree(THREE_FORMATS) }).findings;
    expect(applyBaseline(findings, { file: '/b.json', entries: [] })).toEqual([]);
    expect(findings.map((f) => f.baselineState)).toEqual(['new', 'new', 'new', 'new', 'new', 'new']);
  });

  it('the scan result carries the baseline file and its absent entries; the gate and reports honour them', () => {
    const dir = tempTree(THREE_FORMATS);
    const baseline = saveBaseline(scan({ path: dir }).findings);
    // Fix HTTPS in the Terraform file: that entry is gone; everything else is unchanged.
    writeFiles(dir, { 'tf/main.tf': TF_STORAGE.replace('https_traffic_only_enabled      = false', 'https_traffic_only_enabled      = true') });
    const result = scan({ path: dir, baseline });
    expect(result.baseline).toEqual({ file: baseline.file, absent: [baseline.entries[4]] });
    expect(result.baseline!.absent[0]).toMatchObject({ ruleId: 'IAC-STG-001', file: 'tf/main.tf', line: 7, resource: 'azurerm_storage_account.data', message: HTTP_TF });
    expect(result.findings.map((f) => f.baselineState)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(gate(result.findings, 'info')).toEqual({
      failed: false,
      threshold: 'info',
      blocking: 0,
      counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      message: 'No findings; not counted: 5 unchanged since the baseline.',
    });
    const text = toText(result, { color: false }).split('\n');
    expect(text[0]).toBe('0 finding(s): 0 critical, 0 high, 0 medium, 0 low, 0 info; not counted: 5 unchanged since the baseline. 1 finding(s) of the baseline are gone.');
    const json = JSON.parse(toJson(result, '1.0.0')) as { notCounted: unknown; counts: unknown; baseline: unknown; findings: { baselineState: string }[] };
    expect(json.counts).toEqual({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
    expect(json.notCounted).toEqual({ suppressed: 0, unchangedSinceBaseline: 5 });
    expect(json.baseline).toEqual({ file: baseline.file, absent: [baseline.entries[4]] });
    expect(json.findings.map((f) => f.baselineState)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });

  it('a suppressed finding counts as suppressed, not as unchanged', () => {
    const dir = tempTree({ 'storage.json': ARM_STORAGE });
    const baseline = saveBaseline(scan({ path: dir }).findings);
    writeFiles(dir, { '.iac-scan.yml': 'suppressions:\n  - { rule: IAC-STG-001, path: "**", reason: Accepted }\n' });
    const result = scan({ path: dir, baseline, config: loadConfigFile(path.join(dir, '.iac-scan.yml')) });
    expect(result.findings.map((f) => [f.ruleId, f.baselineState, f.suppression?.justification])).toEqual([
      ['IAC-STG-001', 'unchanged', 'Accepted'],
      ['IAC-STG-002', 'unchanged', undefined],
    ]);
    expect(gate(result.findings, 'high').message).toBe('No findings; not counted: 1 suppressed, 1 unchanged since the baseline.');
  });
});

/**
 * The baseline outlives edits that do not touch the findings: lines inserted above, reformatting, other
 * resources added. A real fix makes its entry `absent`; everything else keeps matching.
 */
interface FormatCase {
  name: string;
  file: string;
  original: string;
  /** Address of the resource with the two findings. */
  address: string;
  /** Lines of IAC-STG-001 and IAC-STG-002 in the original. */
  lines: [number, number];
  edits: { name: string; text: string; lines: [number, number] }[];
  /** Another storage account added before the original one: IAC-STG-001 only, at that line. */
  added: { text: string; address: string; line: number; lines: [number, number] };
  /** HTTPS turned on: IAC-STG-001 is fixed, IAC-STG-002 (at that line) stays. */
  fixed: { text: string; line: number };
}

/** The object with its keys in reverse order, at every level (arrays keep their order). */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)])) as T;
}

const ARM_CASE: FormatCase = {
  name: 'ARM',
  file: 'infra/storage.json',
  original: ARM_STORAGE,
  address: 'Microsoft.Storage/storageAccounts[data1]',
  lines: [9, 10],
  edits: [
    {
      name: 'comments and a parameters section inserted above the resource',
      text: ARM_STORAGE.replace(
        '  "contentVersion": "1.0.0.0",\n',
        [
          '  // Storage of the shop.',
          '  /* Owned by the data team;',
          '     reviewed every quarter. */',
          '  "contentVersion": "1.0.0.0",',
          '  "parameters": {',
          '    "unused": { "type": "string", "defaultValue": "x" }',
          '  },',
          '',
        ].join('\n'),
      ).replace('    {\n      "type": "Microsoft.Storage', '    // The account\n    {\n      "type": "Microsoft.Storage'),
      lines: [16, 17],
    },
    { name: 'minified onto one line', text: armTemplate([armAccount('data1')]), lines: [1, 1] },
    { name: 'pretty-printed with four spaces, properties in reverse order', text: armTemplate([reverseKeys(armAccount('data1'))], 4), lines: [28, 27] },
  ],
  added: {
    text: armTemplate([armAccount('data9', { tls: 'TLS1_2' }), armAccount('data1')], 2),
    address: 'Microsoft.Storage/storageAccounts[data9]',
    line: 15,
    lines: [49, 50],
  },
  fixed: { text: ARM_STORAGE.replace('"supportsHttpsTrafficOnly": false', '"supportsHttpsTrafficOnly": true'), line: 10 },
};

const BICEP_ACCOUNT_BODY = `  location: 'westeurope'
  sku: {
    name: 'Standard_LRS'
  }
  kind: 'StorageV2'
  properties: {
    supportsHttpsTrafficOnly: false
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
    }
  }
}

resource logsBlob 'Microsoft.Storage/storageAccounts/blobServices@2023-01-01' = {
  parent: logs
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}
`;

const BICEP_CASE: FormatCase = {
  name: 'Bicep',
  file: 'infra/main.bicep',
  original: BICEP_STORAGE,
  address: 'Microsoft.Storage/storageAccounts[data]',
  lines: [9, 10],
  edits: [
    {
      name: 'comments, a parameter and a decorator inserted above the resource',
      text:
        '// Storage of the shop.\n/* Owned by the data team;\n   reviewed every quarter. */\n@description(\'Where it runs\')\nparam region string = \'westeurope\'\n\n@description(\'The account\')\n' +
        BICEP_STORAGE,
      lines: [16, 17],
    },
    {
      name: 're-indented with four spaces, properties reordered, blank lines added',
      text: `resource data 'Microsoft.Storage/storageAccounts@2023-01-01' = {
    kind: 'StorageV2'
    location: 'westeurope'
    name: 'data2'

    sku: {
        name: 'Standard_LRS'
    }
    properties: {
        publicNetworkAccess: 'Disabled'
        networkAcls: {
            bypass: 'AzureServices'
            defaultAction: 'Deny'
        }
        minimumTlsVersion: 'TLS1_0'
        allowSharedKeyAccess: false
        allowBlobPublicAccess: false

        supportsHttpsTrafficOnly: false
    }
}

resource blob 'Microsoft.Storage/storageAccounts/blobServices@2023-01-01' = {
    parent: data
    name: 'default'
    properties: {
        deleteRetentionPolicy: {
            days: 7
            enabled: true
        }
    }
}
`,
      lines: [19, 15],
    },
  ],
  added: {
    text: `resource logs 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'logs2'\n${BICEP_ACCOUNT_BODY}\n${BICEP_STORAGE}`,
    address: 'Microsoft.Storage/storageAccounts[logs]',
    line: 9,
    lines: [40, 41],
  },
  fixed: { text: BICEP_STORAGE.replace('supportsHttpsTrafficOnly: false', 'supportsHttpsTrafficOnly: true'), line: 10 },
};

const TF_CASE: FormatCase = {
  name: 'Terraform',
  file: 'infra/main.tf',
  original: TF_STORAGE,
  address: 'azurerm_storage_account.data',
  lines: [7, 8],
  edits: [
    {
      name: 'comments and a variable inserted above the resource',
      text: '# Storage of the shop.\n// Owned by the data team.\n/* Reviewed\n   every quarter. */\nvariable "unused" {\n  type    = string\n  default = "x"\n}\n\n# The account\n' + TF_STORAGE,
      lines: [17, 18],
    },
    {
      name: '= re-aligned, attributes and blocks reordered',
      text: `resource "azurerm_storage_account" "data" {
  blob_properties {
    delete_retention_policy {
      days = 14
    }
  }
  network_rules {
    bypass = ["AzureServices"]
    default_action = "Deny"
  }
  min_tls_version = "TLS1_0"
  name = "data3"
  location = "westeurope"
  resource_group_name = "rg"
  account_replication_type = "ZRS"
  account_tier = "Standard"
  public_network_access_enabled = false
  shared_access_key_enabled = false
  allow_nested_items_to_be_public = false
  https_traffic_only_enabled = false
}
`,
      lines: [20, 11],
    },
  ],
  added: {
    text:
      TF_STORAGE.replace('"data"', '"logs"').replace('"data3"', '"logs3"').replace('min_tls_version                 = "TLS1_0"', 'min_tls_version                 = "TLS1_2"') +
      '\n' +
      TF_STORAGE,
    address: 'azurerm_storage_account.logs',
    line: 7,
    lines: [31, 32],
  },
  fixed: { text: TF_STORAGE.replace('https_traffic_only_enabled      = false', 'https_traffic_only_enabled      = true'), line: 8 },
};

for (const c of [ARM_CASE, BICEP_CASE, TF_CASE]) {
  describe(`fingerprints survive unrelated edits: ${c.name}`, () => {
    let dir: string;
    let baseline: Baseline;
    let before: ScanResult;
    beforeAll(() => {
      dir = tempTree({ [c.file]: c.original });
      before = scan({ path: dir });
      baseline = saveBaseline(before.findings);
    });

    const rescan = (text: string): ScanResult => {
      writeFiles(dir, { [c.file]: text });
      return scan({ path: dir, baseline });
    };

    it('the original has the two findings the baseline accepts', () => {
      expect(before.diagnostics).toEqual([]);
      expect(before.findings.map((f) => `${f.ruleId} ${f.subject.address} :${f.location.line}`)).toEqual([
        `IAC-STG-001 ${c.address} :${c.lines[0]}`,
        `IAC-STG-002 ${c.address} :${c.lines[1]}`,
      ]);
      expect(baseline.entries.map((e) => e.fingerprint)).toEqual(before.findings.map((f) => f.fingerprint));
      // Scanning the unchanged file again: both unchanged.
      const again = rescan(c.original);
      expect(states(again)).toEqual([`IAC-STG-001 ${c.address} :${c.lines[0]} unchanged`, `IAC-STG-002 ${c.address} :${c.lines[1]} unchanged`]);
      expect(again.baseline?.absent).toEqual([]);
    });

    for (const edit of c.edits) {
      it(`${edit.name}: the findings moved and are still unchanged`, () => {
        const result = rescan(edit.text);
        expect(result.diagnostics).toEqual([]);
        expect(states(result).sort()).toEqual(
          [`IAC-STG-001 ${c.address} :${edit.lines[0]} unchanged`, `IAC-STG-002 ${c.address} :${edit.lines[1]} unchanged`].sort(),
        );
        expect(result.findings.map((f) => f.fingerprint).sort()).toEqual(before.findings.map((f) => f.fingerprint).sort());
        expect(result.baseline?.absent).toEqual([]);
        expect(gate(result.findings, 'info').failed).toBe(false);
      });
    }

    it('another resource added before it: only its finding is new', () => {
      const result = rescan(c.added.text);
      expect(result.diagnostics).toEqual([]);
      expect(states(result)).toEqual([
        `IAC-STG-001 ${c.added.address} :${c.added.line} new`,
        `IAC-STG-001 ${c.address} :${c.added.lines[0]} unchanged`,
        `IAC-STG-002 ${c.address} :${c.added.lines[1]} unchanged`,
      ]);
      expect(result.baseline?.absent).toEqual([]);
      expect(gate(result.findings, 'high')).toMatchObject({
        failed: true,
        blocking: 1,
        message: "1 finding(s) at or above severity 'high' (0 critical, 1 high, 0 medium, 0 low, 0 info); not counted: 2 unchanged since the baseline.",
      });
    });

    it('a real fix makes its entry absent; the other finding stays unchanged', () => {
      const result = rescan(c.fixed.text);
      expect(states(result)).toEqual([`IAC-STG-002 ${c.address} :${c.fixed.line} unchanged`]);
      expect(result.baseline?.absent).toEqual([baseline.entries[0]]);
      expect(result.baseline?.absent[0]).toMatchObject({ ruleId: 'IAC-STG-001', file: c.file, line: c.lines[0], resource: c.address });
    });

    it('renaming the file is not an unrelated edit: the findings are new and the old entries absent', () => {
      fs.rmSync(path.join(dir, c.file));
      const moved = c.file.replace('infra/', 'platform/');
      writeFiles(dir, { [moved]: c.original });
      try {
        const result = scan({ path: dir, baseline });
        expect(states(result)).toEqual([`IAC-STG-001 ${c.address} :${c.lines[0]} new`, `IAC-STG-002 ${c.address} :${c.lines[1]} new`]);
        expect(result.baseline?.absent).toEqual(baseline.entries);
      } finally {
        fs.rmSync(path.join(dir, moved));
      }
    });
  });
}

describe('fingerprints: all edits at once, three formats in one scan', () => {
  it('comments, reformatting and new resources together: only the new resources are new', () => {
    const dir = tempTree({ [ARM_CASE.file]: ARM_CASE.original, [BICEP_CASE.file]: BICEP_CASE.original, [TF_CASE.file]: TF_CASE.original });
    const baseline = saveBaseline(scan({ path: dir }).findings);
    writeFiles(dir, {
      [ARM_CASE.file]: armTemplate([armAccount('data9', { tls: 'TLS1_2' }), armAccount('data1')]),
      [BICEP_CASE.file]: `// header\n${BICEP_CASE.added.text}`,
      [TF_CASE.file]: `# header\n${TF_CASE.edits[1]!.text}\n${TF_STORAGE.replace('"data"', '"logs"').replace('"data3"', '"logs3"').replace('"TLS1_0"', '"TLS1_2"')}`,
    });
    const result = scan({ path: dir, baseline });
    expect(result.findings.map((f) => `${f.ruleId} ${f.location.file} ${f.subject.address} ${f.baselineState}`).sort()).toEqual(
      [
        'IAC-STG-001 infra/storage.json Microsoft.Storage/storageAccounts[data9] new',
        'IAC-STG-001 infra/storage.json Microsoft.Storage/storageAccounts[data1] unchanged',
        'IAC-STG-002 infra/storage.json Microsoft.Storage/storageAccounts[data1] unchanged',
        'IAC-STG-001 infra/main.bicep Microsoft.Storage/storageAccounts[logs] new',
        'IAC-STG-001 infra/main.bicep Microsoft.Storage/storageAccounts[data] unchanged',
        'IAC-STG-002 infra/main.bicep Microsoft.Storage/storageAccounts[data] unchanged',
        'IAC-STG-001 infra/main.tf azurerm_storage_account.logs new',
        'IAC-STG-001 infra/main.tf azurerm_storage_account.data unchanged',
        'IAC-STG-002 infra/main.tf azurerm_storage_account.data unchanged',
      ].sort(),
    );
    expect(result.baseline?.absent).toEqual([]);
  });
});

/**
 * KNOWN WEAKNESS (reported, not fixed here: the property path comes from the rule engine, src/rules, and the
 * fingerprint from src/report/fingerprint.ts). A finding inside a list element — an NSG security rule —
 * has a property path with the element's index (`properties.securityRules[0]…`, `security_rule[0]…`), so
 * adding an unrelated entry before it changes the fingerprint: the accepted finding comes back as `new`
 * and its entry is `absent`. These tests state the wanted behaviour and are expected to fail until the
 * path names the element by something stable (its `name`).
 */
describe('fingerprints of findings in list elements (known weakness)', () => {
  const armRule = (name: string, priority: number, port: string, source: string) => ({
    name,
    properties: { priority, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: source, sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: port },
  });
  const armNsg = (rules: unknown[]) =>
    armTemplate([{ type: 'Microsoft.Network/networkSecurityGroups', apiVersion: '2023-04-01', name: 'jump-nsg', location: 'westeurope', properties: { securityRules: rules } }], 2);
  const tfRule = (name: string, priority: number, port: string, source: string) =>
    `  security_rule {\n    name                       = "${name}"\n    priority                   = ${priority}\n    direction                  = "Inbound"\n    access                     = "Allow"\n    protocol                   = "Tcp"\n    source_port_range          = "*"\n    destination_port_range     = "${port}"\n    source_address_prefix      = "${source}"\n    destination_address_prefix = "*"\n  }\n`;
  const tfNsg = (rules: string) => `resource "azurerm_network_security_group" "jump" {\n  name                = "jump-nsg"\n  location            = "westeurope"\n  resource_group_name = "rg"\n\n${rules}}\n`;

  const cases = [
    { name: 'ARM', file: 'nsg.json', before: armNsg([armRule('ssh', 100, '22', '*')]), after: armNsg([armRule('dns', 90, '53', '10.0.0.0/8'), armRule('ssh', 100, '22', '*')]) },
    { name: 'Terraform', file: 'nsg.tf', before: tfNsg(tfRule('ssh', 100, '22', '*')), after: tfNsg(tfRule('https', 90, '443', '10.0.0.0/8') + tfRule('ssh', 100, '22', '*')) },
  ];
  for (const c of cases) {
    it(`${c.name}: the SSH finding is found before and after (control)`, () => {
      const dir = tempTree({ [c.file]: c.before });
      expect(scan({ path: dir }).findings.map((f) => f.ruleId)).toEqual(['IAC-NSG-001']);
      writeFiles(dir, { [c.file]: c.after });
      expect(scan({ path: dir }).findings.map((f) => f.ruleId)).toEqual(['IAC-NSG-001']);
    });

    it(`${c.name}: an allow rule added before the SSH rule leaves its finding unchanged`, () => {
      const dir = tempTree({ [c.file]: c.before });
      const baseline = saveBaseline(scan({ path: dir }).findings);
      writeFiles(dir, { [c.file]: c.after });
      const result = scan({ path: dir, baseline });
      expect(result.findings.map((f) => `${f.ruleId} ${f.baselineState}`)).toEqual(['IAC-NSG-001 unchanged']);
      expect(result.baseline?.absent).toEqual([]);
    });
  }
});
