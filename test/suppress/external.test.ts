import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/configFile';
import { gate } from '../../src/gate/gate';
import type { Diagnostic } from '../../src/model/diagnostic';
import { isActive } from '../../src/model/finding';
import { toJson } from '../../src/report/json';
import { toText } from '../../src/report/text';
import { scan } from '../../src/scan/scan';
import { suppressExternal } from '../../src/suppress/external';
import { ARM_STORAGE, tempTree, THREE_FORMATS, where } from './fixtures';

const TODAY = '2026-11-30';

/** Scans the three formats with this `.iac-scan.yml` (suppressions only), today being 2026-11-30. */
function scanWith(config: string, files: Record<string, string> = THREE_FORMATS) {
  const dir = tempTree({ ...files, '.iac-scan.yml': config });
  return scan({ path: dir, config: loadConfigFile(path.join(dir, '.iac-scan.yml')), today: TODAY });
}

/** `rule file:line` of the suppressed findings, with their suppression. */
function suppressed(result: ReturnType<typeof scan>) {
  return result.findings.filter((f) => f.suppression).map((f) => ({ at: `${f.ruleId} ${f.location.file}:${f.location.line}`, suppression: f.suppression }));
}

function suppressionDiagnostic(line: number, message: string, file = '.iac-scan.yml'): Diagnostic {
  return { kind: 'suppression', severity: 'warning', file, line, column: 1, endLine: line, endColumn: 1, message };
}

const ALL = [
  'IAC-STG-001 arm/storage.json:9',
  'IAC-STG-002 arm/storage.json:10',
  'IAC-STG-001 bicep/main.bicep:9',
  'IAC-STG-002 bicep/main.bicep:10',
  'IAC-STG-001 tf/main.tf:7',
  'IAC-STG-002 tf/main.tf:8',
];

describe('suppressions of the configuration file', () => {
  it('a rule and a path glob suppress that rule in the matching files only', () => {
    const result = scanWith('suppressions:\n  - rule: IAC-STG-001\n    path: "arm/**"\n    reason: Legacy clients need HTTP until March.\n');
    expect(where(result.findings)).toEqual(ALL);
    expect(suppressed(result)).toEqual([
      {
        at: 'IAC-STG-001 arm/storage.json:9',
        suppression: { kind: 'external', justification: 'Legacy clients need HTTP until March.', source: '.iac-scan.yml:2 suppressions[0]', expires: undefined },
      },
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('the rule id is matched case-insensitively; a glob can cover several formats', () => {
    const result = scanWith('suppressions:\n  - { rule: iac-stg-002, path: "{bicep,tf}/*", reason: Accepted }\n');
    expect(suppressed(result).map((s) => s.at)).toEqual(['IAC-STG-002 bicep/main.bicep:10', 'IAC-STG-002 tf/main.tf:8']);
  });

  it('the path is relative to the scan root (a leading ./ is allowed)', () => {
    const result = scanWith('suppressions:\n  - { rule: IAC-STG-002, path: ./tf/main.tf, reason: Accepted }\n');
    expect(suppressed(result).map((s) => s.at)).toEqual(['IAC-STG-002 tf/main.tf:8']);
  });

  it('a resource filter by name (case-insensitive)', () => {
    const result = scanWith(
      'suppressions:\n  - { rule: IAC-STG-001, path: "**", resource: DATA2, reason: Bicep account is internal }\n',
    );
    expect(suppressed(result)).toEqual([
      {
        at: 'IAC-STG-001 bicep/main.bicep:9',
        suppression: { kind: 'external', justification: 'Bicep account is internal', source: '.iac-scan.yml:2 suppressions[0]', expires: undefined },
      },
    ]);
  });

  it('a resource filter by address (ARM/Bicep and Terraform)', () => {
    const config = [
      'suppressions:',
      '  - rule: IAC-STG-002',
      '    path: "**/*.bicep"',
      '    resource: "Microsoft.Storage/storageAccounts[data]"',
      '    reason: Symbolic name of the Bicep account',
      '  - rule: IAC-STG-002',
      '    path: "tf/**"',
      '    resource: azurerm_storage_account.data',
      '    reason: Terraform address',
      '',
    ].join('\n');
    const result = scanWith(config);
    expect(suppressed(result)).toEqual([
      {
        at: 'IAC-STG-002 bicep/main.bicep:10',
        suppression: { kind: 'external', justification: 'Symbolic name of the Bicep account', source: '.iac-scan.yml:2 suppressions[0]', expires: undefined },
      },
      {
        at: 'IAC-STG-002 tf/main.tf:8',
        suppression: { kind: 'external', justification: 'Terraform address', source: '.iac-scan.yml:6 suppressions[1]', expires: undefined },
      },
    ]);
  });

  it('a resource that does not match suppresses nothing', () => {
    const result = scanWith('suppressions:\n  - { rule: IAC-STG-001, path: "**", resource: otheraccount, reason: Not this one }\n');
    expect(suppressed(result)).toEqual([]);
    expect(result.diagnostics).toEqual([]);
  });

  it('another rule, or a path that does not match, suppresses nothing', () => {
    const config = [
      'suppressions:',
      '  - { rule: IAC-STG-003, path: "**", reason: A loaded rule without findings here }',
      '  - { rule: IAC-STG-001, path: "arm/*.bicep", reason: Wrong extension }',
      '  - { rule: IAC-STG-001, path: "storage.json", reason: Not at the root }',
      '  - { rule: IAC-STG-001, path: "tf", reason: The folder itself is not its files }',
      '',
    ].join('\n');
    const result = scanWith(config);
    expect(where(result.findings)).toEqual(ALL);
    expect(suppressed(result)).toEqual([]);
    expect(result.diagnostics).toEqual([]);
  });

  it('the first matching entry is the one recorded', () => {
    const config = [
      'suppressions:',
      '  - { rule: IAC-STG-001, path: "arm/**", reason: First }',
      '  - { rule: IAC-STG-001, path: "**", reason: Second }',
      '',
    ].join('\n');
    const result = scanWith(config);
    expect(suppressed(result).map((s) => [s.at, s.suppression?.justification, s.suppression?.source])).toEqual([
      ['IAC-STG-001 arm/storage.json:9', 'First', '.iac-scan.yml:2 suppressions[0]'],
      ['IAC-STG-001 bicep/main.bicep:9', 'Second', '.iac-scan.yml:3 suppressions[1]'],
      ['IAC-STG-001 tf/main.tf:7', 'Second', '.iac-scan.yml:3 suppressions[1]'],
    ]);
  });
});

describe('expiry dates', () => {
  const entry = (expires: string) =>
    `# Accepted risks\nsuppressions:\n  - rule: IAC-STG-001\n    path: "arm/**"\n    reason: Until the migration\n    expires: ${expires}\n`;

  it('an expired entry suppresses nothing and is reported at its line', () => {
    const result = scanWith(entry('2026-11-29'));
    expect(suppressed(result)).toEqual([]);
    expect(result.diagnostics).toEqual([
      suppressionDiagnostic(
        3,
        'The suppression suppressions[0] (IAC-STG-001 in arm/**) expired on 2026-11-29, so it no longer suppresses anything: its findings count again. Fix them, or renew the date with a reason.',
      ),
    ]);
    expect(gate(result.findings, 'high').blocking).toBe(6);
  });

  it('an entry suppresses up to and including its expiry day', () => {
    const result = scanWith(entry('2026-11-30'));
    expect(suppressed(result)).toEqual([
      {
        at: 'IAC-STG-001 arm/storage.json:9',
        suppression: { kind: 'external', justification: 'Until the migration', source: '.iac-scan.yml:3 suppressions[0]', expires: '2026-11-30' },
      },
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('a future date suppresses and is recorded', () => {
    const result = scanWith(entry('2027-06-30'));
    expect(suppressed(result).map((s) => s.suppression?.expires)).toEqual(['2027-06-30']);
  });

  it('without a fixed day, today (UTC) is used', () => {
    const dir = tempTree({ ...THREE_FORMATS, '.iac-scan.yml': entry('2000-01-01') });
    const result = scan({ path: dir, config: loadConfigFile(path.join(dir, '.iac-scan.yml')) });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'The suppression suppressions[0] (IAC-STG-001 in arm/**) expired on 2000-01-01, so it no longer suppresses anything: its findings count again. Fix them, or renew the date with a reason.',
    ]);
  });
});

describe('entries for rules that are not loaded', () => {
  it('an unknown rule is reported at its line, with the resource', () => {
    const config = 'suppressions:\n  - { rule: IAC-STG-001, path: "arm/**", reason: ok }\n  - { rule: IAC-NOPE-001, path: "arm/**", resource: data1, reason: Typo }\n';
    const result = scanWith(config);
    expect(suppressed(result).map((s) => s.at)).toEqual(['IAC-STG-001 arm/storage.json:9']);
    expect(result.diagnostics).toEqual([
      suppressionDiagnostic(
        3,
        'The suppression suppressions[1] (IAC-NOPE-001 in arm/**, resource data1) names no loaded rule; it suppresses nothing. Check the rule id.',
      ),
    ]);
  });

  it('a rule disabled by rules.disable is not loaded either', () => {
    const config = 'rules:\n  disable: [IAC-STG-001]\nsuppressions:\n  - { rule: IAC-STG-001, path: "**", reason: Both }\n';
    const result = scanWith(config, { 'storage.json': ARM_STORAGE });
    expect(where(result.findings)).toEqual(['IAC-STG-002 storage.json:10']);
    expect(result.diagnostics).toEqual([
      suppressionDiagnostic(4, 'The suppression suppressions[0] (IAC-STG-001 in **) names no loaded rule; it suppresses nothing. Check the rule id.'),
    ]);
  });

  it('a configuration file outside the root: its absolute path in diagnostics, its name in the source', () => {
    const dir = tempTree({ 'storage.json': ARM_STORAGE });
    const elsewhere = tempTree({
      'scan-settings.yml': 'suppressions:\n  - { rule: IAC-STG-001, path: storage.json, reason: Accepted }\n  - { rule: X-1, path: "**", reason: Typo }\n',
    });
    const result = scan({ path: dir, config: loadConfigFile(path.join(elsewhere, 'scan-settings.yml')), today: TODAY });
    expect(suppressed(result)).toEqual([
      {
        at: 'IAC-STG-001 storage.json:9',
        suppression: { kind: 'external', justification: 'Accepted', source: 'scan-settings.yml:2 suppressions[0]', expires: undefined },
      },
    ]);
    expect(result.diagnostics).toEqual([
      suppressionDiagnostic(
        3,
        'The suppression suppressions[1] (X-1 in **) names no loaded rule; it suppresses nothing. Check the rule id.',
        path.join(elsewhere, 'scan-settings.yml'),
      ),
    ]);
  });
});

describe('suppressed findings and the gate and reports', () => {
  const config = 'suppressions:\n  - { rule: IAC-STG-001, path: "**", reason: HTTP accepted }\n  - { rule: IAC-STG-002, path: "arm/**", reason: TLS accepted, expires: 2027-01-31 }\n';

  it('the gate does not count suppressed findings and says how many there are', () => {
    const result = scanWith(config);
    expect(result.findings.filter(isActive).map((f) => `${f.ruleId} ${f.location.file}`)).toEqual(['IAC-STG-002 bicep/main.bicep', 'IAC-STG-002 tf/main.tf']);
    expect(gate(result.findings, 'high')).toEqual({
      failed: true,
      threshold: 'high',
      blocking: 2,
      counts: { critical: 0, high: 2, medium: 0, low: 0, info: 0 },
      message: "2 finding(s) at or above severity 'high' (0 critical, 2 high, 0 medium, 0 low, 0 info); not counted: 4 suppressed.",
    });
  });

  it('a build with suppressed findings only passes', () => {
    const result = scanWith('suppressions:\n  - { rule: IAC-STG-001, path: "**", reason: a }\n  - { rule: IAC-STG-002, path: "**", reason: b }\n');
    expect(gate(result.findings, 'info')).toEqual({
      failed: false,
      threshold: 'info',
      blocking: 0,
      counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      message: 'No findings; not counted: 6 suppressed.',
    });
  });

  it('the text report lists the suppressed findings with reason and source, apart', () => {
    const lines = toText(scanWith(config), { color: false }).split('\n');
    expect(lines.slice(0, 13)).toEqual([
      'bicep/main.bicep',
      '  10:5     high     IAC-STG-002    Storage account still accepts TLS 1.0 or 1.1 connections: properties.minimumTlsVersion is "TLS1_0".',
      '',
      'tf/main.tf',
      '  8:3      high     IAC-STG-002    Storage account still accepts TLS 1.0 or 1.1 connections: min_tls_version is "TLS1_0".',
      '',
      'Suppressed (not counted)',
      '  arm/storage.json:9  IAC-STG-001  HTTP accepted (.iac-scan.yml:2 suppressions[0])',
      '  arm/storage.json:10  IAC-STG-002  TLS accepted (.iac-scan.yml:3 suppressions[1], until 2027-01-31)',
      '  bicep/main.bicep:9  IAC-STG-001  HTTP accepted (.iac-scan.yml:2 suppressions[0])',
      '  tf/main.tf:7  IAC-STG-001  HTTP accepted (.iac-scan.yml:2 suppressions[0])',
      '',
      '2 finding(s): 0 critical, 2 high, 0 medium, 0 low, 0 info; not counted: 4 suppressed.',
    ]);
    expect(lines[13]).toMatch(/^Scanned 3 file\(s\) of 3 candidate file\(s\), 5 resource\(s\), \d+ rule\(s\), 0 diagnostic\(s\), in \d+\.\d\d s\.$/);
  });

  it('the JSON report counts active findings and keeps the suppression of each', () => {
    const report = JSON.parse(toJson(scanWith(config), '1.0.0')) as {
      counts: Record<string, number>;
      notCounted: Record<string, number>;
      findings: { ruleId: string; file: string; suppression?: unknown; baselineState?: unknown }[];
      baseline?: unknown;
    };
    expect(report.counts).toEqual({ critical: 0, high: 2, medium: 0, low: 0, info: 0 });
    expect(report.notCounted).toEqual({ suppressed: 4, unchangedSinceBaseline: 0 });
    expect(report.findings.map((f) => [f.ruleId, f.file, f.suppression ?? null])).toEqual([
      ['IAC-STG-001', 'arm/storage.json', { kind: 'external', justification: 'HTTP accepted', source: '.iac-scan.yml:2 suppressions[0]' }],
      ['IAC-STG-002', 'arm/storage.json', { kind: 'external', justification: 'TLS accepted', source: '.iac-scan.yml:3 suppressions[1]', expires: '2027-01-31' }],
      ['IAC-STG-001', 'bicep/main.bicep', { kind: 'external', justification: 'HTTP accepted', source: '.iac-scan.yml:2 suppressions[0]' }],
      ['IAC-STG-002', 'bicep/main.bicep', null],
      ['IAC-STG-001', 'tf/main.tf', { kind: 'external', justification: 'HTTP accepted', source: '.iac-scan.yml:2 suppressions[0]' }],
      ['IAC-STG-002', 'tf/main.tf', null],
    ]);
    expect(report.findings.every((f) => !('baselineState' in f))).toBe(true);
    expect('baseline' in report).toBe(false);
  });
});

describe('suppressExternal on its own', () => {
  it('reports an expired entry once, however many findings it would have covered', () => {
    const dir = tempTree({ 'a/storage.json': ARM_STORAGE, 'b/storage.json': ARM_STORAGE });
    const findings = scan({ path: dir }).findings;
    const diagnostics: Diagnostic[] = [];
    suppressExternal(
      findings,
      [{ rule: 'IAC-STG-001', path: '**', reason: 'old', expires: '2026-01-01', origin: 'x.yml:4', line: 4, index: 2 }],
      { today: TODAY, ruleIds: new Set(['IAC-STG-001', 'IAC-STG-002']), configFile: 'x.yml' },
      diagnostics,
    );
    expect(findings.filter((f) => f.suppression)).toEqual([]);
    expect(diagnostics).toEqual([
      suppressionDiagnostic(
        4,
        'The suppression suppressions[2] (IAC-STG-001 in **) expired on 2026-01-01, so it no longer suppresses anything: its findings count again. Fix them, or renew the date with a reason.',
        'x.yml',
      ),
    ]);
  });
});
