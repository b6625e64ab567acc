import { parseJson } from '../../parse/json/parseJson';
import { unknown } from '../scope';
import type { Unknown } from '../scope';
import { deepEquals, fromLiteral, toJsonText } from './deepValues';
import { arity, args, typeError, str, bool, viaOf, withInts } from './functionSupport';
import type { CallContext, Define } from './functionSupport';
import { spendWork } from './limits';
import {
  arrayValue,
  boolValue,
  describeKind,
  displayString,
  extendVia,
  isUnknown,
  kindOf,
  limitReached,
  mergeViaLists,
  nullValue,
  numberValue,
  scalarOf,
  stringValue,
} from './values';
import type { ArmValue, Outcome, Via } from './values';

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

/** Template values, literals, logic, comparison, conversions and integer arithmetic. */
export function defineValueFunctions(define: Define): void {
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
    return isUnknown(eq) ? eq : boolValue(eq, mergeViaLists(sink));
  });

  define('less', comparison((o) => o < 0));

  define('lessOrEquals', comparison((o) => o <= 0));

  define('greater', comparison((o) => o > 0));

  define('greaterOrEquals', comparison((o) => o >= 0));

  define('string', (ctx) => {
    const a = args(ctx, 1);
    if (isUnknown(a)) return a;
    const v = a[0]!;
    const kind = kindOf(v);
    if (kind === 'array' || kind === 'object') {
      const sink: Via[] = [];
      const text = toJsonText(v, sink);
      return isUnknown(text) ? text : stringValue(text, mergeViaLists(sink));
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
    if (!spendWork(text.length)) return limitReached();
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

  define('add', (ctx) => withInts(ctx, (x, y, via) => numberValue(x + y, via)));

  define('sub', (ctx) => withInts(ctx, (x, y, via) => numberValue(x - y, via)));

  define('mul', (ctx) => withInts(ctx, (x, y, via) => numberValue(x * y, via)));

  define('div', (ctx) =>
    withInts(ctx, (x, y, via) => (y === 0 ? unknown(`function '${ctx.name}' divides by zero`) : numberValue(Math.trunc(x / y), via))),
  );

  define('mod', (ctx) =>
    withInts(ctx, (x, y, via) => (y === 0 ? unknown(`function '${ctx.name}' divides by zero`) : numberValue(x % y, via))),
  );
}
