/**
 * Request bodies: checked against the overlaid spec (spec.ts), then against the service rules the spec cannot
 * express, then normalised (enums parsed to names, properties typed, defaults applied).
 */
import { badRequest } from './errors';
import { CommentThreadStatus, CommentType, GitStatusState, parseEnum, type EnumDef } from './enums';
import { PropertyError, typeProperties } from './properties';
import { formatSpecErrors, validateRequest } from './spec';
import { MAX_COMMENTS_PER_THREAD, type NewComment, type NewStatus, type NewThread } from './state';
import type { CommentTypeName, PropertyBag, StatusStateName, ThreadStatusName } from './types';

type Body = Record<string, unknown>;

/** The body as an object that conforms to `definition`; 400 naming the fields otherwise. */
export function checkBody(definition: string, body: unknown, parameter: string): Body {
  if (body === undefined || body === null || body === '') {
    throw badRequest(`Value cannot be null.\r\nParameter name: ${parameter}`, [parameter], 'ArgumentNullException');
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(`The request body must be a JSON object (${definition}).`, [parameter]);
  }
  const check = validateRequest(definition, body);
  if (!check.valid) {
    const details = check.errors.map((e) => `${e.field || parameter} ${e.message}`);
    throw badRequest(`Invalid ${definition} in the request body: ${formatSpecErrors(check.errors)}`, details);
  }
  return body as Body;
}

function enumValue(def: EnumDef, value: unknown, field: string): string {
  const parsed = parseEnum(def, value);
  if (!parsed.ok) throw badRequest(`${field} ${parsed.message}`, [`${field} ${parsed.message}`]);
  return parsed.name;
}

function typed(bag: unknown, field: string): PropertyBag {
  try {
    return typeProperties((bag ?? {}) as Record<string, unknown>);
  } catch (e) {
    if (e instanceof PropertyError) throw badRequest(`${field}.${e.key}: ${e.message}`, [`${field}.${e.key} ${e.message}`]);
    throw e;
  }
}

/** Drops `null` members (the service does not echo `leftFileStart: null`). */
function withoutNulls<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v === null ? undefined : v))) as T;
}

function commentOf(c: Body, field: string): NewComment {
  return {
    content: typeof c['content'] === 'string' ? c['content'] : '',
    author: 'build',
    commentType: (c['commentType'] == null ? 'text' : enumValue(CommentType, c['commentType'], `${field}.commentType`)) as CommentTypeName,
    parentCommentId: typeof c['parentCommentId'] === 'number' ? c['parentCommentId'] : 0,
  };
}

/** POST …/threads. */
export function newThread(raw: unknown): NewThread {
  const body = checkBody('GitPullRequestCommentThread', raw, 'commentThread');
  const comments = body['comments'];
  if (!Array.isArray(comments) || comments.length === 0) {
    throw badRequest('A new thread must contain at least one comment.', ['comments must contain at least one comment']);
  }
  if (comments.length > MAX_COMMENTS_PER_THREAD) {
    throw badRequest(`A thread can hold up to ${MAX_COMMENTS_PER_THREAD} comments.`, [`comments has ${comments.length} items`]);
  }
  return {
    ...(body['status'] == null ? { status: 'active' as ThreadStatusName } : { status: enumValue(CommentThreadStatus, body['status'], 'status') as ThreadStatusName }),
    threadContext: withoutNulls(body['threadContext']),
    pullRequestThreadContext: withoutNulls(body['pullRequestThreadContext']),
    properties: typed(body['properties'], 'properties'),
    comments: (comments as Body[]).map((c, i) => commentOf(c, `comments[${i}]`)),
    createdBy: 'build',
  };
}

/** PATCH …/threads/{id}: the fields the service updates (status, properties); other fields are read-only. */
export function threadPatch(raw: unknown): { status?: ThreadStatusName; properties?: Record<string, unknown> } {
  const body = checkBody('GitPullRequestCommentThread', raw, 'commentThread');
  const out: { status?: ThreadStatusName; properties?: Record<string, unknown> } = {};
  if (body['status'] != null) out.status = enumValue(CommentThreadStatus, body['status'], 'status') as ThreadStatusName;
  if (body['properties'] != null) {
    const bag = body['properties'] as Record<string, unknown>;
    typed(Object.fromEntries(Object.entries(bag).filter(([, v]) => v !== null)), 'properties');
    out.properties = bag;
  }
  return out;
}

/** POST …/comments. */
export function newComment(raw: unknown): NewComment {
  return commentOf(checkBody('Comment', raw, 'comment'), 'comment');
}

/** PATCH …/comments/{id}: only `content` is editable. */
export function commentPatch(raw: unknown): { content?: string } {
  const body = checkBody('Comment', raw, 'comment');
  return typeof body['content'] === 'string' ? { content: body['content'] } : {};
}

/** POST …/statuses and …/iterations/{id}/statuses. */
export function newStatus(raw: unknown): NewStatus {
  const body = checkBody('GitPullRequestStatus', raw, 'status');
  const context = body['context'] as { name?: unknown; genre?: unknown } | null | undefined;
  if (!context || typeof context.name !== 'string' || context.name.trim() === '') {
    throw badRequest('The status context name cannot be null or empty.', ['context.name is required']);
  }
  return {
    state: (body['state'] == null ? 'notSet' : enumValue(GitStatusState, body['state'], 'state')) as StatusStateName,
    context: { name: context.name, ...(typeof context.genre === 'string' ? { genre: context.genre } : {}) },
    ...(typeof body['description'] === 'string' ? { description: body['description'] } : {}),
    ...(typeof body['targetUrl'] === 'string' ? { targetUrl: body['targetUrl'] } : {}),
    ...(typeof body['iterationId'] === 'number' ? { iterationId: body['iterationId'] } : {}),
    ...(body['properties'] != null ? { properties: typed(body['properties'], 'properties') } : {}),
    author: 'build',
  };
}
