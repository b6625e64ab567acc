import type { Scope } from '../evaluate/scope';
import type { Node } from '../model/tree';
import type { Leaf, LeafOperator, Scalar } from './condition';
import { compileRegex, type SafeRegex } from './safeRegex';

/**
 * Characters of a value a `regex` reads at most (64 KiB). A match in them is a match; without one, a longer value
 * is unknown (no finding either way). With the linear-time engine this bounds one test to 64 Ki characters times
 * the pattern's size.
 */
export const MAX_REGEX_INPUT = 65_536;

/** Strings at least this long have their regex results and lower-case forms kept: a value repeated in many places is read once. */
const LONG_STRING = 4096;
/** Long strings kept per cache; past this the cache starts over. */
const LONG_STRINGS_KEPT = 256;

/** Patterns compiled once per process (rule files are validated when loaded, so these compile). */
const compiledPatterns = new Map<string, SafeRegex>();
const PATTERNS_KEPT = 1024;

function compiledPattern(pattern: string): SafeRegex {
  let re = compiledPatterns.get(pattern);
  if (!re) {
    re = compileRegex(pattern, 'i');
    if (compiledPatterns.size >= PATTERNS_KEPT) compiledPatterns.clear();
    compiledPatterns.set(pattern, re);
  }
  return re;
}

/** The work on long strings, for one run of the rules (one template). */
export class MatchCache {
  private readonly regexes = new Map<string, { re: SafeRegex; results: Map<string, Truth> }>();
  private readonly lower = new Map<string, string>();

  /** Whether `pattern` (case-insensitive) matches `text`; undefined when `text` is longer than MAX_REGEX_INPUT without a match in it. */
  regex(pattern: string, text: string): Truth {
    let entry = this.regexes.get(pattern);
    if (!entry) {
      entry = { re: compiledPattern(pattern), results: new Map() };
      this.regexes.set(pattern, entry);
    }
    if (text.length < LONG_STRING) return entry.re.test(text, MAX_REGEX_INPUT);
    if (entry.results.has(text)) return entry.results.get(text);
    const result = entry.re.test(text, MAX_REGEX_INPUT);
    if (entry.results.size >= LONG_STRINGS_KEPT) entry.results.clear();
    entry.results.set(text, result);
    return result;
  }

  lowerCase(text: string): string {
    if (text.length < LONG_STRING) return text.toLowerCase();
    let lower = this.lower.get(text);
    if (lower === undefined) {
      lower = text.toLowerCase();
      if (this.lower.size >= LONG_STRINGS_KEPT) this.lower.clear();
      this.lower.set(text, lower);
    }
    return lower;
  }
}

/** true = holds, false = does not, undefined = cannot be known (an element is an unknown expression). */
export type Truth = boolean | undefined;

/** The value a leaf judges: a resolved node, or absent (the property is not there and has no default). */
export type Operand = { node: Node; scope: Scope } | 'absent';

export function applyOperator(op: LeafOperator, leaf: Leaf, operand: Operand, cache: MatchCache): Truth {
  if (operand === 'absent') return absentResult(op, leaf);
  const { node, scope } = operand;
  switch (op) {
    case 'exists':
      return leaf.exists === true;
    case 'hasValue':
      return hasValue(node) === leaf.hasValue;
    case 'equals':
      return scalarEquals(node, leaf.equals!);
    case 'notEquals':
      return !scalarEquals(node, leaf.notEquals!);
    case 'in':
      return leaf.in!.some((v) => scalarEquals(node, v));
    case 'notIn':
      return !leaf.notIn!.some((v) => scalarEquals(node, v));
    case 'regex': {
      const text = scalarText(node);
      return text === undefined ? false : cache.regex(leaf.regex!, text);
    }
    case 'less':
      return compare(node, leaf.less!, (c) => c < 0);
    case 'lessOrEquals':
      return compare(node, leaf.lessOrEquals!, (c) => c <= 0);
    case 'greater':
      return compare(node, leaf.greater!, (c) => c > 0);
    case 'greaterOrEquals':
      return compare(node, leaf.greaterOrEquals!, (c) => c >= 0);
    case 'contains':
      return contains(node, scope, leaf.contains!, cache);
    case 'coversPort':
      return coversPort(node, scope, leaf.coversPort!);
    case 'readsSecret':
      return (scope.secretRead?.(node) !== undefined) === leaf.readsSecret;
  }
}

/** An absent property does not exist, has no value, equals nothing and contains nothing. */
function absentResult(op: LeafOperator, leaf: Leaf): boolean {
  if (op === 'exists') return leaf.exists === false;
  if (op === 'hasValue') return leaf.hasValue === false;
  if (op === 'readsSecret') return leaf.readsSecret === false;
  return op === 'notEquals' || op === 'notIn';
}

export function hasValue(node: Node): boolean {
  switch (node.kind) {
    case 'null':
      return false;
    case 'string':
      return node.value !== '';
    case 'array':
      return node.items.length > 0;
    case 'object':
      return node.entries.length > 0;
    default:
      return true;
  }
}

function scalarText(node: Node): string | undefined {
  if (node.kind === 'string') return node.value;
  if (node.kind === 'number' || node.kind === 'bool') return String(node.value);
  return undefined;
}

/** Strings compare case-insensitively (ARM semantics); `"true"` equals `true`, `"443"` equals `443`. */
export function scalarEquals(node: Node, expected: Scalar): boolean {
  if (expected === null) return node.kind === 'null';
  if (node.kind === 'null') return false;
  const actual = scalarText(node);
  if (actual === undefined) return false;
  const text = String(expected);
  if (typeof expected === 'string' || node.kind === 'string') {
    // Lower-casing at most doubles a length (U+0130 becomes two code units): a much longer value differs,
    // and is not lower-cased only to find that out.
    if (actual.length > 2 * text.length) return false;
    return actual.toLowerCase() === text.toLowerCase();
  }
  return actual === text;
}

/** Numbers numerically; other strings (dates, versions) by their text. */
function compare(node: Node, expected: number | string, ok: (c: number) => boolean): boolean {
  const actual = scalarText(node);
  if (actual === undefined || node.kind === 'bool') return false;
  // A long text is no number (and is not parsed as one to find that out); it still compares as text.
  const a = actual.length > 1024 ? NaN : Number(actual);
  const b = Number(expected);
  if (actual.trim() !== '' && !Number.isNaN(a) && String(expected).trim() !== '' && !Number.isNaN(b)) return ok(a - b);
  if (typeof expected !== 'string' || node.kind !== 'string') return false;
  return ok(actual < expected ? -1 : actual > expected ? 1 : 0);
}

function contains(node: Node, scope: Scope, expected: Scalar, cache: MatchCache): Truth {
  if (node.kind === 'string') return typeof expected === 'string' && cache.lowerCase(node.value).includes(expected.toLowerCase());
  if (node.kind === 'object') return typeof expected === 'string' && node.entries.some((e) => e.key.toLowerCase() === expected.toLowerCase());
  if (node.kind !== 'array') return false;
  return anyItem(node.items, scope, (item) => scalarEquals(item, expected));
}

/** True when some item holds; unknown when none holds and some item cannot be evaluated. */
function anyItem(items: Node[], scope: Scope, test: (item: Node, scope: Scope) => Truth): Truth {
  let unknown = false;
  for (const item of items) {
    const r = scope.resolve(item);
    if (!r.known) {
      unknown = true;
      continue;
    }
    const t = test(r.node, r.scope);
    if (t === true) return true;
    if (t === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}

/** `22`, `"22"`, `"20-25"`, `"*"`, or an array of those (NSG port syntax). */
function coversPort(node: Node, scope: Scope, port: number): Truth {
  if (node.kind === 'number') return node.value === port;
  if (node.kind === 'array') return anyItem(node.items, scope, (item, s) => coversPort(item, s, port));
  if (node.kind !== 'string') return false;
  // NSG port lists are short; a value this long is no port list, and is not split to find that out.
  if (node.value.length > MAX_REGEX_INPUT) return undefined;
  return node.value.split(',').some((part) => {
    const spec = part.trim();
    if (spec === '*' || spec.toLowerCase() === 'any') return true;
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(spec);
    if (range) return Number(range[1]) <= port && port <= Number(range[2]);
    return /^\d+$/.test(spec) && Number(spec) === port;
  });
}
