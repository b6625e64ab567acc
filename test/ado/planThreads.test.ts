import { describe, expect, it } from 'vitest';
import { MARKERS, NOTES } from '../../src/ado/commentText';
import { planThreads, type OwnThread, type ThreadStatus } from '../../src/ado/planThreads';

const TASK = 'build-identity';
const PERSON = 'person-identity';

function thread(id: number, fingerprint: string, status: ThreadStatus, extra: { content?: string; replies?: [string, string][] } = {}): OwnThread {
  return {
    id,
    status,
    kind: 'finding',
    fingerprint,
    isDeleted: false,
    comments: [
      { id: 1, content: extra.content ?? `text ${fingerprint}`, authorId: TASK, isDeleted: false },
      ...(extra.replies ?? []).map(([author, content], i) => ({ id: i + 2, content, authorId: author, isDeleted: false })),
    ],
  };
}

const want = (fp: string, content = `text ${fp}`) => ({ fingerprint: fp, content });

describe('planThreads', () => {
  it('creates a thread per new finding, most severe first, up to the cap', () => {
    const plan = planThreads([], [want('a'), want('b'), want('c')], new Set(['a', 'b', 'c']), 2);
    expect(plan.actions).toEqual([
      { kind: 'create', wanted: want('a') },
      { kind: 'create', wanted: want('b') },
    ]);
    expect(plan.overCap).toEqual(['c']);
  });

  it('leaves an unchanged thread alone on a rerun (zero new threads)', () => {
    const plan = planThreads([thread(7, 'a', 'active')], [want('a')], new Set(['a']), 50);
    expect(plan).toEqual({ actions: [], overCap: [], declined: 0, unchanged: 1 });
  });

  it('updates the first comment when the rule text changed', () => {
    const plan = planThreads([thread(7, 'a', 'active', { content: 'old' })], [want('a', 'new')], new Set(['a']), 50);
    expect(plan.actions).toEqual([{ kind: 'updateText', threadId: 7, commentId: 1, content: 'new' }]);
  });

  it('resolves the thread of a finding that went away', () => {
    const plan = planThreads([thread(7, 'a', 'active')], [], new Set(), 50);
    expect(plan.actions).toEqual([{ kind: 'resolve', threadId: 7 }]);
  });

  it('does not resolve a thread whose finding still exists but is no longer commented (outside the diff, over the cap)', () => {
    const plan = planThreads([thread(7, 'a', 'active')], [], new Set(['a']), 50);
    expect(plan.actions).toEqual([]);
  });

  it('adds a note instead of resolving when a person replied, and only once', () => {
    const replied = thread(7, 'a', 'active', { replies: [[PERSON, 'we need this open']] });
    expect(planThreads([replied], [], new Set(), 50).actions).toEqual([{ kind: 'note', threadId: 7 }]);
    const noted = thread(7, 'a', 'active', { replies: [[PERSON, 'we need this open'], [TASK, NOTES.gone(3)]] });
    expect(planThreads([noted], [], new Set(), 50)).toMatchObject({ actions: [], unchanged: 1 });
  });

  it('reopens a thread the task had resolved when the finding returns', () => {
    const resolved = thread(7, 'a', 'fixed', { replies: [[TASK, NOTES.resolved(2)]] });
    expect(planThreads([resolved], [want('a')], new Set(['a']), 50).actions).toEqual([{ kind: 'reopen', threadId: 7 }]);
  });

  it('never reopens what a person resolved, closed, dismissed or deleted', () => {
    const threads = [
      thread(1, 'a', 'wontFix'),
      thread(2, 'b', 'byDesign'),
      thread(3, 'c', 'closed'),
      thread(4, 'd', 'fixed'),
      { ...thread(5, 'e', 'active'), isDeleted: true },
    ];
    const fps = ['a', 'b', 'c', 'd', 'e'];
    const plan = planThreads(threads, fps.map((f) => want(f)), new Set(fps), 50);
    expect(plan).toEqual({ actions: [], overCap: [], declined: 5, unchanged: 0 });
  });

  it('counts open threads against the cap before creating new ones', () => {
    const plan = planThreads([thread(7, 'a', 'active')], [want('a'), want('b'), want('c')], new Set(['a', 'b', 'c']), 2);
    expect(plan.actions).toEqual([{ kind: 'create', wanted: want('b') }]);
    expect(plan.overCap).toEqual(['c']);
  });

  it('ignores duplicate threads of one fingerprint beyond the first', () => {
    const plan = planThreads([thread(7, 'a', 'active'), thread(8, 'a', 'active')], [want('a')], new Set(['a']), 50);
    expect(plan.actions).toEqual([]);
  });

  it('recognises its own resolution note by marker only', () => {
    expect(NOTES.resolved(4)).toContain(MARKERS.resolved);
    const personFixed = thread(7, 'a', 'fixed', { replies: [[PERSON, `looks fine ${MARKERS.resolved}`]] });
    expect(planThreads([personFixed], [want('a')], new Set(['a']), 50)).toMatchObject({ actions: [], declined: 1 });
  });
});
