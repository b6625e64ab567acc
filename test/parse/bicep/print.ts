/**
 * Compact text rendering of the Bicep AST for tests: every node kind has one unambiguous spelling, so a table of
 * `source → rendering` pins the exact tree shape (positions are checked separately).
 */
import type { AnyNode, Decorator, Expression, Identifier, Range, Statement, TypeExpression } from '../../../src/parse/bicep/ast';

const q = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;

const id = (i: Identifier): string => (i.name === '' ? '<missing>' : i.name);

export function expr(e: Expression | { kind: 'Spread'; expression: Expression }): string {
  switch (e.kind) {
    case 'String':
      return q(e.value);
    case 'MultilineString':
      return `'''${q(e.value).slice(1, -1)}'''`;
    case 'InterpolatedString': {
      const parts: string[] = [];
      e.segments.forEach((s, i) => {
        parts.push(q(s));
        if (i < e.expressions.length) parts.push(expr(e.expressions[i]!));
      });
      return `${e.multiline ? 'minterp' : 'interp'}[${parts.join(', ')}]`;
    }
    case 'Integer':
      return e.raw;
    case 'Boolean':
      return String(e.value);
    case 'Null':
      return 'null';
    case 'Array':
      return `[${e.items.map(expr).join(', ')}]`;
    case 'Object': {
      const props = e.properties.map((p) =>
        p.kind === 'Spread' ? expr(p) : `${p.key.kind === 'Identifier' ? id(p.key) : p.key.kind === 'Error' ? '<error>' : expr(p.key)}: ${expr(p.value)}`,
      );
      const res = e.resources.map((r) => statement(r));
      return `{${[...props, ...res].join(', ')}}`;
    }
    case 'Spread':
      return `...${expr(e.expression)}`;
    case 'VariableAccess':
      return e.name;
    case 'PropertyAccess':
      return `${expr(e.base)}.${e.safe ? '?' : ''}${id(e.property)}`;
    case 'ArrayAccess':
      return `${expr(e.base)}[${e.safe ? '?' : ''}${e.fromEnd ? '^' : ''}${expr(e.index)}]`;
    case 'ResourceAccess':
      return `${expr(e.base)}::${id(e.name)}`;
    case 'FunctionCall':
      return `call ${e.namespace ? `${id(e.namespace)}:` : ''}${id(e.name)}(${e.arguments.map(expr).join(', ')})`;
    case 'InstanceFunctionCall':
      return `icall ${expr(e.base)}.${id(e.name)}(${e.arguments.map(expr).join(', ')})`;
    case 'Ternary':
      return `(? ${expr(e.condition)} ${expr(e.whenTrue)} ${expr(e.whenFalse)})`;
    case 'Binary':
      return `(${e.operator} ${expr(e.left)} ${expr(e.right)})`;
    case 'Unary':
      return `(${e.operator} ${expr(e.operand)})`;
    case 'NonNullAssertion':
      return `${expr(e.base)}!`;
    case 'Lambda':
      return `(lambda (${e.parameters.map(id).join(', ')}) ${expr(e.body)})`;
    case 'For':
      return `[for ${e.index ? `(${id(e.item)}, ${id(e.index)})` : id(e.item)} in ${expr(e.iterable)}: ${e.body.kind === 'IfCondition' ? `if ${expr(e.body.condition)} ${expr(e.body.body)}` : expr(e.body)}]`;
    case 'Parenthesized':
      return `(paren ${expr(e.expression)})`;
    case 'Error':
      return '<error>';
  }
}

export function type(t: TypeExpression): string {
  switch (t.kind) {
    case 'TypeReference':
      return t.name;
    case 'TypePropertyAccess':
      return `${type(t.base)}.${t.property}`;
    case 'TypeIndexAccess':
      return `${type(t.base)}[${t.index === '*' ? '*' : expr(t.index)}]`;
    case 'ParameterizedType':
      return `${t.base ? `${type(t.base)}.` : ''}${id(t.name)}<${t.arguments.map(type).join(', ')}>`;
    case 'LiteralType':
      return `lit ${expr(t.value)}`;
    case 'UnionType':
      return `(union ${t.members.map(type).join(' | ')})`;
    case 'ArrayType':
      return `${type(t.item)}[]`;
    case 'NullableType':
      return `${type(t.base)}?`;
    case 'NonNullableType':
      return `${type(t.base)}!`;
    case 'ObjectType':
      return `{${t.properties
        .map((p) => `${p.decorators.map(decorator).join(' ')}${p.decorators.length ? ' ' : ''}${p.key === '*' ? '*' : p.key.kind === 'Identifier' ? id(p.key) : p.key.kind === 'Error' ? '<error>' : expr(p.key)}: ${type(p.type)}`)
        .join(', ')}}`;
    case 'TupleType':
      return `[${t.items.map((i) => `${i.decorators.map(decorator).join(' ')}${i.decorators.length ? ' ' : ''}${type(i.type)}`).join(', ')}]`;
    case 'ParenthesizedType':
      return `(paren ${type(t.type)})`;
    case 'ResourceType':
      return `resource${t.typeString ? ` ${t.typeString.kind === 'Error' ? '<error>' : expr(t.typeString)}` : ''}`;
    case 'Error':
      return '<error>';
  }
}

export function decorator(d: Decorator): string {
  return `@${expr(d.expression)}`;
}

export function statement(s: Statement): string {
  const decorators = s.decorators.map((d) => `${decorator(d)} `).join('');
  switch (s.kind) {
    case 'TargetScope':
      return `${decorators}targetScope = ${expr(s.value)}`;
    case 'Metadata':
      return `${decorators}metadata ${id(s.name)} = ${expr(s.value)}`;
    case 'Parameter':
      return `${decorators}param ${id(s.name)} ${type(s.type)}${s.defaultValue ? ` = ${expr(s.defaultValue)}` : ''}`;
    case 'Variable':
      return `${decorators}var ${id(s.name)}${s.type ? ` ${type(s.type)}` : ''} = ${expr(s.value)}`;
    case 'Output':
      return `${decorators}output ${id(s.name)} ${type(s.type)} = ${expr(s.value)}`;
    case 'Resource': {
      const body = s.value.kind === 'IfCondition' ? `if ${expr(s.value.condition)} ${expr(s.value.body)}` : expr(s.value);
      const ts = s.typeString.kind === 'Error' ? '<error>' : expr(s.typeString);
      return `${decorators}resource ${id(s.name)} ${ts}${s.existing ? ' existing' : ''} = ${body}`;
    }
    case 'Module': {
      const body = s.value.kind === 'IfCondition' ? `if ${expr(s.value.condition)} ${expr(s.value.body)}` : expr(s.value);
      return `${decorators}module ${id(s.name)} ${s.path.kind === 'Error' ? '<error>' : expr(s.path)} = ${body}`;
    }
    case 'Import': {
      const what = s.symbols
        ? `{${s.symbols.map((x) => `${x.name.kind === 'Identifier' ? id(x.name) : x.name.kind === 'Error' ? '<error>' : expr(x.name)}${x.alias ? ` as ${id(x.alias)}` : ''}`).join(', ')}}`
        : s.wildcardAlias
          ? `* as ${id(s.wildcardAlias)}`
          : '<error>';
      return `${decorators}import ${what} from ${s.from.kind === 'Error' ? '<error>' : expr(s.from)}`;
    }
    case 'Extension':
      return `${decorators}extension ${s.specification.kind === 'Identifier' ? id(s.specification) : s.specification.kind === 'Error' ? '<error>' : expr(s.specification)}${s.config ? ` with ${s.config.kind === 'Error' ? '<error>' : expr(s.config)}` : ''}${s.alias ? ` as ${id(s.alias)}` : ''}`;
    case 'Using':
      return `${decorators}using ${s.path.kind === 'Identifier' ? id(s.path) : s.path.kind === 'Error' ? '<error>' : expr(s.path)}${s.config ? ` with ${s.config.kind === 'Error' ? '<error>' : expr(s.config)}` : ''}`;
    case 'TypeDeclaration':
      return `${decorators}type ${id(s.name)} = ${type(s.value)}`;
    case 'FunctionDeclaration': {
      const l = s.lambda;
      if (l.kind === 'Error') return `${decorators}func ${id(s.name)} <error>`;
      return `${decorators}func ${id(s.name)}(${l.parameters.map((p) => `${id(p.name)} ${type(p.type)}`).join(', ')}) ${type(l.returnType)} => ${expr(l.body)}`;
    }
    case 'Test':
      return `${decorators}test ${id(s.name)} ${s.path.kind === 'Error' ? '<error>' : expr(s.path)} = ${expr(s.value)}`;
    case 'Assert':
      return `${decorators}assert ${id(s.name)} = ${expr(s.value)}`;
    case 'MissingDeclaration':
      return `${decorators}<missing declaration>`;
  }
}

/** `line:column-endLine:endColumn`. */
export function span(node: { range: Range } | AnyNode): string {
  const r = node.range;
  return `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
}
