import { MARKERS } from './commentText';

/** Thread statuses as the REST API names them. */
export type ThreadStatus = 'unknown' | 'active' | 'fixed' | 'wontFix' | 'closed' | 'byDesign' | 'pending';

export interface ThreadComment {
  id: number;
  content: string;
  authorId: string;
  isDeleted: boolean;
}

/** A thread the task created before (found by its fingerprint property or marker). */
export interface OwnThread {
  id: number;
  status: ThreadStatus;
  kind: 'finding' | 'summary';
  fingerprint?: string;
  isDeleted: boolean;
  /** In order; the first one is the task's. */
  comments: ThreadComment[];
}

/** A finding that should have a thread now. */
export interface Wanted {
  fingerprint: string;
  content: string;
}

export type Action =
  | { kind: 'create'; wanted: Wanted }
  | { kind: 'updateText'; threadId: number; commentId: number; content: string }
  | { kind: 'reopen'; threadId: number }
  | { kind: 'resolve'; threadId: number }
  | { kind: 'accept'; threadId: number; fingerprint: string }
  | { kind: 'note'; threadId: number };

export interface Plan {
  actions: Action[];
  /** Findings over the cap (no thread, none created). */
  overCap: string[];
  /** Threads left as they are because a person resolved or dismissed them. */
  declined: number;
  /** Threads already right. */
  unchanged: number;
}

const DECLINED: ThreadStatus[] = ['wontFix', 'byDesign', 'closed'];
const OPEN: ThreadStatus[] = ['active', 'pending', 'unknown'];

/**
 * Converges the task's threads on the current findings. `eligible` is every finding that may be
 * commented at its line, most severe first; `present` is the fingerprint of every current finding,
 * commented or not (a finding that merely fell out of the diff or under the cap is not "gone").
 *
 * - new finding → a thread, while fewer than `cap` findings have an open thread;
 * - same finding → leave it (new text if the rule's text changed; reopen if the task had resolved it);
 * - finding gone → resolve the thread, or only add a note when a person has replied in it;
 * - finding suppressed or accepted in the baseline (`accepted`) → resolve the thread with a note saying why,
 *   even when a person replied: the decision was made in the code or the configuration;
 * - a thread a person set to won't fix, by design or closed, or deleted, is never reopened or re-posted.
 */
export function planThreads(threads: OwnThread[], eligible: Wanted[], present: Set<string>, cap: number, accepted: ReadonlySet<string> = new Set()): Plan {
  const plan: Plan = { actions: [], overCap: [], declined: 0, unchanged: 0 };
  const byFingerprint = new Map<string, OwnThread>();
  for (const t of threads) {
    if (t.kind === 'finding' && t.fingerprint && !byFingerprint.has(t.fingerprint)) byFingerprint.set(t.fingerprint, t);
  }
  let open = 0;
  for (const wanted of eligible) {
    const thread = byFingerprint.get(wanted.fingerprint);
    if (!thread) {
      if (open < cap) {
        plan.actions.push({ kind: 'create', wanted });
        open++;
      } else plan.overCap.push(wanted.fingerprint);
      continue;
    }
    if (thread.isDeleted || DECLINED.includes(thread.status)) {
      plan.declined++;
      continue;
    }
    if (thread.status === 'fixed') {
      if (resolvedByTask(thread)) {
        plan.actions.push({ kind: 'reopen', threadId: thread.id });
        open++;
      } else plan.declined++;
      continue;
    }
    open++;
    const first = thread.comments[0];
    if (first && first.content !== wanted.content) plan.actions.push({ kind: 'updateText', threadId: thread.id, commentId: first.id, content: wanted.content });
    else plan.unchanged++;
  }
  for (const thread of byFingerprint.values()) {
    if (present.has(thread.fingerprint!) || thread.isDeleted || !OPEN.includes(thread.status)) continue;
    if (accepted.has(thread.fingerprint!)) plan.actions.push({ kind: 'accept', threadId: thread.id, fingerprint: thread.fingerprint! });
    else if (!personReplied(thread)) plan.actions.push({ kind: 'resolve', threadId: thread.id });
    else if (!lastOwnCommentHas(thread, MARKERS.goneNote)) plan.actions.push({ kind: 'note', threadId: thread.id });
    else plan.unchanged++;
  }
  return plan;
}

function taskAuthor(thread: OwnThread): string | undefined {
  return thread.comments[0]?.authorId;
}

/** Someone other than the task wrote in the thread (and did not delete it). */
export function personReplied(thread: OwnThread): boolean {
  const task = taskAuthor(thread);
  return thread.comments.some((c) => !c.isDeleted && c.authorId !== task);
}

function lastOwnCommentHas(thread: OwnThread, marker: string): boolean {
  const task = taskAuthor(thread);
  const own = thread.comments.filter((c) => c.authorId === task && !c.isDeleted);
  return own.length > 1 && own[own.length - 1]!.content.includes(marker);
}

/** The task's own last word in a fixed thread was "resolved" or "no longer counted": a person did not resolve it. */
function resolvedByTask(thread: OwnThread): boolean {
  return lastOwnCommentHas(thread, MARKERS.resolved) || lastOwnCommentHas(thread, MARKERS.accepted);
}
