import { GitApi } from 'azure-devops-node-api/GitApi';
import { BearerCredentialHandler } from 'azure-devops-node-api/handlers/bearertoken';
import { PersonalAccessTokenCredentialHandler } from 'azure-devops-node-api/handlers/personalaccesstoken';
import {
  CommentThreadStatus,
  CommentType,
  GitStatusState,
  VersionControlChangeType,
  type GitPullRequest,
  type GitPullRequestCommentThread,
  type GitPullRequestIteration,
} from 'azure-devops-node-api/interfaces/GitInterfaces';
import type { IRequestOptions } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import type { PullRequestContext } from './context';
import type { OwnThread, ThreadStatus } from './planThreads';
import { gaveUpText, mayHaveBeenApplied, REQUEST_TIMEOUT_MS, Retrier, type GaveUp, type RetryPolicy } from './retry';
import { MARKERS } from './commentText';

/** Thread properties that identify the task's threads (set at creation, read back typed). */
export const PROPERTY = { fingerprint: 'iacScan.fingerprint', kind: 'iacScan.kind', schema: 'iacScan.schema' } as const;

/** A failure that stops annotation, with what to do about it. */
export class AnnotationError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'AnnotationError';
  }
}

export interface ChangedFile {
  changeTrackingId?: number;
  changeType: number;
}

export interface ThreadPosition {
  filePath: string;
  line: number;
  endLine: number;
  startOffset: number;
  endOffset: number;
  changeTrackingId?: number;
  iteration: number;
}

/**
 * The Git REST calls of the annotator, through the real azure-devops-node-api client, each retried on
 * 429/5xx and mapped to a clear error on 401/403/404. The only code that talks to Azure DevOps.
 */
export class PullRequestApi {
  private readonly git: GitApi;
  private readonly retrier: Retrier;

  /** `requestOptions` carries the agent's proxy and certificate settings. */
  constructor(
    private readonly ctx: PullRequestContext,
    retry: RetryPolicy,
    requestOptions: IRequestOptions = {},
  ) {
    // A 52-character token is a personal access token; the job token is a bearer token.
    const handler = ctx.token.length === 52 ? new PersonalAccessTokenCredentialHandler(ctx.token) : new BearerCredentialHandler(ctx.token);
    this.git = new GitApi(ctx.collectionUri, [handler], { ...requestOptions, socketTimeout: requestOptions.socketTimeout ?? REQUEST_TIMEOUT_MS });
    refuseBrokenAnswers(this.git);
    this.retrier = new Retrier(retry);
  }

  get retries(): number {
    return this.retrier.retries;
  }

  get waitedMs(): number {
    return this.retrier.waitedMs;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.retrier.run(fn);
    } catch (err) {
      throw explain(what, err);
    }
  }

  /**
   * A write that is not idempotent (a POST). When an attempt fails in a way that leaves open whether the
   * service carried it out (no answer, an answer cut short, a 5xx), `done` looks for its effect before the
   * next attempt, so a lost answer does not become a duplicate thread or comment.
   */
  private async write<T>(what: string, send: () => Promise<T>, done: () => Promise<T | undefined>): Promise<T> {
    let unsure = false;
    return this.call(what, async () => {
      if (unsure) {
        const found = await done();
        if (found !== undefined) return found;
      }
      try {
        return await send();
      } catch (err) {
        unsure ||= mayHaveBeenApplied(err);
        throw err;
      }
    });
  }

  private notFound(what: string): AnnotationError {
    const { repositoryId, pullRequestId } = this.ctx;
    return new AnnotationError(`Pull request ${pullRequestId} was not found in repository ${repositoryId} when trying to ${what} (it may have been deleted).`, 404);
  }

  async pullRequest(): Promise<GitPullRequest> {
    const { repositoryId, pullRequestId, project } = this.ctx;
    const pr = await this.call('read the pull request', () => this.git.getPullRequest(repositoryId, pullRequestId, project));
    if (!pr) throw new AnnotationError(`Pull request ${pullRequestId} was not found in repository ${repositoryId} (it may have been deleted).`, 404);
    return pr;
  }

  /** The pull request's iterations (pushes), by id. */
  async iterations(): Promise<GitPullRequestIteration[]> {
    const { repositoryId, pullRequestId, project } = this.ctx;
    const what = 'read the pull request iterations';
    const iterations = await this.call(what, () => this.git.getPullRequestIterations(repositoryId, pullRequestId, project));
    if (!iterations) throw this.notFound(what);
    const list = iterations.filter((i) => i.id !== undefined).sort((a, b) => a.id! - b.id!);
    if (!list.length) throw new AnnotationError(`Pull request ${pullRequestId} has no iterations.`);
    return list;
  }

  /** Files changed by the pull request up to `iteration` (deleted files left out), by repository path. */
  async changedFiles(iteration: number): Promise<Map<string, ChangedFile>> {
    const { repositoryId, pullRequestId, project } = this.ctx;
    const files = new Map<string, ChangedFile>();
    const top = 2000;
    let skip = 0;
    for (let page = 0; page < 500; page++) {
      const what = 'read the pull request changes';
      const result = await this.call(what, () => this.git.getPullRequestIterationChanges(repositoryId, pullRequestId, iteration, project, top, skip, 0));
      if (!result) throw this.notFound(what);
      for (const entry of result.changeEntries ?? []) {
        const path = (entry.item as { path?: string } | undefined)?.path;
        const type = entry.changeType ?? 0;
        if (!path || type & VersionControlChangeType.Delete) continue;
        files.set(path.replace(/^\//, ''), { changeTrackingId: entry.changeTrackingId, changeType: type });
      }
      if (!result.nextTop && !result.nextSkip) break;
      skip = result.nextSkip ?? skip + top;
    }
    return files;
  }

  /** The task's own threads (others are never touched). */
  async ownThreads(): Promise<OwnThread[]> {
    const threads = await this.call('read the pull request threads', () => this.threads());
    return threads.flatMap((t) => {
      const own = toOwnThread(t);
      return own ? [own] : [];
    });
  }

  /** One attempt at the thread list; a missing PR is an error, never an empty list (which would re-post every thread). */
  private async threads(): Promise<GitPullRequestCommentThread[]> {
    const { repositoryId, pullRequestId, project } = this.ctx;
    const threads = await this.git.getThreads(repositoryId, pullRequestId, project);
    if (!threads) throw this.notFound('read the pull request threads');
    return threads;
  }

  async createThread(content: string, fingerprint: string | undefined, position: ThreadPosition | undefined): Promise<number | undefined> {
    const { repositoryId, pullRequestId, project } = this.ctx;
    const thread: GitPullRequestCommentThread = {
      comments: [{ parentCommentId: 0, content, commentType: CommentType.Text }],
      status: CommentThreadStatus.Active,
      properties: {
        [PROPERTY.kind]: fingerprint ? 'finding' : 'summary',
        [PROPERTY.schema]: 1,
        ...(fingerprint ? { [PROPERTY.fingerprint]: fingerprint } : {}),
      },
    };
    if (position) {
      thread.threadContext = {
        filePath: `/${position.filePath}`,
        rightFileStart: { line: position.line, offset: position.startOffset },
        rightFileEnd: { line: position.endLine, offset: position.endOffset },
      };
      if (position.changeTrackingId !== undefined) {
        thread.pullRequestThreadContext = {
          changeTrackingId: position.changeTrackingId,
          iterationContext: { firstComparingIteration: position.iteration, secondComparingIteration: position.iteration },
        };
      }
    }
    // After a lost answer: the thread is there if one of the task's threads now has its fingerprint (or is the
    // summary), since the plan creates only what had none.
    const mine = (t: GitPullRequestCommentThread) => {
      const own = toOwnThread(t);
      return fingerprint ? own?.kind === 'finding' && own.fingerprint === fingerprint : own?.kind === 'summary' && !own.isDeleted;
    };
    const created = await this.write(
      'create a comment thread',
      () => this.git.createThread(thread, repositoryId, pullRequestId, project),
      async () => (await this.threads()).find(mine),
    );
    if (!created) throw this.notFound('create a comment thread');
    return created.id;
  }

  async setStatus(threadId: number, status: 'active' | 'fixed' | 'closed'): Promise<void> {
    const { repositoryId, pullRequestId, project } = this.ctx;
    const value = status === 'active' ? CommentThreadStatus.Active : status === 'fixed' ? CommentThreadStatus.Fixed : CommentThreadStatus.Closed;
    const updated = await this.call('update a thread', () => this.git.updateThread({ status: value }, repositoryId, pullRequestId, threadId, project));
    if (!updated) throw threadGone(threadId, 'update');
  }

  async addComment(threadId: number, content: string): Promise<void> {
    const { repositoryId, pullRequestId, project } = this.ctx;
    const added = await this.write(
      'add a comment',
      () => this.git.createComment({ parentCommentId: 0, content, commentType: CommentType.Text }, repositoryId, pullRequestId, threadId, project),
      // After a lost answer: the comment is there if it is the thread's last one.
      async () => {
        const last = (await this.git.getPullRequestThread(repositoryId, pullRequestId, threadId, project))?.comments?.at(-1);
        return last && !last.isDeleted && last.content === content ? last : undefined;
      },
    );
    if (!added) throw threadGone(threadId, 'comment on');
  }

  async editComment(threadId: number, commentId: number, content: string): Promise<void> {
    const { repositoryId, pullRequestId, project } = this.ctx;
    const edited = await this.call('edit a comment', () => this.git.updateComment({ content }, repositoryId, pullRequestId, threadId, commentId, project));
    if (!edited) throw threadGone(threadId, 'edit');
  }

  async postStatus(state: 'succeeded' | 'failed' | 'error', description: string, iterationId: number, targetUrl: string | undefined): Promise<void> {
    const { repositoryId, pullRequestId, project } = this.ctx;
    const value = state === 'succeeded' ? GitStatusState.Succeeded : state === 'failed' ? GitStatusState.Failed : GitStatusState.Error;
    await this.call('post the pull request status', () =>
      this.git.createPullRequestStatus(
        { state: value, description: description.slice(0, 255), context: { genre: 'iac-scan', name: 'scan' }, targetUrl, iterationId },
        repositoryId,
        pullRequestId,
        project,
      ),
    );
  }
}

/** The client answers a 404 with null: here, a thread (or its PR) that is gone. */
function threadGone(threadId: number, verb: string): AnnotationError {
  return new AnnotationError(`Azure DevOps answered 404 when trying to ${verb} thread ${threadId}: it was deleted meanwhile, or the pull request was.`, 404);
}

/**
 * typed-rest-client resolves a 2xx whose body was cut short or empty with a null result, the same as a
 * 404: a dropped connection would read as "no threads" (and every thread would be posted again) or as a
 * deleted pull request. Every call the annotator makes answers a body on success, so such an answer
 * becomes a transient error (retried; a write is looked for before it is sent again).
 */
function refuseBrokenAnswers(git: GitApi): void {
  const rest = git.rest as unknown as { processResponse(res: unknown, options: unknown): Promise<{ statusCode: number; result: unknown }> };
  const processResponse = rest.processResponse.bind(rest);
  rest.processResponse = async (res, options) => {
    const response = await processResponse(res, options);
    if (response.statusCode >= 200 && response.statusCode < 300 && (response.result === null || response.result === undefined)) {
      throw Object.assign(new Error(`the answer (HTTP ${response.statusCode}) was empty or cut short`), { code: 'EBROKENANSWER' });
    }
    return response;
  };
}

const STATUS_NAMES: Record<number, ThreadStatus> = {
  [CommentThreadStatus.Unknown]: 'unknown',
  [CommentThreadStatus.Active]: 'active',
  [CommentThreadStatus.Fixed]: 'fixed',
  [CommentThreadStatus.WontFix]: 'wontFix',
  [CommentThreadStatus.Closed]: 'closed',
  [CommentThreadStatus.ByDesign]: 'byDesign',
  [CommentThreadStatus.Pending]: 'pending',
};

/** Reads a property as the service returns it (`{$type, $value}`) or as it was sent (a plain value). */
function propertyValue(properties: unknown, key: string): string | undefined {
  if (!properties || typeof properties !== 'object') return undefined;
  const raw = (properties as Record<string, unknown>)[key];
  const value = raw && typeof raw === 'object' && '$value' in raw ? (raw as { $value: unknown }).$value : raw;
  return value === undefined || value === null ? undefined : String(value);
}

/** A thread is the task's when it carries the task's properties, or (fallback) its marker in the first comment. */
export function toOwnThread(t: GitPullRequestCommentThread): OwnThread | undefined {
  if (t.id === undefined) return undefined;
  const first = t.comments?.[0]?.content ?? '';
  let kind = propertyValue(t.properties, PROPERTY.kind) as OwnThread['kind'] | undefined;
  let fingerprint = propertyValue(t.properties, PROPERTY.fingerprint);
  if (!kind) {
    const marker = /<!-- iac-scan:fingerprint=([0-9a-f]+) -->/.exec(first);
    if (marker) {
      kind = 'finding';
      fingerprint = marker[1];
    } else if (first.includes(MARKERS.summary)) kind = 'summary';
    else return undefined;
  }
  if (kind !== 'finding' && kind !== 'summary') return undefined;
  return {
    id: t.id,
    status: t.status === undefined ? 'unknown' : (STATUS_NAMES[t.status] ?? 'unknown'),
    kind,
    fingerprint,
    isDeleted: t.isDeleted === true,
    comments: (t.comments ?? []).map((c) => ({
      id: c.id ?? 0,
      content: c.content ?? '',
      authorId: c.author?.id ?? '',
      isDeleted: c.isDeleted === true,
    })),
  };
}

interface ClientError {
  statusCode?: number;
  message?: string;
  result?: { typeKey?: string; message?: string };
  gaveUp?: GaveUp;
}

/** Turns a client error into one line that says what failed and what to do. */
export function explain(what: string, err: unknown): Error {
  if (err instanceof AnnotationError) return err;
  const e = err as ClientError;
  const detail = (e?.result?.message ?? e?.message ?? String(err)).split('\n')[0];
  switch (e?.statusCode) {
    case 401:
      return new AnnotationError(
        `Azure DevOps refused the access token (401) when trying to ${what}. The job's token may have expired; re-run the job.`,
        401,
      );
    case 403:
      return new AnnotationError(
        `Azure DevOps denied permission (403) to ${what}: ${detail} Grant the build service identity ("<Project> Build Service (<organization>)") ` +
          `the "Contribute to pull requests" permission on this repository (Project settings → Repositories → Security), and check ` +
          `"Limit job authorization scope to referenced Azure DevOps repositories".`,
        403,
      );
    case 404:
      return new AnnotationError(`Azure DevOps answered 404 when trying to ${what}: ${detail}`, 404);
    default: {
      const gaveUp = e?.gaveUp ? ` ${gaveUpText(e.gaveUp)} The next run completes the comments.` : '';
      return new AnnotationError(
        (e?.statusCode ? `Azure DevOps answered ${e.statusCode} when trying to ${what}: ${detail}` : `Could not ${what}: ${detail}`) + gaveUp,
        e?.statusCode,
      );
    }
  }
}
