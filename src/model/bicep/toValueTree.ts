import type { Expression, ObjectExpression } from '../../parse/bicep/ast';
import { locationOfRange, spanOf, type Entry, type Node, type ObjectNode } from '../tree';

/**
 * Turns a Bicep expression into the positioned value tree the rules read: literals become scalar nodes,
 * arrays and objects (without spreads) become arrays and objects, anything else a `bicep` expression node
 * holding its syntax tree, evaluated later by the file's scope.
 */
export function exprToNode(expr: Expression, file: string, source: string): Node {
  const base = spanOf(expr.range, file);
  switch (expr.kind) {
    case 'String':
    case 'MultilineString':
      return { ...base, kind: 'string', value: expr.value };
    case 'Integer':
      return { ...base, kind: 'number', value: expr.value };
    case 'Boolean':
      return { ...base, kind: 'bool', value: expr.value };
    case 'Null':
      return { ...base, kind: 'null' };
    case 'Parenthesized':
      return exprToNode(expr.expression, file, source);
    case 'Array':
      if (expr.items.some((i) => i.kind === 'Spread')) break;
      return { ...base, kind: 'array', items: expr.items.map((i) => exprToNode(i as Expression, file, source)) };
    case 'Object': {
      const node = objectToNode(expr, file, source);
      if (node) return node;
      break;
    }
    case 'For': {
      // `[for x in xs: {…}]` is judged once, as written (like an ARM property copy loop); the loop
      // variable is unknown inside it.
      const body = expr.body.kind === 'IfCondition' ? expr.body.body : expr.body;
      if (body.kind === 'Error') break;
      return { ...base, kind: 'array', items: [exprToNode(body, file, source)] };
    }
    default:
      break;
  }
  return { ...base, kind: 'expression', lang: 'bicep', text: source.slice(expr.range.start.offset, expr.range.end.offset), ast: expr };
}

/** An object literal; undefined when it has a spread or a computed key (then it is an expression). */
export function objectToNode(expr: ObjectExpression, file: string, source: string): ObjectNode | undefined {
  const entries: Entry[] = [];
  for (const p of expr.properties) {
    if (p.kind !== 'ObjectProperty' || p.keyName === undefined) return undefined;
    entries.push({ key: p.keyName, keyLocation: locationOfRange(p.key.range, file), value: exprToNode(p.value, file, source) });
  }
  return { ...spanOf(expr.range, file), kind: 'object', entries };
}

