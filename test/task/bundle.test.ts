import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The shipped task is the esbuild bundle, not the tsc output the L0 tests run: bundle it into a folder with
 * no node_modules above it and run it as the agent does (INPUT_* and pipeline variables in the environment,
 * the real task-lib).
 */

const repo = path.resolve(__dirname, '..', '..');
const version = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;
let taskDir = '';
const temporary: string[] = [];

afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-bundle-'));
  temporary.push(dir);
  taskDir = path.join(dir, 'IacScanV1');
  execFileSync(process.execPath, [path.join(repo, 'scripts', 'bundle.mjs'), '--task-dir', taskDir], { stdio: 'pipe' });
});

describe('task bundle', () => {
  it('is one file with the built-in rules beside it', () => {
    expect(fs.readdirSync(path.join(taskDir, 'dist')).sort()).toEqual(['index.js', 'index.js.LEGAL.txt']);
    const bundled = fs.readdirSync(path.join(taskDir, 'rules'), { recursive: true }).filter((f) => String(f).endsWith('.yaml')).length;
    const source = fs.readdirSync(path.join(repo, 'rules'), { recursive: true }).filter((f) => String(f).endsWith('.yaml')).length;
    expect(bundled).toBe(source);
    // Narrow imports of azure-devops-node-api: the Git client only, not every client of WebApi.
    const code = fs.readFileSync(path.join(taskDir, 'dist', 'index.js'), 'utf8');
    expect(code).not.toContain('WorkItemTrackingApi');
  });

  it('runs as the agent runs it: scans, writes the SARIF file, gates the build', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-bundle-run-'));
    temporary.push(work);
    const run = spawnSync(process.execPath, [path.join(taskDir, 'dist', 'index.js')], {
      cwd: work,
      encoding: 'utf8',
      env: {
        PATH: process.env['PATH'],
        INPUT_SCANPATH: path.join(repo, 'examples'),
        INPUT_FAILONSEVERITY: 'high',
        INPUT_SARIFFILE: path.join(work, 'out', 'iac-scan.sarif'),
        BUILD_SOURCESDIRECTORY: repo,
        AGENT_TEMPDIRECTORY: work,
        SYSTEM_HOSTTYPE: 'build',
      },
    });
    const lines = run.stdout.split(/\r?\n/);
    expect(run.status, run.stderr).toBe(0);
    expect(lines[lines.findIndex((l) => !l.startsWith('##vso[task.debug]'))]).toBe(`iac-scan ${version}`);
    // The built-in rules are found beside the bundle (one rule per file).
    const rules = fs.readdirSync(path.join(repo, 'rules'), { recursive: true }).filter((f) => String(f).endsWith('.yaml')).length;
    expect(run.stdout).toMatch(new RegExp(`^Scanned 5 file\\(s\\) of 6 candidate file\\(s\\), 11 resource\\(s\\), ${rules} rule\\(s\\), 0 diagnostic\\(s\\), in [0-9.]+ s\\.$`, 'm'));
    expect(lines).toContain(`##vso[artifact.upload containerfolder=CodeAnalysisLogs;artifactname=CodeAnalysisLogs;]${path.join(work, 'out', 'iac-scan.sarif')}`);
    // The Redis finding of examples/terraform/main.tf is suppressed by its comment: kept in SARIF, not counted.
    expect(lines).toContain("##vso[task.complete result=Failed;]6 finding(s) at or above severity 'high' (2 critical, 4 high, 1 medium, 0 low, 0 info); not counted: 1 suppressed.");
    const sarif = JSON.parse(fs.readFileSync(path.join(work, 'out', 'iac-scan.sarif'), 'utf8')) as { runs: { tool: { driver: { version: string } }; results: unknown[] }[] };
    expect(sarif.runs[0]!.tool.driver.version).toBe(version);
    expect(sarif.runs[0]!.results).toHaveLength(8);
  });
});
