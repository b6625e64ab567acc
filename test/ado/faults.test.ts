import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { annotatePullRequest, type AnnotateInput, type AnnotationReport } from '../../src/ado/annotate';
import { gate } from '../../src/gate/gate';
import type { Finding } from '../../src/model/finding';
import { scan } from '../../src/scan/scan';
import type { ScanResult } from '../../src/scan/result';
import { startEmulator, type Emulator, type StoredThread } from '../emulator/server';
import { checkRecordedResponses } from '../emulator/spec';
import { standardPrRepo, type PrRepo } from '../support/prRepo';

/**
 * Azure DevOps faults during an annotation run, against the emulator and the real client: timeouts,
 * connection resets (before and in the middle of an answer, and after the service carried a write out),
 * 429 storms beyond the budget, 500s midway through posting, a thread deleted by a person, a pull request
 * abandoned or completed, a push mid-run. Each run ends with a report (never an exception), and the next
 * run converges: one thread per commented finding, one summary, nothing lost, nothing twice.
 */

let repo: PrRepo;
let scanned: ScanResult;
let emu: Emulator | undefined;
let waits: number[];
let logged: string[];

/** The three findings on the pull request's changed lines (the standard scenario), most severe first. */
const COMMENTED = ['IAC-NSG-001', 'IAC-APP-001', 'IAC-APP-002'];
/** A client timeout short enough for the tests (production: 60 s), and an emulator delay beyond it. */
const SHORT_TIMEOUT = { socketTimeout: 300 };
const TOO_SLOW_MS = 800;

beforeAll(async () => {
  repo = standardPrRepo();
  scanned = scan({ path: repo.dir });
  expect(scanned.findings.filter((f) => COMMENTED.includes(f.ruleId))).toHaveLength(3);
  // One run first, so that the emulator's request validators are compiled before any test counts milliseconds.
  const warm = await world();
  await annotatePullRequest(input(warm));
  emu = undefined;
  await warm.close();
});

afterEach(async () => {
  if (!emu) return;
  const e = emu;
  emu = undefined;
  try {
    // Whatever the faults, every answer the emulator gave conformed to the contract.
    expect(checkRecordedResponses(e.requests)).toEqual([]);
  } finally {
    await e.close();
  }
});

async function world(): Promise<Emulator> {
  const e = await startEmulator();
  emu = e;
  e.addPullRequest({
    id: 17,
    sourceRefName: 'refs/heads/feature',
    targetRefName: 'refs/heads/main',
    firstIteration: { sourceRefCommit: repo.source, targetRefCommit: repo.target, commonRefCommit: repo.base },
  });
  e.setChanges(17, 1, [
    { path: '/infra/app.json', changeType: 'edit', changeTrackingId: 1 },
    { path: '/infra/network.json', changeType: 'add', changeTrackingId: 2 },
  ]);
  return e;
}

function input(e: Emulator, over: Partial<AnnotateInput> = {}, findings: Finding[] = scanned.findings): AnnotateInput {
  waits = [];
  logged = [];
  return {
    context: {
      collectionUri: e.collectionUrl,
      project: e.projectName,
      repositoryId: e.repositoryId,
      pullRequestId: 17,
      token: e.token,
      buildUrl: `${e.collectionUrl}${e.projectName}/_build/results?buildId=5`,
      sourceCommitId: repo.source,
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
    ...over,
    retry: { sleep: async (ms: number) => void waits.push(ms), ...over.retry },
  };
}

const kindOf = (t: StoredThread) => t.properties['iacScan.kind']?.$value;
const findingThreads = (e: Emulator) => e.state.pullRequest(17).threads.filter((t) => kindOf(t) === 'finding');
const summaryThreads = (e: Emulator) => e.state.pullRequest(17).threads.filter((t) => kindOf(t) === 'summary');
const ruleOf = (t: StoredThread) => scanned.findings.find((f) => f.fingerprint === t.properties['iacScan.fingerprint']?.$value)!.ruleId;
const writes = (e: Emulator, from = 0) => e.requests.slice(from).filter((r) => r.method !== 'GET' && r.method !== 'OPTIONS').map((r) => `${r.route} ${r.status}`);
const statuses = (e: Emulator) => e.state.pullRequest(17).statuses.map((s) => [s.state, s.iterationId]);

/**
 * The converged state: exactly one live thread per commented finding (and no other), each with its one
 * comment unless notes were added, one live summary; and a further run changes nothing but the status.
 */
async function expectConverged(e: Emulator, status: 'failed' = 'failed'): Promise<void> {
  const live = findingThreads(e).filter((t) => !t.isDeleted);
  expect(live.map(ruleOf).sort()).toEqual([...COMMENTED].sort());
  expect(new Set(live.map((t) => t.properties['iacScan.fingerprint']?.$value)).size).toBe(live.length);
  for (const t of live) {
    expect(t.status).toBe('active');
    expect(t.comments.map((c) => c.author.id)).toEqual([e.build.id]);
  }
  expect(summaryThreads(e).filter((t) => !t.isDeleted)).toHaveLength(1);
  const before = e.requests.length;
  const again = await annotatePullRequest(input(e));
  expect(again).toMatchObject({ outcome: 'done', created: 0, updated: 0, reopened: 0, resolved: 0, noted: 0, unchanged: 3, summary: 'unchanged', status });
  expect(writes(e, before)).toEqual(['statuses.create 200']);
}

describe('request timeouts', () => {
  it('a read that times out is retried after the back-off, and the run completes', async () => {
    const e = await world();
    e.fail({ method: 'GET', path: /\/threads$/ }, { delayMs: TOO_SLOW_MS });
    const report = await annotatePullRequest(input(e, { requestOptions: SHORT_TIMEOUT }));
    expect(report).toMatchObject({ outcome: 'done', created: 3, summary: 'created', status: 'failed', retries: 1, waitedMs: 1000 });
    expect(waits).toEqual([1000]);
    expect(e.calls('threads.list').map((r) => r.status)).toEqual([0, 200]);
    await expectConverged(e);
  });

  it('a thread whose answer timed out after the service created it is found, not posted twice', async () => {
    const e = await world();
    // The first POST is carried out, but its answer comes after the client gave up.
    e.fail({ method: 'POST', path: /\/threads$/ }, { afterHandling: true, delayMs: TOO_SLOW_MS });
    const report = await annotatePullRequest(input(e, { requestOptions: SHORT_TIMEOUT }));
    expect(report).toMatchObject({ outcome: 'done', created: 3, summary: 'created', status: 'failed', retries: 1 });
    // Before sending it again, the client looked: the thread was there.
    expect(e.requests.filter((r) => r.route === 'threads.create' || r.route === 'threads.list').map((r) => `${r.method} ${r.status}`)).toEqual([
      'GET 200', // the plan
      'POST 0', // NSG thread: created, answer lost
      'GET 200', // looked for it: found
      'POST 200', // the app.json threads and the summary
      'POST 200',
      'POST 200',
    ]);
    expect(findingThreads(e).map(ruleOf)).toEqual(COMMENTED);
    await expectConverged(e);
  });

  it('an Azure DevOps that never answers in time: gives up after the attempts allowed, saying so; the next run completes', async () => {
    const e = await world();
    e.latencyMs = TOO_SLOW_MS;
    const report = await annotatePullRequest(input(e, { requestOptions: SHORT_TIMEOUT }));
    expect(report).toMatchObject({ outcome: 'failed', created: 0, retries: 4, waitedMs: 15_000 });
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    expect(report.message).toMatch(
      /^Could not read the pull request: Request timeout: \/org\/\S+ Gave up after 5 attempts, the limit per request; 1\d s already spent on waits and failed attempts, of a retry budget of 120 s per run\. The next run completes the comments\.$/,
    );
    expect(findingThreads(e)).toEqual([]);
    expect(statuses(e)).toEqual([]);
    e.latencyMs = 0;
    const next = await annotatePullRequest(input(e));
    expect(next).toMatchObject({ outcome: 'done', created: 3, summary: 'created', status: 'failed', retries: 0 });
    await expectConverged(e);
  });

  it('time lost in timed-out attempts counts against the budget', async () => {
    const e = await world();
    e.latencyMs = TOO_SLOW_MS;
    const report = await annotatePullRequest(input(e, { requestOptions: SHORT_TIMEOUT, retry: { budgetMs: 3000 } }));
    // 1 s of back-off plus two timed-out attempts leave less than the next 2 s wait.
    expect(report).toMatchObject({ outcome: 'failed', retries: 1, waitedMs: 1000 });
    expect(report.message).toMatch(
      /^Could not read the pull request: Request timeout: \/org\/\S+ Gave up after 2 attempt\(s\): the next wait of 2 s would exceed the retry budget of 3 s per run \(\d s already spent on waits and failed attempts\)\./,
    );
  });
});

describe('connection resets', () => {
  it('before the answer, the request not carried out: retried, nothing twice', async () => {
    const e = await world();
    e.fail({ method: 'POST', path: /\/threads$/ }, { resetConnection: true });
    const report = await annotatePullRequest(input(e));
    expect(report).toMatchObject({ outcome: 'done', created: 3, retries: 1, waitedMs: 1000 });
    expect(e.calls('threads.create').map((r) => r.status)).toEqual([0, 200, 200, 200, 200]);
    // A dropped connection leaves open whether the thread was made: the client looked first (one more GET).
    expect(e.calls('threads.list')).toHaveLength(2);
    await expectConverged(e);
  });

  it('after the service created the thread, before its answer: found, not posted twice', async () => {
    const e = await world();
    e.after({ route: 'threads.create', nth: 1 }, () => e.fail({ method: 'POST', path: /\/threads$/ }, { resetConnection: true, afterHandling: true }));
    const report = await annotatePullRequest(input(e));
    expect(report).toMatchObject({ outcome: 'done', created: 3, summary: 'created', retries: 1 });
    expect(e.calls('threads.create').map((r) => r.status)).toEqual([200, 0, 200, 200]);
    expect(findingThreads(e).map(ruleOf)).toEqual(COMMENTED);
    await expectConverged(e);
  });

  it('in the middle of the answer to a write: found, not posted twice', async () => {
    const e = await world();
    e.fail({ method: 'POST', path: /\/threads$/ }, { resetConnection: 'midResponse' });
    const report = await annotatePullRequest(input(e, { requestOptions: { socketTimeout: 500 } }));
    expect(report).toMatchObject({ outcome: 'done', created: 3, summary: 'created', retries: 1 });
    expect(e.calls('threads.create').map((r) => r.status)).toEqual([0, 200, 200, 200]);
    expect(findingThreads(e).map(ruleOf)).toEqual(COMMENTED);
    await expectConverged(e);
  });

  it('in the middle of the thread list: retried, never read as "no threads" (which would post every thread again)', async () => {
    const e = await world();
    await annotatePullRequest(input(e));
    e.fail({ method: 'GET', path: /\/threads$/ }, { resetConnection: 'midResponse' });
    const report = await annotatePullRequest(input(e, { requestOptions: { socketTimeout: 500 } }));
    expect(report).toMatchObject({ outcome: 'done', created: 0, unchanged: 3, summary: 'unchanged', retries: 1 });
    expect(findingThreads(e)).toHaveLength(3);
    await expectConverged(e);
  });

  it('in the middle of the pull request: retried, never read as a deleted pull request', async () => {
    const e = await world();
    e.fail({ method: 'GET', path: /\/pullRequests\/17$/ }, { resetConnection: 'midResponse' });
    const report = await annotatePullRequest(input(e, { requestOptions: { socketTimeout: 500 } }));
    expect(report).toMatchObject({ outcome: 'done', created: 3, retries: 1 });
    await expectConverged(e);
  });

  it('after the service added a resolving note: the note is not added twice', async () => {
    const e = await world();
    await annotatePullRequest(input(e));
    const tls = findingThreads(e).find((t) => ruleOf(t) === 'IAC-APP-002')!;
    e.fail({ method: 'POST', path: /\/comments$/ }, { resetConnection: true, afterHandling: true });
    const report = await annotatePullRequest(input(e, {}, scanned.findings.filter((f) => f.ruleId !== 'IAC-APP-002')));
    expect(report).toMatchObject({ outcome: 'done', resolved: 1, retries: 1 });
    const thread = e.state.thread(17, tls.id)!;
    expect(thread.status).toBe('fixed');
    expect(thread.comments.map((c) => c.content.split('\n')[0])).toEqual([
      expect.stringContaining('Web app accepts TLS'),
      '✅ iac-scan no longer finds this issue (iteration 1), so this thread is resolved.',
    ]);
    expect(e.calls('comments.create').map((r) => r.status)).toEqual([0]);
    expect(e.calls('threads.get').map((r) => r.status)).toEqual([200]);
  });
});

describe('429 storms', () => {
  it('longer than the budget: gives up naming Retry-After and the budget, posts nothing half-done; the next run converges', async () => {
    const e = await world();
    e.fail({ method: 'POST', path: /\/threads$/, times: Infinity }, { status: 429, retryAfter: 60 });
    const report = await annotatePullRequest(input(e));
    expect(report).toMatchObject({ outcome: 'failed', created: 0, retries: 3, waitedMs: 90_000 });
    // Retry-After 60 s is cut to 30 s; three waits, and a fourth would pass 120 s.
    expect(waits).toEqual([30_000, 30_000, 30_000]);
    expect(report.message).toBe(
      "Azure DevOps answered 429 when trying to create a comment thread: TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'Core' in namespace 'User'. " +
        "Gave up after 4 attempt(s): the next wait of 30 s (Retry-After: 60 s, waits are capped at 30 s) would exceed the retry budget of 120 s per run (90 s already spent on waits and failed attempts). " +
        'The next run completes the comments.',
    );
    // A 429 is refused before anything happens: no lookups, no thread, no summary, no status.
    expect(e.calls('threads.list')).toHaveLength(1);
    expect(e.state.pullRequest(17).threads).toEqual([]);
    expect(statuses(e)).toEqual([]);
    e.faults.clear();
    const next = await annotatePullRequest(input(e));
    expect(next).toMatchObject({ outcome: 'done', created: 3, summary: 'created', status: 'failed' });
    await expectConverged(e);
  });

  it('starting midway: the threads made stay, the next run adds only the missing ones', async () => {
    const e = await world();
    e.after({ route: 'threads.create', nth: 2 }, () => e.fail({ method: 'POST', times: Infinity }, { status: 429, retryAfter: 30 }));
    const report = await annotatePullRequest(input(e));
    expect(report).toMatchObject({ outcome: 'failed', created: 2, retries: 3, waitedMs: 90_000 });
    expect(report.message).toContain('Gave up after 4 attempt(s): the next wait of 30 s (Retry-After: 30 s) would exceed the retry budget of 120 s per run');
    expect(findingThreads(e).map(ruleOf)).toEqual(['IAC-NSG-001', 'IAC-APP-001']);
    expect(summaryThreads(e)).toEqual([]);
    e.faults.clear();
    const before = e.requests.length;
    const next = await annotatePullRequest(input(e));
    expect(next).toMatchObject({ outcome: 'done', created: 1, unchanged: 2, summary: 'created', status: 'failed' });
    expect(writes(e, before)).toEqual(['threads.create 200', 'threads.create 200', 'statuses.create 200']);
    await expectConverged(e);
  });
});

describe('500s midway through posting', () => {
  it('after two threads: the run gives up with the back-off spent; the next run creates only the missing thread, the summary and the status', async () => {
    const e = await world();
    e.after({ route: 'threads.create', nth: 2 }, () => e.fail({ method: 'POST', path: /\/threads$/, times: Infinity }, { status: 500 }));
    const report = await annotatePullRequest(input(e));
    expect(report).toMatchObject({ outcome: 'failed', created: 2, retries: 4, waitedMs: 15_000 });
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    expect(report.message).toBe(
      'Azure DevOps answered 500 when trying to create a comment thread: Emulated internal server error. ' +
        'Gave up after 5 attempts, the limit per request; 15 s already spent on waits and failed attempts, of a retry budget of 120 s per run. ' +
        'The next run completes the comments.',
    );
    // A 500 leaves open whether the thread was made: the client looked before each new attempt.
    expect(e.calls('threads.list')).toHaveLength(1 + 4);
    expect(findingThreads(e).map(ruleOf)).toEqual(['IAC-NSG-001', 'IAC-APP-001']);
    expect(summaryThreads(e)).toEqual([]);
    expect(statuses(e)).toEqual([]);
    e.faults.clear();
    const before = e.requests.length;
    const next = await annotatePullRequest(input(e));
    expect(next).toMatchObject({ outcome: 'done', created: 1, unchanged: 2, summary: 'created', status: 'failed' });
    expect(writes(e, before)).toEqual(['threads.create 200', 'threads.create 200', 'statuses.create 200']);
    expect(findingThreads(e).map(ruleOf)).toEqual(COMMENTED);
    await expectConverged(e);
  });

  it('a 500 for a thread the service did create: found on the next attempt, not posted twice', async () => {
    const e = await world();
    e.after({ route: 'threads.create', nth: 1 }, () => e.fail({ method: 'POST', path: /\/threads$/ }, { status: 500, afterHandling: true }));
    const report = await annotatePullRequest(input(e));
    expect(report).toMatchObject({ outcome: 'done', created: 3, summary: 'created', retries: 1, waitedMs: 1000 });
    expect(e.calls('threads.create').map((r) => r.status)).toEqual([200, 500, 200, 200]);
    expect(findingThreads(e).map(ruleOf)).toEqual(COMMENTED);
    await expectConverged(e);
  });
});

describe('a thread deleted by a person between runs', () => {
  it('is never posted again, and not touched when its finding goes', async () => {
    const e = await world();
    await annotatePullRequest(input(e));
    const tls = findingThreads(e).find((t) => ruleOf(t) === 'IAC-APP-002')!;
    e.deleteThread(17, tls.id);
    const same = await annotatePullRequest(input(e));
    expect(same).toMatchObject({ outcome: 'done', created: 0, reopened: 0, updated: 0, declined: 1, unchanged: 2, summary: 'unchanged', status: 'failed' });
    expect(findingThreads(e).map((t) => [ruleOf(t), t.isDeleted])).toEqual([
      ['IAC-NSG-001', false],
      ['IAC-APP-001', false],
      ['IAC-APP-002', true],
    ]);
    const gone = await annotatePullRequest(input(e, {}, scanned.findings.filter((f) => f.ruleId !== 'IAC-APP-002')));
    expect(gone).toMatchObject({ outcome: 'done', created: 0, resolved: 0, noted: 0, declined: 0, unchanged: 2 });
    expect(e.state.thread(17, tls.id)!.comments.map((c) => c.isDeleted)).toEqual([true]);
    expect(findingThreads(e)).toHaveLength(3);
  });

  it('the summary thread, deleted, is posted anew: only a live summary is edited', async () => {
    const e = await world();
    await annotatePullRequest(input(e));
    const old = summaryThreads(e)[0]!;
    e.deleteThread(17, old.id);
    const report = await annotatePullRequest(input(e));
    expect(report).toMatchObject({ outcome: 'done', created: 0, unchanged: 3, summary: 'created' });
    expect(summaryThreads(e).map((t) => [t.id, t.isDeleted])).toEqual([
      [old.id, true],
      [expect.any(Number), false],
    ]);
    await expectConverged(e);
  });
});

describe('a pull request abandoned or completed', () => {
  it('before the run: nothing posted, said plainly', async () => {
    const e = await world();
    e.setPullRequestStatus(17, 'abandoned');
    const report = await annotatePullRequest(input(e));
    expect(report).toMatchObject({ outcome: 'done', closed: 'abandoned', created: 0, message: 'Pull request 17 is abandoned: no comments and no status posted.' });
    expect(report.status).toBeUndefined();
    expect(e.requests.filter((r) => r.route !== 'discovery.options').map((r) => `${r.method} ${r.route}`)).toEqual(['GET pullRequests.get']);
  });

  it('completed during the run: the threads are finished, no status is posted, the report says why; reactivated, the next run converges', async () => {
    const e = await world();
    e.after({ route: 'threads.create', nth: 1 }, () => e.setPullRequestStatus(17, 'completed'));
    const report = await annotatePullRequest(input(e));
    expect(report).toMatchObject({ outcome: 'done', closed: 'completed', created: 3, summary: 'created' });
    expect(report.status).toBeUndefined();
    expect(report.message).toBe(
      'Pull request 17: 3 new comment thread(s), 0 updated, 0 reopened, 0 resolved, 0 noted, 0 unchanged; 2 finding(s) not commented at the line; ' +
        'no status posted: the pull request was completed during the run.',
    );
    expect(statuses(e)).toEqual([]);
    const after = await annotatePullRequest(input(e));
    expect(after).toMatchObject({ outcome: 'done', closed: 'completed', created: 0, message: 'Pull request 17 is completed: no comments and no status posted.' });
    e.setPullRequestStatus(17, 'active');
    await expectConverged(e);
    expect(statuses(e)).toEqual([['failed', 1]]);
  });

  it('abandoned during the run of a failed scan: no error status on the closed pull request', async () => {
    const e = await world();
    e.after({ route: 'pullRequests.get', nth: 1 }, () => e.setPullRequestStatus(17, 'abandoned'));
    const report = await annotatePullRequest(input(e, { verdict: 'error' }, []));
    expect(report).toMatchObject({ outcome: 'done', closed: 'abandoned', created: 0 });
    expect(report.status).toBeUndefined();
    expect(report.message).toMatch(/; no status posted: the pull request was abandoned during the run\.$/);
    expect(writes(e)).toEqual([]);
  });
});

describe('an iteration pushed mid-run', () => {
  function pushSecondIteration(e: Emulator): string {
    // A second push with the same files (a commit of its own, in the checkout's history).
    const second = repo.git('commit-tree', `${repo.source}^{tree}`, '-p', repo.source, '-m', 'second push');
    e.addIteration(17, { sourceRefCommit: second, targetRefCommit: repo.target, commonRefCommit: repo.base });
    e.setChanges(17, 2, [
      { path: '/infra/app.json', changeType: 'edit' },
      { path: '/infra/network.json', changeType: 'add' },
    ]);
    return second;
  }

  it('after the changes were read: threads, summary and status carry the iteration they were computed for; the next run converges on the new one', async () => {
    const e = await world();
    let second = '';
    e.after({ route: 'iterations.changes' }, () => (second = pushSecondIteration(e)));
    const report = await annotatePullRequest(input(e));
    expect(report).toMatchObject({ outcome: 'done', iteration: 1, created: 3, summary: 'created', status: 'failed' });
    expect(e.state.pullRequest(17).iterations.map((i) => i.id)).toEqual([1, 2]);
    expect(findingThreads(e).map((t) => [ruleOf(t), t.pullRequestThreadContext?.iterationContext, t.pullRequestThreadContext?.changeTrackingId])).toEqual([
      ['IAC-NSG-001', { firstComparingIteration: 1, secondComparingIteration: 1 }, 2],
      ['IAC-APP-001', { firstComparingIteration: 1, secondComparingIteration: 1 }, 1],
      ['IAC-APP-002', { firstComparingIteration: 1, secondComparingIteration: 1 }, 1],
    ]);
    expect(summaryThreads(e)[0]!.comments[0]!.content).toContain('(iteration 1)');
    expect(statuses(e)).toEqual([['failed', 1]]);

    // The build of iteration 2.
    const next = await annotatePullRequest(input(e, { context: { ...input(e).context, sourceCommitId: second } }));
    expect(next).toMatchObject({ outcome: 'done', iteration: 2, created: 0, unchanged: 3, summary: 'updated', status: 'failed' });
    expect(summaryThreads(e).map((t) => [t.comments.length, t.comments[0]!.content.includes('(iteration 2)')])).toEqual([[1, true]]);
    expect(statuses(e)).toEqual([
      ['failed', 1],
      ['failed', 2],
    ]);
    expect(findingThreads(e)).toHaveLength(3);
    expect(logged).toEqual([]);
  });

  it('before the annotation started: the comments and the status are for the scanned iteration, not the newer one, and the log says so', async () => {
    const e = await world();
    pushSecondIteration(e);
    const report = await annotatePullRequest(input(e));
    expect(report).toMatchObject({ outcome: 'done', iteration: 1, created: 3, effectiveScope: 'changedLines', status: 'failed' });
    expect(e.calls('iterations.changes').map((r) => r.params?.['iterationId'])).toEqual(['1']);
    expect(findingThreads(e).every((t) => t.pullRequestThreadContext?.iterationContext?.secondComparingIteration === 1)).toBe(true);
    expect(statuses(e)).toEqual([['failed', 1]]);
    expect(logged).toEqual([
      'Iteration 2 of pull request 17 was pushed after the commit this build scanned; the comments and the status are for iteration 1, and the build of iteration 2 updates them.',
    ]);
  });
});

describe('the report, whatever happens', () => {
  it('a pull request deleted mid-run ends the run with a report, not an exception', async () => {
    const e = await world();
    e.after({ route: 'threads.create', nth: 1 }, () => e.deletePullRequest(17));
    const report: AnnotationReport = await annotatePullRequest(input(e));
    expect(report).toMatchObject({
      outcome: 'failed',
      created: 1,
      message: `Pull request 17 was not found in repository ${e.repositoryId} when trying to create a comment thread (it may have been deleted).`,
    });
  });
});
