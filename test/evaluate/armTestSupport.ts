import { expect } from 'vitest';
import { createArmScope } from '../../src/evaluate/arm/armScope';
import type { Resolution, Scope } from '../../src/evaluate/scope';
import { parseJson } from '../../src/parse/json/parseJson';
import { getValue } from '../../src/model/tree';
import type { ExpressionNode, Node, ObjectNode } from '../../src/model/tree';

export function parseTemplate(text: string, file = 'main.json'): ObjectNode {
  const { root, diagnostics } = parseJson(text, file, { armExpressions: true });
  expect(diagnostics).toEqual([]);
  expect(root?.kind).toBe('object');
  return root as ObjectNode;
}

/** An expression node `[text]` standing on line 1 of `expr.json`. */
export function expressionNode(text: string): ExpressionNode {
  const { root } = parseJson(JSON.stringify(`[${text}]`), 'expr.json', { armExpressions: true });
  expect(root?.kind).toBe('expression');
  return root as ExpressionNode;
}

/** Follows a dotted path of object keys and array indexes. */
export function at(node: Node, path: string): Node {
  let current = node;
  for (const part of path.split('.')) {
    if (current.kind === 'array') current = current.items[Number(part)]!;
    else if (current.kind === 'object') current = getValue(current, part)!;
    else throw new Error(`no '${part}' in a ${current.kind}`);
    expect(current, path).toBeDefined();
  }
  return current;
}

/** The value of a resolution as plain data, resolving nested expressions through the returned scope. */
export function plain(resolution: Resolution): unknown {
  if (!resolution.known) return { unknown: resolution.reason };
  const { node, scope } = resolution;
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) out[e.key] = plain(scope.resolve(e.value));
      return out;
    }
    case 'array':
      return node.items.map((item) => plain(scope.resolve(item)));
    case 'null':
      return null;
    case 'expression':
      throw new Error('a resolution must not return an expression');
    default:
      return node.value;
  }
}

export function evaluate(scope: Scope, expression: string): unknown {
  return plain(scope.resolve(expressionNode(expression)));
}

export function scopeOf(text: string): { template: ObjectNode; scope: Scope } {
  const template = parseTemplate(text);
  return { template, scope: createArmScope(template) };
}

export function lines(resolution: Resolution): number[] {
  return resolution.known ? resolution.via.map((l) => l.line) : [];
}
