import type { Attribute, Block, Body, Expression, Range } from '../../parse/hcl/ast';
import { parseHcl } from '../../parse/hcl/parseHcl';
import type { Node, ObjectNode } from '../tree';

/** Object-valued arguments that are maps, not nested blocks (a `.tf.json` file has no schema to tell). */
const MAP_ARGUMENTS = new Set(['tags', 'app_settings', 'default', 'labels', 'variables', 'inputs', 'environment']);

/**
 * Reads Terraform's JSON syntax (`.tf.json`) as the same syntax tree the native syntax gives, so the model
 * needs no second path. Top-level `resource`, `variable`, `locals`, `output` and `module` objects become
 * blocks; inside a body, an object (or an array of objects) is a nested block unless it is a known map
 * argument (`tags`, …); a string with `${…}` is a template, evaluated like HCL.
 */
export function terraformJsonBody(root: ObjectNode): Body {
  const blocks: Block[] = [];
  const attributes: Attribute[] = [];
  for (const entry of root.entries) {
    const value = entry.value;
    if (value.kind !== 'object') continue;
    const labelsFor: Record<string, number> = { resource: 2, data: 2, variable: 1, output: 1, module: 1, locals: 0, provider: 1 };
    const depth = labelsFor[entry.key];
    if (depth === undefined) continue;
    collect(entry.key, value, depth, [], blocks);
  }
  return { attributes, blocks, range: rangeOf(root) };
}

/** A `.tfvars.json` file: each top-level property sets a variable. */
export function terraformJsonVariables(root: ObjectNode): Body {
  const attributes = root.entries.map((e) => ({ name: e.key, nameRange: rangeOf(e.keyLocation), expr: expression(e.value), range: rangeOf(e.value) }));
  return { attributes, blocks: [], range: rangeOf(root) };
}

function collect(type: string, node: Node, depth: number, labels: Block['labels'], out: Block[]): void {
  if (depth > 0) {
    if (node.kind !== 'object') return;
    for (const e of node.entries) collect(type, e.value, depth - 1, [...labels, { value: e.key, range: rangeOf(e.keyLocation), quoted: true }], out);
    return;
  }
  for (const body of node.kind === 'array' ? node.items : [node]) {
    if (body.kind === 'object') out.push(block(type, labels, body));
  }
}

function block(type: string, labels: Block['labels'], node: ObjectNode): Block {
  const r = rangeOf(node);
  return { type, typeRange: labels[0]?.range ?? r, labels, body: bodyOf(node), range: r, openBraceRange: r, closeBraceRange: r };
}

function bodyOf(node: ObjectNode): Body {
  const attributes: Attribute[] = [];
  const blocks: Block[] = [];
  for (const e of node.entries) {
    const v = e.value;
    const nested = !MAP_ARGUMENTS.has(e.key) && (v.kind === 'object' || (v.kind === 'array' && v.items.length > 0 && v.items.every((i) => i.kind === 'object')));
    if (nested) {
      for (const item of v.kind === 'array' ? v.items : [v]) blocks.push(block(e.key, [], item as ObjectNode));
    } else {
      attributes.push({ name: e.key, nameRange: rangeOf(e.keyLocation), expr: expression(v), range: rangeOf(v) });
    }
  }
  return { attributes, blocks, range: rangeOf(node) };
}

function expression(node: Node): Expression {
  const range = rangeOf(node);
  switch (node.kind) {
    case 'string': {
      if (!node.value.includes('${')) return { kind: 'Template', parts: node.value ? [{ kind: 'Literal', value: node.value, range }] : [], range };
      const parsed = parseHcl(`x = ${JSON.stringify(node.value)}\n`, 'template');
      const expr = parsed.body?.attributes[0]?.expr;
      // The template's parts keep their own positions; the expression stands where the JSON string is.
      return expr && !parsed.diagnostics.length ? { ...expr, range } : { kind: 'Template', parts: [{ kind: 'Literal', value: node.value, range }], range };
    }
    case 'number':
    case 'bool':
      return { kind: 'Literal', value: node.value, range };
    case 'null':
      return { kind: 'Literal', value: null, range };
    case 'array':
      return { kind: 'Tuple', items: node.items.map((i) => expression(i)), range };
    case 'object':
      return {
        kind: 'Object',
        items: node.entries.map((e) => ({
          key: { kind: 'Template', parts: [{ kind: 'Literal', value: e.key, range: rangeOf(e.keyLocation) }], range: rangeOf(e.keyLocation) },
          value: expression(e.value),
          separator: ':',
          range: rangeOf(e.keyLocation),
        })),
        range,
      };
    default:
      return { kind: 'Literal', value: null, range };
  }
}

function rangeOf(n: { line: number; column: number; endLine: number; endColumn: number; offset?: number; length?: number }): Range {
  const offset = n.offset ?? 0;
  return {
    start: { line: n.line, column: n.column, offset },
    end: { line: n.endLine, column: n.endColumn, offset: offset + (n.length ?? 0) },
  };
}
