import { synthesize, type Location, type Node } from '../model/tree';
import {
  evaluating,
  EvaluationBudget,
  LIMIT_REASON,
  MAX_BUILT_NODES,
  MAX_COLLECTION_SIZE,
  MAX_STRING_LENGTH,
  MAX_VALUE_DEPTH,
  MAX_VIA,
  MAX_WORK,
  NODE_COST,
  remember,
  spendWork,
  stringTooLong,
  valueTooLarge,
  withBudget,
} from './limits';
import { unknown, type Resolution, type Scope } from './scope';

/** A value computed by an evaluator (Bicep, Terraform) from known inputs. */
export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/** The value cannot be known statically. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Value = Plain | typeof UNKNOWN;

/** What an evaluation collects on the way: the locations the value came through, and why it is unknown. */
export interface EvalTrail {
  via: Location[];
  reason: string | undefined;
}

/**
 * A node's plain value, evaluating the expressions inside it with `scope`. Every node (NODE_COST) and character
 * copied counts as work, so copying one large value many times stops at the evaluation limits.
 */
export function plainOf(node: Node, scope: Scope, trail: EvalTrail, depth = 0): Value {
  if (!evaluating()) {
    // Called from outside an evaluation: a budget of its own, so that a huge value still stops.
    return withBudget(
      new EvaluationBudget(),
      () => plainOf(node, scope, trail, depth),
      () => {
        trail.reason ??= LIMIT_REASON;
        return UNKNOWN;
      },
    );
  }
  if (depth > MAX_VALUE_DEPTH) {
    trail.reason ??= 'value is nested too deeply';
    return UNKNOWN;
  }
  const resolved = scope.resolve(node);
  if (!resolved.known) {
    trail.reason ??= resolved.reason;
    return UNKNOWN;
  }
  addVia(trail.via, resolved.via);
  const value = resolved.node;
  if (!spendWork(NODE_COST + (value.kind === 'string' ? value.value.length : 0))) {
    trail.reason ??= LIMIT_REASON;
    return UNKNOWN;
  }
  switch (value.kind) {
    case 'object': {
      const out: Record<string, Plain> = {};
      for (const e of value.entries) {
        const v = plainOf(e.value, resolved.scope, trail, depth + 1);
        if (v === UNKNOWN) return UNKNOWN;
        out[e.key] = v;
      }
      return out;
    }
    case 'array': {
      const out: Plain[] = [];
      for (const item of value.items) {
        const v = plainOf(item, resolved.scope, trail, depth + 1);
        if (v === UNKNOWN) return UNKNOWN;
        out.push(v);
      }
      return out;
    }
    case 'null':
      return null;
    case 'expression':
      trail.reason ??= 'an expression could not be evaluated';
      return UNKNOWN;
    default:
      return value.value;
  }
}

/** Appends provenance, each location once, at most {@link MAX_VIA} of them. */
export function addVia(to: Location[], more: readonly Location[]): void {
  for (const loc of more) {
    if (to.length >= MAX_VIA) return;
    if (!to.some((l) => sameLocation(l, loc))) to.push(loc);
  }
}

function sameLocation(a: Location, b: Location): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column && a.endLine === b.endLine && a.endColumn === b.endColumn;
}

/**
 * The size of a plain value in work units: one per scalar, item and property, plus the characters of its
 * strings and keys. Counting stops past `max` (the result is then more than `max`); a value nested deeper than
 * {@link MAX_VALUE_DEPTH} counts as `Infinity`. A value can hold the same array many times, so this is the
 * size of what writing it out would produce, not of the memory it takes.
 */
export function plainSize(value: Plain, max: number): number {
  let total = 0;
  const stack: [Plain, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (depth > MAX_VALUE_DEPTH) return Infinity;
    total++;
    if (typeof v === 'string') total += v.length;
    else if (Array.isArray(v)) for (const item of v) stack.push([item, depth + 1]);
    else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        total += key.length;
        stack.push([v[key]!, depth + 1]);
      }
    }
    if (total > max) return total;
  }
  return total;
}

/** A function result that would pass the size bounds; the function did not build it. */
export const TOO_LARGE: unique symbol = Symbol('too large');
export type Result = Value | typeof TOO_LARGE;

/**
 * The work of reading function arguments: their sizes (at most a little over {@link MAX_WORK}, which fails
 * the budget anyway), or `Infinity` when one is nested deeper than {@link MAX_VALUE_DEPTH}.
 */
export function argumentsSize(args: readonly Plain[]): number {
  let total = 0;
  for (const a of args) {
    total += plainSize(a, MAX_WORK - total);
    if (total > MAX_WORK) return total;
  }
  return total;
}

/** Why a computed value is unknown for its size (a string or collection past the bounds), or undefined. */
export function sizeProblem(value: Plain): string | undefined {
  if (typeof value === 'string') return value.length > MAX_STRING_LENGTH ? stringTooLong : undefined;
  if (Array.isArray(value)) return value.length > MAX_COLLECTION_SIZE ? `array result has more than ${MAX_COLLECTION_SIZE} items` : undefined;
  if (value !== null && typeof value === 'object' && Object.keys(value).length > MAX_COLLECTION_SIZE) {
    return `object result has more than ${MAX_COLLECTION_SIZE} properties`;
  }
  return undefined;
}

/**
 * Charges the work of turning a computed value into tree nodes (its size, and NODE_COST per node): that
 * cost (what keeping the nodes costs too), or the reason it cannot be built.
 */
export function buildCost(value: Plain): number | string {
  const size = plainSize(value, MAX_WORK);
  if (size === Infinity) return 'value is nested too deeply';
  const nodes = nodeCount(value, MAX_BUILT_NODES);
  if (nodes > MAX_BUILT_NODES) return valueTooLarge;
  const cost = size + nodes * NODE_COST;
  return spendWork(cost) ? cost : LIMIT_REASON;
}

/** Scalars, arrays and objects in a plain value, counting stops past `max`. */
function nodeCount(value: Plain, max: number): number {
  let total = 0;
  const stack: Plain[] = [value];
  while (stack.length > 0 && total <= max) {
    const v = stack.pop()!;
    total++;
    if (Array.isArray(v)) for (const item of v) stack.push(item);
    else if (v !== null && typeof v === 'object') for (const key of Object.keys(v)) stack.push(v[key]!);
  }
  return total;
}

/** Nodes and characters of a tree (what keeping a resolved value costs), counting stops past `max`. */
export function nodeSize(node: Node, max: number): number {
  let total = 0;
  const stack: Node[] = [node];
  while (stack.length > 0 && total <= max) {
    const n = stack.pop()!;
    total++;
    if (n.kind === 'string') total += n.value.length;
    else if (n.kind === 'array') for (const item of n.items) stack.push(item);
    else if (n.kind === 'object') {
      for (const e of n.entries) {
        total += e.key.length;
        stack.push(e.value);
      }
    }
  }
  return total;
}

/** Sizes of the trees built for computed values (a value read where it is written keeps nothing alive). */
const builtSizes = new WeakMap<Node, number>();

/** A computed value as tree nodes standing at `at`, remembering its size for {@link resolutionSize}. */
export function buildNode(value: Plain, at: Node, size: number): Node {
  const node = synthesize(value, at);
  builtSizes.set(node, size);
  return node;
}

/** Work units a memoised resolution keeps alive: the size of a tree built for it, nothing for a node of the file. */
export function resolutionSize(resolution: Resolution): number {
  return resolution.known ? (builtSizes.get(resolution.node) ?? 0) : 1;
}

/**
 * Resolves an expression node once per scope, within the scope's budget: the cached resolution when there is
 * one, else `compute()` (unknown with the limit reason when the budget runs out). Shared by Bicep and Terraform.
 */
export function resolveOnce(budget: EvaluationBudget, cache: Map<Node, Resolution>, node: Node, compute: () => Resolution): Resolution {
  const cached = cache.get(node);
  if (cached) return cached;
  return withBudget(
    budget,
    () => remember(cache, node, budget, compute, (r) => r.known, resolutionSize),
    () => unknown(LIMIT_REASON),
  );
}

/** The value a parameter or variable reference reads: its node, resolved in its own scope, with both provenances. */
export function throughReference(reference: Resolution): Resolution {
  if (!reference.known) return reference;
  const inner = reference.scope.resolve(reference.node);
  if (!inner.known) return inner;
  const via: Location[] = [];
  addVia(via, reference.via);
  addVia(via, inner.via);
  return { ...inner, via };
}

/** A computed value as the resolution of `node` (unknown when it could not be computed or is too large to build). */
export function plainResolution(value: Value, node: Node & { kind: 'expression' }, scope: Scope, via: Location[], reason: string | undefined): Resolution {
  if (value === UNKNOWN) return unknown(reason ?? `'${node.text}' cannot be evaluated statically`);
  const cost = buildCost(value);
  return typeof cost === 'string' ? unknown(cost) : { known: true, node: buildNode(value, node, cost), scope, via };
}

/**
 * `parts` joined by `separator`, or TOO_LARGE when the result would be longer than
 * {@link MAX_STRING_LENGTH} (measured before anything is built).
 */
export function joinBounded(parts: readonly string[], separator: string): string | typeof TOO_LARGE {
  let length = separator.length * Math.max(parts.length - 1, 0);
  for (const p of parts) length += p.length;
  return length > MAX_STRING_LENGTH ? TOO_LARGE : parts.join(separator);
}

/** Every `from` in `s` replaced by `to`, or TOO_LARGE when the result would be too long. */
export function replaceBounded(s: string, from: string, to: string): string | typeof TOO_LARGE {
  const parts = s.split(from);
  return joinBounded(parts, to);
}
