import { getString } from '../../model/tree';
import type { ExpressionNode, Node, ObjectNode } from '../../model/tree';
import { cyclicNames, forEachExpression, forEachSyntaxNode } from '../cycles';
import { lookupEntry } from '../entryIndex';
import { unknown } from '../scope';
import type { Resolution, Scope } from '../scope';
import { toNode } from './deepValues';
import { evaluateAst } from './evaluateAst';
import type { EvalEnv } from './evaluateAst';
import { ExpressionSyntaxError, parseArmExpression } from './expressionParser';
import type { ArmAst } from './expressionParser';
import { EvaluationBudget, LIMIT_REASON, limitHit, MAX_SCOPE_RETAINED, MAX_VIA, NODE_COST, remember, withBudget } from './limits';
import { firstSecretRead, isListFunction, SECRET_READ_DEPTH } from '../secretReads';
import { follow, isUnknown, limitReached, mergeViaLists } from './values';
import type { ArmValue, Outcome, ValueScope, Via } from './values';

export interface ArmScopeOptions {
  /**
   * Values bound from outside, keyed by lower-case parameter name (a nested deployment's
   * `properties.parameters.X.value`, with the scope that evaluates it). They win over defaultValue.
   */
  parameterValues?: Map<string, { node: Node; scope: Scope }>;
}

/** The scope that evaluates the ARM expressions of one template (a file, or a nested template). */
export function createArmScope(template: ObjectNode, options?: ArmScopeOptions): Scope {
  return new ArmScope(template, options?.parameterValues);
}

/** The parsed expression, cached on the node; a syntax error is cached too. */
export function parsedExpression(node: ExpressionNode): ArmAst | ExpressionSyntaxError {
  if (node.ast === undefined) {
    try {
      node.ast = parseArmExpression(node.text);
    } catch (err) {
      if (!(err instanceof ExpressionSyntaxError)) throw err;
      node.ast = err;
    }
  }
  return node.ast as ArmAst | ExpressionSyntaxError;
}

class ArmScope implements ValueScope {
  private readonly parameters: ObjectNode | undefined;
  private readonly variables: ObjectNode | undefined;
  private readonly parameterCache = new Map<string, Outcome>();
  private readonly variableCache = new Map<string, Outcome>();
  /** What this template's evaluation has spent, over all resolves. */
  private readonly budget = new EvaluationBudget();
  /** Secret reads of variables, by lower-case name and depth (a variable used many times is walked once). */
  private readonly secretCache = new Map<string, string | null>();
  /** Lower-case names of the variables on a reference cycle, found on first use. */
  private cyclic: Set<string> | undefined;
  private readonly env: EvalEnv = {
    parameter: (name) => this.memo(this.parameterCache, name, () => this.parameter(name)),
    variable: (name) => this.memo(this.variableCache, name, () => this.variable(name)),
  };

  constructor(
    template: ObjectNode,
    private readonly bindings: Map<string, { node: Node; scope: Scope }> | undefined,
  ) {
    const parameters = lookupEntry(template, 'parameters', true)?.value;
    const variables = lookupEntry(template, 'variables', true)?.value;
    this.parameters = parameters?.kind === 'object' ? parameters : undefined;
    this.variables = variables?.kind === 'object' ? variables : undefined;
  }

  resolve(node: Node): Resolution {
    if (node.kind !== 'expression') return { known: true, node, scope: this, via: [] };
    return withBudget(
      this.budget,
      (): Resolution => {
        const value = this.evaluateNode(node);
        if (isUnknown(value)) return value;
        if (value.t === 'ref') return { known: true, node: value.node, scope: value.scope, via: value.via.slice(0, MAX_VIA) };
        const sink: Via[] = [value.via];
        const built = toNode(value, node, this, sink);
        if (isUnknown(built)) return built;
        return { known: true, node: built, scope: this, via: [...mergeViaLists(sink)] };
      },
      limitReached,
    );
  }

  limitHits(): number {
    return this.budget.limitHits;
  }

  secretRead(node: Node, depth = 0): string | undefined {
    if (depth > SECRET_READ_DEPTH) return undefined;
    return firstSecretRead(node, (expr) => {
      if (expr.lang !== 'arm') return undefined;
      const ast = parsedExpression(expr);
      return ast instanceof ExpressionSyntaxError ? undefined : this.secretInAst(ast, depth);
    });
  }

  private secretInAst(root: ArmAst, depth: number): string | undefined {
    // In the order written; its own stack, as an expression can be nested hundreds of levels deep.
    const stack: ArmAst[] = [root];
    while (stack.length > 0) {
      const ast = stack.pop()!;
      switch (ast.kind) {
        case 'member':
          stack.push(ast.target);
          break;
        case 'index':
          stack.push(ast.index, ast.target);
          break;
        case 'call': {
          if (isListFunction(ast.name)) return `calls ${ast.name}()`;
          const name = ast.args[0]?.kind === 'string' ? ast.args[0].value : undefined;
          const lower = ast.name.toLowerCase();
          if (lower === 'parameters' && name !== undefined && this.isSecureParameter(name)) return `reads the secure parameter '${name}'`;
          if (lower === 'variables' && name !== undefined) {
            const read = this.variableSecretRead(name, depth + 1);
            if (read) return `${read} (through the variable '${name}')`;
          }
          for (let i = ast.args.length - 1; i >= 0; i--) stack.push(ast.args[i]!);
          break;
        }
        default:
          break;
      }
    }
    return undefined;
  }

  private variableSecretRead(name: string, depth: number): string | undefined {
    const key = `${depth}:${name.toLowerCase()}`;
    let read = this.secretCache.get(key);
    if (read === undefined) {
      const entry = this.variables && lookupEntry(this.variables, name, true);
      read = (entry && this.secretRead(entry.value, depth)) || null;
      this.secretCache.set(key, read);
    }
    return read ?? undefined;
  }

  /** The variables that refer to themselves through `variables('…')` with a literal name (see `../cycles`). */
  private cyclicVariables(): Set<string> {
    if (!this.cyclic) {
      const references = new Map<string, Set<string>>();
      for (const entry of this.variables?.entries ?? []) {
        const name = entry.key.toLowerCase();
        if (name === 'copy') continue;
        const used = new Set<string>();
        forEachExpression(entry.value, (expr) => {
          const ast = expr.lang === 'arm' ? parsedExpression(expr) : undefined;
          if (!ast || ast instanceof ExpressionSyntaxError) return;
          forEachSyntaxNode(ast, (n) => {
            const first = (n['args'] as ArmAst[] | undefined)?.[0];
            if (n['kind'] === 'call' && String(n['name']).toLowerCase() === 'variables' && first?.kind === 'string') used.add(first.value.toLowerCase());
          });
        });
        references.set(name, used);
      }
      this.cyclic = cyclicNames(references);
    }
    return this.cyclic;
  }

  private isSecureParameter(name: string): boolean {
    const declaration = this.parameters && lookupEntry(this.parameters, name, true);
    if (declaration?.value.kind !== 'object') return false;
    return /^secure(string|object)$/i.test(getString(declaration.value, 'type') ?? '');
  }

  evaluateNode(node: ExpressionNode): Outcome {
    if (node.lang !== 'arm') return unknown(`${node.lang} expressions are not evaluated in an ARM template`);
    const ast = parsedExpression(node);
    if (ast instanceof ExpressionSyntaxError) return unknown(`invalid expression: ${ast.message}`);
    return withBudget(this.budget, () => evaluateAst(ast, this.env), limitReached);
  }

  /** Parameters and variables are fixed per scope; an evaluation cut short by a limit is not kept. */
  private memo(cache: Map<string, Outcome>, name: string, compute: () => Outcome): Outcome {
    const kept = this.budget.retainedStrings;
    return remember(cache, name.toLowerCase(), this.budget, compute, (v) => !isUnknown(v), (v, strings) => retainedSize(v, kept, strings));
  }

  private parameter(name: string): Outcome {
    const bound = this.bindings?.get(name.toLowerCase());
    if (bound) return follow(bound.node, bound.scope, [], true);
    const declaration = this.parameters && lookupEntry(this.parameters, name, true);
    if (!declaration) return unknown(`parameter '${name}' is not declared`);
    if (declaration.value.kind !== 'object') return unknown(`parameter '${declaration.key}' is not declared as an object`);
    const defaultValue = lookupEntry(declaration.value, 'defaultValue', true);
    if (!defaultValue) return unknown(`parameter '${declaration.key}' has no default value`);
    return follow(defaultValue.value, this, [], true);
  }

  private variable(name: string): Outcome {
    const lower = name.toLowerCase();
    if (this.variables && lower !== 'copy' && this.cyclicVariables().has(lower)) {
      limitHit(this.budget);
      return unknown(LIMIT_REASON);
    }
    if (this.variables && lower !== 'copy') {
      const entry = lookupEntry(this.variables, name, true);
      if (entry) return follow(entry.value, this, [], true);
    }
    const copy = this.variables && lookupEntry(this.variables, 'copy', true)?.value;
    if (copy?.kind === 'array') {
      const looped = copy.items.some((item) => item.kind === 'object' && getString(item, 'name')?.toLowerCase() === lower);
      if (looped) return unknown(`variable '${name}' is created by a copy loop`);
    }
    return unknown(`variable '${name}' is not defined`);
  }
}

/**
 * Work units a memoised value keeps alive: its computed strings and containers, each counted once however
 * often it is shared (template nodes are there anyway; values wrapping the same string share it). Walking it
 * costs no more than building it did.
 */
function retainedSize(value: Outcome, kept: ReadonlySet<string>, strings: Set<string>): number {
  if (isUnknown(value)) return 1;
  let total = 0;
  const seen = new Set<ArmValue>();
  const stack: ArmValue[] = [value];
  while (stack.length > 0 && total <= MAX_SCOPE_RETAINED) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    total += NODE_COST;
    if (v.t === 'string' && !strings.has(v.value) && !kept.has(v.value)) {
      strings.add(v.value);
      total += v.value.length;
    } else if (v.t === 'array') for (const item of v.items) stack.push(item);
    else if (v.t === 'object') {
      for (const e of v.entries) {
        total += e.key.length;
        stack.push(e.value);
      }
    }
  }
  return total;
}
