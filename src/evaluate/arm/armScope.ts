import { findEntry, getString } from '../../model/tree';
import type { ExpressionNode, Node, ObjectNode } from '../../model/tree';
import { unknown } from '../scope';
import type { Resolution, Scope } from '../scope';
import { toNode } from './deepValues';
import { evaluateAst } from './evaluateAst';
import type { EvalEnv } from './evaluateAst';
import { ExpressionSyntaxError, parseArmExpression } from './expressionParser';
import type { ArmAst } from './expressionParser';
import { LIMIT_REASON, withDepth } from './limits';
import { firstSecretRead, isListFunction, SECRET_READ_DEPTH } from '../secretReads';
import { follow, isUnknown, limitReached, mergeVia } from './values';
import type { Outcome, ValueScope, Via } from './values';

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
  private readonly env: EvalEnv = {
    parameter: (name) => this.memo(this.parameterCache, name, () => this.parameter(name)),
    variable: (name) => this.memo(this.variableCache, name, () => this.variable(name)),
  };

  constructor(
    template: ObjectNode,
    private readonly bindings: Map<string, { node: Node; scope: Scope }> | undefined,
  ) {
    const parameters = findEntry(template, 'parameters', true)?.value;
    const variables = findEntry(template, 'variables', true)?.value;
    this.parameters = parameters?.kind === 'object' ? parameters : undefined;
    this.variables = variables?.kind === 'object' ? variables : undefined;
  }

  resolve(node: Node): Resolution {
    if (node.kind !== 'expression') return { known: true, node, scope: this, via: [] };
    return withDepth((): Resolution => {
      const value = this.evaluateNode(node);
      if (isUnknown(value)) return value;
      if (value.t === 'ref') return { known: true, node: value.node, scope: value.scope, via: [...value.via] };
      const sink: Via[] = [value.via];
      const built = toNode(value, node, this, sink);
      if (isUnknown(built)) return built;
      return { known: true, node: built, scope: this, via: [...mergeVia(...sink)] };
    }, limitReached);
  }

  secretRead(node: Node, depth = 0): string | undefined {
    if (depth > SECRET_READ_DEPTH) return undefined;
    return firstSecretRead(node, (expr) => {
      if (expr.lang !== 'arm') return undefined;
      const ast = parsedExpression(expr);
      return ast instanceof ExpressionSyntaxError ? undefined : this.secretInAst(ast, depth);
    });
  }

  private secretInAst(ast: ArmAst, depth: number): string | undefined {
    switch (ast.kind) {
      case 'member':
        return this.secretInAst(ast.target, depth);
      case 'index':
        return this.secretInAst(ast.target, depth) ?? this.secretInAst(ast.index, depth);
      case 'call': {
        if (isListFunction(ast.name)) return `calls ${ast.name}()`;
        const name = ast.args[0]?.kind === 'string' ? ast.args[0].value : undefined;
        const lower = ast.name.toLowerCase();
        if (lower === 'parameters' && name !== undefined && this.isSecureParameter(name)) return `reads the secure parameter '${name}'`;
        if (lower === 'variables' && name !== undefined) {
          const entry = this.variables && findEntry(this.variables, name, true);
          const read = entry && this.secretRead(entry.value, depth + 1);
          if (read) return `${read} (through the variable '${name}')`;
        }
        for (const arg of ast.args) {
          const read = this.secretInAst(arg, depth);
          if (read) return read;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private isSecureParameter(name: string): boolean {
    const declaration = this.parameters && findEntry(this.parameters, name, true);
    if (declaration?.value.kind !== 'object') return false;
    return /^secure(string|object)$/i.test(getString(declaration.value, 'type') ?? '');
  }

  evaluateNode(node: ExpressionNode): Outcome {
    if (node.lang !== 'arm') return unknown(`${node.lang} expressions are not evaluated in an ARM template`);
    const ast = parsedExpression(node);
    if (ast instanceof ExpressionSyntaxError) return unknown(`invalid expression: ${ast.message}`);
    return withDepth(() => {
      try {
        return evaluateAst(ast, this.env);
      } catch (err) {
        // The depth limits keep recursion shallow; this is the backstop for a stack that is small anyway.
        if (err instanceof RangeError) return limitReached();
        throw err;
      }
    }, limitReached);
  }

  /** Parameters and variables are fixed per scope; an evaluation cut short by the budget is not kept. */
  private memo(cache: Map<string, Outcome>, name: string, compute: () => Outcome): Outcome {
    const key = name.toLowerCase();
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const value = compute();
    if (!(isUnknown(value) && value.reason === LIMIT_REASON)) cache.set(key, value);
    return value;
  }

  private parameter(name: string): Outcome {
    const bound = this.bindings?.get(name.toLowerCase());
    if (bound) return follow(bound.node, bound.scope, [], true);
    const declaration = this.parameters && findEntry(this.parameters, name, true);
    if (!declaration) return unknown(`parameter '${name}' is not declared`);
    if (declaration.value.kind !== 'object') return unknown(`parameter '${declaration.key}' is not declared as an object`);
    const defaultValue = findEntry(declaration.value, 'defaultValue', true);
    if (!defaultValue) return unknown(`parameter '${declaration.key}' has no default value`);
    return follow(defaultValue.value, this, [], true);
  }

  private variable(name: string): Outcome {
    const lower = name.toLowerCase();
    if (this.variables && lower !== 'copy') {
      const entry = findEntry(this.variables, name, true);
      if (entry) return follow(entry.value, this, [], true);
    }
    const copy = this.variables && findEntry(this.variables, 'copy', true)?.value;
    if (copy?.kind === 'array') {
      const looped = copy.items.some((item) => item.kind === 'object' && getString(item, 'name')?.toLowerCase() === lower);
      if (looped) return unknown(`variable '${name}' is created by a copy loop`);
    }
    return unknown(`variable '${name}' is not defined`);
  }
}
