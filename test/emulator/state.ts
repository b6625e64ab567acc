/**
 * The emulator's PR world: pull requests, iterations, change lists, threads, comments and statuses. Tests seed it
 * through the helpers and inspect it directly; the routes mutate it through the same methods.
 */
import { createHash, randomUUID } from 'node:crypto';
import { CommentThreadStatus, CommentType, GitStatusState, IterationReason, VersionControlChangeType, seedEnum } from './enums';
import { typeProperties } from './properties';
import type {
  AuthorKind, ChangeInit, CommentInit, Identity, IterationInit, PropertyBag, PullRequestInit, PullRequestThreadContext,
  RepositoryRef, StatusInit, StatusStateName, StoredChange, StoredComment, StoredIteration, StoredPullRequest,
  StoredStatus, StoredThread, ThreadContext, ThreadInit, ThreadStatusName, CommentTypeName, EnumInput,
} from './types';

/** Spec text for Create Comment: "up to 500 comments can be created per thread". */
export const MAX_COMMENTS_PER_THREAD = 500;

export interface StateEnv {
  identities: Record<AuthorKind, Identity>;
  repository: RepositoryRef;
  now: () => Date;
}

/** A thread ready to store (enums parsed, properties typed). */
export interface NewThread {
  status?: ThreadStatusName;
  threadContext: ThreadContext | null;
  pullRequestThreadContext: PullRequestThreadContext | null;
  properties: PropertyBag;
  comments: NewComment[];
  isDeleted?: boolean;
  publishedDate?: string;
  createdBy: AuthorKind;
}

export interface NewComment {
  content: string;
  author: AuthorKind;
  commentType: CommentTypeName;
  parentCommentId: number;
  isDeleted?: boolean;
}

export interface NewStatus {
  state: StatusStateName;
  description?: string;
  context: { name: string; genre?: string };
  targetUrl?: string;
  iterationId?: number;
  properties?: PropertyBag;
  author: AuthorKind;
}

function iso(value: Date | string): string {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`emulator seed: invalid date ${String(value)}`);
  return new Date(ms).toISOString();
}

export class EmulatorState {
  readonly pullRequests = new Map<number, StoredPullRequest>();
  private nextPullRequestId = 1;
  private nextThreadId = 1;
  private lastMs = 0;
  private shaCounter = 0;
  private readonly tracking = new WeakMap<StoredPullRequest, { byPath: Map<string, number>; next: number }>();

  constructor(private readonly env: StateEnv) {}

  /** Identities: `build` (the token's user), `person` (a reviewer) and `system`. */
  identity(kind: AuthorKind): Identity {
    return this.env.identities[kind];
  }

  /** The current time as an ISO string; strictly increasing so updates always move lastUpdatedDate. */
  timestamp(): string {
    const ms = Math.max(this.env.now().getTime(), this.lastMs + 1);
    this.lastMs = ms;
    return new Date(ms).toISOString();
  }

  /** A deterministic 40-hex commit or object id. */
  sha(seed = ''): string {
    this.shaCounter += 1;
    return createHash('sha1').update(`emulator:${seed}:${this.shaCounter}`).digest('hex');
  }

  // ---- pull requests ---------------------------------------------------------------------------------------------

  addPullRequest(init: PullRequestInit = {}): StoredPullRequest {
    const id = init.id ?? this.nextPullRequestId;
    if (this.pullRequests.has(id)) throw new Error(`emulator seed: pull request ${id} exists`);
    this.nextPullRequestId = Math.max(this.nextPullRequestId, id + 1);
    const created = init.creationDate ? iso(init.creationDate) : this.timestamp();
    const status = init.status ?? 'active';
    const pr: StoredPullRequest = {
      pullRequestId: id,
      title: init.title ?? `Pull request ${id}`,
      description: init.description ?? '',
      status,
      isDraft: init.isDraft ?? false,
      sourceRefName: init.sourceRefName ?? 'refs/heads/feature',
      targetRefName: init.targetRefName ?? 'refs/heads/main',
      lastMergeSourceCommit: init.lastMergeSourceCommit ?? this.sha('source'),
      lastMergeTargetCommit: init.lastMergeTargetCommit ?? this.sha('target'),
      lastMergeCommit: init.lastMergeCommit ?? this.sha('merge'),
      mergeId: randomUUID(),
      repository: structuredClone(init.repository ?? this.env.repository),
      createdBy: this.identity(init.createdBy ?? 'person'),
      creationDate: created,
      ...(status !== 'active' ? { closedDate: created } : {}),
      supportsIterations: init.supportsIterations ?? true,
      iterations: [],
      threads: [],
      statuses: [],
      deleted: false,
    };
    this.pullRequests.set(id, pr);
    this.tracking.set(pr, { byPath: new Map(), next: 1 });
    if (init.firstIteration !== false) {
      this.pushIteration(pr, {
        sourceRefCommit: pr.lastMergeSourceCommit,
        targetRefCommit: pr.lastMergeTargetCommit,
        createdDate: created,
        ...(init.firstIteration ?? {}),
      });
    }
    return pr;
  }

  /** Any seeded PR, deleted or not; throws for an unknown id. */
  pullRequest(id: number): StoredPullRequest {
    const pr = this.pullRequests.get(id);
    if (!pr) throw new Error(`emulator: no pull request ${id}`);
    return pr;
  }

  /** A PR the routes can see (undefined when unknown or deleted). */
  visiblePullRequest(id: number): StoredPullRequest | undefined {
    const pr = this.pullRequests.get(id);
    return pr && !pr.deleted ? pr : undefined;
  }

  /** Makes the PR vanish: every route answers 404 TF401180 for it. */
  deletePullRequest(id: number): void {
    this.pullRequest(id).deleted = true;
  }

  setPullRequestStatus(id: number, status: StoredPullRequest['status']): StoredPullRequest {
    const pr = this.pullRequest(id);
    pr.status = status;
    if (status === 'active') delete pr.closedDate;
    else pr.closedDate = this.timestamp();
    return pr;
  }

  // ---- iterations and changes ------------------------------------------------------------------------------------

  /** A push: a new iteration; the PR's lastMerge* commits follow it. */
  addIteration(prId: number, init: IterationInit = {}): StoredIteration {
    const pr = this.pullRequest(prId);
    const it = this.pushIteration(pr, init);
    pr.lastMergeSourceCommit = it.sourceRefCommit;
    pr.lastMergeTargetCommit = it.targetRefCommit;
    pr.lastMergeCommit = this.sha('merge');
    return it;
  }

  private pushIteration(pr: StoredPullRequest, init: IterationInit): StoredIteration {
    const previous = pr.iterations[pr.iterations.length - 1];
    const id = init.id ?? (previous ? previous.id + 1 : 1);
    if (pr.iterations.some((i) => i.id === id)) throw new Error(`emulator seed: iteration ${id} exists`);
    const created = init.createdDate ? iso(init.createdDate) : this.timestamp();
    const it: StoredIteration = {
      id,
      description: init.description ?? `Iteration ${id}`,
      author: this.identity(init.author ?? 'person'),
      createdDate: created,
      updatedDate: created,
      reason: seedEnum(IterationReason, init.reason ?? (previous ? 'push' : 'create')),
      sourceRefCommit: init.sourceRefCommit ?? this.sha('source'),
      targetRefCommit: init.targetRefCommit ?? previous?.targetRefCommit ?? this.sha('target'),
      commonRefCommit: init.commonRefCommit ?? previous?.commonRefCommit ?? this.sha('common'),
      changes: [],
      changesComparedTo: {},
    };
    pr.iterations.push(it);
    pr.iterations.sort((a, b) => a.id - b.id);
    return it;
  }

  iteration(prId: number, iterationId: number): StoredIteration | undefined {
    return this.pullRequest(prId).iterations.find((i) => i.id === iterationId);
  }

  latestIteration(prId: number): StoredIteration | undefined {
    const list = this.pullRequest(prId).iterations;
    return list[list.length - 1];
  }

  /**
   * Sets an iteration's change list (against the common commit, or against iteration `compareTo`). changeTrackingId
   * defaults to a per-PR id that is stable across iterations (a rename keeps its originalPath's id).
   */
  setChanges(prId: number, iterationId: number, entries: ChangeInit[], opts: { compareTo?: number } = {}): StoredChange[] {
    const pr = this.pullRequest(prId);
    const it = this.iteration(prId, iterationId);
    if (!it) throw new Error(`emulator seed: pull request ${prId} has no iteration ${iterationId}`);
    const tracking = this.tracking.get(pr)!;
    const changes = entries.map((e, index): StoredChange => {
      const p = e.path.startsWith('/') ? e.path : `/${e.path}`;
      const original = e.originalPath === undefined ? undefined : e.originalPath.startsWith('/') ? e.originalPath : `/${e.originalPath}`;
      let trackingId = e.changeTrackingId ?? tracking.byPath.get(p) ?? (original ? tracking.byPath.get(original) : undefined);
      if (trackingId === undefined) trackingId = tracking.next++;
      else tracking.next = Math.max(tracking.next, trackingId + 1);
      tracking.byPath.set(p, trackingId);
      const changeType = seedEnum(VersionControlChangeType, e.changeType ?? (original ? 'edit, rename' : 'edit'));
      return {
        changeTrackingId: trackingId,
        changeId: index + 1,
        path: p,
        changeType,
        ...(original ? { originalPath: original } : {}),
        objectId: e.objectId ?? this.sha(p),
        ...(e.originalObjectId ? { originalObjectId: e.originalObjectId } : {}),
      };
    });
    if (opts.compareTo) it.changesComparedTo[opts.compareTo] = changes;
    else it.changes = changes;
    return changes;
  }

  // ---- threads and comments --------------------------------------------------------------------------------------

  /** Seeds a thread as `author` (default `person`); `status: null` makes a system thread. */
  addThread(prId: number, init: ThreadInit = {}, opts: { author?: AuthorKind } = {}): StoredThread {
    const system = init.status === null;
    const author: AuthorKind = opts.author ?? (system ? 'system' : 'person');
    const comments = (init.comments ?? [system ? 'System message' : 'Comment']).map((c): NewComment => {
      const ci: CommentInit = typeof c === 'string' ? { content: c } : c;
      return {
        content: ci.content,
        author: ci.author ?? author,
        commentType: seedEnum(CommentType, ci.commentType ?? (system ? 'system' : 'text')) as CommentTypeName,
        parentCommentId: ci.parentCommentId ?? 0,
        ...(ci.isDeleted ? { isDeleted: true } : {}),
      };
    });
    return this.insertThread(this.pullRequest(prId), {
      ...(system ? {} : { status: seedEnum(CommentThreadStatus, init.status ?? 'active') as ThreadStatusName }),
      threadContext: init.threadContext ?? null,
      pullRequestThreadContext: init.pullRequestThreadContext ?? null,
      properties: typeProperties(init.properties ?? (system ? { CodeReviewThreadType: 'VoteUpdate' } : {})),
      comments,
      ...(init.isDeleted ? { isDeleted: true } : {}),
      ...(init.publishedDate ? { publishedDate: iso(init.publishedDate) } : {}),
      createdBy: author,
    });
  }

  insertThread(pr: StoredPullRequest, t: NewThread): StoredThread {
    const when = t.publishedDate ?? this.timestamp();
    const thread: StoredThread = {
      id: this.nextThreadId++,
      ...(t.status !== undefined ? { status: t.status } : {}),
      threadContext: t.threadContext,
      pullRequestThreadContext: t.pullRequestThreadContext,
      properties: t.properties,
      comments: [],
      isDeleted: t.isDeleted ?? false,
      publishedDate: when,
      lastUpdatedDate: when,
      createdBy: t.createdBy,
    };
    for (const c of t.comments) this.pushComment(thread, c, when);
    pr.threads.push(thread);
    return thread;
  }

  thread(prId: number, threadId: number): StoredThread | undefined {
    return this.pullRequest(prId).threads.find((t) => t.id === threadId);
  }

  private requireThread(prId: number, threadId: number): StoredThread {
    const t = this.thread(prId, threadId);
    if (!t) throw new Error(`emulator: pull request ${prId} has no thread ${threadId}`);
    return t;
  }

  /** Appends a comment (a person's reply by default); updates the thread's lastUpdatedDate. */
  addComment(
    prId: number, threadId: number, content: string, author: AuthorKind = 'person',
    opts: { parentCommentId?: number; commentType?: EnumInput } = {},
  ): StoredComment {
    const thread = this.requireThread(prId, threadId);
    return this.appendComment(thread, {
      content,
      author,
      commentType: seedEnum(CommentType, opts.commentType ?? 'text') as CommentTypeName,
      parentCommentId: opts.parentCommentId ?? 0,
    });
  }

  appendComment(thread: StoredThread, c: NewComment): StoredComment {
    const when = this.timestamp();
    const comment = this.pushComment(thread, c, when);
    thread.lastUpdatedDate = when;
    return comment;
  }

  private pushComment(thread: StoredThread, c: NewComment, when: string): StoredComment {
    const id = thread.comments.reduce((m, x) => Math.max(m, x.id), 0) + 1;
    const comment: StoredComment = {
      id,
      parentCommentId: c.parentCommentId,
      author: this.identity(c.author),
      content: c.content,
      commentType: c.commentType,
      publishedDate: when,
      lastUpdatedDate: when,
      lastContentUpdatedDate: when,
      isDeleted: c.isDeleted ?? false,
      usersLiked: [],
    };
    thread.comments.push(comment);
    return comment;
  }

  /** A person (or anyone) resolving, closing or reactivating a thread. */
  setThreadStatus(prId: number, threadId: number, status: EnumInput): StoredThread {
    const thread = this.requireThread(prId, threadId);
    thread.status = seedEnum(CommentThreadStatus, status) as ThreadStatusName;
    thread.lastUpdatedDate = this.timestamp();
    return thread;
  }

  updateCommentContent(thread: StoredThread, comment: StoredComment, content: string): StoredComment {
    const when = this.timestamp();
    comment.content = content;
    comment.lastUpdatedDate = when;
    comment.lastContentUpdatedDate = when;
    thread.lastUpdatedDate = when;
    return comment;
  }

  /** Soft delete; deleting the last live comment marks the thread deleted. */
  deleteComment(thread: StoredThread, comment: StoredComment): void {
    const when = this.timestamp();
    comment.isDeleted = true;
    comment.lastUpdatedDate = when;
    thread.lastUpdatedDate = when;
    if (thread.comments.every((c) => c.isDeleted)) thread.isDeleted = true;
  }

  // ---- statuses --------------------------------------------------------------------------------------------------

  /** Seeds a status (the routes append through `appendStatus`). */
  addStatus(prId: number, init: StatusInit): StoredStatus {
    return this.appendStatus(this.pullRequest(prId), {
      state: seedEnum(GitStatusState, init.state ?? 'succeeded') as StatusStateName,
      context: { ...init.context },
      ...(init.description !== undefined ? { description: init.description } : {}),
      ...(init.targetUrl !== undefined ? { targetUrl: init.targetUrl } : {}),
      ...(init.iterationId !== undefined ? { iterationId: init.iterationId } : {}),
      ...(init.properties ? { properties: typeProperties(init.properties) } : {}),
      author: init.author ?? 'build',
    });
  }

  appendStatus(pr: StoredPullRequest, s: NewStatus): StoredStatus {
    const when = this.timestamp();
    const { author, ...rest } = s;
    const status: StoredStatus = {
      id: pr.statuses.reduce((m, x) => Math.max(m, x.id), 0) + 1,
      ...rest,
      createdBy: this.identity(author),
      creationDate: when,
      updatedDate: when,
    };
    pr.statuses.push(status);
    return status;
  }
}
