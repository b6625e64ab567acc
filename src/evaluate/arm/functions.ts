import { parseJson } from '../../parse/json/parseJson';
import { unknown } from '../scope';
import type { Unknown } from '../scope';
import { MAX_STRING_LENGTH, spendWork } from './limits';
import {
  arrayLength,
  arrayValue,
  boolValue,
  deepEquals,
  describeKind,
  displayString,
  entriesOf,
  extendVia,
  fromLiteral,
  isUnknown,
  itemAt,
  itemsOf,
  keysOf,
  kindOf,
  limitReached,
  mergeVia,
  nullValue,
  numberValue,
  objectValue,
  propertyOf,
  scalarOf,
  stringValue,
  toJsonText,
} from './values';
import type { ArmValue, ObjectEntry, Outcome, Via } from './values';

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

const table = new Map<string, ArmFunction>();

function define(names: string, fn: ArmFunction): void {
  for (const name of names.split(' ')) table.set(name.toLowerCase(), fn);
}

/** The implementation of a function (names are case-insensitive), or why it is not evaluated. */
export function lookupFunction(name: string): ArmFunction | string {
  const fn = table.get(name.toLowerCase());
  if (fn) return fn;
  if (name.includes('.')) return `user-defined function '${name}' is not evaluated statically`;
  return `function '${name}' is not evaluated statically`;
}

/** Lower-case names of the functions that are evaluated. */
export function evaluatedFunctionNames(): string[] {
  return [...table.keys()];
}

// ---------------------------------------------------------------- argument helpers

function arity(ctx: CallContext, min: number, max = min): Unknown | undefined {
  const n = ctx.argCount;
  if (n >= min && n <= max) return undefined;
  const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  return unknown(`function '${ctx.name}' expects ${expected} argument${expected === '1' ? '' : 's'} but got ${n}`);
}

/** Checks the argument count, then evaluates every argument; the first unknown wins. */
function args(ctx: CallContext, min: number, max = min): ArmValue[] | Unknown {
  const bad = arity(ctx, min, max);
  if (bad) return bad;
  const out: ArmValue[] = [];
  for (let i = 0; i < ctx.argCount; i++) {
    const a = ctx.arg(i);
    if (isUnknown(a)) return a;
    out.push(a);
  }
  return out;
}

function typeError(ctx: CallContext, index: number, v: ArmValue, expected: string): Unknown {
  return unknown(`function '${ctx.name}' expects argument ${index + 1} to be ${expected}, not ${describeKind(v)}`);
}

function str(ctx: CallContext, a: ArmValue[], i: number): string | Unknown {
  const s = scalarOf(a[i]!);
  return typeof s === 'string' ? s : typeError(ctx, i, a[i]!, 'a string');
}

function int(ctx: CallContext, a: ArmValue[], i: number): number | Unknown {
  const s = scalarOf(a[i]!);
  return typeof s === 'number' && Number.isInteger(s) ? s : typeError(ctx, i, a[i]!, 'an integer');
}

function bool(ctx: CallContext, v: ArmValue, i: number): boolean | Unknown {
  const s = scalarOf(v);
  return typeof s === 'boolean' ? s : typeError(ctx, i, v, 'a boolean');
}

function viaOf(values: readonly ArmValue[]): Via {
  return mergeVia(...values.map((v) => v.via));
}

/** Applies `fn` to string arguments; returns the first problem instead when there is one. */
function withStrings(ctx: CallContext, count: number, fn: (s: string[], a: ArmValue[]) => Outcome): Outcome {
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

function withInts(ctx: CallContext, fn: (x: number, y: number, via: Via) => Outcome): Outcome {
  const a = args(ctx, 2);
  if (isUnknown(a)) return a;
  const x = int(ctx, a, 0);
  if (isUnknown(x)) return x;
  const y = int(ctx, a, 1);
  if (isUnknown(y)) return y;
  return fn(x, y, viaOf(a));
}

/** Case-insensitive like ARM's string search functions; undefined when case mapping changes lengths. */
function foldCase(a: string, b: string): [string, string] | undefined {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la.length === a.length && lb.length === b.length ? [la, lb] : undefined;
}

// ---------------------------------------------------------------- template values

define('parameters', (ctx) => {
  const a = args(ctx, 1);
  if (isUnknown(a)) return a;
  const name = str(ctx, a, 0);
  if (isUnknown(name)) return name;
  const r = ctx.parameter(name);
  return isUnknown(r) ? r : extendVia(r, [], a[0]!.via);
});

define('variables', (ctx) => {
  const a = args(ctx, 1);
  if (isUnknown(a)) return a;
  const name = str(ctx, a, 0);
  if (isUnknown(name)) return name;
  const r = ctx.variable(name);
  return isUnknown(r) ? r : extendVia(r, [], a[0]!.via);
});

// ---------------------------------------------------------------- literals and logic

define('true', (ctx) => arity(ctx, 0) ?? boolValue(true, []));
define('false', (ctx) => arity(ctx, 0) ?? boolValue(false, []));
define('null', (ctx) => arity(ctx, 0) ?? nullValue([]));

define('if', (ctx) => {
  const bad = arity(ctx, 3);
  if (bad) return bad;
  const cond = ctx.arg(0);
  if (isUnknown(cond)) return cond;
  const b = bool(ctx, cond, 0);
  if (isUnknown(b)) return b;
  const chosen = ctx.arg(b ? 1 : 2);
  return isUnknown(chosen) ? chosen : extendVia(chosen, [], cond.via);
});

define('not', (ctx) => {
  const a = args(ctx, 1);
  if (isUnknown(a)) return a;
  const b = bool(ctx, a[0]!, 0);
  return isUnknown(b) ? b : boolValue(!b, a[0]!.via);
});

/** and/or in three-valued logic: one deciding argument is enough even when others are unknown. */
function logical(decisive: boolean): (ctx: CallContext) => Outcome {
  return (ctx) => {
    const bad = arity(ctx, 1, Infinity);
    if (bad) return bad;
    let firstUnknown: Unknown | undefined;
    const used: ArmValue[] = [];
    for (let i = 0; i < ctx.argCount; i++) {
      const a = ctx.arg(i);
      if (isUnknown(a)) {
        firstUnknown ??= a;
        continue;
      }
      const b = bool(ctx, a, i);
      if (isUnknown(b)) return b;
      if (b === decisive) return boolValue(decisive, a.via);
      used.push(a);
    }
    return firstUnknown ?? boolValue(!decisive, viaOf(used));
  };
}
define('and', logical(false));
define('or', logical(true));

define('coalesce', (ctx) => {
  const bad = arity(ctx, 1, Infinity);
  if (bad) return bad;
  const nulls: ArmValue[] = [];
  for (let i = 0; i < ctx.argCount; i++) {
    const a = ctx.arg(i);
    if (isUnknown(a)) return a;
    if (kindOf(a) !== 'null') return extendVia(a, [], viaOf(nulls));
    nulls.push(a);
  }
  return nullValue(viaOf(nulls));
});

define('equals', (ctx) => {
  const a = args(ctx, 2);
  if (isUnknown(a)) return a;
  const sink: Via[] = [];
  const eq = deepEquals(a[0]!, a[1]!, sink);
  return isUnknown(eq) ? eq : boolValue(eq, mergeVia(...sink));
});

const collator = new Intl.Collator('en-US');

/** ARM compares strings by culture ("A" is greater than "a"), integers numerically. */
function comparison(test: (order: number) => boolean): (ctx: CallContext) => Outcome {
  return (ctx) => {
    const a = args(ctx, 2);
    if (isUnknown(a)) return a;
    const x = scalarOf(a[0]!);
    const y = scalarOf(a[1]!);
    let order: number;
    if (typeof x === 'number' && typeof y === 'number') order = x - y;
    else if (typeof x === 'string' && typeof y === 'string') order = collator.compare(x, y);
    else return unknown(`function '${ctx.name}' expects two integers or two strings`);
    return boolValue(test(order), viaOf(a));
  };
}
define('less', comparison((o) => o < 0));
define('lessOrEquals', comparison((o) => o <= 0));
define('greater', comparison((o) => o > 0));
define('greaterOrEquals', comparison((o) => o >= 0));

// ---------------------------------------------------------------- conversions

define('string', (ctx) => {
  const a = args(ctx, 1);
  if (isUnknown(a)) return a;
  const v = a[0]!;
  const kind = kindOf(v);
  if (kind === 'array' || kind === 'object') {
    const sink: Via[] = [];
    const text = toJsonText(v, sink);
    return isUnknown(text) ? text : stringValue(text, mergeVia(...sink));
  }
  const text = displayString(v);
  return text === undefined ? unknown(`function '${ctx.name}' of null is not evaluated`) : stringValue(text, v.via);
});

define('int', (ctx) => {
  const a = args(ctx, 1);
  if (isUnknown(a)) return a;
  const s = scalarOf(a[0]!);
  if (typeof s === 'number' && Number.isInteger(s)) return numberValue(s, a[0]!.via);
  if (typeof s === 'string' && /^\s*[+-]?\d+\s*$/.test(s)) return numberValue(Number(s), a[0]!.via);
  if (typeof s === 'string' || typeof s === 'number') return unknown(`function '${ctx.name}' cannot convert ${JSON.stringify(s)} to an integer`);
  return typeError(ctx, 0, a[0]!, 'a string or an integer');
});

define('bool', (ctx) => {
  const a = args(ctx, 1);
  if (isUnknown(a)) return a;
  const s = scalarOf(a[0]!);
  if (typeof s === 'boolean') return boolValue(s, a[0]!.via);
  if (typeof s === 'string' && /^(true|false)$/i.test(s)) return boolValue(s.toLowerCase() === 'true', a[0]!.via);
  if (s === 0 || s === 1) return boolValue(s === 1, a[0]!.via);
  return unknown(`function '${ctx.name}' cannot convert ${describeKind(a[0]!)} ${JSON.stringify(s ?? null)} to a boolean`);
});

define('json', (ctx) => {
  const a = args(ctx, 1);
  if (isUnknown(a)) return a;
  if (kindOf(a[0]!) === 'null') return nullValue(a[0]!.via);
  const text = str(ctx, a, 0);
  if (isUnknown(text)) return text;
  if (!spendWork(text.length >> 6)) return limitReached();
  const parsed = parseJson(text, 'json()', { armExpressions: false });
  if (!parsed.root || parsed.diagnostics.length > 0) return unknown(`function '${ctx.name}' was given text that is not valid JSON`);
  return fromLiteral(parsed.root, a[0]!.via);
});

define('array', (ctx) => {
  const a = args(ctx, 1);
  if (isUnknown(a)) return a;
  const kind = kindOf(a[0]!);
  if (kind === 'array') return a[0]!;
  if (kind === 'null') return typeError(ctx, 0, a[0]!, 'a value other than null');
  return arrayValue(a, []);
});

// ---------------------------------------------------------------- objects and arrays

define('createArray', (ctx) => {
  const a = args(ctx, 0, Infinity);
  return isUnknown(a) ? a : arrayValue(a, []);
});

define('createObject', (ctx) => {
  const a = args(ctx, 0, Infinity);
  if (isUnknown(a)) return a;
  if (a.length % 2 !== 0) return unknown(`function '${ctx.name}' expects an even number of arguments`);
  const entries = new EntryList();
  for (let i = 0; i < a.length; i += 2) {
    const key = str(ctx, a, i);
    if (isUnknown(key)) return key;
    entries.set(key, a[i + 1]!);
  }
  return objectValue(entries.list, viaOf(a.filter((_, i) => i % 2 === 0)));
});

/** Object entries with case-insensitive names: a later value replaces an earlier one in place. */
class EntryList {
  readonly list: ObjectEntry[] = [];
  private readonly index = new Map<string, number>();

  get(key: string): ArmValue | undefined {
    const i = this.index.get(key.toLowerCase());
    return i === undefined ? undefined : this.list[i]!.value;
  }

  set(key: string, value: ArmValue): void {
    const lower = key.toLowerCase();
    const i = this.index.get(lower);
    if (i === undefined) {
      this.index.set(lower, this.list.length);
      this.list.push({ key, value });
    } else {
      this.list[i] = { key: this.list[i]!.key, value };
    }
  }
}

/** union() of objects: later values win; nested objects are merged, arrays are replaced. */
function mergeObjects(values: readonly ArmValue[], inputs: Via, deep: boolean): Outcome {
  const out = new EntryList();
  for (const v of values) {
    const entries = entriesOf(v);
    if (isUnknown(entries)) return entries;
    for (const e of entries) {
      const prev = out.get(e.key);
      if (deep && prev && kindOf(prev) === 'object' && kindOf(e.value) === 'object') {
        const merged = mergeObjects([prev, e.value], [], true);
        if (isUnknown(merged)) return merged;
        out.set(e.key, merged);
      } else {
        out.set(e.key, e.value);
      }
    }
  }
  return objectValue(out.list, inputs);
}

/** Elements of all arrays in order, each once (deep equality). */
function unionArrays(values: readonly ArmValue[], inputs: Via): Outcome {
  const out: ArmValue[] = [];
  const sink: Via[] = [];
  for (const v of values) {
    const items = itemsOf(v);
    if (isUnknown(items)) return items;
    for (const item of items) {
      let found = false;
      for (const existing of out) {
        const eq = deepEquals(existing, item, sink);
        if (isUnknown(eq)) return eq;
        if (eq) {
          found = true;
          break;
        }
      }
      if (!found) out.push(item);
    }
  }
  return arrayValue(out, mergeVia(inputs, ...sink));
}

define('union', (ctx) => {
  const a = args(ctx, 1, Infinity);
  if (isUnknown(a)) return a;
  const kind = kindOf(a[0]!);
  if (kind !== 'object' && kind !== 'array') return typeError(ctx, 0, a[0]!, 'an object or an array');
  for (let i = 1; i < a.length; i++) {
    if (kindOf(a[i]!) !== kind) return typeError(ctx, i, a[i]!, kind === 'object' ? 'an object' : 'an array');
  }
  return kind === 'object' ? mergeObjects(a, viaOf(a), true) : unionArrays(a, viaOf(a));
});

define('shallowMerge', (ctx) => {
  const a = args(ctx, 1);
  if (isUnknown(a)) return a;
  if (kindOf(a[0]!) !== 'array') return typeError(ctx, 0, a[0]!, 'an array');
  const items = itemsOf(a[0]!);
  if (isUnknown(items)) return items;
  const bad = items.findIndex((i) => kindOf(i) !== 'object');
  if (bad >= 0) return unknown(`function '${ctx.name}' expects an array of objects`);
  return mergeObjects(items, a[0]!.via, false);
});

define('objectKeys', (ctx) => {
  const a = args(ctx, 1);
  if (isUnknown(a)) return a;
  if (kindOf(a[0]!) !== 'object') return typeError(ctx, 0, a[0]!, 'an object');
  const keys: ArmValue[] = keysOf(a[0]!).map((k) => ({ t: 'string', value: k, via: [] }));
  return arrayValue(keys, a[0]!.via);
});

define('flatten', (ctx) => {
  const a = args(ctx, 1);
  if (isUnknown(a)) return a;
  if (kindOf(a[0]!) !== 'array') return typeError(ctx, 0, a[0]!, 'an array');
  const outer = itemsOf(a[0]!);
  if (isUnknown(outer)) return outer;
  const out: ArmValue[] = [];
  for (const inner of outer) {
    if (kindOf(inner) !== 'array') return unknown(`function '${ctx.name}' expects an array of arrays`);
    const items = itemsOf(inner);
    if (isUnknown(items)) return items;
    out.push(...items);
  }
  return arrayValue(out, a[0]!.via);
});

define('contains', (ctx) => {
  const a = args(ctx, 2);
  if (isUnknown(a)) return a;
  const [container, item] = [a[0]!, a[1]!];
  const kind = kindOf(container);
  if (kind === 'string') {
    const needle = typeof scalarOf(item) === 'boolean' ? undefined : displayString(item);
    if (needle === undefined) return typeError(ctx, 1, item, 'a string or an integer');
    return boolValue((scalarOf(container) as string).includes(needle), viaOf(a));
  }
  if (kind === 'object') {
    const key = scalarOf(item);
    if (typeof key !== 'string') return typeError(ctx, 1, item, 'a string');
    const lower = key.toLowerCase();
    return boolValue(keysOf(container).some((k) => k.toLowerCase() === lower), viaOf(a));
  }
  if (kind === 'array') {
    const items = itemsOf(container);
    if (isUnknown(items)) return items;
    const sink: Via[] = [container.via, item.via];
    for (const element of items) {
      const eq = deepEquals(element, item, sink);
      if (isUnknown(eq)) return eq;
      if (eq) return boolValue(true, mergeVia(...sink));
    }
    return boolValue(false, mergeVia(...sink));
  }
  return typeError(ctx, 0, container, 'an array, an object or a string');
});

define('empty', (ctx) => {
  const a = args(ctx, 1);
  if (isUnknown(a)) return a;
  const v = a[0]!;
  switch (kindOf(v)) {
    case 'null':
      return boolValue(true, v.via);
    case 'string':
      return boolValue((scalarOf(v) as string).length === 0, v.via);
    case 'array':
      return boolValue(arrayLength(v) === 0, v.via);
    case 'object':
      return boolValue(keysOf(v).length === 0, v.via);
    default:
      return typeError(ctx, 0, v, 'an array, an object, a string or null');
  }
});

define('length', (ctx) => {
  const a = args(ctx, 1);
  if (isUnknown(a)) return a;
  const v = a[0]!;
  switch (kindOf(v)) {
    case 'string':
      return numberValue((scalarOf(v) as string).length, v.via);
    case 'array':
      return numberValue(arrayLength(v), v.via);
    case 'object':
      return numberValue(keysOf(v).length, v.via);
    default:
      return typeError(ctx, 0, v, 'an array, an object or a string');
  }
});

/** first() / last(): one element passes through with its own position. */
function endElement(which: 'first' | 'last'): (ctx: CallContext) => Outcome {
  return (ctx) => {
    const a = args(ctx, 1);
    if (isUnknown(a)) return a;
    const v = a[0]!;
    const kind = kindOf(v);
    if (kind === 'array') {
      const n = arrayLength(v);
      if (n === 0) return unknown(`function '${ctx.name}' of an empty array is not evaluated`);
      return itemAt(v, which === 'first' ? 0 : n - 1);
    }
    if (kind === 'string') {
      const s = scalarOf(v) as string;
      if (s.length === 0) return unknown(`function '${ctx.name}' of an empty string is not evaluated`);
      return stringValue(which === 'first' ? s[0]! : s[s.length - 1]!, v.via);
    }
    return typeError(ctx, 0, v, 'an array or a string');
  };
}
define('first', endElement('first'));
define('last', endElement('last'));

/** take() / skip() on arrays and strings. */
function slicing(keepStart: boolean): (ctx: CallContext) => Outcome {
  return (ctx) => {
    const a = args(ctx, 2);
    if (isUnknown(a)) return a;
    const count = int(ctx, a, 1);
    if (isUnknown(count)) return count;
    const v = a[0]!;
    const kind = kindOf(v);
    const length = kind === 'string' ? (scalarOf(v) as string).length : arrayLength(v);
    const n = Math.min(Math.max(count, 0), length);
    const [from, to] = keepStart ? [0, n] : [n, length];
    if (kind === 'string') return stringValue((scalarOf(v) as string).slice(from, to), viaOf(a));
    if (kind !== 'array') return typeError(ctx, 0, v, 'an array or a string');
    const items = itemsOf(v, from, to);
    return isUnknown(items) ? items : arrayValue(items, viaOf(a));
  };
}
define('take', slicing(true));
define('skip', slicing(false));

define('tryGet', (ctx) => {
  const a = args(ctx, 2, Infinity);
  if (isUnknown(a)) return a;
  let current: ArmValue = a[0]!;
  for (let i = 1; i < a.length; i++) {
    const key = a[i]!;
    const kind = kindOf(current);
    if (kind === 'null') return nullValue(mergeVia(current.via, key.via));
    let next: Outcome | undefined;
    if (kind === 'object') {
      const name = scalarOf(key);
      if (typeof name !== 'string') return typeError(ctx, i, key, 'a string');
      next = propertyOf(current, name);
    } else if (kind === 'array') {
      const index = scalarOf(key);
      if (typeof index !== 'number') return typeError(ctx, i, key, 'an integer');
      next = index >= 0 && index < arrayLength(current) ? itemAt(current, index) : undefined;
    } else {
      return unknown(`function '${ctx.name}' cannot look into ${describeKind(current)}`);
    }
    if (next === undefined) return nullValue(mergeVia(current.via, key.via));
    if (isUnknown(next)) return next;
    current = extendVia(next, [], key.via);
  }
  return current;
});

define('range', (ctx) => {
  const a = args(ctx, 2);
  if (isUnknown(a)) return a;
  const start = int(ctx, a, 0);
  if (isUnknown(start)) return start;
  const count = int(ctx, a, 1);
  if (isUnknown(count)) return count;
  if (count < 0 || count > 10_000) return unknown(`function '${ctx.name}' count must be between 0 and 10000`);
  if (start + count > 2_147_483_647) return unknown(`function '${ctx.name}' goes past the largest integer`);
  const items: ArmValue[] = [];
  for (let i = 0; i < count; i++) items.push({ t: 'number', value: start + i, via: [] });
  return arrayValue(items, viaOf(a));
});

/** indexOf() / lastIndexOf(): strings case-insensitively, arrays by deep equality. */
function search(fromEnd: boolean): (ctx: CallContext) => Outcome {
  return (ctx) => {
    const a = args(ctx, 2);
    if (isUnknown(a)) return a;
    const [container, item] = [a[0]!, a[1]!];
    if (kindOf(container) === 'array') {
      const items = itemsOf(container);
      if (isUnknown(items)) return items;
      const sink: Via[] = [container.via, item.via];
      for (let k = 0; k < items.length; k++) {
        const i = fromEnd ? items.length - 1 - k : k;
        const eq = deepEquals(items[i]!, item, sink);
        if (isUnknown(eq)) return eq;
        if (eq) return numberValue(i, mergeVia(...sink));
      }
      return numberValue(-1, mergeVia(...sink));
    }
    const s = str(ctx, a, 0);
    if (isUnknown(s)) return s;
    const find = str(ctx, a, 1);
    if (isUnknown(find)) return find;
    const folded = foldCase(s, find);
    if (!folded || (fromEnd && find.length === 0)) return unknown(`function '${ctx.name}' is not evaluated for these strings`);
    return numberValue(fromEnd ? folded[0].lastIndexOf(folded[1]) : folded[0].indexOf(folded[1]), viaOf(a));
  };
}
define('indexOf', search(false));
define('lastIndexOf', search(true));

function minMax(pick: (values: number[]) => number): (ctx: CallContext) => Outcome {
  return (ctx) => {
    const a = args(ctx, 1, Infinity);
    if (isUnknown(a)) return a;
    let values: readonly ArmValue[] = a;
    if (a.length === 1 && kindOf(a[0]!) === 'array') {
      const items = itemsOf(a[0]!);
      if (isUnknown(items)) return items;
      values = items;
    }
    if (values.length === 0) return unknown(`function '${ctx.name}' of an empty array is not evaluated`);
    const numbers: number[] = [];
    for (const v of values) {
      const n = scalarOf(v);
      if (typeof n !== 'number') return unknown(`function '${ctx.name}' expects integers, not ${describeKind(v)}`);
      numbers.push(n);
    }
    return numberValue(pick(numbers), viaOf([...a, ...values]));
  };
}
define('min', minMax((v) => v.reduce((m, x) => (x < m ? x : m))));
define('max', minMax((v) => v.reduce((m, x) => (x > m ? x : m))));

// ---------------------------------------------------------------- strings

define('concat', (ctx) => {
  const a = args(ctx, 1, Infinity);
  if (isUnknown(a)) return a;
  if (kindOf(a[0]!) === 'array') {
    const out: ArmValue[] = [];
    for (let i = 0; i < a.length; i++) {
      if (kindOf(a[i]!) !== 'array') return typeError(ctx, i, a[i]!, 'an array');
      const items = itemsOf(a[i]!);
      if (isUnknown(items)) return items;
      out.push(...items);
    }
    return arrayValue(out, viaOf(a));
  }
  let text = '';
  for (let i = 0; i < a.length; i++) {
    const part = displayString(a[i]!);
    if (part === undefined) return typeError(ctx, i, a[i]!, 'a string');
    text += part;
    if (text.length > MAX_STRING_LENGTH) break;
  }
  return stringValue(text, viaOf(a));
});

/** .NET composite formatting: {index[,alignment][:format]}, with {{ and }} for braces. */
define('format', (ctx) => {
  const a = args(ctx, 1, Infinity);
  if (isUnknown(a)) return a;
  const pattern = str(ctx, a, 0);
  if (isUnknown(pattern)) return pattern;
  const item = /\{\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?(?::[^{}]*)?\}/y;
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if ((c === '{' || c === '}') && pattern[i + 1] === c) {
      out += c;
      i += 2;
      continue;
    }
    if (c === '}') return unknown(`function '${ctx.name}' has an invalid format string: unmatched '}' at position ${i}`);
    if (c !== '{') {
      out += c;
      i++;
      continue;
    }
    item.lastIndex = i;
    const m = item.exec(pattern);
    if (!m) return unknown(`function '${ctx.name}' has an invalid format string at position ${i}`);
    const index = Number(m[1]);
    const value = a[index + 1];
    if (value === undefined) return unknown(`function '${ctx.name}' refers to argument {${index}} but has only ${a.length - 1}`);
    const text = displayString(value);
    if (text === undefined) return unknown(`function '${ctx.name}' argument {${index}} is ${describeKind(value)}; its text form is not evaluated`);
    const width = m[2] === undefined ? 0 : Number(m[2]);
    if (Math.abs(width) > MAX_STRING_LENGTH) return unknown(`string result is longer than ${MAX_STRING_LENGTH} characters`);
    out += width >= 0 ? text.padStart(width) : text.padEnd(-width);
    if (out.length > MAX_STRING_LENGTH) break;
    i = item.lastIndex;
  }
  return stringValue(out, viaOf(a));
});

define('toLower', (ctx) => withStrings(ctx, 1, ([s], a) => stringValue(s!.toLowerCase(), viaOf(a))));
define('toUpper', (ctx) => withStrings(ctx, 1, ([s], a) => stringValue(s!.toUpperCase(), viaOf(a))));
define('trim', (ctx) => withStrings(ctx, 1, ([s], a) => stringValue(s!.trim(), viaOf(a))));

define('startsWith', (ctx) =>
  withStrings(ctx, 2, ([s, find], a) => boolValue(s!.toLowerCase().startsWith(find!.toLowerCase()), viaOf(a))),
);
define('endsWith', (ctx) =>
  withStrings(ctx, 2, ([s, find], a) => boolValue(s!.toLowerCase().endsWith(find!.toLowerCase()), viaOf(a))),
);

define('replace', (ctx) =>
  withStrings(ctx, 3, ([s, from, to], a) => {
    if (from!.length === 0) return unknown(`function '${ctx.name}' cannot replace an empty string`);
    const parts = s!.split(from!);
    const length = s!.length + (parts.length - 1) * (to!.length - from!.length);
    if (length > MAX_STRING_LENGTH) return unknown(`string result is longer than ${MAX_STRING_LENGTH} characters`);
    return stringValue(parts.join(to!), viaOf(a));
  }),
);

define('substring', (ctx) => {
  const a = args(ctx, 1, 3);
  if (isUnknown(a)) return a;
  const s = str(ctx, a, 0);
  if (isUnknown(s)) return s;
  const start = a.length > 1 ? int(ctx, a, 1) : 0;
  if (isUnknown(start)) return start;
  if (start < 0 || start > s.length) {
    return unknown(`function '${ctx.name}' start index ${start} is outside a string of length ${s.length}`);
  }
  const length = a.length > 2 ? int(ctx, a, 2) : s.length - start;
  if (isUnknown(length)) return length;
  if (length < 0 || start + length > s.length) {
    return unknown(`function '${ctx.name}' range ${start}+${length} is outside a string of length ${s.length}`);
  }
  return stringValue(s.slice(start, start + length), viaOf(a));
});

define('split', (ctx) => {
  const a = args(ctx, 2);
  if (isUnknown(a)) return a;
  const s = str(ctx, a, 0);
  if (isUnknown(s)) return s;
  let delimiters: string[];
  if (kindOf(a[1]!) === 'array') {
    const items = itemsOf(a[1]!);
    if (isUnknown(items)) return items;
    delimiters = [];
    for (const d of items) {
      const text = scalarOf(d);
      if (typeof text !== 'string') return unknown(`function '${ctx.name}' expects delimiters to be strings`);
      delimiters.push(text);
    }
  } else {
    const d = str(ctx, a, 1);
    if (isUnknown(d)) return d;
    delimiters = [d];
  }
  // .NET ignores empty separators; at each position the first listed separator that matches wins.
  delimiters = delimiters.filter((d) => d.length > 0);
  const parts =
    delimiters.length === 0 ? [s] : s.split(new RegExp(delimiters.map((d) => d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')));
  return arrayValue(
    parts.map((p) => ({ t: 'string', value: p, via: [] })),
    viaOf(a),
  );
});

define('padLeft', (ctx) => {
  const a = args(ctx, 2, 3);
  if (isUnknown(a)) return a;
  const kind = kindOf(a[0]!);
  if (kind !== 'string' && kind !== 'number') return typeError(ctx, 0, a[0]!, 'a string or an integer');
  const s = displayString(a[0]!)!;
  const total = int(ctx, a, 1);
  if (isUnknown(total)) return total;
  const pad = a.length > 2 ? str(ctx, a, 2) : ' ';
  if (isUnknown(pad)) return pad;
  if (pad.length !== 1) return unknown(`function '${ctx.name}' expects a single padding character`);
  if (total > MAX_STRING_LENGTH) return unknown(`string result is longer than ${MAX_STRING_LENGTH} characters`);
  return stringValue(s.padStart(total, pad), viaOf(a));
});

define('join', (ctx) => {
  const a = args(ctx, 2);
  if (isUnknown(a)) return a;
  if (kindOf(a[0]!) !== 'array') return typeError(ctx, 0, a[0]!, 'an array');
  const delimiter = str(ctx, a, 1);
  if (isUnknown(delimiter)) return delimiter;
  const items = itemsOf(a[0]!);
  if (isUnknown(items)) return items;
  const parts: string[] = [];
  for (const item of items) {
    const text = scalarOf(item);
    if (typeof text !== 'string') return unknown(`function '${ctx.name}' expects an array of strings`);
    parts.push(text);
  }
  const length = parts.reduce((n, p) => n + p.length, 0) + delimiter.length * Math.max(parts.length - 1, 0);
  if (length > MAX_STRING_LENGTH) return unknown(`string result is longer than ${MAX_STRING_LENGTH} characters`);
  return stringValue(parts.join(delimiter), mergeVia(viaOf(a), ...items.map((i) => i.via)));
});

// ---------------------------------------------------------------- integers

define('add', (ctx) => withInts(ctx, (x, y, via) => numberValue(x + y, via)));
define('sub', (ctx) => withInts(ctx, (x, y, via) => numberValue(x - y, via)));
define('mul', (ctx) => withInts(ctx, (x, y, via) => numberValue(x * y, via)));
define('div', (ctx) =>
  withInts(ctx, (x, y, via) => (y === 0 ? unknown(`function '${ctx.name}' divides by zero`) : numberValue(Math.trunc(x / y), via))),
);
define('mod', (ctx) =>
  withInts(ctx, (x, y, via) => (y === 0 ? unknown(`function '${ctx.name}' divides by zero`) : numberValue(x % y, via))),
);
