import type { Expression, Range, TemplatePart, TraversalStep } from '../../../src/parse/hcl/ast';

/**
 * A compact, readable rendering of an expression tree for table tests:
 * `(+ 1 (* 2 3))`, `var.x.y[0]`, `f(a, b...)`, `(tmpl "a" ${x})`, `[for v in xs : v if c]`, …
 */
export function show(e: Expression | TemplatePart): string {
  switch (e.kind) {
    case 'Literal':
      return typeof e.value === 'string' ? JSON.stringify(e.value) : String(e.value);
    case 'Template': {
      const tag = e.heredoc ? `<<${e.heredoc.indented ? '-' : ''}${e.heredoc.marker}` : 'tmpl';
      return `(${[tag, ...e.parts.map(show)].join(' ')})`;
    }
    case 'TemplateInterpolation':
      return `\${${e.stripLeft ? '~' : ''}${show(e.expr)}${e.stripRight ? '~' : ''}}`;
    case 'TemplateIf':
      return `(%if ${show(e.condition)} [${e.then.map(show).join(' ')}]${e.else ? ` else [${e.else.map(show).join(' ')}]` : ''})`;
    case 'TemplateFor':
      return `(%for ${e.keyVar ? e.keyVar.name + ', ' : ''}${e.valueVar.name} in ${show(e.collection)} [${e.body.map(show).join(' ')}])`;
    case 'Tuple':
      return `[${e.items.map(show).join(', ')}]`;
    case 'Object':
      return `{${e.items.map((i) => `${show(i.key)} ${i.separator} ${show(i.value)}`).join(', ')}}`;
    case 'ScopeTraversal':
      return e.root + e.steps.map(step).join('');
    case 'FunctionCall':
      return `${e.name}(${e.args.map(show).join(', ')}${e.expandFinal ? '...' : ''})`;
    case 'Conditional':
      return `(? ${show(e.condition)} ${show(e.trueExpr)} ${show(e.falseExpr)})`;
    case 'BinaryOp':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'UnaryOp':
      return `(${e.op} ${show(e.operand)})`;
    case 'ForTuple':
      return `[for ${e.keyVar ? e.keyVar.name + ', ' : ''}${e.valueVar.name} in ${show(e.collection)} : ${show(e.value)}${e.condition ? ' if ' + show(e.condition) : ''}]`;
    case 'ForObject':
      return (
        `{for ${e.keyVar ? e.keyVar.name + ', ' : ''}${e.valueVar.name} in ${show(e.collection)} : ` +
        `${show(e.key)} => ${show(e.value)}${e.grouping ? '...' : ''}${e.condition ? ' if ' + show(e.condition) : ''}}`
      );
    case 'Splat':
      return `(${e.full ? '[*]' : '.*'} ${show(e.source)} ${show(e.each)})`;
    case 'SplatItem':
      return '@';
    case 'Index':
      return `(index${e.legacy ? ' legacy' : ''} ${show(e.collection)} ${show(e.key)})`;
    case 'GetAttr':
      return `(. ${show(e.source)} ${e.name})`;
    case 'Parenthesized':
      return `(paren ${show(e.expr)})`;
  }
}

function step(s: TraversalStep): string {
  if (s.kind === 'attr') return '.' + s.name;
  if (s.legacy) return '.' + String(s.key);
  return `[${JSON.stringify(s.key)}]`;
}

/** `[line, column, endLine, endColumn]` of a range. */
export function span(r: Range): [number, number, number, number] {
  return [r.start.line, r.start.column, r.end.line, r.end.column];
}
