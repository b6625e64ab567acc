import { unknown } from '../scope';
import { args, typeError, str, int, viaOf, withStrings } from './functionSupport';
import type { Define } from './functionSupport';
import { MAX_COLLECTION_SIZE, MAX_STRING_LENGTH, spendWork, stringTooLong } from './limits';
import {
  arrayValue,
  boolValue,
  describeKind,
  displayString,
  isUnknown,
  itemsOf,
  kindOf,
  limitReached,
  mergeViaLists,
  scalarOf,
  stringValue,
} from './values';
import type { ArmValue } from './values';

/** Functions on strings. */
export function defineStringFunctions(define: Define): void {
  define('concat', (ctx) => {
    const a = args(ctx, 1, Infinity);
    if (isUnknown(a)) return a;
    if (kindOf(a[0]!) === 'array') {
      const out: ArmValue[] = [];
      for (let i = 0; i < a.length; i++) {
        if (kindOf(a[i]!) !== 'array') return typeError(ctx, i, a[i]!, 'an array');
        const items = itemsOf(a[i]!);
        if (isUnknown(items)) return items;
        for (const item of items) out.push(item);
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
      if (Math.abs(width) > MAX_STRING_LENGTH) return unknown(stringTooLong);
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
      if (length > MAX_STRING_LENGTH) return unknown(stringTooLong);
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
    // Each delimiter is tried at each position.
    if (!spendWork(s.length * delimiters.length)) return limitReached();
    // At most one item more than the bound is split off: enough to tell the result is too large.
    const parts =
      delimiters.length === 0
        ? [s]
        : s.split(new RegExp(delimiters.map((d) => d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')), MAX_COLLECTION_SIZE + 1);
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
    if (total > MAX_STRING_LENGTH) return unknown(stringTooLong);
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
    if (length > MAX_STRING_LENGTH) return unknown(stringTooLong);
    return stringValue(parts.join(delimiter), mergeViaLists([viaOf(a), ...items.map((i) => i.via)]));
  });
}
