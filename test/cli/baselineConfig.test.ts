import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { BaselineEntry } from '../../src/suppress/baseline';
import { TOOL_VERSION } from '../../src/version';
import { ARM_STORAGE, BICEP_STORAGE, tempTree, TF_STORAGE, THREE_FORMATS, writeFiles } from '../suppress/fixtures';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Run {
  let stdout = '';
  let stderr = '';
  const code = main(args, {
    stdout: { write: (t: string) => (stdout += t), isTTY: false },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
  });
  // Progress lines appear when a scan takes over a second (a cold start); test/cli/cli.test.ts covers them.
  return { code, stdout, stderr: stderr.replace(/^iac-scan: \d+\/\d+ files\n/gm, '') };
}

interface JsonReport {
  counts: Record<string, number>;
  notCounted: { suppressed: number; unchangedSinceBaseline: number };
  findings: { ruleId: string; file: string; line: number; severity: string; baselineState?: string; suppression?: { justification: string } }[];
  baseline?: { file: string; absent: BaselineEntry[] };
  diagnostics: { kind: string; file: string; line: number; message: string }[];
}

function json(args: string[]): { code: number; stderr: string; report: JsonReport } {
  const run = cli([...args, '--format', 'json']);
  return { code: run.code, stderr: run.stderr, report: JSON.parse(run.stdout) as JsonReport };
}

function readEntries(file: string): BaselineEntry[] {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { format: string; version: number; tool: string; findings: BaselineEntry[] };
  expect([data.format, data.version, data.tool]).toEqual(['iac-scan-baseline', 1, `iac-scan ${TOOL_VERSION}`]);
  return data.findings;
}

function written(count: number, file: string): string {
  return `iac-scan: baseline of ${count} finding(s) written to ${file}. Scan with --baseline ${path.relative(process.cwd(), file)} to report new findings only.\n`;
}

const HTTPS_ON = (text: string) => text.replace('https_traffic_only_enabled      = false', 'https_traffic_only_enabled      = true');
const TF_LOGS = TF_STORAGE.replace('"data"', '"logs"').replace('"data3"', '"logs3"').replace('"TLS1_0"', '"TLS1_2"');

describe('iac-scan baseline', () => {
  it('writes .iac-scan-baseline.json at the scan root by default', () => {
    const dir = tempTree(THREE_FORMATS);
    const run = cli(['baseline', dir]);
    const file = path.join(dir, '.iac-scan-baseline.json');
    expect(run).toEqual({ code: 0, stdout: '', stderr: written(6, file) });
    expect(readEntries(file).map((e) => `${e.ruleId} ${e.file}:${e.line} ${e.resource}`)).toEqual([
      'IAC-STG-001 arm/storage.json:9 Microsoft.Storage/storageAccounts[data1]',
      'IAC-STG-002 arm/storage.json:10 Microsoft.Storage/storageAccounts[data1]',
      'IAC-STG-001 bicep/main.bicep:9 Microsoft.Storage/storageAccounts[data]',
      'IAC-STG-002 bicep/main.bicep:10 Microsoft.Storage/storageAccounts[data]',
      'IAC-STG-001 tf/main.tf:7 azurerm_storage_account.data',
      'IAC-STG-002 tf/main.tf:8 azurerm_storage_account.data',
    ]);
  });

  it('writes to --output, creating its folder', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE });
    const file = path.join(tempTree(), 'nested', 'folder', 'accepted.json');
    const run = cli(['baseline', dir, '--output', file]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: written(2, file) });
    expect(readEntries(file).map((e) => e.ruleId)).toEqual(['IAC-STG-001', 'IAC-STG-002']);
    expect(fs.existsSync(path.join(dir, '.iac-scan-baseline.json'))).toBe(false);
  });

  it("writes to the configuration's baseline, relative to the configuration file", () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE, '.iac-scan.yml': 'baseline: security/accepted.json\n' });
    const run = cli(['baseline', dir]);
    const file = path.join(dir, 'security', 'accepted.json');
    expect(run).toEqual({ code: 0, stdout: '', stderr: written(2, file) });
    expect(readEntries(file).length).toBe(2);
  });

  it('--output wins over the configuration', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE, '.iac-scan.yml': 'baseline: security/accepted.json\n' });
    const file = path.join(tempTree(), 'b.json');
    expect(cli(['baseline', dir, '--output', file]).code).toBe(0);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'security', 'accepted.json'))).toBe(false);
  });

  it('leaves out findings suppressed by the configuration', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE, '.iac-scan.yml': 'suppressions:\n  - { rule: IAC-STG-002, path: main.tf, reason: Accepted }\n' });
    const run = cli(['baseline', dir]);
    const file = path.join(dir, '.iac-scan-baseline.json');
    expect(run).toEqual({ code: 0, stdout: '', stderr: written(1, file) });
    expect(readEntries(file).map((e) => e.ruleId)).toEqual(['IAC-STG-001']);
  });

  it('a clean tree gives an empty baseline', () => {
    const dir = tempTree({ 'main.tf': HTTPS_ON(TF_STORAGE).replace('"TLS1_0"', '"TLS1_2"') });
    const run = cli(['baseline', dir]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: written(0, path.join(dir, '.iac-scan-baseline.json')) });
    expect(readEntries(path.join(dir, '.iac-scan-baseline.json'))).toEqual([]);
  });

  it('--baseline is a usage error for the baseline command', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE });
    const run = cli(['baseline', dir, '--baseline', path.join(dir, 'b.json')]);
    expect(run).toEqual({ code: 2, stdout: '', stderr: "iac-scan: 'baseline' writes a baseline; --baseline is for 'scan'\nRun 'iac-scan --help' for usage.\n" });
    expect(fs.existsSync(path.join(dir, '.iac-scan-baseline.json'))).toBe(false);
  });

  it('does not read the baseline of the configuration (it is rewriting it)', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE, '.iac-scan.yml': 'baseline: accepted.json\n' });
    fs.writeFileSync(path.join(dir, 'accepted.json'), 'not json');
    const run = cli(['baseline', dir]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: written(2, path.join(dir, 'accepted.json')) });
    expect(readEntries(path.join(dir, 'accepted.json')).length).toBe(2);
  });
});

describe('iac-scan scan --baseline', () => {
  it('exits 0 when every finding is unchanged, and says so', () => {
    const dir = tempTree(THREE_FORMATS);
    const file = path.join(tempTree(), 'accepted.json');
    expect(cli(['baseline', dir, '--output', file]).code).toBe(0);
    const run = cli(['scan', dir, '--baseline', file, '--fail-on', 'info']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')[0]).toBe('0 finding(s): 0 critical, 0 high, 0 medium, 0 low, 0 info; not counted: 6 unchanged since the baseline.');
    const { code, report } = json(['scan', dir, '--baseline', file, '--fail-on', 'info']);
    expect(code).toBe(0);
    expect(report.counts).toEqual({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
    expect(report.notCounted).toEqual({ suppressed: 0, unchangedSinceBaseline: 6 });
    expect(report.findings.map((f) => f.baselineState)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(report.baseline).toEqual({ file, absent: [] });
  });

  it('the default baseline file inside the root is not reported as a scanned file or a problem', () => {
    const dir = tempTree(THREE_FORMATS);
    expect(cli(['baseline', dir]).code).toBe(0);
    const { code, report } = json(['scan', dir, '--baseline', path.join(dir, '.iac-scan-baseline.json'), '--fail-on', 'info']);
    expect(code).toBe(0);
    expect(report.diagnostics).toEqual([]);
    expect(report.notCounted.unchangedSinceBaseline).toBe(6);
  });

  it('exits 1 when a new finding is at or above --fail-on; unchanged ones are not listed', () => {
    const dir = tempTree({ 'tf/main.tf': TF_STORAGE });
    const file = path.join(tempTree(), 'accepted.json');
    expect(cli(['baseline', dir, '--output', file]).code).toBe(0);
    writeFiles(dir, { 'tf/main.tf': `${TF_LOGS}\n${TF_STORAGE}` });
    const run = cli(['scan', dir, '--baseline', file, '--fail-on', 'high']);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').slice(0, 5)).toEqual([
      'tf/main.tf',
      '  7:3      high     IAC-STG-001    Storage account accepts unencrypted HTTP requests: https_traffic_only_enabled is false.',
      '',
      '1 finding(s): 0 critical, 1 high, 0 medium, 0 low, 0 info; not counted: 2 unchanged since the baseline.',
      expect.stringMatching(/^Scanned 1 file\(s\) of 1 candidate file\(s\), 2 resource\(s\), \d+ rule\(s\), 0 diagnostic\(s\), in \d+\.\d\d s\.$/),
    ]);
  });

  it('a new finding below --fail-on exits 0', () => {
    const dir = tempTree({ 'tf/main.tf': TF_STORAGE });
    const file = path.join(tempTree(), 'accepted.json');
    expect(cli(['baseline', dir, '--output', file]).code).toBe(0);
    writeFiles(dir, { 'tf/main.tf': `${TF_LOGS}\n${TF_STORAGE}` });
    expect(cli(['scan', dir, '--baseline', file, '--fail-on', 'critical']).code).toBe(0);
    expect(cli(['scan', dir, '--fail-on', 'high']).code).toBe(1);
  });

  it('a fixed finding is reported as gone', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE });
    const file = path.join(tempTree(), 'accepted.json');
    expect(cli(['baseline', dir, '--output', file]).code).toBe(0);
    writeFiles(dir, { 'main.tf': HTTPS_ON(TF_STORAGE) });
    const run = cli(['scan', dir, '--baseline', file, '--fail-on', 'info']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      '0 finding(s): 0 critical, 0 high, 0 medium, 0 low, 0 info; not counted: 1 unchanged since the baseline. 1 finding(s) of the baseline are gone.',
    );
    const { report } = json(['scan', dir, '--baseline', file]);
    expect(report.baseline?.absent.map((e) => `${e.ruleId} ${e.file}:${e.line} ${e.resource}`)).toEqual(['IAC-STG-001 main.tf:7 azurerm_storage_account.data']);
  });

  it("uses the configuration's baseline when --baseline is not given; --baseline wins over it", () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE, '.iac-scan.yml': 'baseline: accepted.json\nfailOnSeverity: high\n' });
    expect(cli(['baseline', dir]).code).toBe(0);
    expect(cli(['scan', dir]).code).toBe(0);
    const empty = path.join(tempTree(), 'empty.json');
    fs.writeFileSync(empty, '{"format":"iac-scan-baseline","version":1,"findings":[]}');
    const { code, report } = json(['scan', dir, '--baseline', empty]);
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.baselineState)).toEqual(['new', 'new']);
    expect(report.baseline).toEqual({ file: empty, absent: [] });
  });

  it('writes the verdict with the not-counted findings when the report goes to a file', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE });
    const file = path.join(tempTree(), 'accepted.json');
    expect(cli(['baseline', dir, '--output', file]).code).toBe(0);
    const out = path.join(tempTree(), 'report.sarif');
    const run = cli(['scan', dir, '--baseline', file, '--format', 'sarif', '--output', out]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: `iac-scan: No findings; not counted: 2 unchanged since the baseline. Report written to ${out}.\n` });
    const log = JSON.parse(fs.readFileSync(out, 'utf8')) as { runs: { results: { ruleId: string; baselineState: string }[] }[] };
    expect(log.runs[0]!.results.map((r) => [r.ruleId, r.baselineState])).toEqual([
      ['IAC-STG-001', 'unchanged'],
      ['IAC-STG-002', 'unchanged'],
    ]);
  });
});

describe('iac-scan scan: --fail-on and the configuration', () => {
  it('the default is critical: high findings pass', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE });
    expect(cli(['scan', dir]).code).toBe(0);
  });

  it('failOnSeverity of the configuration applies', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE, '.iac-scan.yml': 'failOnSeverity: high\n' });
    expect(cli(['scan', dir]).code).toBe(1);
  });

  it('the --fail-on flag wins over the configuration, both ways', () => {
    const strict = tempTree({ 'main.tf': TF_STORAGE, '.iac-scan.yml': 'failOnSeverity: high\n' });
    expect(cli(['scan', strict, '--fail-on', 'critical']).code).toBe(0);
    expect(cli(['scan', strict, '--fail-on', 'none']).code).toBe(0);
    const lax = tempTree({ 'main.tf': TF_STORAGE, '.iac-scan.yml': 'failOnSeverity: none\n' });
    expect(cli(['scan', lax]).code).toBe(0);
    expect(cli(['scan', lax, '--fail-on', 'HIGH']).code).toBe(1);
  });

  it('--config names the file; its failOnSeverity and severities apply', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE });
    const conf = path.join(tempTree({ 'ci.yml': 'failOnSeverity: medium\nrules:\n  severity: { IAC-STG-001: low, IAC-STG-002: low }\n' }), 'ci.yml');
    const { code, report } = json(['scan', dir, '--config', conf]);
    expect(code).toBe(0);
    expect(report.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['IAC-STG-001', 'low'],
      ['IAC-STG-002', 'low'],
    ]);
    expect(json(['scan', dir, '--config', conf, '--fail-on', 'low']).code).toBe(1);
  });

  it('configuration suppressions do not count towards --fail-on', () => {
    const dir = tempTree({
      'main.tf': TF_STORAGE,
      '.iac-scan.yml': 'failOnSeverity: high\nsuppressions:\n  - { rule: IAC-STG-001, path: main.tf, reason: Legacy }\n  - { rule: IAC-STG-002, path: main.tf, reason: Legacy }\n',
    });
    const run = cli(['scan', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 5)).toEqual([
      'Suppressed (not counted)',
      '  main.tf:7  IAC-STG-001  Legacy (.iac-scan.yml:3 suppressions[0])',
      '  main.tf:8  IAC-STG-002  Legacy (.iac-scan.yml:4 suppressions[1])',
      '',
      '0 finding(s): 0 critical, 0 high, 0 medium, 0 low, 0 info; not counted: 2 suppressed.',
    ]);
  });

  it('diagnostics of the configuration are shown with its line', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE, '.iac-scan.yml': 'rules:\n  disable:\n    - IAC-NOPE-1\n' });
    const { report } = json(['scan', dir]);
    expect(report.diagnostics).toEqual([
      {
        kind: 'config',
        severity: 'warning',
        file: '.iac-scan.yml',
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 1,
        message: "rules.disable.0: 'IAC-NOPE-1' is not a loaded rule, so the entry has no effect. Check the rule id.",
      },
    ]);
  });
});

describe('iac-scan: configuration and baseline errors exit 2', () => {
  it('--config with an invalid file', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE });
    const conf = path.join(tempTree({ 'ci.yml': 'include: ["**"]\nfailOn: high\n' }), 'ci.yml');
    expect(cli(['scan', dir, '--config', conf])).toEqual({ code: 2, stdout: '', stderr: `iac-scan: Invalid configuration file ${conf}:2: (top): unknown property 'failOn'\n` });
  });

  it('--config with a file that does not exist', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE });
    const conf = path.join(dir, 'missing.yml');
    expect(cli(['scan', dir, '--config', conf])).toEqual({ code: 2, stdout: '', stderr: `iac-scan: The configuration file ${conf} cannot be read (ENOENT); check the path.\n` });
  });

  it('an invalid .iac-scan.yml found at the root, for both commands', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE, '.iac-scan.yml': 'suppressions:\n  - rule: IAC-STG-001\n    path: main.tf\n    reason: " "\n' });
    const expected = { code: 2, stdout: '', stderr: `iac-scan: Invalid configuration file ${path.join(dir, '.iac-scan.yml')}:4: suppressions.0.reason: must not be blank: say why the finding is accepted\n` };
    expect(cli(['scan', dir])).toEqual(expected);
    expect(cli(['baseline', dir])).toEqual(expected);
    expect(fs.existsSync(path.join(dir, '.iac-scan-baseline.json'))).toBe(false);
  });

  it('an alias in the configuration is a configuration error, not a crash', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE, '.iac-scan.yml': 'include: &all ["**"]\nexclude: *all\n' });
    expect(cli(['scan', dir])).toEqual({
      code: 2,
      stdout: '',
      stderr: `iac-scan: Invalid configuration file ${path.join(dir, '.iac-scan.yml')}:2: YAML aliases (*all) are not allowed; write the value out\n`,
    });
  });

  it('--baseline with a file that is not a baseline', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE });
    const file = path.join(tempTree(), 'report.sarif');
    fs.writeFileSync(file, '{"version":"2.1.0","runs":[]}');
    expect(cli(['scan', dir, '--baseline', file])).toEqual({
      code: 2,
      stdout: '',
      stderr: `iac-scan: The baseline file ${file} is not an iac-scan baseline: "format" is not "iac-scan-baseline". Create it again with 'iac-scan baseline PATH --output FILE'.\n`,
    });
  });

  it('--baseline with a file that does not exist', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE });
    const file = path.join(dir, 'accepted.json');
    expect(cli(['scan', dir, '--baseline', file])).toEqual({
      code: 2,
      stdout: '',
      stderr: `iac-scan: The baseline file ${file} cannot be read (ENOENT). Create it with 'iac-scan baseline PATH --output accepted.json', or check the path.\n`,
    });
  });

  it("the configuration's baseline must exist when scanning", () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE, '.iac-scan.yml': 'baseline: accepted.json\n' });
    const file = path.join(dir, 'accepted.json');
    expect(cli(['scan', dir])).toEqual({
      code: 2,
      stdout: '',
      stderr: `iac-scan: The baseline file ${file} cannot be read (ENOENT). Create it with 'iac-scan baseline PATH --output accepted.json', or check the path.\n`,
    });
  });

  it('a rules folder of the configuration that does not exist', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE, '.iac-scan.yml': 'rules:\n  folders: [company-rules]\n' });
    const run = cli(['scan', dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(`iac-scan: Invalid rule file ${path.join(dir, 'company-rules')}: the rules folder cannot be read (ENOENT)`)).toBe(true);
  });
});

describe('iac-scan scan on a single file', () => {
  it('reads the configuration of its folder; suppression paths are relative to that folder', () => {
    const dir = tempTree({
      'infra/storage.json': ARM_STORAGE,
      'infra/main.bicep': BICEP_STORAGE,
      'infra/.iac-scan.yml': 'failOnSeverity: high\nsuppressions:\n  - { rule: IAC-STG-001, path: storage.json, reason: Legacy }\n',
    });
    const { code, report } = json(['scan', path.join(dir, 'infra', 'storage.json')]);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.ruleId, f.file, f.suppression?.justification ?? null])).toEqual([
      ['IAC-STG-001', 'storage.json', 'Legacy'],
      ['IAC-STG-002', 'storage.json', null],
    ]);
  });
});
