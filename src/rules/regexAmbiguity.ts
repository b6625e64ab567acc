/**
 * Finds patterns that a backtracking engine matches in exponential time: a repetition whose body can match the
 * same text in more than one way (`(a+)+`, `(\w+\s?)*`, `(a|a)*`, `(x\w*y)*`). iac-scan matches rule patterns
 * with a linear-time engine (`safeRegex.ts`), so such a pattern would not hang a scan; it is refused all the
 * same when a rule file is loaded, because it is a mistake that would hang other tools given the same rule,
 * and because its author should know.
 *
 * The test is the one for exponential ambiguity of an automaton (Weber and Seidl): a state that can return to
 * itself along two different paths reading the same text. The automaton is the pattern's position automaton,
 * whose transitions are counted with multiplicity — `(a+)+` has one position but two ways to go from `a` back to
 * `a` (the inner and the outer loop) — and two different paths show in the product automaton as a cycle
 * through a pair of equal positions and a pair of different ones. Bounded repetitions (`{2,5}`) count as
 * loops, and assertions and lookaheads as empty, which can only find more.
 */
import { charBits, RegexError, type ParsedRegex, type RegexNode } from './safeRegex';

/** Pair-automaton transitions examined per pattern at most; a pattern needing more is refused as too complex. */
export const MAX_AMBIGUITY_WORK = 2_000_000;

interface Loop {
  start: number;
  end: number;
}

interface Edge {
  /** Ways to take the transition, 1 or 2 (2 means two or more). */
  count: number;
  /** The loops that make it (index into `loops`), or -1 for a sequence. */
  sources: number[];
}

interface Info {
  nullable: number;
  first: Map<number, number>;
  last: Map<number, number>;
}

const sat = (n: number): number => Math.min(n, 2);

function plus(a: Map<number, number>, b: Map<number, number>, times = 1): Map<number, number> {
  if (times === 0 || b.size === 0) return a;
  const out = new Map(a);
  for (const [p, n] of b) out.set(p, sat((out.get(p) ?? 0) + n * times));
  return out;
}

class Analysis {
  readonly follow = new Map<number, Map<number, Edge>>();
  readonly loops: Loop[] = [];
  readonly chars: { start: number; end: number; bits: Uint32Array }[] = [];

  constructor(private readonly parsed: ParsedRegex) {}

  private edge(p: number, q: number, count: number, source: number): void {
    let out = this.follow.get(p);
    if (!out) this.follow.set(p, (out = new Map()));
    const e = out.get(q);
    if (!e) out.set(q, { count: sat(count), sources: [source] });
    else {
      e.count = sat(e.count + count);
      if (!e.sources.includes(source) && e.sources.length < 4) e.sources.push(source);
    }
  }

  private connect(last: Map<number, number>, first: Map<number, number>, source: number): void {
    for (const [p, m] of last) for (const [q, n] of first) this.edge(p, q, m * n, source);
  }

  info(node: RegexNode): Info {
    switch (node.t) {
      case 'empty':
      case 'assert':
      case 'look':
        return { nullable: 1, first: new Map(), last: new Map() };
      case 'char':
        this.chars[node.pos] = { start: node.start, end: node.end, bits: charBits(node.ranges, node.invert, this.parsed.ignoreCase) };
        return { nullable: 0, first: new Map([[node.pos, 1]]), last: new Map([[node.pos, 1]]) };
      case 'alt': {
        let out: Info = { nullable: 0, first: new Map(), last: new Map() };
        for (const item of node.items) {
          const i = this.info(item);
          out = { nullable: sat(out.nullable + i.nullable), first: plus(out.first, i.first), last: plus(out.last, i.last) };
        }
        return out;
      }
      case 'cat': {
        let out = this.info(node.items[0]!);
        for (const item of node.items.slice(1)) {
          const next = this.info(item);
          this.connect(out.last, next.first, -1);
          out = {
            nullable: sat(out.nullable * next.nullable),
            first: plus(out.first, next.first, out.nullable),
            last: plus(next.last, out.last, next.nullable),
          };
        }
        return out;
      }
      case 'repeat': {
        if (node.max === 0) return { nullable: 1, first: new Map(), last: new Map() };
        const body = this.info(node.body);
        if (node.max === 1) return node.min === 0 ? { ...body, nullable: sat(1 + body.nullable) } : body;
        const id = this.loops.length;
        this.loops.push({ start: node.start, end: node.end });
        this.connect(body.last, body.first, id);
        // An iteration that matches nothing is not repeated (JavaScript's empty check): a star is empty one way.
        return { nullable: node.min === 0 ? 1 : body.nullable, first: body.first, last: body.last };
      }
    }
  }
}

/** Why `parsed` can take exponential time with a backtracking engine, or undefined when it cannot. */
export function exponentialAmbiguity(parsed: ParsedRegex): string | undefined {
  const analysis = new Analysis(parsed);
  analysis.info(parsed.root);
  const { follow, loops, chars } = analysis;
  const src = parsed.source;
  const text = (x: { start: number; end: number }): string => `'${src.slice(x.start, x.end)}'`;
  const innermostLoop = (...positions: number[]): Loop | undefined => {
    let best: Loop | undefined;
    for (const loop of loops) {
      if (!positions.every((p) => chars[p]!.start >= loop.start && chars[p]!.end <= loop.end)) continue;
      if (!best || loop.end - loop.start < best.end - best.start) best = loop;
    }
    return best;
  };
  const component = components(parsed.positions, (p) => [...(follow.get(p)?.keys() ?? [])]);

  // Two ways to take one transition inside a cycle.
  for (const [p, out] of follow) {
    for (const [q, e] of out) {
      if (e.count < 2 || component[p] !== component[q]) continue;
      const nested = e.sources.filter((s) => s >= 0).map((s) => loops[s]!);
      nested.sort((a, b) => b.end - b.start - (a.end - a.start));
      if (nested.length >= 2) {
        return `${text(nested[0]!)} repeats ${text(nested[nested.length - 1]!)}, and both can match the same text (nested repetition)`;
      }
      const loop = nested[0] ?? innermostLoop(p, q);
      return `the repetition ${loop ? text(loop) : 'in it'} can match the same text in more than one way`;
    }
  }

  // Two different paths through a cycle: a cycle of the pair automaton through (q, q) and some (p, p'), p ≠ p'.
  const members = new Map<number, number[]>();
  for (let p = 0; p < parsed.positions; p++) {
    const c = component[p]!;
    const list = members.get(c);
    if (list) list.push(p);
    else members.set(c, [p]);
  }
  const overlap = new Map<number, boolean>();
  const intersects = (p: number, q: number): boolean => {
    const key = p < q ? p * parsed.positions + q : q * parsed.positions + p;
    let r = overlap.get(key);
    if (r === undefined) {
      r = false;
      const a = chars[p]!.bits;
      const b = chars[q]!.bits;
      for (let w = 0; w < a.length && !r; w++) if ((a[w]! & b[w]!) !== 0) r = true;
      overlap.set(key, r);
    }
    return r;
  };
  let work = 0;
  for (const group of members.values()) {
    if (group.length < 2) continue;
    const inGroup = new Set(group);
    const next = (p: number): number[] => [...(follow.get(p)?.keys() ?? [])].filter((q) => inGroup.has(q));
    const n = parsed.positions;
    const pairSuccessors = (pair: number): number[] => {
      const p = Math.floor(pair / n);
      const q = pair % n;
      const out: number[] = [];
      for (const p2 of next(p)) {
        for (const q2 of next(q)) {
          if (++work > MAX_AMBIGUITY_WORK) {
            throw new RegexError('it is too complex to check that it cannot take exponential time; simplify its repeated parts');
          }
          if (p2 === q2 || intersects(p2, q2)) out.push(p2 * n + q2);
        }
      }
      return out;
    };
    // The pairs reachable from the diagonal, then their strongly connected components.
    const reachable = new Set<number>(group.map((p) => p * n + p));
    const queue = [...reachable];
    const successors = new Map<number, number[]>();
    while (queue.length > 0) {
      const pair = queue.pop()!;
      const out = pairSuccessors(pair);
      successors.set(pair, out);
      for (const s of out) {
        if (!reachable.has(s)) {
          reachable.add(s);
          queue.push(s);
        }
      }
    }
    const nodes = [...reachable];
    const index = new Map(nodes.map((pair, i) => [pair, i]));
    const comp = components(nodes.length, (i) => successors.get(nodes[i]!)!.map((s) => index.get(s)!));
    const diagonal = new Set<number>();
    nodes.forEach((pair, i) => {
      if (Math.floor(pair / n) === pair % n) diagonal.add(comp[i]!);
    });
    for (let i = 0; i < nodes.length; i++) {
      const pair = nodes[i]!;
      const p = Math.floor(pair / n);
      const q = pair % n;
      if (p === q || !diagonal.has(comp[i]!)) continue;
      const loop = innermostLoop(p, q);
      return `in the repetition ${loop ? text(loop) : ''}, ${text(chars[p]!)} and ${text(chars[q]!)} can match the same text`;
    }
  }
  return undefined;
}

/** Strongly connected components (Tarjan, iterative): a component number per node. */
function components(count: number, successors: (node: number) => number[]): Int32Array {
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const comp = new Int32Array(count).fill(-1);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  let counter = 0;
  let components = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    const work: { node: number; next: number[]; i: number }[] = [];
    const open = (node: number): void => {
      index[node] = low[node] = counter++;
      stack.push(node);
      onStack[node] = 1;
      work.push({ node, next: successors(node), i: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.next.length) {
        const w = frame.next[frame.i++]!;
        if (index[w] === -1) open(w);
        else if (onStack[w]) low[frame.node] = Math.min(low[frame.node]!, index[w]!);
        continue;
      }
      work.pop();
      const v = frame.node;
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          comp[w] = components;
        } while (w !== v);
        components++;
      }
    }
  }
  return comp;
}
