import { unknown } from '../scope';
import type { Unknown } from '../scope';
import { spendWork } from './limits';
import { describeKind, isUnknown, limitReached, mergeViaLists, scalarOf } from './values';
import type { ArmValue, Outcome, Via } from './values';

/** What a function sees of its call: arguments are evaluated on demand (if, and, or, coalesce). */
export interface CallContext {
  /** The function name as written. */
  readonly name: string;
  readonly argCount: number;
  arg(index: number): Outcome;
  parameter(name: string): Outcome;
  variable(name: string): Outcome;
}

export type ArmFunction = (ctx: CallContext) => Outcome;

/** Adds a function under one or more names (space-separated). */
export type Define = (names: string, fn: ArmFunction) => void;

export function arity(ctx: CallContext, min: number, max = min): Unknown | undefined {
  const n = ctx.argCount;
  if (n >= min && n <= max) return undefined;
  const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  return unknown(`function '${ctx.name}' expects ${expected} argument${expected === '1' ? '' : 's'} but got ${n}`);
}

/**
 * Checks the argument count, then evaluates every argument; the first unknown wins. The characters of string
 * arguments count as work: the function reads them (a thousand `startsWith()` of one long string add up).
 */
export function args(ctx: CallContext, min: number, max = min): ArmValue[] | Unknown {
  const bad = arity(ctx, min, max);
  if (bad) return bad;
  const out: ArmValue[] = [];
  let chars = 0;
  for (let i = 0; i < ctx.argCount; i++) {
    const a = ctx.arg(i);
    if (isUnknown(a)) return a;
    out.push(a);
    const s = scalarOf(a);
    if (typeof s === 'string') chars += s.length;
  }
  if (chars > 0 && !spendWork(chars)) return limitReached();
  return out;
}

export function typeError(ctx: CallContext, index: number, v: ArmValue, expected: string): Unknown {
  return unknown(`function '${ctx.name}' expects argument ${index + 1} to be ${expected}, not ${describeKind(v)}`);
}

export function str(ctx: CallContext, a: ArmValue[], i: number): string | Unknown {
  const s = scalarOf(a[i]!);
  return typeof s === 'string' ? s : typeError(ctx, i, a[i]!, 'a string');
}

export function int(ctx: CallContext, a: ArmValue[], i: number): number | Unknown {
  const s = scalarOf(a[i]!);
  return typeof s === 'number' && Number.isInteger(s) ? s : typeError(ctx, i, a[i]!, 'an integer');
}

export function bool(ctx: CallContext, v: ArmValue, i: number): boolean | Unknown {
  const s = scalarOf(v);
  return typeof s === 'boolean' ? s : typeError(ctx, i, v, 'a boolean');
}

export function viaOf(values: readonly ArmValue[]): Via {
  return mergeViaLists(values.map((v) => v.via));
}

/** Applies `fn` to string arguments; returns the first problem instead when there is one. */
export function withStrings(ctx: CallContext, count: number, fn: (s: string[], a: ArmValue[]) => Outcome): Outcome {
  const a = args(ctx, count);
  if (isUnknown(a)) return a;
  const s: string[] = [];
  for (let i = 0; i < count; i++) {
    const v = str(ctx, a, i);
    if (isUnknown(v)) return v;
    s.push(v);
  }
  return fn(s, a);
}

export function withInts(ctx: CallContext, fn: (x: number, y: number, via: Via) => Outcome): Outcome {
  const a = args(ctx, 2);
  if (isUnknown(a)) return a;
  const x = int(ctx, a, 0);
  if (isUnknown(x)) return x;
  const y = int(ctx, a, 1);
  if (isUnknown(y)) return y;
  return fn(x, y, viaOf(a));
}

/** Case-insensitive like ARM's string search functions; undefined when case mapping changes lengths. */
export function foldCase(a: string, b: string): [string, string] | undefined {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la.length === a.length && lb.length === b.length ? [la, lb] : undefined;
}
