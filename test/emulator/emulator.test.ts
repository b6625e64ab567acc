import { afterEach, describe, expect, it } from 'vitest';
import { GitApi } from 'azure-devops-node-api/GitApi';
import { WebApi } from 'azure-devops-node-api/WebApi';
import { BearerCredentialHandler } from 'azure-devops-node-api/handlers/bearertoken';
import { PersonalAccessTokenCredentialHandler } from 'azure-devops-node-api/handlers/personalaccesstoken';
import * as GI from 'azure-devops-node-api/interfaces/GitInterfaces';
import { startEmulator, type Emulator, type EmulatorOptions } from './server';
import {
  checkRecordedResponses, listHttpExamples, loadGitSpec, loadHttpExample, validateRequest, validateResponse,
} from './spec';
import { KNOWN_ENUMS } from './enums';

const PR = 7;
let emu: Emulator | undefined;

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emu = await startEmulator(options);
  emu.addPullRequest({ id: PR, sourceRefName: 'refs/heads/feature/x', targetRefName: 'refs/heads/main' });
  return emu;
}

afterEach(async () => {
  if (!emu) return;
  const e = emu;
  emu = undefined;
  try {
    // every response the emulator sent during the test conforms to the overlaid spec
    expect(checkRecordedResponses(e.requests)).toEqual([]);
  } finally {
    await e.close();
  }
});

function gitApi(e: Emulator, token = e.token): GitApi {
  return new GitApi(e.collectionUrl, [new BearerCredentialHandler(token)]);
}

interface RawResponse {
  status: number;
  text: string;
  json: unknown;
  headers: Headers;
}

/** A bare HTTP call (path relative to the collection URL). */
async function raw(
  e: Emulator, method: string, path: string,
  opts: { body?: unknown; version?: string | null; auth?: string | null; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {
    Accept: opts.version === null ? 'application/json' : `application/json;api-version=${opts.version ?? '7.1'}`,
    ...(opts.auth === null ? {} : { Authorization: opts.auth ?? `Bearer ${e.token}` }),
    ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...(opts.headers ?? {}),
  };
  const res = await fetch(e.collectionUrl + path, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

const prPath = (e: Emulator, rest = ''): string =>
  `${e.projectName}/_apis/git/repositories/${e.repositoryId}/pullRequests/${PR}${rest}`;

async function rejection(p: Promise<unknown>): Promise<Error & { statusCode?: number; result?: Record<string, unknown>; rateLimit?: Record<string, number | string>; responseHeaders?: Record<string, string>; code?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { statusCode?: number };
  }
  throw new Error('expected the call to reject');
}

function newThreadBody(extra: Partial<GI.GitPullRequestCommentThread> = {}): GI.GitPullRequestCommentThread {
  return {
    comments: [{ parentCommentId: 0, content: 'Storage account allows public blob access', commentType: GI.CommentType.Text }],
    status: GI.CommentThreadStatus.Active,
    threadContext: { filePath: '/main.tf', rightFileStart: { line: 12, offset: 1 }, rightFileEnd: { line: 12, offset: 40 } },
    pullRequestThreadContext: { changeTrackingId: 1, iterationContext: { firstComparingIteration: 1, secondComparingIteration: 1 } },
    properties: { 'iacscan.fingerprint': 'abc123', 'iacscan.schema': 1 },
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------------------------------

describe('discovery and api-version negotiation', () => {
  it('WebApi.getGitApi performs OPTIONS Location, GET ResourceAreas and OPTIONS git before the first call', async () => {
    const e = await start();
    const web = new WebApi(e.collectionUrl, new BearerCredentialHandler(e.token));
    const git = await web.getGitApi();
    const threads = await git.getThreads(e.repositoryId, PR, e.projectName);
    expect(threads).toEqual([]);
    const org = `/${e.organization}`;
    expect(e.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `OPTIONS ${org}/_apis/Location`,
      `GET ${org}/_apis/ResourceAreas`,
      `OPTIONS ${org}/_apis/git`,
      `GET ${org}/${e.projectName}/_apis/git/repositories/${e.repositoryId}/pullRequests/${PR}/threads`,
    ]);
    expect(e.requests.map((r) => r.apiVersion)).toEqual([undefined, '7.1', undefined, '7.1']);
    expect(e.requests.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(e.requests[3]!.headers['x-tfs-fedauthredirect']).toBe('Suppress');
    expect((e.requests[2]!.response as { count: number }).count).toBeGreaterThanOrEqual(8);
  });

  it('a GitApi constructed directly sends only OPTIONS _apis/git first', async () => {
    const e = await start();
    await gitApi(e).getThreads(e.repositoryId, PR, e.projectName);
    expect(e.requests.map((r) => r.route)).toEqual(['discovery.options', 'threads.list']);
  });

  it('maxVersion 7.2 / releasedVersion 7.1 makes the client send 7.2-preview.N', async () => {
    const e = await start({ maxVersion: '7.2', releasedVersion: '7.1' });
    const git = gitApi(e);
    await git.getThreads(e.repositoryId, PR, e.projectName);
    await git.getPullRequestIterations(e.repositoryId, PR, e.projectName);
    expect(e.calls('threads.list')[0]!.apiVersion).toBe('7.2-preview.1');
    expect(e.calls('iterations.list')[0]!.apiVersion).toBe('7.2-preview.2');
  });

  it('the on-premises ResourceAreas shape makes the client use the collection URL', async () => {
    const e = await start({ resourceAreas: 'onPrem' });
    const git = await new WebApi(e.collectionUrl, new BearerCredentialHandler(e.token)).getGitApi();
    expect(await git.getThreads(e.repositoryId, PR, e.projectName)).toEqual([]);
    expect(e.calls('discovery.resourceAreas')[0]!.response).toEqual({ count: 0, value: null });
  });

  it('a 401 during discovery rejects getGitApi itself', async () => {
    const e = await start();
    const err = await rejection(new WebApi(e.collectionUrl, new BearerCredentialHandler('wrong')).getGitApi());
    expect(err.statusCode).toBe(401);
  });

  it('ConnectionData names the build identity as the authenticated user', async () => {
    const e = await start();
    const data = await new WebApi(e.collectionUrl, new BearerCredentialHandler(e.token)).connect();
    expect(data.authenticatedUser?.id).toBe(e.build.id);
    expect(e.build.id).not.toBe(e.person.id);
  });
});

describe('threads', () => {
  it('createThread round trip: numeric enums in, camelCase strings out, numbers and Dates back through the client', async () => {
    const e = await start();
    const created = await gitApi(e).createThread(newThreadBody(), e.repositoryId, PR, e.projectName);

    const rec = e.calls('threads.create')[0]!;
    expect(rec.apiVersion).toBe('7.1');
    expect(rec.body).toMatchObject({ status: 1, comments: [{ commentType: 1, parentCommentId: 0 }] });
    expect(rec.response).toMatchObject({
      status: 'active',
      comments: [{ id: 1, commentType: 'text', author: { id: e.build.id } }],
      properties: {
        'iacscan.fingerprint': { $type: 'System.String', $value: 'abc123' },
        'iacscan.schema': { $type: 'System.Int32', $value: 1 },
      },
      threadContext: { filePath: '/main.tf', rightFileStart: { line: 12, offset: 1 } },
      isDeleted: false,
    });
    const response = rec.response as { publishedDate: string; _links: { self: { href: string } } };
    expect(response.publishedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(response._links.self.href).toBe(`${e.collectionUrl}_apis/git/repositories/${e.repositoryId}/pullRequests/${PR}/threads/${created.id}`);

    expect(created.status).toBe(GI.CommentThreadStatus.Active);
    expect(created.comments![0]!.commentType).toBe(GI.CommentType.Text);
    expect(created.publishedDate).toBeInstanceOf(Date);
    expect(created.comments![0]!.publishedDate).toBeInstanceOf(Date);
    expect(created.properties!['iacscan.fingerprint']).toEqual({ $type: 'System.String', $value: 'abc123' });
    expect(created.pullRequestThreadContext).toEqual({ changeTrackingId: 1, iterationContext: { firstComparingIteration: 1, secondComparingIteration: 1 } });

    const stored = e.state.thread(PR, created.id!)!;
    expect(stored).toMatchObject({ status: 'active', createdBy: 'build', properties: { 'iacscan.schema': { $type: 'System.Int32', $value: 1 } } });
  });

  it('getThreads lists the task, person and system threads; system threads carry no status', async () => {
    const e = await start();
    e.addThread(PR, { status: null, comments: ['Pat voted 10'] });
    const human = e.addThread(PR, { comments: ['Please use a module'], threadContext: { filePath: '/main.tf', rightFileStart: { line: 3, offset: 1 } } }, { author: 'person' });
    const git = gitApi(e);
    await git.createThread(newThreadBody(), e.repositoryId, PR, e.projectName);
    const threads = await git.getThreads(e.repositoryId, PR, e.projectName);
    expect(threads).toHaveLength(3);
    const [system, person, task] = threads;
    expect(system!.status).toBeUndefined();
    expect(system!.comments![0]!.commentType).toBe(GI.CommentType.System);
    expect(system!.properties!['CodeReviewThreadType']).toEqual({ $type: 'System.String', $value: 'VoteUpdate' });
    expect(person!.id).toBe(human.id);
    expect(person!.comments![0]!.author!.id).toBe(e.person.id);
    expect(task!.comments![0]!.author!.id).toBe(e.build.id);
    const wire = e.calls('threads.list')[0]!.response as { count: number; value: Array<Record<string, unknown>> };
    expect(wire.count).toBe(3);
    expect('status' in wire.value[0]!).toBe(false);
    expect(wire.value[0]!['threadContext']).toBeNull();
    expect(await git.getPullRequestThread(e.repositoryId, PR, human.id, e.projectName)).toMatchObject({ id: human.id, status: GI.CommentThreadStatus.Active });
  });

  it('updateThread merges the fields sent; a status change moves lastUpdatedDate', async () => {
    const e = await start();
    const git = gitApi(e);
    const created = await git.createThread(newThreadBody(), e.repositoryId, PR, e.projectName);
    const updated = await git.updateThread(
      { status: GI.CommentThreadStatus.Fixed, properties: { 'iacscan.run': 'r2' } }, e.repositoryId, PR, created.id!, e.projectName,
    );
    expect(e.calls('threads.update')[0]!.body).toEqual({ status: 2, properties: { 'iacscan.run': 'r2' } });
    expect(updated.status).toBe(GI.CommentThreadStatus.Fixed);
    expect(updated.lastUpdatedDate!.getTime()).toBeGreaterThan(created.lastUpdatedDate!.getTime());
    expect(updated.publishedDate!.getTime()).toBe(created.publishedDate!.getTime());
    expect(updated.comments).toHaveLength(1);
    expect(updated.threadContext).toEqual(created.threadContext);
    expect(Object.keys(updated.properties!).sort()).toEqual(['iacscan.fingerprint', 'iacscan.run', 'iacscan.schema']);
    expect(e.state.thread(PR, created.id!)!.status).toBe('fixed');
  });

  it('a person resolving a thread and replying is visible to the client', async () => {
    const e = await start();
    const git = gitApi(e);
    const created = await git.createThread(newThreadBody(), e.repositoryId, PR, e.projectName);
    e.addComment(PR, created.id!, 'False positive, see ADR-12', 'person', { parentCommentId: 1 });
    e.setThreadStatus(PR, created.id!, 'wontFix');
    const thread = await git.getPullRequestThread(e.repositoryId, PR, created.id!, e.projectName);
    expect(thread.status).toBe(GI.CommentThreadStatus.WontFix);
    expect(thread.comments!.map((c) => [c.id, c.parentCommentId, c.author!.id])).toEqual([[1, 0, e.build.id], [2, 1, e.person.id]]);
  });

  it('threads can still be added to a completed PR; a deleted PR answers 404, i.e. null', async () => {
    const e = await start();
    const git = gitApi(e);
    e.setPullRequestStatus(PR, 'completed');
    expect((await git.createThread(newThreadBody(), e.repositoryId, PR, e.projectName)).id).toBeGreaterThan(0);
    e.deletePullRequest(PR);
    expect(await git.createThread(newThreadBody(), e.repositoryId, PR, e.projectName)).toBeNull();
    expect(await git.getThreads(e.repositoryId, PR, e.projectName)).toBeNull();
    const rec = e.calls('threads.create')[1]!;
    expect(rec.status).toBe(404);
    expect(rec.response).toMatchObject({ typeKey: 'GitPullRequestNotFoundException', message: expect.stringContaining('TF401180') });
  });
});

describe('comments', () => {
  it('createComment, updateComment, getComments and soft deleteComment', async () => {
    const e = await start();
    const git = gitApi(e);
    const thread = await git.createThread(newThreadBody(), e.repositoryId, PR, e.projectName);
    const reply = await git.createComment({ content: 'Still present in run 2', parentCommentId: 1 }, e.repositoryId, PR, thread.id!, e.projectName);
    expect(reply).toMatchObject({ id: 2, parentCommentId: 1, commentType: GI.CommentType.Text, content: 'Still present in run 2' });
    expect(reply.author!.id).toBe(e.build.id);
    expect(reply.publishedDate).toBeInstanceOf(Date);

    const edited = await git.updateComment({ content: 'Fixed in run 3' }, e.repositoryId, PR, thread.id!, 1, e.projectName);
    expect(edited.content).toBe('Fixed in run 3');
    expect(edited.lastContentUpdatedDate!.getTime()).toBeGreaterThan(edited.publishedDate!.getTime());

    const comments = await git.getComments(e.repositoryId, PR, thread.id!, e.projectName);
    expect(comments.map((c) => c.content)).toEqual(['Fixed in run 3', 'Still present in run 2']);

    await git.deleteComment(e.repositoryId, PR, thread.id!, 2, e.projectName);
    expect(e.calls('comments.delete')[0]).toMatchObject({ status: 200, response: undefined });
    expect(e.state.thread(PR, thread.id!)!.isDeleted).toBe(false);
    await git.deleteComment(e.repositoryId, PR, thread.id!, 1, e.projectName);
    const after = await git.getPullRequestThread(e.repositoryId, PR, thread.id!, e.projectName);
    expect(after.isDeleted).toBe(true);
    expect(after.comments!.every((c) => c.isDeleted)).toBe(true);
  });

  it('refuses the 501st comment of a thread', async () => {
    const e = await start();
    const seeded = e.addThread(PR, { comments: Array.from({ length: 500 }, (_, i) => `c${i}`) }, { author: 'build' });
    const err = await rejection(gitApi(e).createComment({ content: 'one more' }, e.repositoryId, PR, seeded.id, e.projectName));
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain('500');
  });
});

describe('iterations and changes', () => {
  it('getPullRequestIterations: enums and dates through the client', async () => {
    const e = await start();
    const second = e.addIteration(PR, { sourceRefCommit: 'a'.repeat(40) });
    const iterations = await gitApi(e).getPullRequestIterations(e.repositoryId, PR, e.projectName);
    expect(iterations.map((i) => [i.id, i.reason])).toEqual([[1, GI.IterationReason.Create], [2, GI.IterationReason.Push]]);
    expect(iterations[1]!.sourceRefCommit!.commitId).toBe(second.sourceRefCommit);
    expect(iterations[1]!.commonRefCommit!.commitId).toBe(e.state.iteration(PR, 1)!.commonRefCommit);
    expect(iterations[1]!.createdDate).toBeInstanceOf(Date);
    expect(e.state.pullRequest(PR).lastMergeSourceCommit).toBe('a'.repeat(40));
  });

  it('pages iteration changes with $top/$skip; changeTrackingId is stable across iterations', async () => {
    const e = await start();
    const [first] = e.setChanges(PR, 1, [{ path: '/main.tf', changeType: 'add' }]);
    e.addIteration(PR);
    e.setChanges(PR, 2, [
      { path: 'main.tf', changeType: 'edit' },
      { path: '/modules/net/vnet.tf', changeType: 'add' },
      { path: '/modules/net/nsg.tf', originalPath: '/modules/net/sg.tf' },
      { path: '/old.bicep', changeType: 'delete' },
      { path: '/a.json', changeType: GI.VersionControlChangeType.Add },
      { path: '/b.json', changeType: ['edit', 'encoding'] },
      { path: '/c.json' },
    ]);
    const git = gitApi(e);
    const seen: GI.GitPullRequestChange[] = [];
    let skip = 0;
    for (let page = 0; page < 10; page++) {
      const res = await git.getPullRequestIterationChanges(e.repositoryId, PR, 2, e.projectName, 3, skip, 0);
      seen.push(...res.changeEntries!);
      if (!res.nextTop) {
        expect(res.nextSkip).toBe(0);
        break;
      }
      skip = res.nextSkip!;
    }
    expect(e.calls('iterations.changes')).toHaveLength(3);
    expect(e.calls('iterations.changes').map((r) => [r.query['$top'], r.query['$skip'], r.query['$compareTo']])).toEqual([['3', '0', '0'], ['3', '3', '0'], ['3', '6', '0']]);
    expect(seen.map((c) => c.item!.path)).toEqual(['/main.tf', '/modules/net/vnet.tf', '/modules/net/nsg.tf', '/old.bicep', '/a.json', '/b.json', '/c.json']);
    expect(seen[0]!.changeTrackingId).toBe(first!.changeTrackingId);
    expect(seen.map((c) => c.changeType)).toEqual([
      GI.VersionControlChangeType.Edit, GI.VersionControlChangeType.Add,
      GI.VersionControlChangeType.Edit | GI.VersionControlChangeType.Rename, GI.VersionControlChangeType.Delete,
      GI.VersionControlChangeType.Add, GI.VersionControlChangeType.Edit | GI.VersionControlChangeType.Encoding,
      GI.VersionControlChangeType.Edit,
    ]);
    expect(seen[2]!.originalPath).toBe('/modules/net/sg.tf');
    expect((e.calls('iterations.changes')[0]!.response as { changeEntries: Array<{ changeType: string }> }).changeEntries.map((c) => c.changeType))
      .toEqual(['edit', 'add', 'edit, rename']);
  });

  it('$top defaults to 100 and is capped at 2000', async () => {
    const e = await start();
    e.setChanges(PR, 1, Array.from({ length: 150 }, (_, i) => ({ path: `/f${i}.tf` })));
    const git = gitApi(e);
    const first = await git.getPullRequestIterationChanges(e.repositoryId, PR, 1, e.projectName);
    expect([first.changeEntries!.length, first.nextSkip, first.nextTop]).toEqual([100, 100, 100]);
    const all = await git.getPullRequestIterationChanges(e.repositoryId, PR, 1, e.projectName, 5000, 0);
    expect([all.changeEntries!.length, all.nextSkip, all.nextTop]).toEqual([150, 0, 0]);
  });
});

describe('statuses', () => {
  it('createPullRequestStatus appends; iterationId is kept; enums and dates through the client', async () => {
    const e = await start();
    const git = gitApi(e);
    const body: GI.GitPullRequestStatus = {
      state: GI.GitStatusState.Failed,
      description: '3 critical findings',
      context: { genre: 'iac-scan', name: 'critical-findings' },
      targetUrl: 'https://example.invalid/build/1',
      iterationId: 1,
    };
    const s1 = await git.createPullRequestStatus(body, e.repositoryId, PR, e.projectName);
    const s2 = await git.createPullRequestStatus({ ...body, state: GI.GitStatusState.Succeeded, description: 'clean' }, e.repositoryId, PR, e.projectName);
    expect(e.calls('statuses.create')[0]!.body).toMatchObject({ state: 3, iterationId: 1 });
    expect(s1).toMatchObject({ id: 1, state: GI.GitStatusState.Failed, iterationId: 1, context: { genre: 'iac-scan', name: 'critical-findings' } });
    expect(s1.creationDate).toBeInstanceOf(Date);
    expect(s1.createdBy!.id).toBe(e.build.id);
    expect(s2).toMatchObject({ id: 2, state: GI.GitStatusState.Succeeded });
    const all = await git.getPullRequestStatuses(e.repositoryId, PR, e.projectName);
    expect(all.map((s) => [s.id, s.state])).toEqual([[1, GI.GitStatusState.Failed], [2, GI.GitStatusState.Succeeded]]);
    expect(e.state.pullRequest(PR).statuses.map((s) => s.state)).toEqual(['failed', 'succeeded']);
  });

  it('createPullRequestIterationStatus ties the status to the route iteration; a conflicting body id is 400', async () => {
    const e = await start();
    e.addIteration(PR);
    const git = gitApi(e);
    const s = await git.createPullRequestIterationStatus({ state: GI.GitStatusState.Pending, context: { name: 'critical-findings' } }, e.repositoryId, PR, 2, e.projectName);
    expect(s.iterationId).toBe(2);
    const err = await rejection(git.createPullRequestIterationStatus({ state: 1, context: { name: 'x' }, iterationId: 1 }, e.repositoryId, PR, 2, e.projectName));
    expect(err.statusCode).toBe(400);
  });

  it('refuses a status without context.name, or for an iteration the PR does not have', async () => {
    const e = await start();
    const git = gitApi(e);
    const noName = await rejection(git.createPullRequestStatus({ state: GI.GitStatusState.Failed, context: { genre: 'iac-scan' } }, e.repositoryId, PR, e.projectName));
    expect(noName.statusCode).toBe(400);
    expect(e.calls('statuses.create')[0]!.errors).toEqual(['context.name is required']);
    const noIteration = await rejection(git.createPullRequestStatus({ state: 3, context: { name: 'n' }, iterationId: 9 }, e.repositoryId, PR, e.projectName));
    expect(noIteration.statusCode).toBe(400);
  });
});

describe('pull requests', () => {
  it('getPullRequestById and getPullRequest return the seeded PR; status follows the state', async () => {
    const e = await start();
    const git = gitApi(e);
    const byId = await git.getPullRequestById(PR, e.projectName);
    expect(byId).toMatchObject({ pullRequestId: PR, status: GI.PullRequestStatus.Active, isDraft: false, sourceRefName: 'refs/heads/feature/x', targetRefName: 'refs/heads/main' });
    expect(byId.lastMergeSourceCommit!.commitId).toBe(e.state.pullRequest(PR).lastMergeSourceCommit);
    expect(byId.repository).toMatchObject({ id: e.repositoryId, name: e.repositoryName, project: { id: e.projectId, name: e.projectName } });
    expect(byId.creationDate).toBeInstanceOf(Date);
    e.setPullRequestStatus(PR, 'abandoned');
    const byRepo = await git.getPullRequest(e.repositoryName, PR, e.projectId);
    expect(byRepo.status).toBe(GI.PullRequestStatus.Abandoned);
    expect(await git.getPullRequestById(999)).toBeNull();
  });
});

describe('faults', () => {
  it('404 → the client returns null (even for POST)', async () => {
    const e = await start();
    e.fail({ method: 'POST', path: '/threads' }, { status: 404 });
    expect(await gitApi(e).createThread(newThreadBody(), e.repositoryId, PR, e.projectName)).toBeNull();
    expect(e.calls('threads.create')).toMatchObject([{ status: 404, fault: { status: 404 }, response: { typeKey: 'GitPullRequestNotFoundException' } }]);
    expect(e.state.pullRequest(PR).threads).toHaveLength(0);
  });

  it('401 (wrong token, or injected) → rejects with statusCode 401 and an empty body', async () => {
    const e = await start();
    const wrong = await rejection(gitApi(e, 'not-the-token').getThreads(e.repositoryId, PR, e.projectName));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.message).toBe('Failed request: (401)');
    e.fail({ path: /\/threads$/ }, { status: 401 });
    const injected = await rejection(gitApi(e).getThreads(e.repositoryId, PR, e.projectName));
    expect(injected.statusCode).toBe(401);
    expect(e.requests.filter((r) => r.status === 401).every((r) => r.response === undefined)).toBe(true);
  });

  it('403 → TF401027 message and result.typeKey GitNeedsPermissionException', async () => {
    const e = await start();
    e.fail({ method: 'POST' }, { status: 403 });
    const err = await rejection(gitApi(e).createThread(newThreadBody(), e.repositoryId, PR, e.projectName));
    expect(err.statusCode).toBe(403);
    expect(err.message).toContain('TF401027');
    expect(err.message).toContain(`Build\\${e.build.id}`);
    expect(err.result!['typeKey']).toBe('GitNeedsPermissionException');
  });

  it('429 → statusCode 429 with rateLimit.retryAfter and the X-RateLimit headers; no retry by the client', async () => {
    const e = await start();
    const fault = e.fail({ method: 'POST', path: '/statuses' }, { status: 429, retryAfter: 7 });
    const err = await rejection(gitApi(e).createPullRequestStatus({ state: 3, context: { name: 'n' } }, e.repositoryId, PR, e.projectName));
    expect(err.statusCode).toBe(429);
    expect(err.message).toContain('TF400733');
    expect(err.rateLimit).toMatchObject({ retryAfter: 7, resource: 'Core', limit: 200, remaining: 0 });
    expect(err.responseHeaders!['retry-after']).toBe('7');
    expect(fault).toMatchObject({ hits: 1, remaining: 0 });
    expect(e.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('500 and 503 reject; a reset connection rejects', async () => {
    const e = await start();
    const git = gitApi(e);
    e.fail({ path: '/iterations' }, { status: 500 });
    expect((await rejection(git.getPullRequestIterations(e.repositoryId, PR, e.projectName))).statusCode).toBe(500);
    e.fail({ path: '/iterations' }, { status: 503, retryAfter: 2 });
    const unavailable = await rejection(git.getPullRequestIterations(e.repositoryId, PR, e.projectName));
    expect(unavailable.statusCode).toBe(503);
    expect(unavailable.rateLimit?.retryAfter).toBe(2);
    e.fail({ path: '/iterations' }, { resetConnection: true });
    const reset = await rejection(git.getPullRequestIterations(e.repositoryId, PR, e.projectName));
    expect(reset.statusCode).toBeUndefined();
    expect(e.requests.at(-1)!.status).toBe(0);
    expect((await git.getPullRequestIterations(e.repositoryId, PR, e.projectName)).length).toBe(1);
  });

  it('times, method and path filters; a custom body; pending faults', async () => {
    const e = await start();
    const git = gitApi(e);
    e.fail({ method: 'GET', path: /\/threads$/, times: 2 }, { status: 500, body: { message: 'custom', typeKey: 'X' } });
    const first = await rejection(git.getThreads(e.repositoryId, PR, e.projectName));
    expect(first.message).toBe('custom');
    await rejection(git.getThreads(e.repositoryId, PR, e.projectName));
    expect(await git.getThreads(e.repositoryId, PR, e.projectName)).toEqual([]);
    expect(e.faults.pending()).toEqual([]);
  });

  it('latency, delayMs, and a 200 carrying Retry-After (the delayed case)', async () => {
    const e = await start({ latencyMs: 30 });
    const git = gitApi(e);
    e.fail({ path: '/threads' }, { delayMs: 60, retryAfter: 3 });
    const t0 = Date.now();
    const threads = await git.getThreads(e.repositoryId, PR, e.projectName);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(85);
    expect(threads).toHaveLength(0);
    // the client copies the throttling headers onto the returned array
    expect((threads as unknown as { rateLimit: { retryAfter: number } }).rateLimit.retryAfter).toBe(3);
    const rec = e.calls('threads.list')[0]!;
    expect(rec.status).toBe(200);
    expect(rec.responseHeaders!['Retry-After']).toBe('3');
    expect(rec.responseHeaders!['X-RateLimit-Resource']).toBe('Core');
    e.latencyMs = 0;
  });
});

describe('faults after the request was carried out, and hooks', () => {
  it('afterHandling: the write happens, then its answer is replaced (500), dropped (reset) or delayed past the client timeout', async () => {
    const e = await start();
    const git = new GitApi(e.collectionUrl, [new BearerCredentialHandler(e.token)], { socketTimeout: 200 });
    e.fail({ method: 'POST', path: /\/threads$/ }, { status: 500, afterHandling: true });
    expect((await rejection(git.createThread(newThreadBody(), e.repositoryId, PR, e.projectName))).statusCode).toBe(500);
    e.fail({ method: 'POST', path: /\/threads$/ }, { resetConnection: true, afterHandling: true });
    const reset = await rejection(git.createThread(newThreadBody(), e.repositoryId, PR, e.projectName));
    expect([reset.code, reset.statusCode]).toEqual(['ECONNRESET', undefined]);
    e.fail({ method: 'POST', path: /\/threads$/ }, { delayMs: 600, afterHandling: true });
    const late = await rejection(git.createThread(newThreadBody(), e.repositoryId, PR, e.projectName));
    expect(late.message).toMatch(/^Request timeout: \/org\/proj\/_apis\/git\/repositories\/.+\/threads$/);
    // Each write was carried out although the client saw it fail.
    expect(e.state.pullRequest(PR).threads).toHaveLength(3);
    expect(e.calls('threads.create').map((r) => r.status)).toEqual([500, 0, 0]);
    // Before handling (the default), nothing is written.
    e.fail({ method: 'POST', path: /\/threads$/ }, { status: 500 });
    await rejection(git.createThread(newThreadBody(), e.repositoryId, PR, e.projectName));
    expect(e.state.pullRequest(PR).threads).toHaveLength(3);
  });

  it("resetConnection 'midResponse': the write happens, the headers and half the body arrive, then the connection drops", async () => {
    const e = await start();
    const git = new GitApi(e.collectionUrl, [new BearerCredentialHandler(e.token)], { socketTimeout: 500 });
    await git.getThreads(e.repositoryId, PR, e.projectName);
    e.fail({ method: 'GET', path: /\/threads$/ }, { resetConnection: 'midResponse' });
    // typed-rest-client reads a cut 200 as no result (null), or times out when the cut came before it listened.
    const cut = await git.getThreads(e.repositoryId, PR, e.projectName).then((v) => v, (err: Error) => err.message);
    expect([null, expect.stringMatching(/^Request timeout: /)]).toContainEqual(cut);
    const rec = e.calls('threads.list').at(-1)!;
    expect(rec.status).toBe(0);
    expect(rec.responseHeaders!['Content-Type']).toMatch(/^application\/json/);
    e.fail({ method: 'POST', path: /\/threads$/ }, { resetConnection: 'midResponse' });
    await git.createThread(newThreadBody(), e.repositoryId, PR, e.projectName).catch(() => undefined);
    expect(e.state.pullRequest(PR).threads).toHaveLength(1);
  });

  it('after(): runs once after the nth matching request, before the client can send its next one', async () => {
    const e = await start();
    const git = gitApi(e);
    const seen: number[] = [];
    const hook = e.after({ route: 'threads.create', nth: 2 }, (rec) => {
      seen.push(rec.seq);
      e.setPullRequestStatus(PR, 'completed');
    });
    await git.createThread(newThreadBody(), e.repositoryId, PR, e.projectName);
    expect((await git.getPullRequestById(PR, e.projectName)).status).toBe(GI.PullRequestStatus.Active);
    await git.createThread(newThreadBody(), e.repositoryId, PR, e.projectName);
    expect((await git.getPullRequestById(PR, e.projectName)).status).toBe(GI.PullRequestStatus.Completed);
    await git.createThread(newThreadBody(), e.repositoryId, PR, e.projectName);
    expect(seen).toEqual([e.calls('threads.create')[1]!.seq]);
    expect(hook).toMatchObject({ seen: 2, fired: true });
    e.after({ method: 'GET', path: '/iterations' }, () => e.addIteration(PR));
    expect((await git.getPullRequestIterations(e.repositoryId, PR, e.projectName)).map((i) => i.id)).toEqual([1]);
    expect((await git.getPullRequestIterations(e.repositoryId, PR, e.projectName)).map((i) => i.id)).toEqual([1, 2]);
    expect(() => e.after({ nth: 0 }, () => undefined)).toThrow('hook nth must be >= 1');
  });

  it('deleteThread: every comment soft-deleted, and the thread reads isDeleted through the client', async () => {
    const e = await start();
    const git = gitApi(e);
    const created = await git.createThread(newThreadBody(), e.repositoryId, PR, e.projectName);
    e.addComment(PR, created.id!, 'a reply', 'person');
    e.deleteThread(PR, created.id!);
    const [thread] = await git.getThreads(e.repositoryId, PR, e.projectName);
    expect(thread!.isDeleted).toBe(true);
    expect(thread!.comments!.map((c) => c.isDeleted)).toEqual([true, true]);
  });
});

describe('protocol details (raw HTTP)', () => {
  it('api-version: missing → 400; above max → 400 VssVersionOutOfRangeException; query string accepted', async () => {
    const e = await start();
    const missing = await raw(e, 'GET', prPath(e, '/threads'), { version: null });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ typeKey: 'VssVersionNotSpecifiedException' });
    const high = await raw(e, 'GET', prPath(e, '/threads'), { version: '7.2-preview.1' });
    expect(high.status).toBe(400);
    expect(high.json).toMatchObject({
      typeKey: 'VssVersionOutOfRangeException',
      message: 'The requested REST API version of 7.2 is out of range for this server. The latest REST API version this server supports is 7.1.',
    });
    const viaQuery = await raw(e, 'GET', `${prPath(e, '/threads')}?api-version=7.1`, { version: null });
    expect(viaQuery.status).toBe(200);
    expect(e.requests.at(-1)!.apiVersion).toBe('7.1');
    expect((await raw(e, 'GET', prPath(e, '/threads'), { version: '7.0' })).status).toBe(200);
  });

  it('preview rules with maxVersion 7.2 / releasedVersion 7.1', async () => {
    const e = await start({ maxVersion: '7.2', releasedVersion: '7.1' });
    expect((await raw(e, 'GET', prPath(e, '/threads'), { version: '7.2' })).json).toMatchObject({ typeKey: 'VssInvalidPreviewVersionException' });
    expect((await raw(e, 'GET', prPath(e, '/threads'), { version: '7.2-preview.2' })).status).toBe(400);
    expect((await raw(e, 'GET', prPath(e, '/iterations'), { version: '7.2-preview.2' })).status).toBe(200);
  });

  it('auth: no header → 401 empty; Basic with the token as PAT accepted (raw and via the PAT handler)', async () => {
    const e = await start();
    const none = await raw(e, 'GET', prPath(e, '/threads'), { auth: null });
    expect([none.status, none.text]).toEqual([401, '']);
    const basic = await raw(e, 'GET', prPath(e, '/threads'), { auth: `Basic ${Buffer.from(`:${e.token}`).toString('base64')}` });
    expect(basic.status).toBe(200);
    const pat = new GitApi(e.collectionUrl, [new PersonalAccessTokenCredentialHandler(e.token)]);
    expect(await pat.getThreads(e.repositoryId, PR, e.projectName)).toEqual([]);
  });

  it('paths: case-insensitive, with or without {project}, project by id, repository by name', async () => {
    const e = await start();
    const variants = [
      `${e.projectName.toUpperCase()}/_APIS/GIT/REPOSITORIES/${e.repositoryId.toUpperCase()}/PULLREQUESTS/${PR}/THREADS`,
      `_apis/git/repositories/${e.repositoryId}/pullrequests/${PR}/threads`,
      `${e.projectId}/_apis/git/repositories/${e.repositoryName}/pullRequests/${PR}/threads`,
    ];
    for (const v of variants) expect((await raw(e, 'GET', v)).status).toBe(200);
    const wrongProject = await raw(e, 'GET', `nope/_apis/git/repositories/${e.repositoryId}/pullRequests/${PR}/threads`);
    expect(wrongProject.status).toBe(404);
    const wrongRepo = await raw(e, 'GET', `${e.projectName}/_apis/git/repositories/nope/pullRequests/${PR}/threads`);
    expect(wrongRepo.json).toMatchObject({ typeKey: 'GitRepositoryNotFoundException' });
    expect((await raw(e, 'GET', 'proj/_apis/unknown')).status).toBe(404);
  });

  it('percent-encoded $top/$skip are decoded', async () => {
    const e = await start();
    e.setChanges(PR, 1, [{ path: '/a.tf' }, { path: '/b.tf' }, { path: '/c.tf' }, { path: '/d.tf' }]);
    const res = await raw(e, 'GET', `${prPath(e, '/iterations/1/changes')}?%24top=2&%24skip=1`);
    expect(res.json).toMatchObject({ nextSkip: 3, nextTop: 2 });
    expect((res.json as { changeEntries: unknown[] }).changeEntries).toHaveLength(2);
    expect(e.requests.at(-1)!.query).toEqual({ $top: '2', $skip: '1' });
  });

  it('request enums as numbers or case-insensitive strings; defaults active/text', async () => {
    const e = await start();
    const strings = await raw(e, 'POST', prPath(e, '/threads'), { body: { status: 'WONTFIX', comments: [{ content: 'x', commentType: 'Text' }] } });
    expect(strings.json).toMatchObject({ status: 'wontFix', comments: [{ commentType: 'text' }] });
    const defaults = await raw(e, 'POST', prPath(e, '/threads'), { body: { comments: [{ content: 'y' }] } });
    expect(defaults.json).toMatchObject({ status: 'active', comments: [{ commentType: 'text', parentCommentId: 0 }] });
    const closed = await raw(e, 'PATCH', prPath(e, `/threads/${(strings.json as { id: number }).id}`), { body: { status: 'closed' } });
    expect(closed.json).toMatchObject({ status: 'closed' });
    const status = await raw(e, 'POST', prPath(e, '/statuses'), { body: { state: 'Succeeded', context: { name: 'n' } } });
    expect(status.json).toMatchObject({ state: 'succeeded' });
  });

  it('bad enum → 400 with an ADO envelope naming the field (raw and through the client)', async () => {
    const e = await start();
    const res = await raw(e, 'POST', prPath(e, '/threads'), { body: { status: 'bogus', comments: [{ content: 'x' }] } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ typeKey: 'InvalidArgumentValueException', $id: '1', innerException: null });
    expect((res.json as { message: string }).message).toContain('status');
    expect(e.requests.at(-1)!.errors![0]).toMatch(/^status must be a CommentThreadStatus \(unknown=0, active=1/);

    const err = await rejection(gitApi(e).createThread(newThreadBody({ comments: [{ content: 'x', commentType: 9 as GI.CommentType }] }), e.repositoryId, PR, e.projectName));
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain('comments[0].commentType');
  });

  it.each([
    ['no comments', { comments: [] }, 'comments'],
    ['comments missing', { status: 1 }, 'comments'],
    ['line 0', { comments: [{ content: 'x' }], threadContext: { filePath: '/a.tf', rightFileStart: { line: 0, offset: 1 } } }, 'threadContext.rightFileStart.line'],
    ['negative offset', { comments: [{ content: 'x' }], threadContext: { filePath: '/a.tf', rightFileStart: { line: 1, offset: -1 } } }, 'threadContext.rightFileStart.offset'],
    ['typo in a field name', { comments: [{ content: 'x' }], threadContex: { filePath: '/a.tf' } }, 'threadContex'],
    ['typo in a nested field', { comments: [{ content: 'x', commentTyp: 1 }] }, 'comments[0].commentTyp'],
    ['bad typed property', { comments: [{ content: 'x' }], properties: { n: { $type: 'System.Int32', $value: 'five' } } }, 'properties.n'],
    ['object property value', { comments: [{ content: 'x' }], properties: { n: { nested: true } } }, 'properties.n'],
  ])('thread create refused: %s', async (_label, body, field) => {
    const e = await start();
    const res = await raw(e, 'POST', prPath(e, '/threads'), { body });
    expect(res.status).toBe(400);
    expect(e.requests.at(-1)!.errors!.join('\n')).toContain(field);
    expect(e.state.pullRequest(PR).threads).toHaveLength(0);
  });

  it('status create refused without context; invalid JSON refused; unknown resources 404/405', async () => {
    const e = await start();
    expect((await raw(e, 'POST', prPath(e, '/statuses'), { body: { state: 2 } })).status).toBe(400);
    expect((await raw(e, 'POST', prPath(e, '/statuses'), { body: '{not json' })).status).toBe(400);
    expect((await raw(e, 'GET', prPath(e, '/threads/999'))).status).toBe(404);
    expect((await raw(e, 'PUT', prPath(e, '/threads'), { body: {} })).status).toBe(405);
  });
});

describe('spec overlay', () => {
  const folders: Array<[string, string]> = [
    ['pullRequestThreads', 'GitPullRequestCommentThread'],
    ['pullRequestThreadComments', 'Comment'],
    ['pullRequestStatuses', 'GitPullRequestStatus'],
    ['pullRequestIterationStatuses', 'GitPullRequestStatus'],
  ];

  it('the golden httpExamples POST bodies validate as requests, and their answers as responses', () => {
    let checked = 0;
    for (const [folder, definition] of folders) {
      for (const file of listHttpExamples(folder).filter((f) => f.startsWith('POST'))) {
        const ex = loadHttpExample(`${folder}/${file}`);
        expect(validateRequest(definition, ex.requestBody), `${folder}/${file} request`).toEqual({ valid: true, errors: [] });
        expect(validateResponse(definition, ex.responseBody), `${folder}/${file} response`).toEqual({ valid: true, errors: [] });
        checked += 1;
      }
    }
    expect(checked).toBe(7);
    const list = loadHttpExample('pullRequestThreads/GET__git_repositories__repositoryId__pullRequests__pullRequestId__threads.json');
    expect(validateResponse('GitPullRequestCommentThread', list.responseBody, true).valid).toBe(true);
    for (const f of listHttpExamples('pullRequestIterationChanges')) {
      expect(validateResponse('GitPullRequestIterationChanges', loadHttpExample(`pullRequestIterationChanges/${f}`).responseBody).valid).toBe(true);
    }
  });

  it('the response checks catch numeric enums, dates without Z, typos and wrong counts', () => {
    const ok = { id: 1, content: 'x', commentType: 'text', publishedDate: '2024-01-02T03:04:05.123Z' };
    expect(validateResponse('Comment', ok).valid).toBe(true);
    expect(validateResponse('Comment', { ...ok, commentType: 1 }).errors[0]!.field).toBe('commentType');
    expect(validateResponse('Comment', { ...ok, commentType: 'Text' }).valid).toBe(false);
    expect(validateResponse('Comment', { ...ok, publishedDate: '2024-01-02T03:04:05+01:00' }).errors[0]!.field).toBe('publishedDate');
    expect(validateResponse('Comment', { ...ok, contnet: 'x' }).errors[0]!.field).toBe('contnet');
    expect(validateResponse('Comment', { count: 2, value: [ok] }, true).errors[0]!.field).toBe('count');
    expect(validateResponse('GitPullRequestStatus', { state: 'succeeded', context: { name: 'n' }, properties: { a: 'plain' } }).valid).toBe(false);
    expect(validateRequest('GitPullRequestStatus', { state: 'succeeded', context: { name: 'n' }, properties: { a: 'plain' } }).valid).toBe(true);
    expect(validateResponse('GitPullRequestChange', { changeType: 'edit, rename', item: { path: '/a' } }).valid).toBe(true);
    expect(validateResponse('GitPullRequestChange', { changeType: 'edit,rename' }).valid).toBe(false);
  });

  it('enum tables agree with the spec names and the client numbers', () => {
    const spec = loadGitSpec();
    const specEnums = new Map<string, string[]>();
    JSON.stringify(spec.definitions, (_k, v: unknown) => {
      const ms = (v as { 'x-ms-enum'?: { name: string }; enum?: string[] } | null);
      if (ms && typeof ms === 'object' && ms['x-ms-enum'] && ms.enum) specEnums.set(ms['x-ms-enum'].name, ms.enum);
      return v;
    });
    const client = GI as unknown as Record<string, Record<string, number | string>>;
    for (const def of Object.values(KNOWN_ENUMS)) {
      expect(def.values.map(([n]) => n), def.name).toEqual(specEnums.get(def.name));
      const numbers = Object.fromEntries(Object.entries(client[def.name]!).filter(([, v]) => typeof v === 'number').map(([k, v]) => [k.toLowerCase(), v]));
      for (const [name, value] of def.values) expect(numbers[name.toLowerCase()], `${def.name}.${name}`).toBe(value);
    }
  });
});

describe('lifecycle', () => {
  it('close() is idempotent and does not wait for keep-alive clients or pending latency', async () => {
    const e = await startEmulator({ latencyMs: 5_000 });
    e.addPullRequest({ id: PR });
    const web = new WebApi(e.collectionUrl, new BearerCredentialHandler(e.token), { keepAlive: true });
    const pending = web.connect().catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await Promise.all([e.close(), e.close()]);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
