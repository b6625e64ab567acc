import { unknown } from '../scope';
import { deepEquals } from './deepValues';
import { args, typeError, str, int, viaOf, foldCase } from './functionSupport';
import type { CallContext, Define } from './functionSupport';
import {
  arrayLength,
  arrayValue,
  boolValue,
  describeKind,
  entriesOf,
  extendVia,
  isUnknown,
  itemAt,
  itemsOf,
  keysOf,
  kindOf,
  mergeVia,
  mergeViaLists,
  nullValue,
  numberValue,
  objectValue,
  propertyOf,
  scalarOf,
  stringValue,
} from './values';
import type { ArmValue, ObjectEntry, Outcome, Via } from './values';

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

/** Merges objects, later values winning; `deep` (union) merges nested objects too, otherwise (shallowMerge) they are replaced. */
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
  for (const v of values) {
    const items = itemsOf(v);
    if (isUnknown(items)) return items;
    for (const item of items) {
      let found = false;
      for (const existing of out) {
        const eq = deepEquals(existing, item, []);
        if (isUnknown(eq)) return eq;
        if (eq) {
          found = true;
          break;
        }
      }
      if (!found) out.push(item);
    }
  }
  return arrayValue(out, inputs);
}

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
        if (eq) return numberValue(i, mergeViaLists(sink));
      }
      return numberValue(-1, mergeViaLists(sink));
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

/** Functions on arrays and objects, and those that also accept strings (contains, length, first, take, indexOf, ...). */
export function defineCollectionFunctions(define: Define): void {
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
      for (const item of items) out.push(item);
    }
    return arrayValue(out, a[0]!.via);
  });

  define('contains', (ctx) => {
    const a = args(ctx, 2);
    if (isUnknown(a)) return a;
    const [container, item] = [a[0]!, a[1]!];
    const kind = kindOf(container);
    if (kind === 'string') {
      const needle = scalarOf(item);
      if (typeof needle !== 'string' && typeof needle !== 'number') return typeError(ctx, 1, item, 'a string or an integer');
      return boolValue((scalarOf(container) as string).includes(String(needle)), viaOf(a));
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
        if (eq) return boolValue(true, mergeViaLists(sink));
      }
      return boolValue(false, mergeViaLists(sink));
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

  define('first', endElement('first'));

  define('last', endElement('last'));

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
        if (typeof index !== 'number' || !Number.isInteger(index)) return typeError(ctx, i, key, 'an integer');
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

  define('indexOf', search(false));

  define('lastIndexOf', search(true));

  define('min', minMax((v) => v.reduce((m, x) => (x < m ? x : m))));

  define('max', minMax((v) => v.reduce((m, x) => (x > m ? x : m))));
}
