import type { Block, Body, Expression, Range } from '../../parse/hcl/ast';
import { sourceText, templateLiteralValue } from '../../parse/hcl/ast';
import { locationOfRange, spanOf, type ArrayNode, type Entry, type Node, type ObjectNode } from '../tree';

/**
 * Turns an HCL body into the positioned value tree the rules read, in the hcl2json shape: an attribute is an
 * entry; nested blocks of one type are one entry whose value is an array of objects (`site_config[0].x`);
 * `dynamic "x" { content { … } }` counts as an `x` block with that content. Literals become scalar nodes;
 * anything else is an `hcl` expression node holding its syntax tree, evaluated later by the module's scope.
 */
export function bodyToNode(body: Body, file: string, source: string, at: Range = body.range): ObjectNode {
  const entries: Entry[] = [];
  for (const attr of body.attributes) {
    entries.push({ key: attr.name, keyLocation: locationOfRange(attr.nameRange, file), value: exprToNode(attr.expr, file, source) });
  }
  const blockArrays = new Map<string, ArrayNode>();
  for (const block of body.blocks) {
    const { type, node } = nestedBlock(block, file, source);
    let array = blockArrays.get(type);
    if (!array) {
      array = { ...spanOf(block.range, file), kind: 'array', items: [] };
      blockArrays.set(type, array);
      entries.push({ key: type, keyLocation: locationOfRange(block.typeRange, file), value: array });
    }
    array.items.push(node);
  }
  return { ...spanOf(at, file), kind: 'object', entries };
}

function nestedBlock(block: Block, file: string, source: string): { type: string; node: ObjectNode } {
  if (block.type === 'dynamic' && block.labels.length === 1) {
    const content = block.body.blocks.find((b) => b.type === 'content');
    if (content) return { type: block.labels[0]!.value, node: bodyToNode(content.body, file, source, block.range) };
  }
  return { type: block.type, node: bodyToNode(block.body, file, source, block.range) };
}

export function exprToNode(expr: Expression, file: string, source: string): Node {
  const base = spanOf(expr.range, file);
  switch (expr.kind) {
    case 'Literal':
      if (typeof expr.value === 'string') return { ...base, kind: 'string', value: expr.value };
      if (typeof expr.value === 'number') return { ...base, kind: 'number', value: expr.value };
      if (typeof expr.value === 'boolean') return { ...base, kind: 'bool', value: expr.value };
      return { ...base, kind: 'null' };
    case 'Template': {
      const literal = templateLiteralValue(expr);
      if (literal !== undefined) return { ...base, kind: 'string', value: literal };
      return expression(expr, base, source);
    }
    case 'Tuple':
      return { ...base, kind: 'array', items: expr.items.map((item) => exprToNode(item, file, source)) };
    case 'Object': {
      const entries: Entry[] = [];
      for (const item of expr.items) {
        const key = staticKey(item.key);
        if (key === undefined) return expression(expr, base, source);
        entries.push({ key, keyLocation: locationOfRange(item.key.range, file), value: exprToNode(item.value, file, source) });
      }
      return { ...base, kind: 'object', entries };
    }
    case 'Parenthesized':
      return exprToNode(expr.expr, file, source);
    default:
      return expression(expr, base, source);
  }
}

/** An object key written literally: a bare name or a literal string. */
export function staticKey(key: Expression): string | undefined {
  if (key.kind === 'ScopeTraversal' && key.steps.length === 0) return key.root;
  if (key.kind === 'Template') return templateLiteralValue(key);
  if (key.kind === 'Literal' && key.value !== null) return String(key.value);
  return undefined;
}

function expression(expr: Expression, base: ReturnType<typeof spanOf>, source: string): Node {
  return { ...base, kind: 'expression', lang: 'hcl', text: sourceText(expr, source), ast: expr };
}

