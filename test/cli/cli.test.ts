import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { validateSarif } from '../report/sarifValidators';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const repo = path.resolve(__dirname, '..', '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], tty = false): Run {
  let stdout = '';
  let stderr = '';
  const code = main(args, {
    stdout: { write: (t: string) => (stdout += t), isTTY: tty },
    stderr: { write: (t: string) => (stderr += t), isTTY: tty },
  });
  return { code, stdout, stderr };
}

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

// Line 9 holds the insecure property; the account has nothing else a rule could object to.
const storage = (https: boolean) => `{
  "$schema": "${SCHEMA}",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Storage/storageAccounts",
      "apiVersion": "2023-01-01", "name": "data1", "location": "westeurope", "kind": "StorageV2", "sku": { "name": "Standard_LRS" },
      "properties": {
        "supportsHttpsTrafficOnly": ${https},
        "minimumTlsVersion": "TLS1_2", "allowBlobPublicAccess": false, "allowSharedKeyAccess": false,
        "publicNetworkAccess": "Disabled", "networkAcls": { "defaultAction": "Deny", "bypass": "AzureServices" }
      },
      "resources": [
        { "type": "blobServices", "apiVersion": "2023-01-01", "name": "default", "properties": { "deleteRetentionPolicy": { "enabled": true, "days": 7 } } }
      ]
    }
  ]
}
`;

interface JsonReport {
  findings: { ruleId: string; file: string; line: number; severity: string }[];
  diagnostics: { kind: string; file: string; line: number; column: number; message: string }[];
  counts: Record<string, number>;
  stats: { filesScanned: number; filesConsidered: number };
}

function json(args: string[]): { code: number; report: JsonReport } {
  const run = cli([...args, '--format', 'json']);
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport };
}

describe('iac-scan scan', () => {
  it('reports a finding at its line and exits 1 when it reaches --fail-on', () => {
    const dir = tree({ 'infra/storage.json': storage(false) });
    const { code, report } = json(['scan', dir, '--fail-on', 'high']);
    expect(code).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'IAC-STG-001', file: 'infra/storage.json', line: 9, severity: 'high' })]);
    expect(report.counts).toEqual({ critical: 0, high: 1, medium: 0, low: 0, info: 0 });
  });

  it('exits 0 when findings are below --fail-on, and with --fail-on none', () => {
    const dir = tree({ 'storage.json': storage(false) });
    expect(cli(['scan', dir, '--fail-on', 'critical']).code).toBe(0);
    expect(cli(['scan', dir, '--fail-on', 'none']).code).toBe(0);
    expect(cli(['scan', dir]).code).toBe(0); // the default threshold is critical
  });

  it('exits 0 on a clean template', () => {
    const dir = tree({ 'storage.json': storage(true) });
    const run = cli(['scan', dir, '--fail-on', 'low']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 finding(s): 0 critical, 0 high, 0 medium, 0 low, 0 info.');
    expect(run.stdout).toContain('Scanned 1 file(s) of 1 candidate file(s), 2 resource(s)');
  });

  it('groups text output by file with line, severity, rule and message; colours only on a terminal', () => {
    const dir = tree({ 'a/storage.json': storage(false), 'b/storage.json': storage(false) });
    const plain = cli(['scan', dir]);
    expect(plain.stdout.split('\n').slice(0, 6)).toEqual([
      'a/storage.json',
      '  9:9      high     IAC-STG-001    Storage account accepts unencrypted HTTP requests: properties.supportsHttpsTrafficOnly is false.',
      '',
      'b/storage.json',
      '  9:9      high     IAC-STG-001    Storage account accepts unencrypted HTTP requests: properties.supportsHttpsTrafficOnly is false.',
      '',
    ]);
    expect(plain.stdout).not.toContain('\x1b[');
    expect(cli(['scan', dir], true).stdout).toContain('\x1b[31mhigh');
  });

  it('reports a broken template as a parse-error diagnostic and goes on', () => {
    const broken = `{\n  "$schema": "${SCHEMA}",\n  "resources": [\n    { "type": "x" \n  ]\n}\n`;
    const dir = tree({ 'broken.json': broken, 'storage.json': storage(false) });
    const { code, report } = json(['scan', dir]);
    expect(code).toBe(0);
    expect(report.findings.map((f) => [f.file, f.line])).toEqual([['storage.json', 9]]);
    expect(report.diagnostics.map((d) => [d.kind, d.file, d.line, d.column, d.message])).toEqual([
      ['parse-error', 'broken.json', 5, 3, "JSON syntax error: a ',' is expected. The file was not scanned; fix this error (4 more follow from it or after it) and scan again."],
    ]);
    expect(report.stats.filesScanned).toBe(1);
  });

  it('ignores JSON that is not a template, and parameter files', () => {
    const params = `{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {} }`;
    const dir = tree({ 'package.json': '{ "name": "x" }', 'p.parameters.json': params, 'storage.json': storage(true) });
    const { report } = json(['scan', dir]);
    expect(report.stats).toMatchObject({ filesScanned: 1, filesConsidered: 3 });
    expect(report.diagnostics).toEqual([]);
  });

  it('honours --exclude and --include', () => {
    const dir = tree({ 'prod/storage.json': storage(false), 'legacy/storage.json': storage(false) });
    expect(json(['scan', dir, '--exclude', 'legacy']).report.findings.map((f) => f.file)).toEqual(['prod/storage.json']);
    expect(json(['scan', dir, '--include', 'legacy/**']).report.findings.map((f) => f.file)).toEqual(['legacy/storage.json']);
  });

  it('skips files over --max-file-size with a diagnostic', () => {
    const dir = tree({ 'big.json': storage(false) + ' '.repeat(2 * 1024 * 1024) });
    const { report } = json(['scan', dir, '--max-file-size', '1']);
    expect(report.findings).toEqual([]);
    expect(report.diagnostics.map((d) => [d.kind, d.file])).toEqual([['skipped-file', 'big.json']]);
    expect(report.diagnostics[0]!.message).toBe('File is 2 MB, over the 1 MB size limit; it was not scanned. Raise the limit (--max-file-size) or exclude the file.');
  });

  it('writes SARIF to --output that validates, and prints the verdict on stderr', () => {
    const dir = tree({ 'storage.json': storage(false) });
    const out = path.join(dir, 'out', 'scan.sarif');
    const run = cli(['scan', dir, '--format', 'sarif', '--output', out, '--fail-on', 'high']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`iac-scan: 1 finding(s) at or above severity 'high' (0 critical, 1 high, 0 medium, 0 low, 0 info). Report written to ${out}.\n`);
    const sarif = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(validateSarif(sarif, 'oasis')).toEqual({ valid: true, errors: [] });
    expect(validateSarif(sarif, 'sdk')).toEqual({ valid: true, errors: [] });
    expect(sarif.runs[0].results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([['IAC-STG-001', 'error']]);
  });

  it('makes SARIF URIs relative to the git checkout and records its commit when PATH is inside one', () => {
    const dir = tree({ 'infra/storage.json': storage(false) });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'x');
    git('remote', 'add', 'origin', 'https://build:s3cret@dev.azure.com/org/proj/_git/infra');
    const out = path.join(dir, 'scan.sarif');
    expect(cli(['scan', path.join(dir, 'infra'), '--format', 'sarif', '--output', out]).code).toBe(0);
    const run = JSON.parse(fs.readFileSync(out, 'utf8')).runs[0];
    expect(run.results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'infra/storage.json', uriBaseId: '%SRCROOT%', index: 0 });
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${fs.realpathSync(dir)}/`);
    expect(run.versionControlProvenance).toEqual([
      { repositoryUri: 'https://dev.azure.com/org/proj/_git/infra', revisionId: git('rev-parse', 'HEAD'), branch: 'main', mappedTo: { uriBaseId: '%SRCROOT%' } },
    ]);
    expect(fs.readFileSync(out, 'utf8')).not.toContain('s3cret');
  });

  it('loads extra rules with --rules', () => {
    const rules = tree({
      'mine/no-westus.yaml': `id: MY-001
title: Resources must not be in westus
severity: low
description: Our data must stay in Europe for compliance reasons.
remediation: Deploy to westeurope instead.
helpUri: https://example.com/policy
azure:
  resourceType: Microsoft.Storage/storageAccounts
  check: { path: location, notEquals: westus }
examples:
  arm:
    bad: ["{}"]
    good: ["{}"]
`,
    });
    const dir = tree({ 'storage.json': storage(true).replace('westeurope', 'westus') });
    const { report } = json(['scan', dir, '--rules', path.join(rules, 'mine')]);
    expect(report.findings.map((f) => [f.ruleId, f.line])).toEqual([['MY-001', 7]]);
  });
});

describe('progress', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is printed on stderr once reading files has taken more than a second (rule loading not counted), then at most once a second', () => {
    const dir = tree({ 'a.json': storage(true), 'b.json': storage(true), 'c.json': storage(true), 'd.json': storage(true) });
    let clock = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => (clock += 700)); // each file takes 0.7 s
    const run = cli(['scan', dir]);
    // The clock starts at the first file: 1.4 s later the third is done; the last is always said.
    expect(run.stderr).toBe('iac-scan: 3/4 files\niac-scan: 4/4 files\n');
  });

  it('is silent for a fast scan', () => {
    const dir = tree({ 'a.json': storage(true) });
    expect(cli(['scan', dir]).stderr).toBe('');
  });
});

describe('iac-scan usage errors exit 2 with a message', () => {
  const cases: [string[], string][] = [
    [['scan', '.', '--fail-on', 'severe'], "iac-scan: --fail-on must be one of critical, high, medium, low, info, none; got 'severe'\n"],
    [['scan', '.', '--format', 'xml'], "iac-scan: --format must be text, json or sarif; got 'xml'\n"],
    [['lint', '.'], "iac-scan: unknown command 'lint'; the commands are 'scan' and 'baseline'\n"],
    [[], 'iac-scan: missing command; try: iac-scan scan .\n'],
    [['scan', '.', '--max-file-size', '0'], "iac-scan: --max-file-size must be a positive number of megabytes; got '0'\n"],
  ];
  for (const [args, message] of cases) {
    it(args.join(' ') || '(no arguments)', () => {
      const run = cli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`${message}Run 'iac-scan --help' for usage.\n`);
    });
  }

  it('an unknown option', () => {
    const run = cli(['scan', '.', '--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--frobnicate'");
  });

  it('a missing PATH', () => {
    const missing = path.join(os.tmpdir(), 'iac-scan-does-not-exist');
    const run = cli(['scan', missing]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(missing);
  });

  it('an invalid rule file, with file, line, field and reason', () => {
    const rules = tree({
      'bad.yaml': `id: BAD-1
title: A broken rule
severity: high
description: This rule has two operators in one condition.
remediation: Split the condition.
helpUri: https://example.com/x
azure:
  resourceType: Microsoft.Storage/storageAccounts
  check:
    path: properties.x
    equals: 1
    in: [1, 2]
examples:
  arm: { bad: ["{}"], good: ["{}"] }
`,
    });
    const run = cli(['scan', '.', '--rules', rules]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`iac-scan: Invalid rule file ${path.join(rules, 'bad.yaml')}:10: azure.check: one operator per condition; found equals and in\n`);
  });

  it('--help and --version exit 0', () => {
    expect(cli(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: iac-scan scan [PATH]') });
    const version = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version;
    expect(cli(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});

describe('bin/iac-scan.js', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(repo, 'tsconfig.build.json')]);
  });

  it('runs the built CLI as a user would, with its exit code', () => {
    const dir = tree({ 'storage.json': storage(false) });
    const run = spawnSync(process.execPath, [path.join(repo, 'bin', 'iac-scan.js'), 'scan', dir, '--fail-on', 'high'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('9:9      high     IAC-STG-001');
    expect(run.stderr).toBe('');
  });
});
