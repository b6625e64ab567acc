import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { annotatePullRequest, type AnnotateInput } from '../../src/ado/annotate';
import { gate } from '../../src/gate/gate';
import { isActive, type Finding } from '../../src/model/finding';
import { scan } from '../../src/scan/scan';
import type { ScanResult } from '../../src/scan/result';
import { startEmulator, type Emulator, type StoredThread } from '../emulator/server';
import { standardPrRepo, type PrRepo } from '../support/prRepo';

let repo: PrRepo;
let scanned: ScanResult;
let emu: Emulator;
let waits: number[];
let logged: string[];

beforeAll(() => {
  repo = standardPrRepo();
  scanned = scan({ path: repo.dir });
});

afterEach(async () => {
  await emu?.close();
});

async function world(): Promise<number> {
  emu = await startEmulator();
  const pr = emu.addPullRequest({
    id: 17,
    sourceRefName: 'refs/heads/feature',
    targetRefName: 'refs/heads/main',
    firstIteration: { sourceRefCommit: repo.source, targetRefCommit: repo.target, commonRefCommit: repo.base },
  });
  emu.setChanges(17, 1, [
    { path: '/infra/app.json', changeType: 'edit', changeTrackingId: 1 },
    { path: '/infra/network.json', changeType: 'add', changeTrackingId: 2 },
  ]);
  return pr.pullRequestId;
}

function input(findings: Finding[] = scanned.findings, over: Partial<AnnotateInput> = {}): AnnotateInput {
  waits = [];
  logged = [];
  return {
    context: {
      collectionUri: emu.collectionUrl,
      project: emu.projectName,
      repositoryId: emu.repositoryId,
      pullRequestId: 17,
      token: emu.token,
      buildUrl: `${emu.collectionUrl}${emu.projectName}/_build/results?buildId=5`,
    },
    findings,
    rules: scanned.rules,
    scanRoot: scanned.root,
    checkoutDir: repo.dir,
    scope: 'changedLines',
    minSeverity: 'medium',
    maxAnnotations: 50,
    postStatus: true,
    verdict: gate(findings, 'critical'),
    log: (line) => logged.push(line),
    retry: { sleep: async (ms: number) => void waits.push(ms) },
    ...over,
  };
}

const findingThreads = (): StoredThread[] => emu.state.pullRequest(17)!.threads.filter((t) => t.properties['iacScan.kind']?.$value === 'finding');
const summaryThreads = (): StoredThread[] => emu.state.pullRequest(17)!.threads.filter((t) => t.properties['iacScan.kind']?.$value === 'summary');
const placement = (t: StoredThread) => [t.threadContext?.filePath, t.threadContext?.rightFileStart?.line, t.pullRequestThreadContext?.changeTrackingId, t.status];
const without = (ruleId: string) => scanned.findings.filter((f) => f.ruleId !== ruleId);

describe('annotatePullRequest against the emulator (real azure-devops-node-api client)', () => {
  it('first run: one thread per finding on the changed lines, at the source commit lines, plus a summary and a status', async () => {
    await world();
    const report = await annotatePullRequest(input());
    expect(report).toMatchObject({ outcome: 'done', created: 3, updated: 0, resolved: 0, effectiveScope: 'changedLines', summary: 'created', status: 'failed' });
    expect(report.notAnnotated).toEqual({ belowMinimum: 0, outsideDiff: 2, overCap: 0, outsideRepository: 0 });
    // Most severe first; lines are those of the source commit (the merge has two more lines at the top).
    expect(findingThreads().map(placement)).toEqual([
      ['/infra/network.json', 16, 2, 'active'],
      ['/infra/app.json', 11, 1, 'active'],
      ['/infra/app.json', 14, 1, 'active'],
    ]);
    const tls = findingThreads()[2]!;
    expect(tls.pullRequestThreadContext?.iterationContext).toEqual({ firstComparingIteration: 1, secondComparingIteration: 1 });
    expect(tls.properties['iacScan.fingerprint']?.$value).toBe(scanned.findings.find((f) => f.ruleId === 'IAC-APP-002')!.fingerprint);
    expect(tls.threadContext?.rightFileStart).toEqual({ line: 14, offset: 1 });
    const content = tls.comments[0]!.content;
    expect(content).toContain('**🟧 High** · **Web app accepts TLS versions below 1\\.2**');
    // The ARM remediation, since the finding is in a JSON template (a .bicep file would get the Bicep one).
    const tlsRule = scanned.rules.find((r) => r.id === 'IAC-APP-002')!;
    expect(content).toContain(`**How to fix.** ${tlsRule.remediation.arm}`);
    expect(content).not.toContain(tlsRule.remediation.bicep);
    expect(content).toContain('```suggestion\n          "minTlsVersion": "1.2",\n```');
    expect(content).toContain('Rule [IAC-APP-002](https://');
    const summary = summaryThreads();
    expect(summary).toHaveLength(1);
    expect(summary[0]!.threadContext).toBeNull();
    expect(summary[0]!.comments[0]!.content).toContain('- 2 outside the lines this pull request changes');
    const status = emu.state.pullRequest(17)!.statuses;
    expect(status.map((s) => [s.state, s.context, s.iterationId, s.targetUrl])).toEqual([
      ['failed', { genre: 'iac-scan', name: 'scan' }, 1, `${emu.collectionUrl}proj/_build/results?buildId=5`],
    ]);
    expect(status[0]!.description).toBe("iac-scan: 1 finding(s) at or above severity 'critical' (1 critical, 3 high, 1 medium, 0 low, 0 info).");
  });

  it('a rerun creates nothing and edits nothing', async () => {
    await world();
    await annotatePullRequest(input());
    const before = emu.requests.length;
    const report = await annotatePullRequest(input());
    expect(report).toMatchObject({ created: 0, updated: 0, resolved: 0, reopened: 0, unchanged: 3, summary: 'unchanged' });
    const writes = emu.requests.slice(before).filter((r) => r.method !== 'GET' && r.method !== 'OPTIONS').map((r) => r.route);
    expect(writes).toEqual(['statuses.create']);
    expect(findingThreads()).toHaveLength(3);
    expect(summaryThreads()).toHaveLength(1);
  });

  it('a fixed finding resolves its thread with a note; when it returns, the thread is reactivated', async () => {
    await world();
    await annotatePullRequest(input());
    const fixed = await annotatePullRequest(input(without('IAC-APP-002')));
    expect(fixed).toMatchObject({ created: 0, resolved: 1 });
    const tls = findingThreads()[2]!;
    expect(tls.status).toBe('fixed');
    expect(tls.comments.map((c) => c.content.split('\n')[0])).toEqual([
      expect.stringContaining('Web app accepts TLS'),
      '✅ iac-scan no longer finds this issue (iteration 1), so this thread is resolved.',
    ]);
    const back = await annotatePullRequest(input());
    expect(back).toMatchObject({ created: 0, reopened: 1 });
    expect(findingThreads()[2]!.status).toBe('active');
    expect(findingThreads()[2]!.comments.at(-1)!.content).toContain('iac-scan finds this issue again (iteration 1)');
    expect(findingThreads()).toHaveLength(3);
  });

  it('a finding that becomes suppressed resolves its thread with a note that says why, once, even after a reply; unsuppressed, it is reactivated', async () => {
    await world();
    await annotatePullRequest(input());
    const tls = findingThreads()[2]!;
    emu.addComment(17, tls.id, 'We accept this until the old client is gone.', 'person');
    const suppress = (f: Finding): Finding =>
      f.ruleId === 'IAC-APP-002'
        ? { ...f, suppression: { kind: 'inSource', justification: 'old <b>client</b> @team needs TLS 1.0', source: 'iac-scan:ignore comment', expires: '2027-03-31' } }
        : f;
    const all = scanned.findings.map(suppress);
    const first = await annotatePullRequest(input(all.filter(isActive), { accepted: all.filter((f) => !isActive(f)) }));
    expect(first).toMatchObject({ created: 0, resolved: 1, noted: 0 });
    const thread = emu.state.thread(17, tls.id)!;
    expect(thread.status).toBe('fixed');
    expect(thread.comments.at(-1)!.content).toBe(
      '☑️ iac-scan no longer counts this finding (iteration 1): it is suppressed \\(iac\\-scan\\:ignore comment, until 2027\\-03\\-31\\)\\: ' +
        'old \\<b\\>client\\</b\\> \\@team needs TLS 1\\.0. This thread is resolved; it becomes active again if the finding counts again.\n\n<!-- iac-scan:accepted -->',
    );
    const summary = summaryThreads()[0]!.comments[0]!.content;
    expect(summary).toContain('Not counted: 1 suppressed (listed in the SARIF log with their reasons).');
    const again = await annotatePullRequest(input(all.filter(isActive), { accepted: all.filter((f) => !isActive(f)) }));
    expect(again).toMatchObject({ created: 0, resolved: 0, noted: 0 });
    expect(emu.state.thread(17, tls.id)!.comments).toHaveLength(3);
    const back = await annotatePullRequest(input());
    expect(back).toMatchObject({ created: 0, reopened: 1 });
    expect(emu.state.thread(17, tls.id)!.status).toBe('active');
  });

  it('a finding accepted in the baseline resolves its thread, saying so', async () => {
    await world();
    await annotatePullRequest(input());
    const tls = findingThreads()[2]!;
    const all = scanned.findings.map((f): Finding => ({ ...f, baselineState: f.ruleId === 'IAC-APP-002' ? 'unchanged' : 'new' }));
    const report = await annotatePullRequest(input(all.filter(isActive), { accepted: all.filter((f) => !isActive(f)) }));
    expect(report).toMatchObject({ created: 0, resolved: 1 });
    expect(emu.state.thread(17, tls.id)!.comments.at(-1)!.content.split('\n')[0]).toBe(
      '☑️ iac-scan no longer counts this finding (iteration 1): it is in the baseline of accepted findings. This thread is resolved; it becomes active again if the finding counts again.',
    );
  });

  it('when a person replied, a fixed finding gets a note once and the thread stays open', async () => {
    await world();
    await annotatePullRequest(input());
    const tls = findingThreads()[2]!;
    emu.addComment(17, tls.id, 'We need TLS 1.0 for an old client until March.', 'person');
    const first = await annotatePullRequest(input(without('IAC-APP-002')));
    expect(first).toMatchObject({ resolved: 0, noted: 1 });
    const again = await annotatePullRequest(input(without('IAC-APP-002')));
    expect(again).toMatchObject({ resolved: 0, noted: 0 });
    const thread = emu.state.thread(17, tls.id)!;
    expect(thread.status).toBe('active');
    expect(thread.comments.map((c) => c.author.id)).toEqual([emu.build.id, emu.person.id, emu.build.id]);
  });

  it('never reopens a thread a person set to won’t fix, and never re-posts it', async () => {
    await world();
    await annotatePullRequest(input());
    const nsg = findingThreads()[0]!;
    emu.setThreadStatus(17, nsg.id, 'wontFix');
    const report = await annotatePullRequest(input());
    expect(report).toMatchObject({ created: 0, reopened: 0, declined: 1 });
    expect(emu.state.thread(17, nsg.id)!.status).toBe('wontFix');
  });

  it('respects maxAnnotations, most severe first, and counts the rest in the summary edited in place', async () => {
    await world();
    const report = await annotatePullRequest(input(undefined, { maxAnnotations: 1 }));
    expect(report).toMatchObject({ created: 1, summary: 'created' });
    expect(report.notAnnotated.overCap).toBe(2);
    expect(findingThreads().map(placement)).toEqual([['/infra/network.json', 16, 2, 'active']]);
    const summaryId = summaryThreads()[0]!.id;
    expect(summaryThreads()[0]!.comments[0]!.content).toContain('- 2 over the limit of 1 comments');
    const second = await annotatePullRequest(input(undefined, { maxAnnotations: 2 }));
    expect(second).toMatchObject({ created: 1, summary: 'updated' });
    expect(summaryThreads().map((t) => [t.id, t.comments.length])).toEqual([[summaryId, 1]]);
    expect(summaryThreads()[0]!.comments[0]!.content).toContain('- 1 over the limit of 2 comments');
  });

  it('honours the minimum severity and the changedFiles and all scopes', async () => {
    await world();
    const high = await annotatePullRequest(input(undefined, { minSeverity: 'high', scope: 'changedFiles' }));
    // ftpsState (medium) is below the floor; storage.json is not part of the pull request.
    expect(high).toMatchObject({ created: 3, effectiveScope: 'changedFiles' });
    expect(high.notAnnotated).toEqual({ belowMinimum: 1, outsideDiff: 1, overCap: 0, outsideRepository: 0 });
    await emu.close();
    await world();
    const all = await annotatePullRequest(input(undefined, { scope: 'all' }));
    expect(all).toMatchObject({ created: 5 });
    expect(findingThreads().map(placement)).toContainEqual(['/infra/storage.json', 12, undefined, 'active']);
  });

  it('reads every page of a large pull request’s changes', async () => {
    await world();
    const filler = Array.from({ length: 2100 }, (_, i) => ({ path: `/docs/page-${i}.md`, changeType: 'add' }));
    emu.setChanges(17, 1, [...filler, { path: '/infra/app.json', changeType: 'edit' }, { path: '/infra/network.json', changeType: 'add' }]);
    const report = await annotatePullRequest(input());
    expect(report).toMatchObject({ outcome: 'done', created: 3 });
    expect(emu.calls('iterations.changes').map((r) => [r.query['$top'], r.query['$skip']])).toEqual([
      ['2000', '0'],
      ['2000', '2000'],
    ]);
  });

  it('without the pull request history, comments on whole changed files and says so', async () => {
    await world();
    const iteration = emu.state.iteration(17, 1)!;
    iteration.commonRefCommit = 'f'.repeat(40);
    const report = await annotatePullRequest(input());
    expect(report).toMatchObject({ created: 4, effectiveScope: 'changedFiles' });
    expect(logged).toEqual([expect.stringContaining("Set 'fetchDepth: 0' on the checkout step")]);
  });

  it('a 429 storm is retried as Retry-After says and converges without duplicates', async () => {
    await world();
    emu.fail({ method: 'POST', path: '/threads', times: 3 }, { status: 429, retryAfter: 2 });
    const report = await annotatePullRequest(input());
    expect(report).toMatchObject({ outcome: 'done', created: 3, retries: 3, waitedMs: 6000 });
    expect(waits).toEqual([2000, 2000, 2000]);
    expect(findingThreads()).toHaveLength(3);
  });

  it('5xx answers are retried with back-off', async () => {
    await world();
    emu.fail({ method: 'POST', path: '/threads', times: 1 }, { status: 503 });
    const report = await annotatePullRequest(input());
    expect(report).toMatchObject({ outcome: 'done', created: 3, retries: 1 });
    expect(waits).toEqual([1000]);
    expect(findingThreads()).toHaveLength(3);
  });

  it('a run that gives up midway converges on the next run, without duplicates', async () => {
    await world();
    emu.fail({ method: 'POST', path: '/statuses', times: Infinity }, { status: 500 });
    const failed = await annotatePullRequest(input(undefined, { retry: { sleep: async () => undefined, maxAttempts: 2 } }));
    expect(failed.outcome).toBe('failed');
    expect(failed.message).toMatch(/^Azure DevOps answered 500 when trying to post the pull request status: /);
    expect(findingThreads()).toHaveLength(3);
    emu.faults.clear();
    const next = await annotatePullRequest(input());
    expect(next).toMatchObject({ outcome: 'done', created: 0, unchanged: 3, summary: 'unchanged', status: 'failed' });
    expect(findingThreads()).toHaveLength(3);
    expect(summaryThreads()).toHaveLength(1);
  });

  it('a 403 stops with what to grant, and nothing is posted', async () => {
    await world();
    emu.fail({ method: 'POST', path: '/threads', times: Infinity }, { status: 403 });
    const report = await annotatePullRequest(input());
    expect(report.outcome).toBe('failed');
    expect(report.message).toContain('Azure DevOps denied permission (403) to create a comment thread: TF401027');
    expect(report.message).toContain('"Contribute to pull requests" permission on this repository');
    expect(report.message).not.toContain(emu.token);
    expect(findingThreads()).toHaveLength(0);
    expect(emu.state.pullRequest(17)!.statuses).toHaveLength(0);
  });

  it('a 401 says the token was refused', async () => {
    await world();
    emu.fail({ path: '/pullRequests/17', times: Infinity }, { status: 401 });
    const report = await annotatePullRequest(input());
    expect(report).toMatchObject({ outcome: 'failed', message: 'Azure DevOps refused the access token (401) when trying to read the pull request. The job\'s token may have expired; re-run the job.' });
  });

  it('a deleted pull request stops with a clear message', async () => {
    await world();
    emu.deletePullRequest(17);
    const report = await annotatePullRequest(input());
    expect(report).toMatchObject({ outcome: 'failed', message: `Pull request 17 was not found in repository ${emu.repositoryId} (it may have been deleted).` });
  });

  it('a failed scan posts an error status and leaves the threads alone', async () => {
    await world();
    await annotatePullRequest(input());
    const report = await annotatePullRequest(input([], { verdict: 'error' }));
    expect(report).toMatchObject({ outcome: 'done', status: 'error', created: 0, resolved: 0 });
    expect(findingThreads().every((t) => t.status === 'active')).toBe(true);
    expect(emu.state.pullRequest(17)!.statuses.map((s) => s.state)).toEqual(['failed', 'error']);
  });
});
