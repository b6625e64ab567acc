import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/server';
import { validateSarif } from '../report/sarifValidators';
import { pullRequestBuildEnv, runTaskAsAgent, type AgentRun } from '../support/agentRun';
import { standardPrRepo, type PrRepo } from '../support/prRepo';

/**
 * The shipped bundle, run exactly as the agent runs it on a pull-request build (merge commit checked out,
 * pipeline variables, SystemVssConnection endpoint), against the Azure DevOps emulator.
 */
const root = path.resolve(__dirname, '..', '..');
const temporary: string[] = [];
let entry = '';
let emu: Emulator;
let repo: PrRepo;
let work: string;
let first: AgentRun;

beforeAll(async () => {
  const taskDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-e2e-task-')), 'IacScanV1');
  temporary.push(path.dirname(taskDir));
  execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs'), '--task-dir', taskDir], { stdio: 'pipe' });
  entry = path.join(taskDir, 'dist', 'index.js');
  repo = standardPrRepo();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-e2e-work-'));
  temporary.push(repo.dir, work);
  emu = await startEmulator();
  emu.addPullRequest({
    id: 17,
    sourceRefName: 'refs/heads/feature',
    targetRefName: 'refs/heads/main',
    firstIteration: { sourceRefCommit: repo.source, targetRefCommit: repo.target, commonRefCommit: repo.base },
  });
  emu.setChanges(17, 1, [
    { path: '/infra/app.json', changeType: 'edit' },
    { path: '/infra/network.json', changeType: 'add' },
  ]);
  first = await runTaskAsAgent(entry, pullRequestBuildEnv(emu, repo, 17, work), work);
});

afterAll(async () => {
  await emu?.close();
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the bundled task on a pull-request build', () => {
  it('fails the build on the critical finding, after publishing the SARIF and the summary', () => {
    expect(first.status, first.stderr).toBe(0);
    const sarifPath = path.join(work, 'CodeAnalysisLogs', 'iac-scan.sarif');
    expect(first.lines).toContain(`##vso[artifact.upload containerfolder=CodeAnalysisLogs;artifactname=CodeAnalysisLogs;]${sarifPath}`);
    expect(first.lines).toContain(`##vso[task.uploadsummary]${path.join(work, 'CodeAnalysisLogs', 'iac-scan-summary.md')}`);
    expect(first.lines).toContain('##vso[task.setvariable variable=criticalCount;isOutput=true;issecret=false;]1');
    expect(first.lines.at(-2) ?? first.lines.at(-1)).toBe(
      "##vso[task.complete result=Failed;]1 finding(s) at or above severity 'critical' (1 critical, 3 high, 1 medium, 0 low, 0 info).",
    );
    const sarif = JSON.parse(fs.readFileSync(sarifPath, 'utf8'));
    expect(validateSarif(sarif, 'oasis')).toEqual({ valid: true, errors: [] });
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual(['IAC-APP-001', 'IAC-APP-002', 'IAC-APP-003', 'IAC-NSG-001', 'IAC-STG-001']);
    expect(sarif.runs[0].versionControlProvenance[0].revisionId).toBe(repo.merge);
  });

  it('posts one thread per finding on the changed lines, at the source-commit lines', () => {
    const threads = emu.state.pullRequest(17)!.threads.filter((t) => t.properties['iacScan.kind']?.$value === 'finding');
    expect(threads.map((t) => [t.threadContext?.filePath, t.threadContext?.rightFileStart?.line, t.comments[0]!.content.split('\n')[0]])).toEqual([
      ['/infra/network.json', 16, '**🟥 Critical** · **Network security group lets the Internet reach SSH \\(port 22\\)**'],
      ['/infra/app.json', 11, '**🟧 High** · **Web app answers plain HTTP requests**'],
      ['/infra/app.json', 14, '**🟧 High** · **Web app accepts TLS versions below 1\\.2**'],
    ]);
  });

  it('keeps one summary thread and posts a failed status for the latest iteration', () => {
    const pr = emu.state.pullRequest(17)!;
    const summaries = pr.threads.filter((t) => t.properties['iacScan.kind']?.$value === 'summary');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.comments[0]!.content).toContain('### iac-scan: 5 finding(s) (iteration 1)');
    expect(pr.statuses.map((s) => [s.state, `${s.context.genre}/${s.context.name}`, s.iterationId])).toEqual([['failed', 'iac-scan/scan', 1]]);
  });

  it('never prints the token except where the agent masks it', () => {
    const leaks = first.lines.filter((l) => l.includes(emu.token));
    expect(leaks.every((l) => l.startsWith('##vso[task.setsecret]') || l.startsWith('##vso[task.debug]SystemVssConnection auth param'))).toBe(true);
    expect(fs.readFileSync(path.join(work, 'CodeAnalysisLogs', 'iac-scan.sarif'), 'utf8')).not.toContain(emu.token);
    expect(fs.readFileSync(path.join(work, 'CodeAnalysisLogs', 'iac-scan-summary.md'), 'utf8')).not.toContain(emu.token);
  });

  it('a second run of the same build changes no thread', async () => {
    const creates = emu.calls('threads.create').length;
    const second = await runTaskAsAgent(entry, pullRequestBuildEnv(emu, repo, 17, work), work);
    expect(second.status).toBe(0);
    expect(emu.calls('threads.create').length).toBe(creates);
    expect(emu.calls('threads.update')).toHaveLength(0);
    expect(emu.state.pullRequest(17)!.statuses.map((s) => s.state)).toEqual(['failed', 'failed']);
  });
});
