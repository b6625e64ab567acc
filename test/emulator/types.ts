/**
 * Public types of the Azure DevOps REST emulator (test/emulator/). Stored records keep enums as their camelCase
 * wire names and dates as ISO-8601 strings with `Z`, so tests can compare them directly.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type ThreadStatusName = 'unknown' | 'active' | 'fixed' | 'wontFix' | 'closed' | 'byDesign' | 'pending';
export type CommentTypeName = 'unknown' | 'text' | 'codeChange' | 'system';
export type StatusStateName = 'notSet' | 'pending' | 'succeeded' | 'failed' | 'error' | 'notApplicable';
export type PullRequestStatusName = 'active' | 'abandoned' | 'completed';
export type IterationReasonName = 'push' | 'forcePush' | 'create' | 'rebase' | 'unknown' | 'retarget' | 'resolveConflicts';

/** Who acts: the token's user (`build`), a human reviewer (`person`), or the service itself (`system`). */
export type AuthorKind = 'build' | 'person' | 'system';

export interface Identity {
  id: string;
  displayName: string;
  uniqueName: string;
  descriptor: string;
  isContainer?: boolean;
}

/** A property as the service returns it. */
export interface TypedProperty {
  $type: string;
  $value: string | number;
}
export type PropertyBag = Record<string, TypedProperty>;

export interface CommentPosition {
  line: number;
  offset: number;
}

export interface ThreadContext {
  filePath?: string;
  leftFileStart?: CommentPosition | null;
  leftFileEnd?: CommentPosition | null;
  rightFileStart?: CommentPosition | null;
  rightFileEnd?: CommentPosition | null;
}

export interface PullRequestThreadContext {
  changeTrackingId?: number;
  iterationContext?: { firstComparingIteration?: number; secondComparingIteration?: number } | null;
  trackingCriteria?: Record<string, unknown> | null;
}

export interface StoredComment {
  id: number;
  parentCommentId: number;
  author: Identity;
  content: string;
  commentType: CommentTypeName;
  publishedDate: string;
  lastUpdatedDate: string;
  lastContentUpdatedDate: string;
  isDeleted: boolean;
  usersLiked: Identity[];
}

export interface StoredThread {
  id: number;
  /** Absent on system threads. */
  status?: ThreadStatusName;
  threadContext: ThreadContext | null;
  pullRequestThreadContext: PullRequestThreadContext | null;
  properties: PropertyBag;
  comments: StoredComment[];
  isDeleted: boolean;
  publishedDate: string;
  lastUpdatedDate: string;
  /** Who opened the thread (not on the wire; for test assertions). */
  createdBy: AuthorKind;
}

export interface StoredStatus {
  id: number;
  state: StatusStateName;
  description?: string;
  context: { name: string; genre?: string };
  targetUrl?: string;
  iterationId?: number;
  properties?: PropertyBag;
  createdBy: Identity;
  creationDate: string;
  updatedDate: string;
}

export interface StoredChange {
  changeTrackingId: number;
  changeId: number;
  /** Repository path with a leading `/`. */
  path: string;
  /** Wire form of the flags enum, e.g. `"edit"` or `"edit, rename"`. */
  changeType: string;
  originalPath?: string;
  objectId: string;
  originalObjectId?: string;
}

export interface StoredIteration {
  id: number;
  description: string;
  author: Identity;
  createdDate: string;
  updatedDate: string;
  /** Wire form of the IterationReason flags enum, e.g. `"create"`, `"push"`. */
  reason: string;
  sourceRefCommit: string;
  targetRefCommit: string;
  commonRefCommit: string;
  /** Changes against the common commit (`$compareTo=0`). */
  changes: StoredChange[];
  /** Optional change lists for `$compareTo=N` (N > 0); missing entries fall back to `changes`. */
  changesComparedTo: Record<number, StoredChange[]>;
}

export interface RepositoryRef {
  id: string;
  name: string;
  project: { id: string; name: string };
}

export interface StoredPullRequest {
  pullRequestId: number;
  title: string;
  description: string;
  status: PullRequestStatusName;
  isDraft: boolean;
  sourceRefName: string;
  targetRefName: string;
  lastMergeSourceCommit: string;
  lastMergeTargetCommit: string;
  lastMergeCommit: string;
  mergeId: string;
  repository: RepositoryRef;
  createdBy: Identity;
  creationDate: string;
  closedDate?: string;
  supportsIterations: boolean;
  iterations: StoredIteration[];
  threads: StoredThread[];
  statuses: StoredStatus[];
  /** A deleted PR answers 404 on every route (fault tests). */
  deleted: boolean;
}

// ---- seed inputs -------------------------------------------------------------------------------------------------

/** Enum input as the wire allows it: a number or a (case-insensitive) name. */
export type EnumInput = string | number;

export interface PullRequestInit {
  id?: number;
  title?: string;
  description?: string;
  status?: PullRequestStatusName;
  isDraft?: boolean;
  sourceRefName?: string;
  targetRefName?: string;
  /** Commit ids; default to the first iteration's source / target commits and a generated merge commit. */
  lastMergeSourceCommit?: string;
  lastMergeTargetCommit?: string;
  lastMergeCommit?: string;
  repository?: RepositoryRef;
  createdBy?: AuthorKind;
  creationDate?: Date | string;
  supportsIterations?: boolean;
  /** Iteration 1 is created with the PR (as the service does); pass `false` to start without iterations. */
  firstIteration?: IterationInit | false;
}

export interface IterationInit {
  id?: number;
  description?: string;
  reason?: EnumInput;
  sourceRefCommit?: string;
  targetRefCommit?: string;
  commonRefCommit?: string;
  createdDate?: Date | string;
  author?: AuthorKind;
}

export interface ChangeInit {
  path: string;
  /** Name(s) or number of VersionControlChangeType; `"edit, rename"`, `['edit','rename']` and `10` are equal. Default `edit`. */
  changeType?: EnumInput | string[];
  /** Default: stable per path within the PR (a rename reuses its originalPath's id). */
  changeTrackingId?: number;
  originalPath?: string;
  objectId?: string;
  originalObjectId?: string;
}

export interface CommentInit {
  content: string;
  author?: AuthorKind;
  commentType?: EnumInput;
  parentCommentId?: number;
  isDeleted?: boolean;
}

export interface ThreadInit {
  /** Default `active`; `null` makes a system thread (no status on the wire, system comments and author). */
  status?: EnumInput | null;
  comments?: Array<string | CommentInit>;
  threadContext?: ThreadContext | null;
  pullRequestThreadContext?: PullRequestThreadContext | null;
  /** Plain values or `{$type,$value}` pairs; stored typed. */
  properties?: Record<string, unknown>;
  isDeleted?: boolean;
  publishedDate?: Date | string;
}

export interface StatusInit {
  state?: EnumInput;
  description?: string;
  context: { name: string; genre?: string };
  targetUrl?: string;
  iterationId?: number;
  properties?: Record<string, unknown>;
  author?: AuthorKind;
}

// ---- requests and faults -----------------------------------------------------------------------------------------

export interface RecordedRequest {
  seq: number;
  method: string;
  /** Path as received (percent-encoded). */
  path: string;
  /** Query with decoded keys and values (`%24top` → `$top`). */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, the raw text when it is not JSON, or undefined. */
  body: unknown;
  /** api-version from the query string or the Accept header. */
  apiVersion?: string;
  /** Matched route, e.g. `threads.create`; undefined when no route matched. */
  route?: string;
  params?: Record<string, string>;
  /** Status answered; 0 when the connection was reset. */
  status: number;
  /** Body answered (parsed JSON), undefined when empty. */
  response?: unknown;
  responseHeaders?: Record<string, string>;
  /** Set when an injected fault answered or modified the request. */
  fault?: FaultSpec;
  /** Validation messages when the request was refused with 400. */
  errors?: string[];
}

export type FaultStatus = 401 | 403 | 404 | 429 | 500 | 502 | 503;

export interface FaultMatcher {
  method?: string;
  /** Regex tested against the path, or a case-insensitive substring of it. */
  path?: RegExp | string;
  /** How many matching requests the fault applies to (default 1; `Infinity` for all). */
  times?: number;
}

export interface FaultSpec {
  /** Omitted: the request is handled normally, with `delayMs` and the throttling headers applied (the "delayed 200" case). */
  status?: FaultStatus;
  /**
   * The request is carried out first (the state changes), and the fault then hits its answer: `delayMs` delays it,
   * `status` replaces it, `resetConnection` drops it. A write whose answer is lost, as behind a gateway that times
   * out or a connection cut after the service committed. Default: the fault hits before the request is carried out.
   */
  afterHandling?: boolean;
  /** Seconds; sets `Retry-After` (429 defaults to 10). */
  retryAfter?: number;
  /** Replaces the default body (401 default: empty; 403: TF401027; 404: TF401180; 429: TF400733). */
  body?: object;
  delayMs?: number;
  /**
   * `true`: destroy the socket without answering (before the request is carried out, unless `afterHandling`).
   * `'midResponse'`: carry the request out, send the status line, the headers and half of the body, then destroy
   * the socket.
   */
  resetConnection?: boolean | 'midResponse';
  headers?: Record<string, string>;
}

export interface Fault {
  readonly matcher: FaultMatcher;
  readonly spec: FaultSpec;
  /** Matching requests still to be faulted. */
  remaining: number;
  /** Requests this fault has applied to. */
  hits: number;
}

/** Which request a hook waits for; all given conditions must hold. */
export interface HookMatcher {
  method?: string;
  /** Regex tested against the path, or a case-insensitive substring of it. */
  path?: RegExp | string;
  /** A route name, e.g. `iterations.changes` or `threads.create`. */
  route?: string;
  /** Fire after the nth matching request (default 1). A hook fires once. */
  nth?: number;
}

export interface Hook {
  readonly matcher: HookMatcher;
  /** Matching requests seen so far. */
  seen: number;
  fired: boolean;
}

export interface EmulatorOptions {
  /** Accepted bearer token (also accepted as a PAT in Basic auth). Default `emulator-token`. */
  token?: string;
  organization?: string;
  projectName?: string;
  projectId?: string;
  repositoryName?: string;
  repositoryId?: string;
  /** Advertised by discovery and enforced; default `7.1`. */
  maxVersion?: string;
  /** Default `7.1`. */
  releasedVersion?: string;
  /** `hosted` (default): ResourceAreas lists the git area; `onPrem`: `{count:0,value:null}`. */
  resourceAreas?: 'hosted' | 'onPrem';
  /** Delay before every answer. */
  latencyMs?: number;
  /** Accept `Authorization: Basic base64(user:token)` as well (default true). */
  acceptBasic?: boolean;
  build?: Partial<Identity>;
  person?: Partial<Identity>;
  /** Clock for stored dates (default: real time); the emulator keeps dates strictly increasing. */
  now?: () => Date;
}
