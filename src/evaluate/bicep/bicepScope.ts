import type { Expression } from '../../parse/bicep/ast';
import { locationOf, synthesize, type Location, type Node } from '../../model/tree';
import { lookupEntry } from '../entryIndex';
import { cyclicNames, forEachExpression, forEachSyntaxNode } from '../cycles';
import {
  EvaluationBudget,
  LIMIT_REASON,
  limitHit,
  MAX_COLLECTION_SIZE,
  MAX_STRING_LENGTH,
  spendWork,
  stringTooLong,
  takeStep,
} from '../limits';
import {
  addVia,
  argumentsSize,
  joinBounded,
  plainOf,
  plainResolution,
  plainSize,
  replaceBounded,
  resolveOnce,
  sizeProblem,
  throughReference,
  TOO_LARGE,
  UNKNOWN,
  type Plain,
  type Result,
  type Value,
} from '../plainValue';
import { unknown, type Resolution, type Scope } from '../scope';
import { firstSecretRead, isListFunction, SECRET_READ_DEPTH } from '../secretReads';

/** What a Bicep file's names stand for. */
export interface FileValues {
  /** `param x … = default`: the default's node (undefined without a default). */
  params: Map<string, Node | undefined>;
  /** Values passed from outside (a module call), with the scope that evaluates them. */
  bindings: Map<string, { node: Node; scope: Scope }>;
  /** `var x = …`. */
  vars: Map<string, Node>;
  /** Names of the `@secure()` parameters. */
  secureParams: Set<string>;
}

/**
 * Evaluates the expressions of one Bicep file: parameters (a bound value, else the default), variables,
 * string interpolation, operators, the ternary and `??`, and the common functions shared with ARM templates.
 * Resource properties, `resourceGroup()`, `uniqueString()` and other deployment-time values are unknown —
 * and unknown never makes a finding. A value read from a parameter or a variable comes back as the node
 * where it is written, so a finding can point to it.
 */
export class BicepScope implements Scope {
  /** What this file's evaluation has spent, over all resolves (see `../limits`). */
  private readonly budget = new EvaluationBudget();
  /** Resolved expressions: a variable used many times is evaluated once. */
  private readonly cache = new Map<Node, Resolution>();
  /** Secret reads of variables, by depth and name. */
  private readonly secretCache = new Map<string, string | null>();
  /** Names of the parameters and variables on a reference cycle, found on first use. */
  private cyclic: Set<string> | undefined;

  constructor(private readonly values: FileValues) {}

  resolve(node: Node): Resolution {
    if (node.kind !== 'expression') return { known: true, node, scope: this, via: [] };
    if (node.lang !== 'bicep') return unknown(`${node.lang} expressions are not evaluated in Bicep`);
    return resolveOnce(this.budget, this.cache, node, () => this.compute(node));
  }

  private compute(node: Node & { kind: 'expression' }): Resolution {
    const expr = unwrap(node.ast as Expression);
    const reference = this.reference(expr);
    if (reference) return throughReference(reference);
    const ctx: Ctx = { via: [], reason: undefined };
    return plainResolution(this.evaluate(expr, ctx), node, this, ctx.via, ctx.reason);
  }

  limitHits(): number {
    return this.budget.limitHits;
  }

  secretRead(node: Node, depth = 0): string | undefined {
    if (depth > SECRET_READ_DEPTH) return undefined;
    return firstSecretRead(node, (expr) => (expr.lang === 'bicep' ? this.secretInExpression(expr.ast as Expression, depth) : undefined));
  }

  /** Walks the expression's syntax tree for a `list*()` call, a `@secure()` parameter or a variable that reads one. */
  private secretInExpression(expr: unknown, depth: number): string | undefined {
    // In the order written; its own stack, as an expression can be nested hundreds of levels deep.
    const stack: unknown[] = [expr];
    while (stack.length > 0) {
      const x = stack.pop();
      if (!x || typeof x !== 'object') continue;
      if (Array.isArray(x)) {
        for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]);
        continue;
      }
      const e = x as Expression;
      if ((e.kind === 'FunctionCall' || e.kind === 'InstanceFunctionCall') && isListFunction(e.name.name)) return `calls ${e.name.name}()`;
      if (e.kind === 'VariableAccess' && !this.values.bindings.has(e.name)) {
        if (this.values.secureParams.has(e.name)) return `reads the secure parameter '${e.name}'`;
        const read = this.variableSecretRead(e.name, depth + 1);
        if (read) return `${read} (through the variable '${e.name}')`;
        continue;
      }
      const children = Object.entries(e).filter(([key, value]) => key !== 'range' && key !== 'kind' && typeof value === 'object');
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]![1]);
    }
    return undefined;
  }

  /**
   * The parameters and variables that refer to themselves (see `../cycles`). Names inside lambdas and `for`
   * expressions may be their own parameters, so those are left out (a cycle through them meets the bounds).
   */
  private cyclicNames(): Set<string> {
    if (!this.cyclic) {
      const references = new Map<string, Set<string>>();
      const add = (name: string, node: Node): void => {
        const used = new Set<string>();
        forEachExpression(node, (expr) => {
          if (expr.lang !== 'bicep') return;
          forEachSyntaxNode(
            expr.ast,
            (n) => {
              if (n['kind'] === 'VariableAccess' && typeof n['name'] === 'string') used.add(n['name']);
            },
            (n) => n['kind'] === 'Lambda' || n['kind'] === 'TypedLambda' || n['kind'] === 'For',
          );
        });
        references.set(name, used);
      };
      for (const [name, node] of this.values.params) if (node && !this.values.bindings.has(name)) add(name, node);
      for (const [name, node] of this.values.vars) if (!references.has(name)) add(name, node);
      this.cyclic = cyclicNames(references);
    }
    return this.cyclic;
  }

  /** A variable used in many places (or many times in one) is walked once per depth. */
  private variableSecretRead(name: string, depth: number): string | undefined {
    const key = `${depth}:${name}`;
    let read = this.secretCache.get(key);
    if (read === undefined) {
      const variable = this.values.vars.get(name);
      read = (variable && this.secretRead(variable, depth)) || null;
      this.secretCache.set(key, read);
    }
    return read ?? undefined;
  }

  /** A parameter or variable, possibly with property and index steps: the node where the value is written. */
  private reference(expr: Expression): Resolution | undefined {
    if (expr.kind === 'VariableAccess') {
      const bound = this.values.bindings.get(expr.name);
      if (bound) return { known: true, node: bound.node, scope: bound.scope, via: [locationOf(bound.node)] };
      if (this.cyclicNames().has(expr.name)) {
        limitHit(this.budget);
        return unknown(LIMIT_REASON);
      }
      const node = this.values.params.get(expr.name) ?? this.values.vars.get(expr.name);
      if (node) return { known: true, node, scope: this, via: [locationOf(node)] };
      if (this.values.params.has(expr.name)) return unknown(`parameter '${expr.name}' has no default value`);
      return undefined;
    }
    if (expr.kind === 'PropertyAccess' || (expr.kind === 'ArrayAccess' && !expr.fromEnd)) {
      const base = this.reference(unwrap(expr.base));
      if (!base?.known) return base;
      const resolved = base.scope.resolve(base.node);
      if (!resolved.known) return resolved;
      let key: string | number | undefined;
      if (expr.kind === 'PropertyAccess') key = expr.property.name;
      else {
        const index = this.evaluate(expr.index, { via: [], reason: undefined });
        if (typeof index === 'string' || typeof index === 'number') key = index;
      }
      if (key === undefined) return unknown('an index cannot be evaluated statically');
      const value = resolved.node;
      const next =
        value.kind === 'object' && typeof key === 'string' ? lookupEntry(value, key, true)?.value : value.kind === 'array' && typeof key === 'number' ? value.items[key] : undefined;
      if (!next) return expr.kind === 'PropertyAccess' && expr.safe ? { known: true, node: synthesize(null, base.node), scope: this, via: base.via } : unknown(`'${String(key)}' does not exist`);
      return { known: true, node: next, scope: resolved.scope, via: [...base.via, ...resolved.via, locationOf(next)] };
    }
    return undefined;
  }

  private evaluate(expr: Expression, ctx: Ctx): Value {
    if (!takeStep()) return fail(ctx, LIMIT_REASON);
    const ref = this.reference(expr);
    if (ref) {
      if (!ref.known) return fail(ctx, ref.reason);
      addVia(ctx.via, ref.via);
      return plainOf(ref.node, ref.scope, ctx);
    }
    switch (expr.kind) {
      case 'String':
      case 'MultilineString':
        return expr.value;
      case 'Integer':
      case 'Boolean':
        return expr.value;
      case 'Null':
        return null;
      case 'Parenthesized':
        return this.evaluate(expr.expression, ctx);
      case 'NonNullAssertion':
        return this.evaluate(expr.base, ctx);
      case 'InterpolatedString': {
        let out = expr.segments[0]!;
        for (let i = 0; i < expr.expressions.length; i++) {
          const v = this.evaluate(expr.expressions[i]!, ctx);
          if (v === UNKNOWN) return UNKNOWN;
          const text = textOf(v, MAX_STRING_LENGTH - out.length);
          if (text === undefined || out.length + text.length + expr.segments[i + 1]!.length > MAX_STRING_LENGTH) return fail(ctx, stringTooLong);
          if (!spendWork(text.length)) return fail(ctx, LIMIT_REASON);
          out += text + expr.segments[i + 1]!;
        }
        return out;
      }
      case 'Array': {
        const out: Plain[] = [];
        for (const item of expr.items) {
          if (item.kind === 'Spread') return fail(ctx, 'spreads are not evaluated statically');
          const v = this.evaluate(item, ctx);
          if (v === UNKNOWN) return UNKNOWN;
          out.push(v);
        }
        return out;
      }
      case 'Object': {
        const out: Record<string, Plain> = {};
        for (const p of expr.properties) {
          if (p.kind !== 'ObjectProperty' || p.keyName === undefined) return fail(ctx, 'computed keys and spreads are not evaluated statically');
          const v = this.evaluate(p.value, ctx);
          if (v === UNKNOWN) return UNKNOWN;
          out[p.keyName] = v;
        }
        return out;
      }
      case 'Ternary': {
        const c = this.evaluate(expr.condition, ctx);
        if (c === UNKNOWN) return UNKNOWN;
        if (typeof c !== 'boolean') return fail(ctx, 'a condition is not a boolean');
        return this.evaluate(c ? expr.whenTrue : expr.whenFalse, ctx);
      }
      case 'Unary': {
        const v = this.evaluate(expr.operand, ctx);
        if (v === UNKNOWN) return UNKNOWN;
        if (expr.operator === '!') return typeof v === 'boolean' ? !v : fail(ctx, "'!' needs a boolean");
        return typeof v === 'number' ? -v : fail(ctx, "'-' needs a number");
      }
      case 'Binary':
        return this.binary(expr, ctx);
      case 'PropertyAccess':
      case 'ArrayAccess': {
        const base = this.evaluate(expr.base, ctx);
        if (base === UNKNOWN) return UNKNOWN;
        const key = expr.kind === 'PropertyAccess' ? expr.property.name : this.evaluate(expr.index, ctx);
        if (key === UNKNOWN) return UNKNOWN;
        if (Array.isArray(base) && typeof key === 'number') return key in base ? base[key]! : fail(ctx, 'index out of range');
        if (isObject(base) && typeof key === 'string') {
          const found = Object.keys(base).find((k) => k.toLowerCase() === key.toLowerCase());
          return found !== undefined ? base[found]! : expr.kind === 'PropertyAccess' && expr.safe ? null : fail(ctx, `'${key}' does not exist`);
        }
        return fail(ctx, 'cannot index this value');
      }
      case 'FunctionCall': {
        const args: Plain[] = [];
        for (const a of expr.arguments) {
          const v = this.evaluate(a, ctx);
          if (v === UNKNOWN) return UNKNOWN;
          args.push(v);
        }
        // A function reads its arguments: their size is work, and a result past the size bounds is unknown.
        const size = argumentsSize(args);
        if (size === Infinity) return fail(ctx, 'value is nested too deeply');
        if (!spendWork(size)) return fail(ctx, LIMIT_REASON);
        const result = callFunction(expr.name.name, args);
        if (result === TOO_LARGE) return fail(ctx, `function '${expr.name.name}' would give a result past the evaluation limits`);
        if (result === UNKNOWN) return fail(ctx, `function '${expr.name.name}' is not evaluated statically`);
        const problem = sizeProblem(result);
        return problem ? fail(ctx, problem) : result;
      }
      default:
        return fail(ctx, `${expr.kind} expressions are not evaluated statically`);
    }
  }

  private binary(expr: Extract<Expression, { kind: 'Binary' }>, ctx: Ctx): Value {
    const left = this.evaluate(expr.left, ctx);
    if (expr.operator === '&&' && left === false) return false;
    if (expr.operator === '||' && left === true) return true;
    if (expr.operator === '??' && left !== UNKNOWN && left !== null) return left;
    const right = this.evaluate(expr.right, ctx);
    if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN;
    switch (expr.operator) {
      case '??':
        return right;
      case '&&':
        return left === true && right === true;
      case '||':
        return left === true || right === true;
      case '==':
        return JSON.stringify(left) === JSON.stringify(right);
      case '!=':
        return JSON.stringify(left) !== JSON.stringify(right);
      case '=~':
      case '!~': {
        if (typeof left !== 'string' || typeof right !== 'string') return fail(ctx, `'${expr.operator}' needs strings`);
        const same = left.toLowerCase() === right.toLowerCase();
        return expr.operator === '=~' ? same : !same;
      }
      default: {
        if (typeof left !== 'number' || typeof right !== 'number') return fail(ctx, `'${expr.operator}' needs numbers`);
        switch (expr.operator) {
          case '<':
            return left < right;
          case '<=':
            return left <= right;
          case '>':
            return left > right;
          case '>=':
            return left >= right;
          case '+':
            return left + right;
          case '-':
            return left - right;
          case '*':
            return left * right;
          case '/':
            return right === 0 ? fail(ctx, 'division by zero') : Math.trunc(left / right);
          case '%':
            return right === 0 ? fail(ctx, 'division by zero') : left % right;
        }
      }
    }
  }
}

interface Ctx {
  via: Location[];
  reason: string | undefined;
}

function fail(ctx: Ctx, reason: string): Value {
  ctx.reason ??= reason;
  return UNKNOWN;
}

function unwrap(expr: Expression): Expression {
  let e = expr;
  while (e.kind === 'Parenthesized' || e.kind === 'NonNullAssertion') e = e.kind === 'Parenthesized' ? e.expression : e.base;
  return e;
}

const isObject = (v: Plain): v is { [key: string]: Plain } => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: Plain): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

/** A value as string interpolation writes it (objects and arrays as JSON), or undefined past `room` characters. */
function textOf(v: Plain, room: number): string | undefined {
  if (typeof v !== 'object' || v === null) return String(v);
  return plainSize(v, room) > room ? undefined : JSON.stringify(v);
}

/** .NET-style `{0}` placeholders, as ARM's format(); TOO_LARGE rather than a result past the string bound. */
function format(f: Plain, rest: Plain[]): Result {
  if (typeof f !== 'string' || !rest.every((x) => text(x) !== undefined)) return UNKNOWN;
  let length = 0;
  const out = f.replace(/\{\{|\}\}|\{(\d+)(?::[^}]*)?\}|[^{}]+|[{}]/g, (m, i?: string) => {
    const piece = m === '{{' ? '{' : m === '}}' ? '}' : i !== undefined ? (text(rest[Number(i)]!) ?? '') : m;
    length += piece.length;
    return length > MAX_STRING_LENGTH ? '' : piece;
  });
  return length > MAX_STRING_LENGTH ? TOO_LARGE : out;
}

function concat(a: Plain[]): Result {
  if (a.every(Array.isArray)) {
    const count = (a as Plain[][]).reduce((n, x) => n + x.length, 0);
    return count > MAX_COLLECTION_SIZE ? TOO_LARGE : (a as Plain[][]).flat();
  }
  return a.every((x) => text(x) !== undefined) ? joinBounded(a.map((x) => text(x)!), '') : UNKNOWN;
}

/** The functions Bicep shares with ARM templates that are known before deployment (names case-insensitive). */
const FUNCTIONS: Record<string, (a: Plain[]) => Result> = {
  tolower: ([s]) => (typeof s === 'string' ? s.toLowerCase() : UNKNOWN),
  toupper: ([s]) => (typeof s === 'string' ? s.toUpperCase() : UNKNOWN),
  trim: ([s]) => (typeof s === 'string' ? s.trim() : UNKNOWN),
  concat,
  format: ([f, ...rest]) => format(f!, rest),
  string: ([v]) => (v === undefined ? UNKNOWN : typeof v === 'string' ? v : typeof v === 'object' && v !== null ? JSON.stringify(v) : typeof v === 'boolean' ? (v ? 'True' : 'False') : v === null ? UNKNOWN : String(v)),
  int: ([v]) => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : UNKNOWN),
  bool: ([v]) => (typeof v === 'boolean' ? v : v === 'true' || v === 'True' ? true : v === 'false' || v === 'False' ? false : v === 1 ? true : v === 0 ? false : UNKNOWN),
  empty: ([v]) => (v === null ? true : typeof v === 'string' || Array.isArray(v) ? v.length === 0 : isObject(v) ? Object.keys(v).length === 0 : UNKNOWN),
  length: ([v]) => (typeof v === 'string' || Array.isArray(v) ? v.length : isObject(v) ? Object.keys(v).length : UNKNOWN),
  contains: ([c, v]) =>
    typeof c === 'string' && typeof v === 'string' ? c.includes(v) : Array.isArray(c) ? c.some((x) => JSON.stringify(x) === JSON.stringify(v)) : isObject(c) && typeof v === 'string' ? Object.keys(c).some((k) => k.toLowerCase() === v.toLowerCase()) : UNKNOWN,
  coalesce: (a) => a.find((x) => x !== null) ?? null,
  union: (a) => (a.every(isObject) ? Object.assign({}, ...a) : a.every(Array.isArray) ? [...new Set((a as Plain[][]).flat().map((x) => JSON.stringify(x)))].map((x) => JSON.parse(x) as Plain) : UNKNOWN),
  replace: ([s, from, to]) => (typeof s === 'string' && typeof from === 'string' && typeof to === 'string' ? replaceBounded(s, from, to) : UNKNOWN),
  substring: ([s, start, len]) => (typeof s === 'string' && typeof start === 'number' ? s.substr(start, typeof len === 'number' ? len : undefined) : UNKNOWN),
  first: ([v]) => (typeof v === 'string' ? (v[0] ?? UNKNOWN) : Array.isArray(v) && v.length ? v[0]! : UNKNOWN),
  last: ([v]) => (typeof v === 'string' ? (v.at(-1) ?? UNKNOWN) : Array.isArray(v) && v.length ? v.at(-1)! : UNKNOWN),
  startswith: ([s, p]) => (typeof s === 'string' && typeof p === 'string' ? s.toLowerCase().startsWith(p.toLowerCase()) : UNKNOWN),
  endswith: ([s, p]) => (typeof s === 'string' && typeof p === 'string' ? s.toLowerCase().endsWith(p.toLowerCase()) : UNKNOWN),
  // One item past the bound is enough to tell the result is too large.
  split: ([s, sep]) => (typeof s === 'string' && typeof sep === 'string' ? s.split(sep, MAX_COLLECTION_SIZE + 1) : UNKNOWN),
  join: ([list, sep]) => (Array.isArray(list) && typeof sep === 'string' && list.every((x) => text(x) !== undefined) ? joinBounded(list.map((x) => text(x)!), sep) : UNKNOWN),
  min: (a) => (a.every((x) => typeof x === 'number') ? Math.min(...(a as number[])) : UNKNOWN),
  max: (a) => (a.every((x) => typeof x === 'number') ? Math.max(...(a as number[])) : UNKNOWN),
};

function callFunction(name: string, args: Plain[]): Result {
  const lower = name.toLowerCase();
  const fn = Object.hasOwn(FUNCTIONS, lower) ? FUNCTIONS[lower] : undefined;
  return fn ? fn(args) : UNKNOWN;
}
