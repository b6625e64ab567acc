/**
 * Azure DevOps REST emulator for tests: a loopback `node:http` server that speaks the git 7.1 pull-request contract
 * of shared/reference/ado-rest-api.md (discovery, api-version negotiation, auth, envelopes, enums, dates, paging,
 * error bodies, throttling headers), records every request, validates request bodies against the overlaid official
 * spec, and injects faults: before the request is carried out (an error status, a delay, a dropped connection) or
 * after (`afterHandling`, `resetConnection: 'midResponse'`: a write whose answer is lost). `after()` hooks let
 * someone act between two requests of a client (a person completing the PR, a push adding an iteration).
 *
 *   const emu = await startEmulator();
 *   emu.addPullRequest({ id: 7 });
 *   const git = new GitApi(emu.collectionUrl, [new BearerCredentialHandler(emu.token)]);
 *   …
 *   await emu.close();
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { badRequest, envelope, HttpError } from './errors';
import { faultAnswer, FaultRegistry, throttleHeaders } from './faults';
import { matchRoute, type EmulatorConfig, type World } from './routes';
import { apiVersionOf, checkApiVersion } from './versions';
import { EmulatorState } from './state';
import { Wire } from './wire';
import type {
  AuthorKind, ChangeInit, EmulatorOptions, EnumInput, FaultSpec, Hook, HookMatcher, Identity, IterationInit,
  PullRequestInit, RecordedRequest, StatusInit, StoredChange, StoredComment, StoredIteration, StoredPullRequest,
  StoredStatus, StoredThread, ThreadInit,
} from './types';

export type * from './types';

/** Request bodies above this size are refused with 413. */
const BODY_LIMIT_BYTES = 5 * 1024 * 1024;

export interface Emulator {
  /** `http://127.0.0.1:PORT/{organization}/` (trailing slash, like System.CollectionUri). */
  readonly collectionUrl: string;
  readonly port: number;
  readonly token: string;
  readonly organization: string;
  readonly projectName: string;
  readonly projectId: string;
  readonly repositoryName: string;
  readonly repositoryId: string;
  /** The token's user: author of everything the client creates. */
  readonly build: Identity;
  /** A human reviewer, distinct from `build`. */
  readonly person: Identity;
  /** The service's own identity (system threads). */
  readonly system: Identity;
  readonly state: EmulatorState;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  readonly faults: FaultRegistry;
  /** Delay before every answer (ms). */
  latencyMs: number;

  addPullRequest(init?: PullRequestInit): StoredPullRequest;
  addIteration(prId: number, init?: IterationInit): StoredIteration;
  setChanges(prId: number, iterationId: number, entries: ChangeInit[], opts?: { compareTo?: number }): StoredChange[];
  addThread(prId: number, thread?: ThreadInit, opts?: { author?: AuthorKind }): StoredThread;
  addComment(prId: number, threadId: number, content: string, author?: AuthorKind, opts?: { parentCommentId?: number; commentType?: EnumInput }): StoredComment;
  setThreadStatus(prId: number, threadId: number, status: EnumInput): StoredThread;
  addStatus(prId: number, init: StatusInit): StoredStatus;
  setPullRequestStatus(prId: number, status: StoredPullRequest['status']): StoredPullRequest;
  /** A person deletes a thread: every comment soft-deleted, so the thread reads `isDeleted: true` (as through the DELETE comment route). */
  deleteThread(prId: number, threadId: number): StoredThread;
  /** The PR vanishes: every route answers 404 TF401180 (the client returns null). */
  deletePullRequest(prId: number): void;
  /** Shorthand for `faults.add(matcher, spec)`. */
  fail(matcher: Parameters<FaultRegistry['add']>[0], spec: FaultSpec): ReturnType<FaultRegistry['add']>;
  /**
   * Runs `action` once, right after the nth request matching `matcher` was handled (its answer produced, before the
   * client can send its next request): someone acting on the PR while the client is mid-run, e.g.
   * `emu.after({ route: 'iterations.changes' }, () => emu.addIteration(7))`.
   */
  after(matcher: HookMatcher, action: (request: RecordedRequest) => void): Hook;
  /** Requests whose path matched a route (faulted ones included), optionally only one route (e.g. `threads.create`). */
  calls(route?: string): RecordedRequest[];
  close(): Promise<void>;
}

function identity(defaults: Identity, override?: Partial<Identity>): Identity {
  return { ...defaults, ...(override ?? {}) };
}

function resolveConfig(o: EmulatorOptions): EmulatorConfig {
  return {
    token: o.token ?? 'emulator-token',
    organization: o.organization ?? 'org',
    projectName: o.projectName ?? 'proj',
    projectId: o.projectId ?? '6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c',
    repositoryName: o.repositoryName ?? 'repo',
    repositoryId: o.repositoryId ?? '3411ebc1-d5aa-464f-9615-0b527bc66719',
    maxVersion: o.maxVersion ?? '7.1',
    releasedVersion: o.releasedVersion ?? '7.1',
    resourceAreas: o.resourceAreas ?? 'hosted',
    acceptBasic: o.acceptBasic ?? true,
    collectionUrl: '',
  };
}

// ---- plumbing ------------------------------------------------------------------------------------------------------

function authorized(header: string | undefined, config: EmulatorConfig): boolean {
  if (!header) return false;
  const [scheme = '', value = ''] = header.split(/\s+/, 2);
  if (scheme.toLowerCase() === 'bearer') return value === config.token;
  if (scheme.toLowerCase() === 'basic' && config.acceptBasic) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1) === config.token;
  }
  return false;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        reject(new HttpError(413, envelope('RequestContentTooLargeException', 'The request body is too large.')));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJsonLoose(text: string): { value: unknown; ok: boolean } {
  if (text.length === 0) return { value: undefined, ok: true };
  try {
    return { value: JSON.parse(text) as unknown, ok: true };
  } catch {
    return { value: text, ok: false };
  }
}

class EmulatorServer implements Emulator {
  readonly state: EmulatorState;
  readonly requests: RecordedRequest[] = [];
  readonly faults = new FaultRegistry();
  latencyMs: number;
  private readonly hooks: Array<{ hook: Hook; action: (request: RecordedRequest) => void }> = [];
  private readonly config: EmulatorConfig;
  private readonly world: World;
  private readonly server: http.Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed?: Promise<void>;
  private seq = 0;

  constructor(options: EmulatorOptions) {
    this.config = resolveConfig(options);
    this.latencyMs = options.latencyMs ?? 0;
    const c = this.config;
    const build = identity({
      id: '0c4d5f6e-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      displayName: `${c.projectName} Build Service (${c.organization})`,
      uniqueName: 'Build\\0c4d5f6e-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      descriptor: 'svc.MGM0ZDVmNmUtN2E4Yi00YzlkLThlMGYtMWEyYjNjNGQ1ZTZm',
    }, options.build);
    const person = identity({
      id: 'd6245f20-2af8-44f4-9451-8107cb2767db',
      displayName: 'Pat Reviewer',
      uniqueName: 'pat.reviewer@example.com',
      descriptor: 'aad.ZDYyNDVmMjAtMmFmOC00NGY0LTk0NTEtODEwN2NiMjc2N2Ri',
    }, options.person);
    const system: Identity = {
      id: '41113706-4320-4083-9150-925feb93fc22',
      displayName: `[${c.organization}]\\Project Collection Service Accounts`,
      uniqueName: `vstfs:///Framework/IdentityDomain/${c.organization}\\Project Collection Service Accounts`,
      descriptor: 'vssgp.NDExMTM3MDYtNDMyMC00MDgzLTkxNTAtOTI1ZmViOTNmYzIy',
      isContainer: true,
    };
    this.state = new EmulatorState({
      identities: { build, person, system },
      repository: { id: c.repositoryId, name: c.repositoryName, project: { id: c.projectId, name: c.projectName } },
      now: options.now ?? (() => new Date()),
    });
    this.world = { state: this.state, wire: new Wire(() => this.config.collectionUrl), config: this.config };
    this.server = http.createServer((req, res) => {
      void this.handle(req, res);
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.config.collectionUrl = `http://127.0.0.1:${this.port}/${this.config.organization}/`;
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }
  get collectionUrl(): string {
    return this.config.collectionUrl;
  }
  get token(): string {
    return this.config.token;
  }
  get organization(): string {
    return this.config.organization;
  }
  get projectName(): string {
    return this.config.projectName;
  }
  get projectId(): string {
    return this.config.projectId;
  }
  get repositoryName(): string {
    return this.config.repositoryName;
  }
  get repositoryId(): string {
    return this.config.repositoryId;
  }
  get build(): Identity {
    return this.state.identity('build');
  }
  get person(): Identity {
    return this.state.identity('person');
  }
  get system(): Identity {
    return this.state.identity('system');
  }

  addPullRequest = (init?: PullRequestInit) => this.state.addPullRequest(init);
  addIteration = (prId: number, init?: IterationInit) => this.state.addIteration(prId, init);
  setChanges = (prId: number, iterationId: number, entries: ChangeInit[], opts?: { compareTo?: number }) =>
    this.state.setChanges(prId, iterationId, entries, opts);
  addThread = (prId: number, thread?: ThreadInit, opts?: { author?: AuthorKind }) => this.state.addThread(prId, thread, opts);
  addComment = (prId: number, threadId: number, content: string, author?: AuthorKind, opts?: { parentCommentId?: number; commentType?: EnumInput }) =>
    this.state.addComment(prId, threadId, content, author, opts);
  setThreadStatus = (prId: number, threadId: number, status: EnumInput) => this.state.setThreadStatus(prId, threadId, status);
  addStatus = (prId: number, init: StatusInit) => this.state.addStatus(prId, init);
  setPullRequestStatus = (prId: number, status: StoredPullRequest['status']) => this.state.setPullRequestStatus(prId, status);
  deleteThread = (prId: number, threadId: number) => {
    const thread = this.state.thread(prId, threadId);
    if (!thread) throw new Error(`emulator: pull request ${prId} has no thread ${threadId}`);
    for (const c of thread.comments) if (!c.isDeleted) this.state.deleteComment(thread, c);
    return thread;
  };
  deletePullRequest = (prId: number) => this.state.deletePullRequest(prId);
  fail = (matcher: Parameters<FaultRegistry['add']>[0], spec: FaultSpec) => this.faults.add(matcher, spec);
  after = (matcher: HookMatcher, action: (request: RecordedRequest) => void): Hook => {
    if (matcher.nth !== undefined && !(matcher.nth >= 1)) throw new Error('hook nth must be >= 1');
    const hook: Hook = { matcher, seen: 0, fired: false };
    this.hooks.push({ hook, action });
    return hook;
  };
  calls = (route?: string) => this.requests.filter((r) => r.route !== undefined && (route === undefined || r.route === route));

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      for (const t of this.timers) clearTimeout(t);
      this.timers.clear();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closed;
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const method = (req.method ?? 'GET').toUpperCase();
    const rec: RecordedRequest = {
      seq: ++this.seq, method, path: url.pathname, query, headers: req.headers, body: undefined, status: 0,
    };
    const version = apiVersionOf(query, req.headers.accept);
    if (version) rec.apiVersion = version;
    const segments = this.relativeSegments(url.pathname);
    const match = segments ? matchRoute(method, segments) : { kind: 'none' as const };
    if (match.kind === 'match') {
      rec.route = match.route.name;
      rec.params = match.params;
    }
    this.requests.push(rec);
    let extraHeaders: Record<string, string> = {};
    /** A fault that hits the answer once the request was carried out. */
    let late: FaultSpec | undefined;
    const answer = (status: number, body: unknown, headers: Record<string, string>, version?: string): Promise<void> =>
      this.answer(req, res, rec, late, status, body, headers, version);
    try {
      const text = await readBody(req);
      const parsed = parseJsonLoose(text);
      rec.body = parsed.value;
      await this.sleep(this.latencyMs);
      const fault = this.faults.take(method, url.pathname);
      if (fault) {
        rec.fault = fault.spec;
        if (fault.spec.afterHandling || fault.spec.resetConnection === 'midResponse') late = fault.spec;
        else {
          await this.sleep(fault.spec.delayMs ?? 0);
          if (fault.spec.resetConnection) {
            req.socket.destroy();
            return;
          }
          if (fault.spec.status) {
            const faulted = faultAnswer(fault.spec, this.build.id, new Date());
            this.send(res, rec, faulted.status, faulted.body, faulted.headers);
            return;
          }
        }
        if (!fault.spec.status) {
          extraHeaders = fault.spec.retryAfter !== undefined
            ? { ...throttleHeaders(fault.spec.retryAfter, new Date()), ...(fault.spec.headers ?? {}) }
            : { ...(fault.spec.headers ?? {}) };
        }
      }
      if (!authorized(req.headers.authorization, this.config)) {
        await answer(401, undefined, { 'WWW-Authenticate': 'Bearer', ...extraHeaders });
        return;
      }
      if (match.kind === 'none') throw new HttpError(404, envelope('ApiResourceNotFoundException', `The resource ${url.pathname} was not found on this emulator.`));
      if (match.kind === 'method') {
        throw new HttpError(405, envelope('HttpMethodNotAllowedException', `The requested resource does not support http method '${method}'.`), { Allow: match.allowed.join(', ') });
      }
      checkApiVersion(method, version, match.route, this.config);
      if (!parsed.ok) throw badRequest('The request body is not valid JSON.', ['body is not JSON']);
      const result = match.route.handle({
        method,
        params: match.params,
        query: (name) => Object.entries(query).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1],
        body: parsed.value,
        world: this.world,
      });
      await answer(result.status ?? 200, result.body, extraHeaders, version);
    } catch (e) {
      if (e instanceof HttpError) {
        if (e.details.length) rec.errors = e.details;
        await answer(e.status, e.body, { ...extraHeaders, ...e.headers }, version);
      } else {
        const message = e instanceof Error ? e.message : String(e);
        rec.errors = [message];
        await answer(500, envelope('Exception', `Emulator failure: ${message}`, 0), extraHeaders);
      }
    } finally {
      this.runHooks(rec);
    }
  }

  /** Sends the answer, or what a late fault (`afterHandling`, `'midResponse'`) makes of it. */
  private async answer(
    req: http.IncomingMessage, res: http.ServerResponse, rec: RecordedRequest, late: FaultSpec | undefined,
    status: number, body: unknown, headers: Record<string, string>, version?: string,
  ): Promise<void> {
    if (!late) return this.send(res, rec, status, body, headers, version);
    await this.sleep(late.delayMs ?? 0);
    if (late.resetConnection === 'midResponse') return this.send(res, rec, status, body, headers, version, true);
    if (late.resetConnection) {
      req.socket.destroy();
      return;
    }
    if (late.status) {
      const faulted = faultAnswer(late, this.build.id, new Date());
      return this.send(res, rec, faulted.status, faulted.body, faulted.headers);
    }
    this.send(res, rec, status, body, headers, version);
  }

  private runHooks(rec: RecordedRequest): void {
    for (const { hook, action } of this.hooks) {
      if (hook.fired || !hookMatches(hook.matcher, rec)) continue;
      hook.seen += 1;
      if (hook.seen < (hook.matcher.nth ?? 1)) continue;
      hook.fired = true;
      action(rec);
    }
  }

  /** Path segments after `/{organization}/`, percent-decoded; undefined outside the collection. */
  private relativeSegments(pathname: string): string[] | undefined {
    const parts = pathname.split('/').filter((p) => p.length > 0);
    if (!parts.length || parts[0]!.toLowerCase() !== this.config.organization.toLowerCase()) return undefined;
    try {
      return parts.slice(1).map((p) => decodeURIComponent(p));
    } catch {
      return undefined;
    }
  }

  /** `cut`: send the status line, the headers and half of the body, then destroy the socket (recorded as status 0). */
  private send(
    res: http.ServerResponse, rec: RecordedRequest, status: number, body: unknown,
    headers: Record<string, string>, version?: string, cut = false,
  ): void {
    if (res.headersSent || res.destroyed) return;
    const out: Record<string, string> = { ActivityId: randomUUID(), 'X-TFS-ProcessId': randomUUID(), ...headers };
    let payload = '';
    if (typeof body === 'string') {
      out['Content-Type'] = 'text/html; charset=utf-8';
      payload = body;
    } else if (body !== undefined) {
      out['Content-Type'] = `application/json; charset=utf-8${version ? `; api-version=${version}` : ''}`;
      payload = JSON.stringify(body);
    }
    out['Content-Length'] = String(Buffer.byteLength(payload));
    rec.responseHeaders = out;
    if (cut) {
      const bytes = Buffer.from(payload);
      res.writeHead(status, out);
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
      return;
    }
    rec.status = status;
    rec.response = typeof body === 'string' || body === undefined ? body : (JSON.parse(payload) as unknown);
    res.writeHead(status, out);
    res.end(payload);
  }
}

function hookMatches(m: HookMatcher, rec: RecordedRequest): boolean {
  if (m.method && m.method.toUpperCase() !== rec.method) return false;
  if (m.route && m.route !== rec.route) return false;
  if (m.path instanceof RegExp) return m.path.test(rec.path);
  if (typeof m.path === 'string') return rec.path.toLowerCase().includes(m.path.toLowerCase());
  return true;
}

/** Starts an emulator on 127.0.0.1 and an ephemeral port. Always `await emulator.close()` (e.g. in afterEach). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return new EmulatorServer(options).listen();
}
