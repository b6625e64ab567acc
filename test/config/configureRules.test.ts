import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfig } from '../../src/config/configFile';
import { configureRules } from '../../src/config/configureRules';
import { gate } from '../../src/gate/gate';
import type { Diagnostic } from '../../src/model/diagnostic';
import { builtinRulesDir, loadRules, RuleLoadError } from '../../src/rules/loadRules';
import { scan } from '../../src/scan/scan';
import { ARM_STORAGE, CUSTOM_RULE, tempTree, THREE_FORMATS, where, writeFiles } from '../suppress/fixtures';

const BUILTIN = loadRules([builtinRulesDir()]);
const BUILTIN_IDS = BUILTIN.map((r) => r.id);

/** Scans a tree with its `.iac-scan.yml`. */
function scanWith(files: Record<string, string>, options: { include?: string[]; exclude?: string[] } = {}) {
  const dir = tempTree(files);
  return { dir, result: scan({ path: dir, config: loadConfigFile(path.join(dir, '.iac-scan.yml')), ...options }) };
}

function configDiagnostic(line: number, message: string, file = '.iac-scan.yml'): Diagnostic {
  return { kind: 'config', severity: 'warning', file, line, column: 1, endLine: line, endColumn: 1, message };
}

describe('rules.disable', () => {
  it('leaves the rule out: no findings of it, and not among the result rules', () => {
    const { result } = scanWith({ ...THREE_FORMATS, '.iac-scan.yml': 'rules:\n  disable: [IAC-STG-002]\n' });
    expect(where(result.findings)).toEqual(['IAC-STG-001 arm/storage.json:9', 'IAC-STG-001 bicep/main.bicep:9', 'IAC-STG-001 tf/main.tf:7']);
    expect(result.rules.map((r) => r.id)).toEqual(BUILTIN_IDS.filter((id) => id !== 'IAC-STG-002'));
    expect(result.diagnostics).toEqual([]);
  });

  it('matches rule ids case-insensitively', () => {
    const { result } = scanWith({ 'storage.json': ARM_STORAGE, '.iac-scan.yml': 'rules:\n  disable: [iac-stg-001, Iac-Stg-002]\n' });
    expect(result.findings).toEqual([]);
    expect(result.rules.map((r) => r.id)).toEqual(BUILTIN_IDS.filter((id) => id !== 'IAC-STG-001' && id !== 'IAC-STG-002'));
    expect(result.diagnostics).toEqual([]);
  });

  it('without a configuration every built-in rule runs (control)', () => {
    const dir = tempTree(THREE_FORMATS);
    const result = scan({ path: dir });
    expect(where(result.findings)).toEqual([
      'IAC-STG-001 arm/storage.json:9',
      'IAC-STG-002 arm/storage.json:10',
      'IAC-STG-001 bicep/main.bicep:9',
      'IAC-STG-002 bicep/main.bicep:10',
      'IAC-STG-001 tf/main.tf:7',
      'IAC-STG-002 tf/main.tf:8',
    ]);
    expect(result.rules.map((r) => r.id)).toEqual(BUILTIN_IDS);
    expect(result.configFile).toBeUndefined();
  });
});

describe('rules.severity', () => {
  it('changes the severity of the findings, of the rule, and so the gate', () => {
    const { result } = scanWith({ 'storage.json': ARM_STORAGE, '.iac-scan.yml': 'rules:\n  severity:\n    IAC-STG-001: low\n    iac-stg-002: medium\n' });
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['IAC-STG-001', 'low'],
      ['IAC-STG-002', 'medium'],
    ]);
    expect(result.rules.find((r) => r.id === 'IAC-STG-001')?.severity).toBe('low');
    expect(result.rules.find((r) => r.id === 'IAC-STG-002')?.severity).toBe('medium');
    // Built in, both are high: the configured severities decide the build now.
    expect(BUILTIN.find((r) => r.id === 'IAC-STG-001')?.severity).toBe('high');
    expect(gate(result.findings, 'high')).toEqual({
      failed: false,
      threshold: 'high',
      blocking: 0,
      counts: { critical: 0, high: 0, medium: 1, low: 1, info: 0 },
      message: "2 finding(s) below severity 'high' (0 critical, 0 high, 1 medium, 1 low, 0 info).",
    });
    expect(gate(result.findings, 'medium')).toEqual({
      failed: true,
      threshold: 'medium',
      blocking: 1,
      counts: { critical: 0, high: 0, medium: 1, low: 1, info: 0 },
      message: "1 finding(s) at or above severity 'medium' (0 critical, 0 high, 1 medium, 1 low, 0 info).",
    });
    expect(result.diagnostics).toEqual([]);
  });

  it('can raise a severity to critical', () => {
    const { result } = scanWith({ 'storage.json': ARM_STORAGE, '.iac-scan.yml': 'rules:\n  severity: { IAC-STG-002: critical }\n' });
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['IAC-STG-001', 'high'],
      ['IAC-STG-002', 'critical'],
    ]);
    expect(gate(result.findings, 'critical').blocking).toBe(1);
  });
});

describe('unknown rule ids', () => {
  it('are reported with the line of the entry, and the scan goes on', () => {
    const config = [
      'rules:', //                          1
      '  disable:', //                      2
      '    - IAC-STG-002', //               3
      '    - IAC-NOPE-001', //              4
      '  severity:', //                     5
      '    IAC-STG-001: medium', //         6
      '    IAC-TYPO-9: low', //             7
      '',
    ].join('\n');
    const { result } = scanWith({ 'storage.json': ARM_STORAGE, '.iac-scan.yml': config });
    expect(result.diagnostics).toEqual([
      configDiagnostic(4, "rules.disable.1: 'IAC-NOPE-001' is not a loaded rule, so the entry has no effect. Check the rule id."),
      configDiagnostic(7, "rules.severity.IAC-TYPO-9: 'IAC-TYPO-9' is not a loaded rule, so the entry has no effect. Check the rule id."),
    ]);
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([['IAC-STG-001', 'medium']]);
  });

  it('a configuration file outside the scan root is named by its absolute path', () => {
    const dir = tempTree({ 'storage.json': ARM_STORAGE });
    const elsewhere = tempTree({ 'scan.yml': 'rules:\n  disable: [IAC-GONE-1]\n' });
    const result = scan({ path: dir, config: loadConfigFile(path.join(elsewhere, 'scan.yml')) });
    expect(result.diagnostics).toEqual([
      configDiagnostic(2, "rules.disable.0: 'IAC-GONE-1' is not a loaded rule, so the entry has no effect. Check the rule id.", path.join(elsewhere, 'scan.yml')),
    ]);
    expect(result.configFile).toBe(path.join(elsewhere, 'scan.yml'));
  });

  it('configureRules on its own: returns the configured rules and appends the diagnostics', () => {
    const config = parseConfig('rules:\n  disable: [IAC-STG-001, X-1]\n  severity: { IAC-STG-002: info }\n', '/repo/.iac-scan.yml');
    const diagnostics: Diagnostic[] = [];
    const rules = configureRules(BUILTIN, config, '/repo', diagnostics);
    expect(rules.map((r) => r.id)).toEqual(BUILTIN_IDS.filter((id) => id !== 'IAC-STG-001'));
    expect(rules.find((r) => r.id === 'IAC-STG-002')?.severity).toBe('info');
    // The loaded rules are not changed in place.
    expect(BUILTIN.find((r) => r.id === 'IAC-STG-002')?.severity).toBe('high');
    expect(diagnostics).toEqual([configDiagnostic(2, "rules.disable.1: 'X-1' is not a loaded rule, so the entry has no effect. Check the rule id.")]);
  });
});

describe('include and exclude from the configuration', () => {
  it('include limits the scan to matching files', () => {
    const { result } = scanWith({ ...THREE_FORMATS, '.iac-scan.yml': 'include: ["arm/**"]\n' });
    expect(where(result.findings)).toEqual(['IAC-STG-001 arm/storage.json:9', 'IAC-STG-002 arm/storage.json:10']);
    expect(result.stats.filesConsidered).toBe(1);
  });

  it('is added to the include globs of the scan options (union)', () => {
    const { result } = scanWith({ ...THREE_FORMATS, '.iac-scan.yml': 'include: ["arm/**"]\n' }, { include: ['tf/**'] });
    expect(where(result.findings)).toEqual([
      'IAC-STG-001 arm/storage.json:9',
      'IAC-STG-002 arm/storage.json:10',
      'IAC-STG-001 tf/main.tf:7',
      'IAC-STG-002 tf/main.tf:8',
    ]);
  });

  it('exclude leaves files out, together with the excludes of the scan options', () => {
    const { result } = scanWith({ ...THREE_FORMATS, '.iac-scan.yml': 'exclude: ["tf/**"]\n' }, { exclude: ['bicep/**'] });
    expect(where(result.findings)).toEqual(['IAC-STG-001 arm/storage.json:9', 'IAC-STG-002 arm/storage.json:10']);
    expect(result.stats.filesConsidered).toBe(1);
  });

  it('exclude wins over include', () => {
    const { result } = scanWith({ ...THREE_FORMATS, 'arm/old/storage.json': ARM_STORAGE, '.iac-scan.yml': 'include: ["arm/**"]\nexclude: ["arm/old"]\n' });
    expect(where(result.findings)).toEqual(['IAC-STG-001 arm/storage.json:9', 'IAC-STG-002 arm/storage.json:10']);
  });
});

describe('rules.folders', () => {
  it('loads the extra rules, relative to the configuration file', () => {
    const dir = tempTree({ 'storage.json': ARM_STORAGE });
    const elsewhere = tempTree({ 'conf/scan.yml': 'rules:\n  folders: [../company-rules]\n', 'company-rules/custom.yaml': CUSTOM_RULE });
    const result = scan({ path: dir, config: loadConfigFile(path.join(elsewhere, 'conf/scan.yml')) });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.location.line])).toEqual([
      ['CUSTOM-001', 'medium', 7],
      ['IAC-STG-001', 'high', 9],
      ['IAC-STG-002', 'high', 10],
    ]);
    expect(result.rules.map((r) => r.id)).toEqual([...BUILTIN_IDS, 'CUSTOM-001'].sort());
  });

  it('confined to a checkout (as the task does), a folder outside it stops the scan with the line; one inside is loaded', () => {
    const checkout = tempTree({ 'repo/storage.json': ARM_STORAGE, 'repo/rules/custom.yaml': CUSTOM_RULE, 'company-rules/custom.yaml': CUSTOM_RULE });
    const outside = parseConfig('exclude: []\nrules:\n  folders: [rules, ../company-rules]\n', path.join(checkout, 'repo', '.iac-scan.yml'));
    expect(() => scan({ path: path.join(checkout, 'repo'), config: outside, confineRuleFoldersTo: path.join(checkout, 'repo') })).toThrow(
      `Invalid configuration file ${path.join(checkout, 'repo', '.iac-scan.yml')}:3: rules.folders.1: ${path.join(checkout, 'company-rules')} is outside the checkout ` +
        `(${path.join(checkout, 'repo')}); rule folders of the configuration file must be inside it. Give other folders with the rulesPath input.`,
    );
    const inside = parseConfig('rules:\n  folders: [rules]\n', path.join(checkout, 'repo', '.iac-scan.yml'));
    const result = scan({ path: path.join(checkout, 'repo'), config: inside, confineRuleFoldersTo: path.join(checkout, 'repo') });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['CUSTOM-001', 'IAC-STG-001', 'IAC-STG-002']);
  });

  it('the extra rules can be configured like the built-in ones', () => {
    const { result } = scanWith({
      'storage.json': ARM_STORAGE,
      'rules/custom.yaml': CUSTOM_RULE,
      '.iac-scan.yml': 'rules:\n  folders: [rules]\n  severity: { CUSTOM-001: critical }\n  disable: [IAC-STG-001, IAC-STG-002]\n',
    });
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([['CUSTOM-001', 'critical']]);
  });

  it('a folder that does not exist stops the scan with a RuleLoadError', () => {
    const dir = tempTree({ 'storage.json': ARM_STORAGE, '.iac-scan.yml': 'rules:\n  folders: [missing-rules]\n' });
    const config = loadConfigFile(path.join(dir, '.iac-scan.yml'));
    expect(() => scan({ path: dir, config })).toThrow(RuleLoadError);
    expect(() => scan({ path: dir, config })).toThrow(`Invalid rule file ${path.join(dir, 'missing-rules')}: the rules folder cannot be read (ENOENT)`);
  });

  it('rules given by the caller replace built-in and configured folders', () => {
    const dir = tempTree({ 'storage.json': ARM_STORAGE, 'rules/custom.yaml': CUSTOM_RULE });
    writeFiles(dir, { '.iac-scan.yml': 'rules:\n  folders: [rules]\n' });
    const only = BUILTIN.filter((r) => r.id === 'IAC-STG-002');
    const result = scan({ path: dir, rules: only, config: loadConfigFile(path.join(dir, '.iac-scan.yml')) });
    expect(where(result.findings)).toEqual(['IAC-STG-002 storage.json:10']);
  });
});
