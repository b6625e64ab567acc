import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding';
import type { ScanResult } from '../../src/scan/result';
import { scan } from '../../src/scan/scan';

/*
 * Inline suppressions end to end: files written to a temporary folder, scanned with a fixed date. Each fixture
 * is a list of lines, some tagged (`tls`, `public`, …); a test inserts comment lines above a tagged line or
 * appends a comment to it, and asserts on the line numbers of the tagged lines in the text it produced.
 */

const TODAY = '2026-11-30';
const IAC = 'iac-scan:ignore comment';
const CHECKOV = 'checkov:skip comment';
const TRIVY = 'trivy:ignore comment';
const TFSEC = 'tfsec:ignore comment';
const KICS = 'kics-scan comment';
const METADATA = 'iac-scan metadata of the resource';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

type Format = 'arm' | 'bicep' | 'terraform';
type Line = string | [tag: string, text: string];
interface Base {
  file: string;
  lines: Line[];
}
interface Edits {
  /** Lines inserted right above the tagged line, indented like it ('' stays an empty line). */
  above?: Record<string, string[]>;
  /** Text appended to the tagged line after a space. */
  end?: Record<string, string>;
}
interface Built {
  file: string;
  text: string;
  /** The line of a tagged line in the built text. */
  line(tag: string): number;
  /** The line and column (1-based) where `snippet` starts; it must occur once. */
  at(snippet: string): { line: number; column: number };
}

function build(base: Base, edits: Edits = {}, file = base.file): Built {
  const out: string[] = [];
  const tags = new Map<string, number>();
  for (const entry of base.lines) {
    const [tag, text] = typeof entry === 'string' ? [undefined, entry] : entry;
    const indent = /^\s*/.exec(text)![0];
    if (tag) for (const extra of edits.above?.[tag] ?? []) out.push(extra === '' ? '' : indent + extra);
    if (tag) tags.set(tag, out.length + 1);
    out.push(tag && edits.end?.[tag] !== undefined ? `${text} ${edits.end[tag]}` : text);
  }
  for (const tag of [...Object.keys(edits.above ?? {}), ...Object.keys(edits.end ?? {})]) {
    if (!tags.has(tag)) throw new Error(`no line tagged ${tag} in ${base.file}`);
  }
  const text = out.join('\n') + '\n';
  return {
    file,
    text,
    line(tag) {
      const line = tags.get(tag);
      if (line === undefined) throw new Error(`no line tagged ${tag}`);
      return line;
    },
    at(snippet) {
      const i = text.indexOf(snippet);
      if (i < 0 || text.indexOf(snippet, i + 1) >= 0) throw new Error(`'${snippet}' must occur once`);
      const before = text.slice(0, i).split('\n');
      return { line: before.length, column: before.at(-1)!.length + 1 };
    },
  };
}

/** Writes the files (`text` under `file`, which may hold folders) to a new temporary folder and scans it. */
function scanFiles(...files: { file: string; text: string }[]): ScanResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-inline-'));
  temps.push(dir);
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f.file)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.file), f.text);
  }
  return scan({ path: dir, today: TODAY });
}

interface Row {
  rule: string;
  line: number;
  by: null | { source: string; justification: string; at: number; expires?: string };
}

/** The findings of one file: rule, line and what suppressed it (its source, reason and line). */
function rows(result: ScanResult, file: string): Row[] {
  return result.findings
    .filter((f) => f.location.file === file)
    .map((f) => ({
      rule: f.ruleId,
      line: f.location.line,
      by: f.suppression
        ? { source: f.suppression.source, justification: f.suppression.justification, at: f.suppression.location!.line, expires: f.suppression.expires }
        : null,
    }));
}

const active = (rule: string, line: number): Row => ({ rule, line, by: null });
const hidden = (rule: string, line: number, source: string, justification: string, at: number, expires?: string): Row => ({
  rule,
  line,
  by: { source, justification, at, expires },
});

function diagnostics(result: ScanResult) {
  return result.diagnostics.map((d) => ({ kind: d.kind, file: d.file, line: d.line, column: d.column, message: d.message }));
}

// ------------------------------------------------------------------------------------------------
// Fixtures: a storage account with exactly three findings (IAC-STG-002 on the TLS line, IAC-STG-006 on the
// public access line, IAC-STG-005 on the firewall default action line), and a network security group with
// two rules that open SSH to the Internet (IAC-NSG-001 twice, on the port lines).

const STORAGE: Record<Format, Base> = {
  arm: {
    file: 'azuredeploy.json',
    lines: [
      '{',
      '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",',
      '  "contentVersion": "1.0.0.0",',
      '  "resources": [',
      ['resource', '    {'],
      '      "type": "Microsoft.Storage/storageAccounts",',
      '      "apiVersion": "2023-05-01",',
      ['name', '      "name": "sa1",'],
      '      "location": "westeurope",',
      '      "kind": "StorageV2",',
      '      "sku": { "name": "Standard_LRS" },',
      ['properties', '      "properties": {'],
      '        "allowSharedKeyAccess": false,',
      ['tls', '        "minimumTlsVersion": "TLS1_0",'],
      ['public', '        "publicNetworkAccess": "Enabled",'],
      ['acl', '        "networkAcls": {'],
      ['default', '          "defaultAction": "Allow",'],
      '          "bypass": "AzureServices"',
      '        }',
      '      }',
      '    },',
      ['blob', '    {'],
      '      "type": "Microsoft.Storage/storageAccounts/blobServices",',
      '      "apiVersion": "2023-05-01",',
      ['blobName', '      "name": "sa1/default",'],
      '      "dependsOn": ["[resourceId(\'Microsoft.Storage/storageAccounts\', \'sa1\')]"],',
      '      "properties": {',
      ['other', '        "deleteRetentionPolicy": { "enabled": true, "days": 7 }'],
      '      }',
      '    }',
      '  ]',
      '}',
    ],
  },
  bicep: {
    file: 'main.bicep',
    lines: [
      ['resource', "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {"],
      ['name', "  name: 'sa1'"],
      "  location: 'westeurope'",
      "  kind: 'StorageV2'",
      '  sku: {',
      "    name: 'Standard_LRS'",
      '  }',
      ['properties', '  properties: {'],
      '    allowSharedKeyAccess: false',
      ['tls', "    minimumTlsVersion: 'TLS1_0'"],
      ['public', "    publicNetworkAccess: 'Enabled'"],
      ['acl', '    networkAcls: {'],
      ['default', "      defaultAction: 'Allow'"],
      "      bypass: 'AzureServices'",
      '    }',
      '  }',
      '}',
      '',
      ['blob', "resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {"],
      '  parent: sa',
      "  name: 'default'",
      '  properties: {',
      ['other', '    deleteRetentionPolicy: {'],
      '      enabled: true',
      '      days: 7',
      '    }',
      '  }',
      '}',
    ],
  },
  terraform: {
    file: 'main.tf',
    lines: [
      ['resource', 'resource "azurerm_storage_account" "sa" {'],
      ['name', '  name                            = "sa1"'],
      '  resource_group_name             = "rg"',
      '  location                        = "westeurope"',
      '  account_tier                    = "Standard"',
      '  account_replication_type        = "LRS"',
      '  allow_nested_items_to_be_public = false',
      '  shared_access_key_enabled       = false',
      ['tls', '  min_tls_version                 = "TLS1_0"'],
      ['public', '  public_network_access_enabled   = true'],
      '',
      ['acl', '  network_rules {'],
      ['default', '    default_action = "Allow"'],
      '    bypass         = ["AzureServices"]',
      '  }',
      '',
      ['blobProperties', '  blob_properties {'],
      '    delete_retention_policy {',
      '      days = 7',
      '    }',
      '  }',
      ['close', '}'],
      '',
      'resource "azurerm_resource_group" "rg" {',
      '  name     = "rg"',
      ['other', '  location = "westeurope"'],
      '}',
    ],
  },
};

const NSG: Record<Format, Base> = {
  arm: {
    file: 'nsg.json',
    lines: [
      '{',
      '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",',
      '  "contentVersion": "1.0.0.0",',
      '  "resources": [',
      ['resource', '    {'],
      '      "type": "Microsoft.Network/networkSecurityGroups",',
      '      "apiVersion": "2023-09-01",',
      ['name', '      "name": "nsg1",'],
      '      "location": "westeurope",',
      ['properties', '      "properties": {'],
      '        "securityRules": [',
      ['ruleA', '          {'],
      '            "name": "ssh-a",',
      '            "properties": {',
      '              "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",',
      '              "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "*",',
      ['portA', '              "destinationPortRange": "22"'],
      '            }',
      '          },',
      ['ruleB', '          {'],
      '            "name": "ssh-b",',
      '            "properties": {',
      '              "priority": 110, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",',
      '              "sourceAddressPrefix": "Internet", "sourcePortRange": "*", "destinationAddressPrefix": "*",',
      ['portB', '              "destinationPortRange": "22"'],
      '            }',
      '          }',
      '        ]',
      '      }',
      '    }',
      '  ]',
      '}',
    ],
  },
  bicep: {
    file: 'nsg.bicep',
    lines: [
      ['resource', "resource nsg 'Microsoft.Network/networkSecurityGroups@2023-09-01' = {"],
      "  name: 'nsg1'",
      "  location: 'westeurope'",
      '  properties: {',
      '    securityRules: [',
      ['ruleA', '      {'],
      "        name: 'ssh-a'",
      '        properties: {',
      "          priority: 100",
      "          direction: 'Inbound'",
      "          access: 'Allow'",
      "          protocol: 'Tcp'",
      "          sourceAddressPrefix: '*'",
      "          sourcePortRange: '*'",
      "          destinationAddressPrefix: '*'",
      ['portA', "          destinationPortRange: '22'"],
      '        }',
      '      }',
      ['ruleB', '      {'],
      "        name: 'ssh-b'",
      '        properties: {',
      "          priority: 110",
      "          direction: 'Inbound'",
      "          access: 'Allow'",
      "          protocol: 'Tcp'",
      "          sourceAddressPrefix: 'Internet'",
      "          sourcePortRange: '*'",
      "          destinationAddressPrefix: '*'",
      ['portB', "          destinationPortRange: '22'"],
      '        }',
      '      }',
      '    ]',
      '  }',
      '}',
    ],
  },
  terraform: {
    file: 'nsg.tf',
    lines: [
      ['resource', 'resource "azurerm_network_security_group" "nsg" {'],
      '  name                = "nsg1"',
      '  location            = "westeurope"',
      '  resource_group_name = "rg"',
      '',
      ['ruleA', '  security_rule {'],
      '    name                       = "ssh-a"',
      '    priority                   = 100',
      '    direction                  = "Inbound"',
      '    access                     = "Allow"',
      '    protocol                   = "Tcp"',
      '    source_port_range          = "*"',
      ['portA', '    destination_port_range     = "22"'],
      '    source_address_prefix      = "*"',
      '    destination_address_prefix = "*"',
      '  }',
      '',
      ['ruleB', '  security_rule {'],
      '    name                       = "ssh-b"',
      '    priority                   = 110',
      '    direction                  = "Inbound"',
      '    access                     = "Allow"',
      '    protocol                   = "Tcp"',
      '    source_port_range          = "*"',
      ['portB', '    destination_port_range     = "22"'],
      '    source_address_prefix      = "Internet"',
      '    destination_address_prefix = "*"',
      '  }',
      '}',
    ],
  },
};

/** The line-comment marker written in each format's tests (HCL also takes `//`, tested separately). */
const C: Record<Format, string> = { arm: '//', bicep: '//', terraform: '#' };
const FORMATS: Format[] = ['arm', 'bicep', 'terraform'];

/** Scans the storage fixture with the edits; returns the built file, the result and the rows of that file. */
function storage(format: Format, edits: Edits = {}) {
  const built = build(STORAGE[format], edits);
  const result = scanFiles(built);
  return { f: built, result, rows: rows(result, built.file) };
}

function nsg(format: Format, edits: Edits = {}) {
  const built = build(NSG[format], edits);
  const result = scanFiles(built);
  return { f: built, result, rows: rows(result, built.file) };
}

describe('fixtures', () => {
  it.each(FORMATS)('%s: without comments, the storage account has exactly its three findings, none suppressed', (format) => {
    const { f, result, rows } = storage(format);
    expect(rows).toEqual([active('IAC-STG-002', f.line('tls')), active('IAC-STG-006', f.line('public')), active('IAC-STG-005', f.line('default'))]);
    expect(result.findings.length).toBe(3);
    expect(diagnostics(result)).toEqual([]);
  });

  it.each(FORMATS)('%s: without comments, the network security group has two SSH findings', (format) => {
    const { f, result, rows } = nsg(format);
    expect(rows).toEqual([active('IAC-NSG-001', f.line('portA')), active('IAC-NSG-001', f.line('portB'))]);
    expect(diagnostics(result)).toEqual([]);
  });
});

describe.each(FORMATS)('%s: iac-scan:ignore', (format) => {
  const c = C[format];

  it('on the line above the finding: suppresses that finding only; it stays in the findings, marked', () => {
    const comment = `${c} iac-scan:ignore IAC-STG-002 legacy clients still need TLS 1.0`;
    const { f, result, rows } = storage(format, { above: { tls: [comment] } });
    expect(rows).toEqual([
      hidden('IAC-STG-002', f.line('tls'), IAC, 'legacy clients still need TLS 1.0', f.line('tls') - 1),
      active('IAC-STG-006', f.line('public')),
      active('IAC-STG-005', f.line('default')),
    ]);
    const at = f.at(comment);
    expect(result.findings.find((x) => x.ruleId === 'IAC-STG-002')!.suppression).toEqual({
      kind: 'inSource',
      justification: 'legacy clients still need TLS 1.0',
      source: IAC,
      location: { file: f.file, line: at.line, column: at.column, endLine: at.line, endColumn: at.column + comment.length },
      expires: undefined,
    });
    expect(diagnostics(result)).toEqual([]);
  });

  it('stacked above the finding with other comments: still applies', () => {
    const { f, rows } = storage(format, {
      above: { tls: [`${c} iac-scan:ignore IAC-STG-002 first of the stack`, `${c} a plain note`, `${c} iac-scan:ignore IAC-STG-005 wrong line for this one`] },
    });
    expect(rows).toEqual([
      hidden('IAC-STG-002', f.line('tls'), IAC, 'first of the stack', f.line('tls') - 3),
      active('IAC-STG-006', f.line('public')),
      active('IAC-STG-005', f.line('default')),
    ]);
  });

  it('separated from the finding by a blank line: does not apply', () => {
    const { f, result, rows } = storage(format, { above: { tls: [`${c} iac-scan:ignore IAC-STG-002 too far away`, ''] } });
    expect(rows).toEqual([active('IAC-STG-002', f.line('tls')), active('IAC-STG-006', f.line('public')), active('IAC-STG-005', f.line('default'))]);
    expect(diagnostics(result)).toEqual([]);
  });

  it('at the end of the offending line: suppresses it, and not the finding on the next line', () => {
    const { f, rows } = storage(format, {
      end: { tls: `${c} iac-scan:ignore IAC-STG-002,IAC-STG-006 end of line` },
    });
    expect(f.line('public')).toBe(f.line('tls') + 1);
    expect(rows).toEqual([
      hidden('IAC-STG-002', f.line('tls'), IAC, 'end of line', f.line('tls')),
      active('IAC-STG-006', f.line('public')),
      active('IAC-STG-005', f.line('default')),
    ]);
  });

  it('as a /* */ comment at the end of the offending line', () => {
    const { f, rows } = storage(format, { end: { default: '/* iac-scan:ignore IAC-STG-005 firewall rules come from Azure Policy */' } });
    expect(rows).toEqual([
      active('IAC-STG-002', f.line('tls')),
      active('IAC-STG-006', f.line('public')),
      hidden('IAC-STG-005', f.line('default'), IAC, 'firewall rules come from Azure Policy', f.line('default')),
    ]);
  });

  it('above the resource: covers every finding of the named rules in the resource', () => {
    const { f, rows } = storage(format, { above: { resource: [`${c} iac-scan:ignore IAC-STG-002, IAC-STG-005 accepted for the whole account`] } });
    expect(rows).toEqual([
      hidden('IAC-STG-002', f.line('tls'), IAC, 'accepted for the whole account', f.line('resource') - 1),
      active('IAC-STG-006', f.line('public')),
      hidden('IAC-STG-005', f.line('default'), IAC, 'accepted for the whole account', f.line('resource') - 1),
    ]);
  });

  it('at the end of the resource header line: covers the whole resource', () => {
    const { f, rows } = storage(format, { end: { resource: `${c} iac-scan:ignore IAC-STG-006 reached through a CDN` } });
    expect(rows).toEqual([
      active('IAC-STG-002', f.line('tls')),
      hidden('IAC-STG-006', f.line('public'), IAC, 'reached through a CDN', f.line('resource')),
      active('IAC-STG-005', f.line('default')),
    ]);
  });

  it('above the resource: covers both findings of a rule that checks each item of a list', () => {
    const { f, result, rows } = nsg(format, { above: { resource: [`${c} iac-scan:ignore IAC-NSG-001 jump host, SSH by design`] } });
    expect(rows).toEqual([
      hidden('IAC-NSG-001', f.line('portA'), IAC, 'jump host, SSH by design', f.line('resource') - 1),
      hidden('IAC-NSG-001', f.line('portB'), IAC, 'jump host, SSH by design', f.line('resource') - 1),
    ]);
    expect(diagnostics(result)).toEqual([]);
  });

  it('above a nested block (not the resource): covers only a finding on the block’s first line', () => {
    const { f, result, rows } = storage(format, { above: { acl: [`${c} iac-scan:ignore IAC-STG-005 firewall`] } });
    expect(rows).toEqual([active('IAC-STG-002', f.line('tls')), active('IAC-STG-006', f.line('public')), active('IAC-STG-005', f.line('default'))]);
    expect(diagnostics(result)).toEqual([]);
  });

  it('above one item: covers the finding of that item only', () => {
    const { f, rows } = nsg(format, { above: { portA: [`${c} iac-scan:ignore IAC-NSG-001 only this one`] } });
    expect(rows).toEqual([hidden('IAC-NSG-001', f.line('portA'), IAC, 'only this one', f.line('portA') - 1), active('IAC-NSG-001', f.line('portB'))]);
  });

  it('for the wrong rule: does nothing, and is not reported', () => {
    const { f, result, rows } = storage(format, {
      above: { tls: [`${c} iac-scan:ignore IAC-STG-006 meant for the TLS finding`] },
      end: { default: `${c} iac-scan:ignore IAC-STG-002 wrong rule again` },
    });
    expect(rows).toEqual([active('IAC-STG-002', f.line('tls')), active('IAC-STG-006', f.line('public')), active('IAC-STG-005', f.line('default'))]);
    expect(diagnostics(result)).toEqual([]);
  });

  it('without a rule id or without a reason: reported with file and line, suppresses nothing', () => {
    const { f, result, rows } = storage(format, {
      above: { tls: [`${c} iac-scan:ignore`], public: [`${c} iac-scan:ignore IAC-STG-006`] },
      end: { default: `${c} iac-scan:ignore because the firewall is managed elsewhere` },
    });
    expect(rows).toEqual([active('IAC-STG-002', f.line('tls')), active('IAC-STG-006', f.line('public')), active('IAC-STG-005', f.line('default'))]);
    expect(diagnostics(result)).toEqual([
      {
        kind: 'suppression',
        file: f.file,
        line: f.line('tls') - 1,
        column: f.at(`${c} iac-scan:ignore\n`).column,
        message: "'iac-scan:ignore' must be followed by the id of the rule to suppress. Write it as 'iac-scan:ignore RULE-ID[,RULE-ID…] [exp:YYYY-MM-DD] reason'.",
      },
      {
        kind: 'suppression',
        file: f.file,
        line: f.line('public') - 1,
        column: f.at(`${c} iac-scan:ignore IAC-STG-006`).column,
        message: "'iac-scan:ignore IAC-STG-006' has no reason, so it does not suppress anything. Say why the finding is accepted after the rule id.",
      },
      {
        kind: 'suppression',
        file: f.file,
        line: f.line('default'),
        column: f.at(`${c} iac-scan:ignore because`).column,
        message: "'iac-scan:ignore' names 'BECAUSE', which is not a loaded rule; it suppresses nothing. Check the rule id.",
      },
    ]);
    expect(result.diagnostics.map((d) => d.severity)).toEqual(['warning', 'warning', 'warning']);
  });

  it('for an unknown rule id: reported, suppresses nothing', () => {
    const { f, result, rows } = storage(format, { above: { tls: [`${c} iac-scan:ignore IAC-STG-02 typo`] } });
    expect(rows).toEqual([active('IAC-STG-002', f.line('tls')), active('IAC-STG-006', f.line('public')), active('IAC-STG-005', f.line('default'))]);
    expect(diagnostics(result)).toEqual([
      {
        kind: 'suppression',
        file: f.file,
        line: f.line('tls') - 1,
        column: f.at(`${c} iac-scan:ignore IAC-STG-02 typo`).column,
        message: "'iac-scan:ignore' names 'IAC-STG-02', which is not a loaded rule; it suppresses nothing. Check the rule id.",
      },
    ]);
  });

  it('with exp: applies up to and including the day, reports and ignores an expired one', () => {
    const { f, result, rows } = storage(format, {
      above: {
        tls: [`${c} iac-scan:ignore IAC-STG-002 exp:2026-11-29 expired yesterday`],
        public: [`${c} iac-scan:ignore IAC-STG-006 exp:2026-11-30 last day today`],
        default: [`${c} iac-scan:ignore IAC-STG-005 exp:2027-01-31 until the policy lands`],
      },
    });
    expect(rows).toEqual([
      active('IAC-STG-002', f.line('tls')),
      hidden('IAC-STG-006', f.line('public'), IAC, 'last day today', f.line('public') - 1, '2026-11-30'),
      hidden('IAC-STG-005', f.line('default'), IAC, 'until the policy lands', f.line('default') - 1, '2027-01-31'),
    ]);
    expect(diagnostics(result)).toEqual([
      {
        kind: 'suppression',
        file: f.file,
        line: f.line('tls') - 1,
        column: f.at(`${c} iac-scan:ignore IAC-STG-002 exp`).column,
        message: 'The suppression for IAC-STG-002 expired on 2026-11-29, so it no longer suppresses anything. Fix the finding, or renew the date with a reason.',
      },
    ]);
  });

  it('with an invalid exp date: reported, suppresses nothing', () => {
    const { f, result, rows } = storage(format, { above: { tls: [`${c} iac-scan:ignore IAC-STG-002 exp:2026-02-30 no such day`] } });
    expect(rows[0]).toEqual(active('IAC-STG-002', f.line('tls')));
    expect(diagnostics(result).map((d) => [d.line, d.message])).toEqual([
      [f.line('tls') - 1, "'exp:2026-02-30' is not a date: use exp:YYYY-MM-DD. Write it as 'iac-scan:ignore RULE-ID[,RULE-ID…] [exp:YYYY-MM-DD] reason'."],
    ]);
  });
});

describe.each(FORMATS)('%s: peer tools', (format) => {
  const c = C[format];

  it('checkov:skip with the peer id, inside the resource away from the finding, covers the resource', () => {
    const { f, result, rows } = storage(format, { above: { acl: [`${c} checkov:skip=CKV_AZURE_59:Public endpoint needed for the CDN`] } });
    expect(rows).toEqual([
      active('IAC-STG-002', f.line('tls')),
      hidden('IAC-STG-006', f.line('public'), CHECKOV, 'Public endpoint needed for the CDN', f.line('acl') - 1),
      active('IAC-STG-005', f.line('default')),
    ]);
    expect(diagnostics(result)).toEqual([]);
  });

  it('checkov:skip above the resource covers it; without a reason the justification says so', () => {
    const { f, rows } = storage(format, { above: { resource: [`${c} checkov:skip=CKV_AZURE_44`] } });
    expect(rows).toEqual([
      hidden('IAC-STG-002', f.line('tls'), CHECKOV, 'no reason given in the checkov:skip comment', f.line('resource') - 1),
      active('IAC-STG-006', f.line('public')),
      active('IAC-STG-005', f.line('default')),
    ]);
  });

  it('checkov:skip in another resource, or for an id no rule has as a peer, does nothing', () => {
    const { f, result, rows } = storage(format, {
      above: { other: [`${c} checkov:skip=CKV_AZURE_59:in the wrong resource`], tls: [`${c} checkov:skip=CKV_AZURE_999:unknown id`] },
    });
    expect(rows).toEqual([active('IAC-STG-002', f.line('tls')), active('IAC-STG-006', f.line('public')), active('IAC-STG-005', f.line('default'))]);
    expect(diagnostics(result)).toEqual([]);
  });

  it('checkov:skip inside a resource covers every finding of a rule that checks each item', () => {
    const { f, rows } = nsg(format, { above: { ruleB: [`${c} checkov:skip=CKV_AZURE_10:bastion subnet`] } });
    expect(rows).toEqual([
      hidden('IAC-NSG-001', f.line('portA'), CHECKOV, 'bastion subnet', f.line('ruleB') - 1),
      hidden('IAC-NSG-001', f.line('portB'), CHECKOV, 'bastion subnet', f.line('ruleB') - 1),
    ]);
  });

  it('trivy:ignore and tfsec:ignore with the rule’s AVD id, with and without a reason and expiry date', () => {
    const { f, result, rows } = storage(format, {
      above: { tls: [`${c} trivy:ignore:AVD-AZU-0011`] },
      end: { default: `${c} tfsec:ignore:AVD-AZU-0012:exp:2026-12-31 firewall rules come from policy` },
    });
    expect(rows).toEqual([
      hidden('IAC-STG-002', f.line('tls'), TRIVY, 'no reason given in the trivy:ignore comment', f.line('tls') - 1),
      active('IAC-STG-006', f.line('public')),
      hidden('IAC-STG-005', f.line('default'), TFSEC, 'firewall rules come from policy', f.line('default'), '2026-12-31'),
    ]);
    expect(diagnostics(result)).toEqual([]);
  });

  it('trivy:ignore with another rule’s AVD id does nothing; an expired one is reported', () => {
    const { f, result, rows } = storage(format, {
      above: { tls: [`${c} trivy:ignore:AVD-AZU-0012 not the TLS check`], default: [`${c} trivy:ignore:AVD-AZU-0012:exp:2026-11-01`] },
    });
    expect(rows).toEqual([active('IAC-STG-002', f.line('tls')), active('IAC-STG-006', f.line('public')), active('IAC-STG-005', f.line('default'))]);
    expect(diagnostics(result)).toEqual([
      {
        kind: 'suppression',
        file: f.file,
        line: f.line('default') - 1,
        column: f.at(`${c} trivy:ignore:AVD-AZU-0012:exp`).column,
        message: 'The suppression trivy:ignore:AVD-AZU-0012 expired on 2026-11-01, so it no longer suppresses anything. Fix the finding, or renew the date with a reason.',
      },
    ]);
  });

  it('kics-scan ignore-line right above the line covers that line only', () => {
    const { f, rows } = storage(format, { above: { tls: [`${c} kics-scan ignore-line`] } });
    expect(rows).toEqual([
      hidden('IAC-STG-002', f.line('tls'), KICS, 'no reason given in the kics-scan comment', f.line('tls') - 1),
      active('IAC-STG-006', f.line('public')),
      active('IAC-STG-005', f.line('default')),
    ]);
  });

  it('kics-scan ignore-block above a nested block covers the findings inside it only', () => {
    const { f, rows } = storage(format, { above: { acl: [`${c} kics-scan ignore-block firewall managed centrally`] } });
    expect(rows).toEqual([
      active('IAC-STG-002', f.line('tls')),
      active('IAC-STG-006', f.line('public')),
      hidden('IAC-STG-005', f.line('default'), KICS, 'firewall managed centrally', f.line('acl') - 1),
    ]);
  });

  it('kics-scan ignore-block above the resource covers all of it', () => {
    const { f, rows } = storage(format, { above: { resource: [`${c} kics-scan ignore-block`] } });
    const by = f.line('resource') - 1;
    const why = 'no reason given in the kics-scan comment';
    expect(rows).toEqual([hidden('IAC-STG-002', f.line('tls'), KICS, why, by), hidden('IAC-STG-006', f.line('public'), KICS, why, by), hidden('IAC-STG-005', f.line('default'), KICS, why, by)]);
  });

  it('kics-scan ignore-block above one item of a list covers that item only', () => {
    const { f, rows } = nsg(format, { above: { ruleA: [`${c} kics-scan ignore-block`] } });
    expect(rows).toEqual([
      hidden('IAC-NSG-001', f.line('portA'), KICS, 'no reason given in the kics-scan comment', f.line('ruleA') - 1),
      active('IAC-NSG-001', f.line('portB')),
    ]);
  });
});

describe('ARM: resource metadata and the name line', () => {
  const metadata = (ignore: string) => build(STORAGE.arm, { above: { properties: [`"metadata": { "iac-scan": { "ignore": ${ignore} } },`] } });

  it('a metadata ignore entry suppresses the rule in the resource, located at its reason', () => {
    const f = metadata('{ "IAC-STG-006": "reached through Front Door only", "iac-stg-005": "firewall from policy" }');
    const result = scanFiles(f);
    expect(rows(result, f.file)).toEqual([
      active('IAC-STG-002', f.line('tls')),
      hidden('IAC-STG-006', f.line('public'), METADATA, 'reached through Front Door only', f.line('properties') - 1),
      hidden('IAC-STG-005', f.line('default'), METADATA, 'firewall from policy', f.line('properties') - 1),
    ]);
    const at = f.at('"reached through Front Door only"');
    expect(result.findings.find((x) => x.ruleId === 'IAC-STG-006')!.suppression).toEqual({
      kind: 'inSource',
      justification: 'reached through Front Door only',
      source: METADATA,
      location: { file: f.file, line: at.line, column: at.column, endLine: at.line, endColumn: at.column + '"reached through Front Door only"'.length },
    });
    expect(diagnostics(result)).toEqual([]);
  });

  it('a metadata entry without a reason, or for an unknown rule, is reported and suppresses nothing', () => {
    const f = metadata('{ "IAC-STG-006": "  ", "IAC-STG-002": false, "IAC-NOPE-001": "why" }');
    const result = scanFiles(f);
    expect(rows(result, f.file)).toEqual([active('IAC-STG-002', f.line('tls')), active('IAC-STG-006', f.line('public')), active('IAC-STG-005', f.line('default'))]);
    const line = f.line('properties') - 1;
    expect(diagnostics(result)).toEqual([
      {
        kind: 'suppression',
        file: f.file,
        line,
        column: f.at('"  "').column,
        message: "The metadata suppression of 'IAC-STG-006' has no reason, so it does not suppress anything. Give the reason as the value.",
      },
      {
        kind: 'suppression',
        file: f.file,
        line,
        column: f.at('false, "IAC-NOPE').column,
        message: "The metadata suppression of 'IAC-STG-002' has no reason, so it does not suppress anything. Give the reason as the value.",
      },
      {
        kind: 'suppression',
        file: f.file,
        line,
        column: f.at('"why"').column,
        message: "The metadata suppression names 'IAC-NOPE-001', which is not a loaded rule; it suppresses nothing. Check the rule id.",
      },
    ]);
  });

  it('bad metadata is reported on a resource that has no findings too', () => {
    const f = build(STORAGE.arm, { above: { blobName: ['"metadata": { "iac-scan": { "ignore": { "IAC-STG-09": "typo" } } },'] } });
    const result = scanFiles(f);
    expect(rows(result, f.file)).toEqual([active('IAC-STG-002', f.line('tls')), active('IAC-STG-006', f.line('public')), active('IAC-STG-005', f.line('default'))]);
    expect(diagnostics(result)).toEqual([
      {
        kind: 'suppression',
        file: f.file,
        line: f.line('blobName') - 1,
        column: f.at('"typo"').column,
        message: "The metadata suppression names 'IAC-STG-09', which is not a loaded rule; it suppresses nothing. Check the rule id.",
      },
    ]);
  });

  it('an ignore that is not an object is reported', () => {
    const f = metadata('["IAC-STG-006"]');
    const result = scanFiles(f);
    expect(rows(result, f.file).map((r) => r.by)).toEqual([null, null, null]);
    expect(diagnostics(result)).toEqual([
      {
        kind: 'suppression',
        file: f.file,
        line: f.line('properties') - 1,
        column: f.at('["IAC-STG-006"]').column,
        message: '"metadata": { "iac-scan": { "ignore": … } } must be an object of rule id → reason, e.g. { "IAC-STG-006": "why it is accepted" }; it is not applied.',
      },
    ]);
  });

  it('metadata covers every finding of a rule that checks each item of a list', () => {
    const f = build(NSG.arm, { above: { properties: ['"metadata": { "iac-scan": { "ignore": { "IAC-NSG-001": "jump host" } } },'] } });
    const result = scanFiles(f);
    const at = f.line('properties') - 1;
    expect(rows(result, f.file)).toEqual([hidden('IAC-NSG-001', f.line('portA'), METADATA, 'jump host', at), hidden('IAC-NSG-001', f.line('portB'), METADATA, 'jump host', at)]);
  });

  it('a comment above, or at the end of, the "name" line covers the whole resource', () => {
    const { f, rows: r } = storage('arm', {
      above: { name: ['// iac-scan:ignore IAC-STG-002 above the name'] },
      end: { name: '// iac-scan:ignore IAC-STG-005 after the name' },
    });
    expect(r).toEqual([
      hidden('IAC-STG-002', f.line('tls'), IAC, 'above the name', f.line('name') - 1),
      active('IAC-STG-006', f.line('public')),
      hidden('IAC-STG-005', f.line('default'), IAC, 'after the name', f.line('name')),
    ]);
  });

  it('a comment above the next resource does not cover the previous one', () => {
    const { f, rows: r } = storage('arm', { above: { blob: ['// iac-scan:ignore IAC-STG-002 meant for the blob service'] } });
    expect(r).toEqual([active('IAC-STG-002', f.line('tls')), active('IAC-STG-006', f.line('public')), active('IAC-STG-005', f.line('default'))]);
  });
});

describe('Terraform specifics', () => {
  it('reads // and multi-line /* */ comments as well as #', () => {
    const { f, rows: r } = storage('terraform', {
      above: { tls: ['// iac-scan:ignore IAC-STG-002 slash comment'], default: ['/*', '  iac-scan:ignore IAC-STG-005 the firewall', '  is managed by Azure Policy', '*/'] },
    });
    expect(r).toEqual([
      hidden('IAC-STG-002', f.line('tls'), IAC, 'slash comment', f.line('tls') - 1),
      active('IAC-STG-006', f.line('public')),
      hidden('IAC-STG-005', f.line('default'), IAC, 'the firewall is managed by Azure Policy', f.line('default') - 4),
    ]);
  });

  it('checkov:skip at the very end of the resource still covers it', () => {
    const { f, rows: r } = storage('terraform', { above: { close: ['#checkov:skip=CKV_AZURE_35:firewall from policy'] } });
    expect(r).toEqual([
      active('IAC-STG-002', f.line('tls')),
      active('IAC-STG-006', f.line('public')),
      hidden('IAC-STG-005', f.line('default'), CHECKOV, 'firewall from policy', f.line('close') - 1),
    ]);
  });

  it('markers inside a string, a template or a heredoc suppress nothing and are not reported', () => {
    const { f, result, rows: r } = storage('terraform', {
      above: {
        tls: [
          'tags = {',
          '  a = "iac-scan:ignore IAC-STG-002 x"',
          '  b = "${var.x} # iac-scan:ignore IAC-STG-002 y"',
          '  c = <<EOT',
          '# iac-scan:ignore IAC-STG-002 heredoc',
          '# iac-scan:ignore',
          'EOT',
          '}',
        ],
      },
    });
    expect(r).toEqual([active('IAC-STG-002', f.line('tls')), active('IAC-STG-006', f.line('public')), active('IAC-STG-005', f.line('default'))]);
    expect(diagnostics(result)).toEqual([]);
  });

  it('a CRLF file: lines are counted as usual', () => {
    const f = build(STORAGE.terraform, { above: { tls: ['# iac-scan:ignore IAC-STG-002 windows line ends'] }, end: { public: '# iac-scan:ignore IAC-STG-006 also' } });
    const result = scanFiles({ file: f.file, text: f.text.replaceAll('\n', '\r\n') });
    expect(rows(result, f.file)).toEqual([
      hidden('IAC-STG-002', f.line('tls'), IAC, 'windows line ends', f.line('tls') - 1),
      hidden('IAC-STG-006', f.line('public'), IAC, 'also', f.line('public')),
      active('IAC-STG-005', f.line('default')),
    ]);
  });

  it('a comment in another file of the module does not suppress findings of main.tf', () => {
    const main = build(STORAGE.terraform);
    const vars = { file: 'variables.tf', text: ['# iac-scan:ignore IAC-STG-002 in the wrong file', 'variable "x" {', '  default = "y"', '}', ''].join('\n') };
    const result = scanFiles(main, vars);
    expect(rows(result, main.file)).toEqual([active('IAC-STG-002', main.line('tls')), active('IAC-STG-006', main.line('public')), active('IAC-STG-005', main.line('default'))]);
    expect(diagnostics(result)).toEqual([]);
  });
});

describe('Bicep specifics', () => {
  it('reads a multi-line /* */ comment above the resource', () => {
    const { f, rows: r } = storage('bicep', { above: { resource: ['/*', ' * iac-scan:ignore IAC-STG-006 exp:2027-06-30', ' * reached through Front Door only', ' */'] } });
    expect(r).toEqual([
      active('IAC-STG-002', f.line('tls')),
      hidden('IAC-STG-006', f.line('public'), IAC, 'reached through Front Door only', f.line('resource') - 4, '2027-06-30'),
      active('IAC-STG-005', f.line('default')),
    ]);
  });

  it('markers inside strings suppress nothing', () => {
    const { f, result, rows: r } = storage('bicep', {
      above: { tls: ["tags: {", "  a: '// iac-scan:ignore IAC-STG-002 in a string'", "  b: '''", '// iac-scan:ignore IAC-STG-002 in a multi-line string', "'''", '}'] },
    });
    expect(r).toEqual([active('IAC-STG-002', f.line('tls')), active('IAC-STG-006', f.line('public')), active('IAC-STG-005', f.line('default'))]);
    expect(diagnostics(result)).toEqual([]);
  });
});

describe('suppressed findings are kept', () => {
  it.each(FORMATS)('%s: the same findings, with the same fingerprints, whether suppressed or not', (format) => {
    const plain = storage(format).result.findings;
    const suppressed = storage(format, { above: { resource: [`${C[format]} iac-scan:ignore IAC-STG-002,IAC-STG-005,IAC-STG-006 all accepted`] } }).result.findings;
    const key = (x: Finding) => [x.ruleId, x.fingerprint, x.message];
    expect(suppressed.map(key)).toEqual(plain.map(key));
    // One comment line more above the resource: every finding one line lower.
    expect(suppressed.map((x) => x.location.line)).toEqual(plain.map((x) => x.location.line + 1));
    expect(plain.map((x) => x.suppression)).toEqual([undefined, undefined, undefined]);
    expect(suppressed.map((x) => x.suppression?.justification)).toEqual(['all accepted', 'all accepted', 'all accepted']);
  });

  it('a comment in one file does not suppress the same finding in another file', () => {
    const commented = build(STORAGE.arm, { above: { tls: ['// iac-scan:ignore IAC-STG-002 only here'] } }, 'a/azuredeploy.json');
    const plain = build(STORAGE.arm, {}, 'b/azuredeploy.json');
    const result = scanFiles(commented, plain);
    expect(result.findings.filter((x) => x.ruleId === 'IAC-STG-002').map((x) => [x.location.file, x.location.line, x.suppression?.location?.file ?? null])).toEqual([
      ['a/azuredeploy.json', commented.line('tls'), 'a/azuredeploy.json'],
      ['b/azuredeploy.json', plain.line('tls'), null],
    ]);
  });
});
