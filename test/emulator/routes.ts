/**
 * The routes the emulator serves (relative to the collection), with and without the `{project}` segment, matched
 * case-insensitively. Each route names the location whose resourceVersion bounds `-preview.N`.
 */
import { areaLocations, LOCATION_IDS, resourceAreas, GIT_AREA_ID, type LocationDef } from './discovery';
import { badRequest, envelope, HttpError, notFound, pullRequestNotFound } from './errors';
import { mergeProperties } from './properties';
import { commentPatch, newComment, newStatus, newThread, threadPatch } from './requests';
import type { EmulatorState } from './state';
import type { RepositoryRef, StoredPullRequest, StoredThread } from './types';
import type { Wire } from './wire';

export interface EmulatorConfig {
  token: string;
  organization: string;
  projectName: string;
  projectId: string;
  repositoryName: string;
  repositoryId: string;
  maxVersion: string;
  releasedVersion: string;
  resourceAreas: 'hosted' | 'onPrem';
  acceptBasic: boolean;
  /** Set once the server listens. */
  collectionUrl: string;
}

export interface World {
  state: EmulatorState;
  wire: Wire;
  config: EmulatorConfig;
}

export interface RouteContext {
  method: string;
  params: Record<string, string>;
  /** Case-insensitive lookup of a decoded query parameter. */
  query(name: string): string | undefined;
  body: unknown;
  world: World;
}

export interface RouteResult {
  status?: number;
  /** undefined = empty body. */
  body?: unknown;
}

export interface Route {
  name: string;
  method: string;
  segments: string[];
  /** undefined: no api-version required (OPTIONS discovery, ConnectionData). */
  location?: LocationDef;
  handle(ctx: RouteContext): RouteResult;
}

// ---- helpers -----------------------------------------------------------------------------------------------------

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function intParam(ctx: RouteContext, name: string): number {
  const raw = ctx.params[name] ?? '';
  if (!/^\d+$/.test(raw)) throw badRequest(`The value '${raw}' is not valid for ${name}.`, [`${name} must be an integer`]);
  return Number(raw);
}

function repositories(world: World): RepositoryRef[] {
  const { config } = world;
  const list: RepositoryRef[] = [{ id: config.repositoryId, name: config.repositoryName, project: { id: config.projectId, name: config.projectName } }];
  for (const pr of world.state.pullRequests.values()) {
    if (!list.some((r) => same(r.id, pr.repository.id))) list.push(pr.repository);
  }
  return list;
}

function checkProject(ctx: RouteContext, project: { id: string; name: string }): void {
  const p = ctx.params['project'];
  if (p !== undefined && !same(p, project.id) && !same(p, project.name)) {
    throw new HttpError(404, envelope('ProjectDoesNotExistWithNameException', `TF200016: The following project does not exist: ${p}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`));
  }
}

/** The PR addressed by the route; 404 (TF401019 / TF200016 / TF401180) when the repository, project or PR is unknown. */
function pullRequestOf(ctx: RouteContext): StoredPullRequest {
  const id = intParam(ctx, 'pullRequestId');
  const repoParam = ctx.params['repositoryId'];
  let repo: RepositoryRef | undefined;
  if (repoParam !== undefined) {
    repo = repositories(ctx.world).find((r) => same(r.id, repoParam) || same(r.name, repoParam));
    if (!repo) {
      throw new HttpError(404, envelope('GitRepositoryNotFoundException', `TF401019: The Git repository with name or identifier ${repoParam} does not exist or you do not have permissions for the operation you are attempting.`));
    }
    checkProject(ctx, repo.project);
  }
  const pr = ctx.world.state.visiblePullRequest(id);
  if (!pr || (repo && !same(pr.repository.id, repo.id))) throw new HttpError(404, pullRequestNotFound());
  if (!repo) checkProject(ctx, pr.repository.project);
  return pr;
}

function threadOf(ctx: RouteContext, pr: StoredPullRequest): StoredThread {
  const id = intParam(ctx, 'threadId');
  const t = pr.threads.find((x) => x.id === id);
  if (!t) throw notFound(`pull request thread ${id}`);
  return t;
}

function iterationOf(ctx: RouteContext, pr: StoredPullRequest) {
  const id = intParam(ctx, 'iterationId');
  const it = pr.iterations.find((x) => x.id === id);
  if (!it) throw notFound(`pull request iteration ${id}`);
  return it;
}

function list<T>(items: T[]): RouteResult {
  return { body: { count: items.length, value: items } };
}

function optionalInt(ctx: RouteContext, name: string): number | undefined {
  const raw = ctx.query(name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw badRequest(`The value '${raw}' is not valid for ${name}.`, [`${name} must be a non-negative integer`]);
  return Number(raw);
}

/** iteration changes: `$top` default 100, max 2000 (larger values are clamped). */
export const CHANGES_TOP_DEFAULT = 100;
export const CHANGES_TOP_MAX = 2000;

// ---- handlers ----------------------------------------------------------------------------------------------------

const handlers = {
  options(ctx: RouteContext): RouteResult {
    const answer = areaLocations(ctx.params['area'] ?? '', ctx.world.config);
    if (!answer) throw notFound(`resource area ${ctx.params['area'] ?? ''}`);
    return { body: answer };
  },
  resourceAreas(ctx: RouteContext): RouteResult {
    return { body: resourceAreas(ctx.world.config.collectionUrl, ctx.world.config.resourceAreas) };
  },
  resourceArea(ctx: RouteContext): RouteResult {
    const areaId = ctx.params['areaId'] ?? '';
    if (!same(areaId, GIT_AREA_ID)) throw notFound(`resource area ${areaId}`);
    return { body: { id: GIT_AREA_ID, name: 'git', locationUrl: ctx.world.config.collectionUrl } };
  },
  connectionData(ctx: RouteContext): RouteResult {
    const build = ctx.world.state.identity('build');
    const user = {
      id: build.id,
      descriptor: build.descriptor,
      subjectDescriptor: build.descriptor,
      providerDisplayName: build.displayName,
      isActive: true,
      properties: {},
      resourceVersion: 2,
      metaTypeId: 255,
    };
    return {
      body: {
        authenticatedUser: user,
        authorizedUser: user,
        instanceId: ctx.world.config.projectId,
        deploymentType: 'hosted',
        locationServiceData: { serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7', defaultAccessMappingMoniker: 'PublicAccessMapping', lastChangeId: 1, lastChangeId64: 1 },
      },
    };
  },
  getPullRequest(ctx: RouteContext): RouteResult {
    return { body: ctx.world.wire.pullRequest(pullRequestOf(ctx)) };
  },
  listThreads(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    return list(pr.threads.map((t) => ctx.world.wire.thread(pr, t)));
  },
  getThread(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    return { body: ctx.world.wire.thread(pr, threadOf(ctx, pr)) };
  },
  createThread(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    const thread = ctx.world.state.insertThread(pr, newThread(ctx.body));
    return { body: ctx.world.wire.thread(pr, thread) };
  },
  updateThread(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    const thread = threadOf(ctx, pr);
    const patch = threadPatch(ctx.body);
    let changed = false;
    if (patch.status !== undefined && patch.status !== thread.status) {
      thread.status = patch.status;
      changed = true;
    }
    if (patch.properties && mergeProperties(thread.properties, patch.properties)) changed = true;
    if (changed) thread.lastUpdatedDate = ctx.world.state.timestamp();
    return { body: ctx.world.wire.thread(pr, thread) };
  },
  listComments(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    const thread = threadOf(ctx, pr);
    return list(thread.comments.map((c) => ctx.world.wire.comment(pr, thread.id, c)));
  },
  getComment(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    const thread = threadOf(ctx, pr);
    return { body: ctx.world.wire.comment(pr, thread.id, commentOf(ctx, thread)) };
  },
  createComment(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    const thread = threadOf(ctx, pr);
    const input = newComment(ctx.body);
    if (thread.comments.length >= 500) {
      throw badRequest('A thread can hold up to 500 comments.', [`thread ${thread.id} already has ${thread.comments.length} comments`]);
    }
    const comment = ctx.world.state.appendComment(thread, input);
    return { body: ctx.world.wire.comment(pr, thread.id, comment) };
  },
  updateComment(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    const thread = threadOf(ctx, pr);
    const comment = commentOf(ctx, thread);
    const patch = commentPatch(ctx.body);
    if (patch.content !== undefined) ctx.world.state.updateCommentContent(thread, comment, patch.content);
    return { body: ctx.world.wire.comment(pr, thread.id, comment) };
  },
  deleteComment(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    const thread = threadOf(ctx, pr);
    ctx.world.state.deleteComment(thread, commentOf(ctx, thread));
    return {};
  },
  listIterations(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    const commits = (ctx.query('includeCommits') ?? '').toLowerCase() === 'true';
    return list(pr.iterations.map((i) => ctx.world.wire.iteration(pr, i, commits)));
  },
  getIteration(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    return { body: ctx.world.wire.iteration(pr, iterationOf(ctx, pr)) };
  },
  iterationChanges(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    const it = iterationOf(ctx, pr);
    const requestedTop = optionalInt(ctx, '$top');
    const top = Math.min(requestedTop ? requestedTop : CHANGES_TOP_DEFAULT, CHANGES_TOP_MAX);
    const skip = optionalInt(ctx, '$skip') ?? 0;
    const compareTo = optionalInt(ctx, '$compareTo') ?? 0;
    const all = (compareTo > 0 ? it.changesComparedTo[compareTo] : undefined) ?? it.changes;
    const page = all.slice(skip, skip + top);
    const more = skip + top < all.length;
    return {
      body: {
        changeEntries: page.map((c) => ctx.world.wire.change(c)),
        nextSkip: more ? skip + top : 0,
        nextTop: more ? top : 0,
      },
    };
  },
  listStatuses(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    return list(pr.statuses.map((s) => ctx.world.wire.status(pr, s)));
  },
  getStatus(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    return { body: ctx.world.wire.status(pr, statusOf(ctx, pr)) };
  },
  deleteStatus(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    const s = statusOf(ctx, pr);
    pr.statuses.splice(pr.statuses.indexOf(s), 1);
    return {};
  },
  createStatus(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    const input = newStatus(ctx.body);
    if (input.iterationId !== undefined && !pr.iterations.some((i) => i.id === input.iterationId)) {
      throw badRequest(`The pull request has no iteration ${input.iterationId}.`, [`iterationId ${input.iterationId} does not exist`]);
    }
    return { body: ctx.world.wire.status(pr, ctx.world.state.appendStatus(pr, input)) };
  },
  listIterationStatuses(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    const it = iterationOf(ctx, pr);
    return list(pr.statuses.filter((s) => s.iterationId === it.id).map((s) => ctx.world.wire.status(pr, s, true)));
  },
  createIterationStatus(ctx: RouteContext): RouteResult {
    const pr = pullRequestOf(ctx);
    const it = iterationOf(ctx, pr);
    const input = newStatus(ctx.body);
    if (input.iterationId !== undefined && input.iterationId !== it.id) {
      throw badRequest(`The iteration id in the body (${input.iterationId}) conflicts with the route (${it.id}).`, ['iterationId conflicts with the route']);
    }
    return { body: ctx.world.wire.status(pr, ctx.world.state.appendStatus(pr, { ...input, iterationId: it.id }), true) };
  },
};

function commentOf(ctx: RouteContext, thread: StoredThread) {
  const id = intParam(ctx, 'commentId');
  const c = thread.comments.find((x) => x.id === id);
  if (!c) throw notFound(`comment ${id} of thread ${thread.id}`);
  return c;
}

function statusOf(ctx: RouteContext, pr: StoredPullRequest) {
  const id = intParam(ctx, 'statusId');
  const s = pr.statuses.find((x) => x.id === id);
  if (!s) throw notFound(`pull request status ${id}`);
  return s;
}

// ---- table -------------------------------------------------------------------------------------------------------

const PR = '_apis/git/repositories/:repositoryId/pullRequests/:pullRequestId';
const L = (id: string): LocationDef => LOCATION_IDS[id]!;
const THREADS = L('ab6e2e5d-a0b7-4153-b64a-a4efe0d49449');
const COMMENTS = L('965a3ec7-5ed8-455a-bdcb-835a5ea7fe7b');
const ITERATIONS = L('d43911ee-6958-46b0-a42b-8445b8a0d004');
const CHANGES = L('4216bdcf-b6b1-4d59-8b82-c34cc183fc8b');
const STATUSES = L('b5f6bb4f-8d1e-4d79-8d11-4c9172c99c35');
const ITERATION_STATUSES = L('75cf11c5-979f-4038-a76e-058a06adf2bf');

type Entry = [name: string, method: string, path: string, location: LocationDef | undefined, handle: (ctx: RouteContext) => RouteResult, projectVariant?: boolean];

const ENTRIES: Entry[] = [
  ['discovery.options', 'OPTIONS', '_apis/:area', undefined, handlers.options, false],
  ['discovery.resourceAreas', 'GET', '_apis/ResourceAreas', L('e81700f7-3be2-46de-8624-2eb35882fcaa'), handlers.resourceAreas, false],
  ['discovery.resourceArea', 'GET', '_apis/ResourceAreas/:areaId', L('e81700f7-3be2-46de-8624-2eb35882fcaa'), handlers.resourceArea, false],
  ['connectionData', 'GET', '_apis/ConnectionData', undefined, handlers.connectionData, false],
  ['pullRequests.getById', 'GET', '_apis/git/pullRequests/:pullRequestId', L('01a46dea-7d46-4d40-bc84-319e7c260d99'), handlers.getPullRequest],
  ['pullRequests.get', 'GET', PR, L('9946fd70-0d40-406e-b686-b4744cbbcc37'), handlers.getPullRequest],
  ['threads.list', 'GET', `${PR}/threads`, THREADS, handlers.listThreads],
  ['threads.create', 'POST', `${PR}/threads`, THREADS, handlers.createThread],
  ['threads.get', 'GET', `${PR}/threads/:threadId`, THREADS, handlers.getThread],
  ['threads.update', 'PATCH', `${PR}/threads/:threadId`, THREADS, handlers.updateThread],
  ['comments.list', 'GET', `${PR}/threads/:threadId/comments`, COMMENTS, handlers.listComments],
  ['comments.create', 'POST', `${PR}/threads/:threadId/comments`, COMMENTS, handlers.createComment],
  ['comments.get', 'GET', `${PR}/threads/:threadId/comments/:commentId`, COMMENTS, handlers.getComment],
  ['comments.update', 'PATCH', `${PR}/threads/:threadId/comments/:commentId`, COMMENTS, handlers.updateComment],
  ['comments.delete', 'DELETE', `${PR}/threads/:threadId/comments/:commentId`, COMMENTS, handlers.deleteComment],
  ['iterations.list', 'GET', `${PR}/iterations`, ITERATIONS, handlers.listIterations],
  ['iterations.get', 'GET', `${PR}/iterations/:iterationId`, ITERATIONS, handlers.getIteration],
  ['iterations.changes', 'GET', `${PR}/iterations/:iterationId/changes`, CHANGES, handlers.iterationChanges],
  ['iterationStatuses.list', 'GET', `${PR}/iterations/:iterationId/statuses`, ITERATION_STATUSES, handlers.listIterationStatuses],
  ['iterationStatuses.create', 'POST', `${PR}/iterations/:iterationId/statuses`, ITERATION_STATUSES, handlers.createIterationStatus],
  ['statuses.list', 'GET', `${PR}/statuses`, STATUSES, handlers.listStatuses],
  ['statuses.create', 'POST', `${PR}/statuses`, STATUSES, handlers.createStatus],
  ['statuses.get', 'GET', `${PR}/statuses/:statusId`, STATUSES, handlers.getStatus],
  ['statuses.delete', 'DELETE', `${PR}/statuses/:statusId`, STATUSES, handlers.deleteStatus],
];

export const ROUTES: readonly Route[] = ENTRIES.flatMap(([name, method, path, location, handle, projectVariant = true]) => {
  const segments = path.split('/');
  const route = (segs: string[]): Route => ({ name, method, segments: segs, ...(location ? { location } : {}), handle });
  return projectVariant ? [route(segments), route([':project', ...segments])] : [route(segments)];
});

export type RouteMatch =
  | { kind: 'match'; route: Route; params: Record<string, string> }
  | { kind: 'method'; allowed: string[] }
  | { kind: 'none' };

/** Matches decoded path segments (relative to the collection) against the table. */
export function matchRoute(method: string, segments: string[]): RouteMatch {
  const allowed = new Set<string>();
  for (const route of ROUTES) {
    if (route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = route.segments.every((pattern, i) => {
      const actual = segments[i]!;
      if (pattern.startsWith(':')) {
        params[pattern.slice(1)] = actual;
        return actual.length > 0;
      }
      return same(pattern, actual);
    });
    if (!ok) continue;
    // a project segment must not swallow `_apis`
    if (params['project'] !== undefined && same(params['project'], '_apis')) continue;
    if (route.method === method) return { kind: 'match', route, params };
    allowed.add(route.method);
  }
  return allowed.size ? { kind: 'method', allowed: [...allowed] } : { kind: 'none' };
}
