import type { Expression, TraversalStep } from '../../parse/hcl/ast';
import { locationOf, type Location, type Node } from '../../model/tree';
import { lookupEntry } from '../entryIndex';
import { cyclicNames, forEachExpression, forEachSyntaxNode } from '../cycles';
import { EvaluationBudget, LIMIT_REASON, limitHit, MAX_STRING_LENGTH, spendWork, stringTooLong, takeStep } from '../limits';
import { unknown, type Resolution, type Scope } from '../scope';
import {
  addVia,
  argumentsSize,
  plainOf,
  plainResolution,
  resolveOnce,
  sizeProblem,
  throughReference,
  TOO_LARGE,
  UNKNOWN,
  type Plain,
  type Value,
} from '../plainValue';
import { callFunction, isEvaluated } from './hclFunctions';

/** What a module's variables and locals are bound to. */
export interface ModuleValues {
  /** `variable "x" { default = … }`: the default's node. */
  defaults: Map<string, Node>;
  /** Values set from outside (terraform.tfvars, *.auto.tfvars, a module call), with the scope that evaluates them. */
  bindings: Map<string, { node: Node; scope: Scope }>;
  /** `locals { x = … }`. */
  locals: Map<string, Node>;
}

/**
 * Evaluates the HCL expressions of one Terraform module: variables (a tfvars or module-call value, else the
 * default), locals, literals, templates, conditionals, operators and common functions. References to
 * resources, data sources, other modules, `count`, `each` and `self` are unknown — and unknown never makes a
 * finding. A value read from a variable or a local comes back as the node where it is written, so a finding
 * can point to it.
 */
export class HclScope implements Scope {
  /** What this module's evaluation has spent, over all resolves (see `../limits`). */
  private readonly budget = new EvaluationBudget();
  /** Resolved expressions: a local used many times is evaluated once. */
  private readonly cache = new Map<Node, Resolution>();
  /** Names of the locals on a reference cycle, found on first use. */
  private cyclic: Set<string> | undefined;

  constructor(private readonly values: ModuleValues) {}

  resolve(node: Node): Resolution {
    if (node.kind !== 'expression') return { known: true, node, scope: this, via: [] };
    if (node.lang !== 'hcl') return unknown(`${node.lang} expressions are not evaluated in Terraform`);
    return resolveOnce(this.budget, this.cache, node, () => this.compute(node));
  }

  private compute(node: Node & { kind: 'expression' }): Resolution {
    const expr = unwrap(node.ast as Expression);
    if (expr.kind === 'ScopeTraversal' && (expr.root === 'var' || expr.root === 'local')) return throughReference(this.reference(expr.root, expr.steps));
    const ctx: EvalContext = { via: [], reason: undefined };
    return plainResolution(this.evaluate(expr, ctx), node, this, ctx.via, ctx.reason);
  }

  limitHits(): number {
    return this.budget.limitHits;
  }

  /** The node a `var.x…` / `local.x…` reference reads, walking its steps through literal objects and lists. */
  private reference(root: 'var' | 'local', steps: TraversalStep[]): Resolution {
    const [first, ...rest] = steps;
    if (first?.kind !== 'attr') return unknown(`'${root}' needs a name`);
    let node: Node | undefined;
    let scope: Scope = this;
    if (root === 'local' && this.cyclicLocals().has(first.name)) {
      limitHit(this.budget);
      return unknown(LIMIT_REASON);
    }
    if (root === 'local') node = this.values.locals.get(first.name);
    else {
      const bound = this.values.bindings.get(first.name);
      if (bound) ({ node, scope } = bound);
      else node = this.values.defaults.get(first.name);
    }
    if (!node) return unknown(root === 'var' ? `variable '${first.name}' has no default value` : `local value '${first.name}' is not defined`);
    const via: Location[] = [locationOf(node)];
    for (const step of rest) {
      const resolved = scope.resolve(node);
      if (!resolved.known) return resolved;
      addVia(via, resolved.via);
      const key = step.kind === 'attr' ? step.name : step.key;
      const value = resolved.node;
      let next: Node | undefined;
      if (value.kind === 'object' && key !== null) next = lookupEntry(value, String(key), false)?.value;
      else if (value.kind === 'array' && typeof key === 'number') next = value.items[key];
      // Reading what a known value does not have is an error (try() falls back on it), not an unknown.
      if (!next) return { ...unknown(`'${root}.${first.name}' has no element '${String(key)}'`), error: true } as Resolution;
      node = next;
      scope = resolved.scope;
      addVia(via, [locationOf(node)]);
    }
    return { known: true, node, scope, via };
  }

  /** The locals that refer to themselves through `local.…` (see `../cycles`). */
  private cyclicLocals(): Set<string> {
    if (!this.cyclic) {
      const references = new Map<string, Set<string>>();
      for (const [name, node] of this.values.locals) {
        const used = new Set<string>();
        forEachExpression(node, (expr) => {
          if (expr.lang !== 'hcl') return;
          forEachSyntaxNode(expr.ast, (n) => {
            const steps = n['steps'] as TraversalStep[] | undefined;
            if (n['kind'] === 'ScopeTraversal' && n['root'] === 'local' && steps?.[0]?.kind === 'attr') used.add(steps[0].name);
          });
        });
        references.set(name, used);
      }
      this.cyclic = cyclicNames(references);
    }
    return this.cyclic;
  }

  private evaluate(expr: Expression, ctx: EvalContext): Value {
    if (!takeStep()) return fail(ctx, LIMIT_REASON);
    switch (expr.kind) {
      case 'Literal':
        return expr.value;
      case 'Parenthesized':
        return this.evaluate(expr.expr, ctx);
      case 'Template': {
        if (expr.parts.length === 1 && expr.parts[0]!.kind === 'TemplateInterpolation') return this.evaluate(expr.parts[0].expr, ctx);
        let out = '';
        for (const part of expr.parts) {
          let text: string;
          if (part.kind === 'Literal') text = String(part.value);
          else if (part.kind === 'TemplateInterpolation') {
            const v = this.evaluate(part.expr, ctx);
            if (v === UNKNOWN) return UNKNOWN;
            if (typeof v === 'object' && v !== null) return fail(ctx, 'a template interpolates a list or an object');
            text = v === null ? '' : String(v);
          } else return fail(ctx, 'template directives are not evaluated statically');
          if (out.length + text.length > MAX_STRING_LENGTH) return fail(ctx, stringTooLong);
          if (!spendWork(text.length)) return fail(ctx, LIMIT_REASON);
          out += text;
        }
        return out;
      }
      case 'Tuple': {
        const items: Plain[] = [];
        for (const item of expr.items) {
          const v = this.evaluate(item, ctx);
          if (v === UNKNOWN) return UNKNOWN;
          items.push(v);
        }
        return items;
      }
      case 'Object': {
        const out: Record<string, Plain> = {};
        for (const item of expr.items) {
          const key = item.key.kind === 'ScopeTraversal' && item.key.steps.length === 0 ? item.key.root : this.evaluate(item.key, ctx);
          if (key === UNKNOWN) return UNKNOWN;
          const v = this.evaluate(item.value, ctx);
          if (v === UNKNOWN) return UNKNOWN;
          out[String(key)] = v;
        }
        return out;
      }
      case 'ScopeTraversal': {
        if (expr.root !== 'var' && expr.root !== 'local') return fail(ctx, `'${expr.root}…' refers to something known only when Terraform runs`);
        const target = this.reference(expr.root, expr.steps);
        if (!target.known) return fail(ctx, target.reason, (target as { error?: boolean }).error === true);
        addVia(ctx.via, target.via);
        return plainOf(target.node, target.scope, ctx);
      }
      case 'FunctionCall':
        return this.call(expr, ctx);
      case 'Conditional': {
        const c = this.evaluate(expr.condition, ctx);
        if (c === UNKNOWN) return UNKNOWN;
        if (typeof c !== 'boolean') return fail(ctx, 'a condition is not a boolean');
        return this.evaluate(c ? expr.trueExpr : expr.falseExpr, ctx);
      }
      case 'UnaryOp': {
        const v = this.evaluate(expr.operand, ctx);
        if (v === UNKNOWN) return UNKNOWN;
        if (expr.op === '!') return typeof v === 'boolean' ? !v : fail(ctx, "'!' needs a boolean");
        return typeof v === 'number' ? -v : fail(ctx, "'-' needs a number");
      }
      case 'BinaryOp':
        return this.binary(expr, ctx);
      case 'Index': {
        const collection = this.evaluate(expr.collection, ctx);
        const key = this.evaluate(expr.key, ctx);
        if (collection === UNKNOWN || key === UNKNOWN) return UNKNOWN;
        return index(collection, key, ctx);
      }
      case 'GetAttr': {
        const source = this.evaluate(expr.source, ctx);
        if (source === UNKNOWN) return UNKNOWN;
        return index(source, expr.name, ctx);
      }
      default:
        return fail(ctx, `${expr.kind} expressions are not evaluated statically`);
    }
  }

  private call(expr: Extract<Expression, { kind: 'FunctionCall' }>, ctx: EvalContext): Value {
    if (expr.name === 'try') {
      // The first argument that evaluates; unknown if an earlier one might still succeed at apply time.
      for (const arg of expr.args) {
        const probe: EvalContext = { via: [], reason: undefined };
        const v = this.evaluate(arg, probe);
        if (v !== UNKNOWN) {
          addVia(ctx.via, probe.via);
          return v;
        }
        if (!probe.failed) return fail(ctx, probe.reason ?? 'try() depends on an unknown value');
      }
      return fail(ctx, 'no argument of try() can be evaluated');
    }
    if (expr.name === 'can') {
      const probe: EvalContext = { via: [], reason: undefined };
      const v = this.evaluate(expr.args[0]!, probe);
      if (v !== UNKNOWN) return true;
      return probe.failed ? false : fail(ctx, probe.reason ?? 'can() depends on an unknown value');
    }
    if (!isEvaluated(expr.name) || expr.expandFinal) return fail(ctx, `function '${expr.name}' is not evaluated statically`);
    const args: Plain[] = [];
    for (const arg of expr.args) {
      const v = this.evaluate(arg, ctx);
      if (v === UNKNOWN) return UNKNOWN;
      args.push(v);
    }
    // A function reads its arguments: their size is work, and a result past the size bounds is unknown.
    const size = argumentsSize(args);
    if (size === Infinity) return fail(ctx, 'value is nested too deeply');
    if (!spendWork(size)) return fail(ctx, LIMIT_REASON);
    const result = callFunction(expr.name, args);
    if (result === TOO_LARGE) return fail(ctx, `${expr.name}() would give a result past the evaluation limits`);
    if (result === UNKNOWN) return fail(ctx, `${expr.name}() cannot be evaluated with these arguments`, true);
    const problem = sizeProblem(result);
    return problem ? fail(ctx, problem) : result;
  }

  private binary(expr: Extract<Expression, { kind: 'BinaryOp' }>, ctx: EvalContext): Value {
    const left = this.evaluate(expr.left, ctx);
    if (expr.op === '&&' && left === false) return false;
    if (expr.op === '||' && left === true) return true;
    const right = this.evaluate(expr.right, ctx);
    if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN;
    switch (expr.op) {
      case '&&':
      case '||':
        return typeof left === 'boolean' && typeof right === 'boolean' ? (expr.op === '&&' ? left && right : left || right) : fail(ctx, `'${expr.op}' needs booleans`, true);
      case '==':
        return JSON.stringify(left) === JSON.stringify(right);
      case '!=':
        return JSON.stringify(left) !== JSON.stringify(right);
      default: {
        const a = typeof left === 'string' ? Number(left) : left;
        const b = typeof right === 'string' ? Number(right) : right;
        if (typeof a !== 'number' || typeof b !== 'number' || Number.isNaN(a) || Number.isNaN(b)) return fail(ctx, `'${expr.op}' needs numbers`, true);
        switch (expr.op) {
          case '<':
            return a < b;
          case '<=':
            return a <= b;
          case '>':
            return a > b;
          case '>=':
            return a >= b;
          case '+':
            return a + b;
          case '-':
            return a - b;
          case '*':
            return a * b;
          case '/':
            return b === 0 ? fail(ctx, 'division by zero', true) : a / b;
          case '%':
            return b === 0 ? fail(ctx, 'division by zero', true) : a % b;
        }
      }
    }
  }
}

interface EvalContext {
  via: Location[];
  reason: string | undefined;
  /** The value is not just unknown: evaluating it is an error (for try/can). */
  failed?: boolean;
}

function fail(ctx: EvalContext, reason: string, isError = false): Value {
  ctx.reason ??= reason;
  if (isError) ctx.failed = true;
  return UNKNOWN;
}

/** `"${x}"` and `(x)` are `x`. */
function unwrap(expr: Expression): Expression {
  let e = expr;
  for (;;) {
    if (e.kind === 'Parenthesized') e = e.expr;
    else if (e.kind === 'Template' && e.parts.length === 1 && e.parts[0]!.kind === 'TemplateInterpolation') e = e.parts[0].expr;
    else return e;
  }
}

function index(collection: Plain, key: Plain, ctx: EvalContext): Value {
  if (Array.isArray(collection) && typeof key === 'number') return key in collection ? collection[key]! : fail(ctx, 'index out of range', true);
  if (collection && typeof collection === 'object' && !Array.isArray(collection) && key !== null && typeof key !== 'object') {
    const k = String(key);
    // Own properties only: `constructor` or `toString` is not an attribute of every object.
    return Object.hasOwn(collection, k) ? collection[k]! : fail(ctx, `no attribute '${k}'`, true);
  }
  return fail(ctx, 'cannot index this value', true);
}
