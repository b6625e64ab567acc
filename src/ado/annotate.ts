import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IRequestOptions } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import { PullRequestStatus, type GitPullRequest, type GitPullRequestIteration } from 'azure-devops-node-api/interfaces/GitInterfaces';
import type { Finding } from '../model/finding';
import { atOrAbove, severityRank, type Severity } from '../model/severity';
import type { Rule } from '../rules/rule';
import { acceptedReason, findingComment, NOTES, summaryComment, MARKERS, type NotAnnotated } from './commentText';
import type { PullRequestContext } from './context';
import { changedLines, GitCheckout, mapLine, type Hunk } from './gitLines';
import { planThreads, type Action, type OwnThread, type Wanted } from './planThreads';
import { AnnotationError, PullRequestApi, type ChangedFile, type ThreadPosition } from './pullRequestApi';
import { DEFAULT_RETRY, type RetryPolicy } from './retry';

export type AnnotationScope = 'changedLines' | 'changedFiles' | 'all';

export interface AnnotateInput {
  context: PullRequestContext;
  /** Findings that count (suppressed ones and those unchanged since the baseline left out). */
  findings: Finding[];
  /** Findings that no longer count (suppressed, or unchanged since the baseline): their threads are resolved, saying why. */
  accepted?: Finding[];
  rules: Rule[];
  /** Absolute folder the findings' paths are relative to. */
  scanRoot: string;
  /** The agent's checkout (Build.SourcesDirectory): the repository root. */
  checkoutDir: string;
  scope: AnnotationScope;
  minSeverity: Severity;
  maxAnnotations: number;
  postStatus: boolean;
  /** The build verdict, for the status and the summary (`error` when the scan itself failed). */
  verdict: { failed: boolean; message: string } | 'error';
  /** Writes one line to the log (the caller neutralises logging commands). */
  log: (line: string) => void;
  retry?: Partial<RetryPolicy>;
  /** The agent's proxy and certificates; `socketTimeout` defaults to REQUEST_TIMEOUT_MS (60 s). */
  requestOptions?: IRequestOptions;
}

export interface AnnotationReport {
  outcome: 'done' | 'failed';
  /** One line for the log and the build summary. */
  message: string;
  created: number;
  updated: number;
  reopened: number;
  resolved: number;
  noted: number;
  unchanged: number;
  /** Threads a person resolved, dismissed or deleted, left as they are. */
  declined: number;
  notAnnotated: Record<NotAnnotated['reason'], number>;
  /** Line filtering actually used (changedLines falls back to changedFiles without git history). */
  effectiveScope: AnnotationScope;
  summary?: 'created' | 'updated' | 'unchanged';
  status?: 'succeeded' | 'failed' | 'error';
  /** The iteration (push) the comments and the status are for: the one whose source commit was scanned. */
  iteration?: number;
  /** The pull request was found abandoned or completed (before the run: nothing posted; during it: no status). */
  closed?: 'abandoned' | 'completed';
  retries: number;
  /** Back-off waits. */
  waitedMs: number;
}

/**
 * Converges the pull request's comments on the findings: one thread per finding at its line (within
 * the diff, the severity floor and the cap), one summary thread edited in place, threads of findings
 * that went away resolved, and a PR status for branch policies. Never throws: a failure is reported
 * in the result, and the caller decides what it means for the build.
 */
export async function annotatePullRequest(input: AnnotateInput): Promise<AnnotationReport> {
  const report: AnnotationReport = {
    outcome: 'done',
    message: '',
    created: 0,
    updated: 0,
    reopened: 0,
    resolved: 0,
    noted: 0,
    unchanged: 0,
    declined: 0,
    notAnnotated: { belowMinimum: 0, outsideDiff: 0, overCap: 0, outsideRepository: 0 },
    effectiveScope: input.scope,
    retries: 0,
    waitedMs: 0,
  };
  const api = new PullRequestApi(input.context, { ...DEFAULT_RETRY, ...input.retry }, input.requestOptions);
  try {
    const closedBefore = await run(input, api, report);
    const id = input.context.pullRequestId;
    report.message = closedBefore
      ? `Pull request ${id} is ${closedBefore}: no comments and no status posted.`
      : `Pull request ${id}: ${report.created} new comment thread(s), ${report.updated} updated, ` +
        `${report.reopened} reopened, ${report.resolved} resolved, ${report.noted} noted, ${report.unchanged} unchanged; ` +
        `${Object.values(report.notAnnotated).reduce((a, b) => a + b, 0)} finding(s) not commented at the line` +
        (report.status ? `; status ${report.status}.` : report.closed ? `; no status posted: the pull request was ${report.closed} during the run.` : '.');
  } catch (err) {
    report.outcome = 'failed';
    report.message = err instanceof AnnotationError ? err.message : `Pull-request annotation failed: ${(err as Error).message}`;
  }
  report.retries = api.retries;
  report.waitedMs = api.waitedMs;
  return report;
}

interface Placed {
  finding: Finding;
  path: string;
  position: ThreadPosition;
  suggestion?: string;
}

/** Returns how the pull request was closed when it was closed before anything was posted. */
async function run(input: AnnotateInput, api: PullRequestApi, report: AnnotationReport): Promise<AnnotationReport['closed']> {
  const pr = await api.pullRequest();
  // Comments on a closed pull request reach no one, and its status no longer gates anything.
  report.closed = closedAs(pr);
  if (report.closed) return report.closed;
  const iterations = await api.iterations();
  const iteration = scannedIteration(iterations, input.context.sourceCommitId);
  const iterationId = iteration.id!;
  report.iteration = iterationId;
  const latest = iterations.at(-1)!.id!;
  if (latest !== iterationId) {
    input.log(
      `Iteration ${latest} of pull request ${input.context.pullRequestId} was pushed after the commit this build scanned; ` +
        `the comments and the status are for iteration ${iterationId}, and the build of iteration ${latest} updates them.`,
    );
  }
  if (input.verdict === 'error') {
    // Without a scan there is nothing to say about threads (an empty list would resolve them all): status only.
    if (input.postStatus) await postStatus(api, report, 'error', 'iac-scan: the scan failed; see the build log', iterationId, input.context.buildUrl);
    return undefined;
  }
  const changes = await api.changedFiles(iterationId);
  const lines = lineFacts(input, iteration.commonRefCommit?.commitId, iteration.sourceRefCommit?.commitId ?? pr.lastMergeSourceCommit?.commitId);
  report.effectiveScope = lines.scope;

  const sorted = [...input.findings].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line,
  );
  const notAnnotated: NotAnnotated[] = [];
  const placed: Placed[] = [];
  for (const finding of sorted) {
    const place = placeFinding(finding, input, changes, lines, iterationId);
    if ('reason' in place) notAnnotated.push(place);
    else placed.push(place);
  }

  const rules = new Map(input.rules.map((r) => [r.id, r]));
  const wanted: Wanted[] = placed.map((p) => ({ fingerprint: p.finding.fingerprint, content: findingComment(p.finding, rules.get(p.finding.ruleId), p.suggestion) }));
  const byFingerprint = new Map(placed.map((p, i) => [p.finding.fingerprint, { placed: p, wanted: wanted[i]! }]));
  const threads = await api.ownThreads();
  const present = new Set(input.findings.map((f) => f.fingerprint));
  const accepted = new Map((input.accepted ?? []).map((f) => [f.fingerprint, f]));
  const plan = planThreads(threads, wanted, present, input.maxAnnotations, new Set(accepted.keys()));
  report.declined = plan.declined;
  report.unchanged = plan.unchanged;
  for (const fp of plan.overCap) {
    const p = byFingerprint.get(fp)!.placed;
    notAnnotated.push({ finding: p.finding, path: p.path, reason: 'overCap' });
  }
  for (const n of notAnnotated) report.notAnnotated[n.reason]++;

  const threadById = new Map(threads.map((t) => [t.id, t]));
  for (const action of plan.actions) await execute(action, api, byFingerprint, threadById, iterationId, report, accepted);

  const summaryText = summaryComment({
    findings: input.findings,
    annotated: input.findings.length - notAnnotated.length,
    notAnnotated,
    verdictLine: input.verdict.message,
    minSeverity: input.minSeverity,
    maxAnnotations: input.maxAnnotations,
    iteration: iterationId,
    buildUrl: input.context.buildUrl,
    accepted: input.accepted,
  });
  report.summary = await upsertSummary(api, threads, summaryText, input.findings.length > 0);

  if (input.postStatus) {
    const state = input.verdict.failed ? 'failed' : 'succeeded';
    await postStatus(api, report, state, `iac-scan: ${input.verdict.message}`, iterationId, input.context.buildUrl);
  }
  if (lines.note) input.log(lines.note);
  return undefined;
}

/** Posts the status, unless the pull request was completed or abandoned during the run (said in the report). */
async function postStatus(
  api: PullRequestApi,
  report: AnnotationReport,
  state: NonNullable<AnnotationReport['status']>,
  description: string,
  iterationId: number,
  buildUrl: string | undefined,
): Promise<void> {
  report.closed = closedAs(await api.pullRequest());
  if (report.closed) return;
  await api.postStatus(state, description, iterationId, buildUrl);
  report.status = state;
}

function closedAs(pr: GitPullRequest): AnnotationReport['closed'] {
  return pr.status === PullRequestStatus.Abandoned ? 'abandoned' : pr.status === PullRequestStatus.Completed ? 'completed' : undefined;
}

/**
 * The iteration whose source commit the build scanned (System.PullRequest.SourceCommitId), so that a
 * push during the build does not get comments and a status computed for another commit; the latest
 * iteration when the agent does not say or the commit is not among them.
 */
function scannedIteration(iterations: GitPullRequestIteration[], sourceCommitId: string | undefined): GitPullRequestIteration {
  const scanned = sourceCommitId ? iterations.filter((i) => i.sourceRefCommit?.commitId?.toLowerCase() === sourceCommitId.toLowerCase()).at(-1) : undefined;
  return scanned ?? iterations.at(-1)!;
}

async function execute(
  action: Action,
  api: PullRequestApi,
  byFingerprint: Map<string, { placed: Placed; wanted: Wanted }>,
  threads: Map<number, OwnThread>,
  iteration: number,
  report: AnnotationReport,
  accepted: Map<string, Finding>,
): Promise<void> {
  try {
    switch (action.kind) {
      case 'create': {
        const { placed } = byFingerprint.get(action.wanted.fingerprint)!;
        await api.createThread(action.wanted.content, action.wanted.fingerprint, placed.position);
        report.created++;
        return;
      }
      case 'updateText':
        await api.editComment(action.threadId, action.commentId, action.content);
        report.updated++;
        return;
      case 'reopen':
        await api.setStatus(action.threadId, 'active');
        await api.addComment(action.threadId, NOTES.reopened(iteration));
        report.reopened++;
        return;
      case 'resolve': {
        // The note comes first: if the run stops in between, the next run still resolves (and does not repeat the note).
        const last = threads.get(action.threadId)?.comments.at(-1)?.content ?? '';
        if (!last.includes(MARKERS.resolved)) await api.addComment(action.threadId, NOTES.resolved(iteration));
        await api.setStatus(action.threadId, 'fixed');
        report.resolved++;
        return;
      }
      case 'note':
        await api.addComment(action.threadId, NOTES.gone(iteration));
        report.noted++;
        return;
      case 'accept': {
        // As for 'resolve': the note first, and not twice.
        const last = threads.get(action.threadId)?.comments.at(-1)?.content ?? '';
        if (!last.includes(MARKERS.accepted)) await api.addComment(action.threadId, NOTES.accepted(iteration, acceptedReason(accepted.get(action.fingerprint)!)));
        await api.setStatus(action.threadId, 'fixed');
        report.resolved++;
        return;
      }
    }
  } catch (err) {
    // A thread deleted meanwhile costs that thread only; anything else stops the run.
    if (err instanceof AnnotationError && err.statusCode === 404 && action.kind !== 'create') return;
    throw err;
  }
}

async function upsertSummary(api: PullRequestApi, threads: OwnThread[], text: string, anyFinding: boolean): Promise<AnnotationReport['summary']> {
  const existing = threads.find((t) => t.kind === 'summary' && !t.isDeleted);
  if (!existing) {
    if (!anyFinding) return undefined;
    await api.createThread(text, undefined, undefined);
    return 'created';
  }
  const first = existing.comments[0];
  let result: AnnotationReport['summary'] = 'unchanged';
  if (first && first.content !== text) {
    await api.editComment(existing.id, first.id, text);
    result = 'updated';
  }
  // The summary is resolved when there is nothing left to say, and active again when there is.
  if (anyFinding && existing.status !== 'active') await api.setStatus(existing.id, 'active');
  if (!anyFinding && existing.status === 'active') await api.setStatus(existing.id, 'closed');
  return result;
}

interface LineFacts {
  scope: AnnotationScope;
  /** Changed lines per repository path (source-commit numbering), when known. */
  changed?: Map<string, Set<number>>;
  /** Hunks from the scanned commit to the source commit, per path, when the line numbers may differ. */
  toSource?: Map<string, Hunk[]>;
  /** What the log should say about the line numbers used. */
  note?: string;
}

/**
 * The agent scans the merge commit, while thread lines refer to the PR's source commit. With history,
 * lines are mapped scanned → source and filtered to the PR's changed lines; without it, whole changed
 * files are used and lines are taken as they are (said in the log).
 */
function lineFacts(input: AnnotateInput, common: string | undefined, source: string | undefined): LineFacts {
  const checkout = new GitCheckout(input.checkoutDir);
  const head = checkout.head();
  const haveSource = source !== undefined && checkout.hasCommit(source);
  const facts: LineFacts = { scope: input.scope };
  if (head && haveSource && head !== source) facts.toSource = checkout.diff(head, source);
  if (input.scope === 'changedLines') {
    const diff = common && haveSource && checkout.hasCommit(common) ? checkout.diff(common, source) : undefined;
    if (diff) {
      facts.changed = new Map([...diff].map(([p, hunks]) => [p, changedLines(hunks)]));
    } else {
      facts.scope = 'changedFiles';
      facts.note =
        `The checkout does not have the pull request's history (commits ${common ?? '?'} and ${source ?? '?'}), so comments go on whole changed files ` +
        `and line numbers are those of the scanned commit. Set 'fetchDepth: 0' on the checkout step for comments on changed lines only.`;
    }
  }
  return facts;
}

function placeFinding(
  finding: Finding,
  input: AnnotateInput,
  changes: Map<string, ChangedFile>,
  lines: LineFacts,
  iteration: number,
): Placed | NotAnnotated {
  const repoPath = path.relative(input.checkoutDir, path.resolve(input.scanRoot, finding.location.file)).split(path.sep).join('/');
  if (repoPath.startsWith('../') || path.isAbsolute(repoPath)) return { finding, path: finding.location.file, reason: 'outsideRepository' };
  if (!atOrAbove(finding.severity, input.minSeverity)) return { finding, path: repoPath, reason: 'belowMinimum' };
  const change = changes.get(repoPath);
  if (lines.scope !== 'all' && !change) return { finding, path: repoPath, reason: 'outsideDiff' };
  const hunks = lines.toSource?.get(repoPath);
  const line = hunks ? mapLine(hunks, finding.location.line) : finding.location.line;
  if (line === undefined) return { finding, path: repoPath, reason: 'outsideDiff' };
  if (lines.scope === 'changedLines' && !lines.changed?.get(repoPath)?.has(line)) return { finding, path: repoPath, reason: 'outsideDiff' };
  const endLine = line + (finding.location.endLine - finding.location.line);
  const position: ThreadPosition = {
    filePath: repoPath,
    line,
    endLine,
    startOffset: finding.location.column,
    endOffset: finding.location.endColumn,
    changeTrackingId: change?.changeTrackingId,
    iteration,
  };
  const suggestion = suggestionFor(finding, input.scanRoot);
  if (suggestion !== undefined) {
    // A suggestion replaces whole lines: the thread must cover the whole line.
    position.endLine = line;
    position.startOffset = 1;
    position.endOffset = suggestion.original.length + 1;
  }
  return { finding, path: repoPath, position, suggestion: suggestion?.replacement };
}

/** The finding's line with its mechanical fix applied, when the fix is a one-line replacement. */
function suggestionFor(finding: Finding, scanRoot: string): { original: string; replacement: string } | undefined {
  const edit = finding.fix?.replacements.length === 1 ? finding.fix.replacements[0]! : undefined;
  if (!edit || edit.location.line !== edit.location.endLine || edit.location.line !== finding.location.line) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(scanRoot, edit.location.file), 'utf8');
  } catch {
    return undefined;
  }
  const original = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)[edit.location.line - 1];
  if (original === undefined) return undefined;
  const replacement = original.slice(0, edit.location.column - 1) + edit.text + original.slice(edit.location.endColumn - 1);
  return { original, replacement };
}
