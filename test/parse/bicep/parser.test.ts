import { describe, expect, it } from 'vitest';
import type { Expression, ObjectExpression, Program, ResourceDeclaration, Statement } from '../../../src/parse/bicep/ast';
import { MAX_DEPTH, MAX_DIAGNOSTICS } from '../../../src/parse/bicep/cursor';
import { tokenize } from '../../../src/parse/bicep/lexer';
import { parseBicep } from '../../../src/parse/bicep/parseBicep';
import { TokenKind } from '../../../src/parse/bicep/tokens';
import { expr, span, statement } from './print';

function parse(text: string): { program: Program; diagnostics: ReturnType<typeof parseBicep>['diagnostics'] } {
  return parseBicep(text, 'main.bicep');
}

/** Parses a file that must have no diagnostics and renders its statements. */
function render(text: string): string[] {
  const { program, diagnostics } = parse(text);
  expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
  return program.statements.map(statement);
}

/** The value of `var x = <source>` (no diagnostics allowed). */
function value(source: string): Expression {
  const { program, diagnostics } = parse(`var x = ${source}\n`);
  expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
  expect(program.statements).toHaveLength(1);
  const s = program.statements[0]!;
  if (s.kind !== 'Variable') throw new Error(s.kind);
  return s.value;
}

/** Diagnostics as `line:column-endLine:endColumn message`. */
function errors(text: string): string[] {
  return parse(text).diagnostics.map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.message}`);
}

function first<K extends Statement['kind']>(text: string, kind: K): Extract<Statement, { kind: K }> {
  const s = parse(text).program.statements[0];
  if (!s || s.kind !== kind) throw new Error(`expected ${kind}, got ${s?.kind}`);
  return s as Extract<Statement, { kind: K }>;
}

// -----------------------------------------------------------------------------------------------------------------

describe('Bicep expressions: tree shapes', () => {
  const cases: [string, string][] = [
    // literals
    ['1', '1'],
    ['0042', '0042'],
    ['true', 'true'],
    ['false', 'false'],
    ['null', 'null'],
    // strings
    ["'abc'", "'abc'"],
    ["''", "''"],
    [String.raw`'it\'s \\ \n\r\t\$\u{1F600}\u{41}'`, String.raw`'it\'s \\ \n\r\t$😀A'`],
    ["'a${b}c'", "interp['a', b, 'c']"],
    ["'${a}${b}'", "interp['', a, '', b, '']"],
    [String.raw`'a\${b}'`, "'a${b}'"],
    ["'$a {b} }{'", "'$a {b} }{'"],
    ["'${'${x}'}'", "interp['', interp['', x, ''], '']"],
    ["'${f(1, 'a')}-${a.b[0]}'", "interp['', call f(1, 'a'), '-', a.b[0], '']"],
    ["'''abc'''", "'''abc'''"],
    ["'''\nline1\nline2\n'''", String.raw`'''line1\nline2\n'''`],
    ["'''\r\nx\r\n'''", String.raw`'''x\r\n'''`],
    ["''''abc''''", String.raw`'''\'abc\''''`],
    ["'''a 'b' ${c} \\n'''", "'''a \\'b\\' ${c} \\\\n'''"],
    ["''''''", "''''''"],
    ["$'''a${b}c'''", "minterp['a', b, 'c']"],
    ["$'''\n${b}\n'''", String.raw`minterp['', b, '\n']`],
    ["$$'''a${b}c$${d}e'''", "minterp['a${b}c', d, 'e']"],
    ["$$'''x$$${d}'''", "minterp['x$', d, '']"],
    // arrays and objects: commas or new lines
    ['[]', '[]'],
    ['[\n]', '[]'],
    ['[1, 2]', '[1, 2]'],
    ['[1, 2,]', '[1, 2]'],
    ['[\n  1\n  2\n]', '[1, 2]'],
    ["['a', 'b'\n'c', 'd'\n'e']", "['a', 'b', 'c', 'd', 'e']"],
    ['[\n  // comment\n  1 /* inline */\n\n  2\n]', '[1, 2]'],
    ['[...a, 1]', '[...a, 1]'],
    ['{}', '{}'],
    ['{\n}', '{}'],
    ["{ a: 1, 'b-c': 'x' }", "{a: 1, 'b-c': 'x'}"],
    ['{\n  a: 1\n  b: {\n    c: [\n      2\n    ]\n  }\n}', '{a: 1, b: {c: [2]}}'],
    ['{ a: 1, b: 2, }', '{a: 1, b: 2}'],
    ['{\n  ...base\n  name: 1\n}', '{...base, name: 1}'],
    ["{ '${k}': v }", "{interp['', k, '']: v}"],
    ["{ resource: 1, if: 2, for: 3, param: 4 }", '{resource: 1, if: 2, for: 3, param: 4}'],
    // access
    ['a.b.c', 'a.b.c'],
    ['a.?b', 'a.?b'],
    ['a[0]', 'a[0]'],
    ["a['k'].b", "a['k'].b"],
    ['a[?0]', 'a[?0]'],
    ['a[^1]', 'a[^1]'],
    ['a[?^1]', 'a[?^1]'],
    ['a::b::c', 'a::b::c'],
    ['a!', 'a!'],
    ['a!.b', 'a!.b'],
    ['a.b!.c', 'a.b!.c'],
    ['a.?b.c ?? d', '(?? a.?b.c d)'],
    // calls
    ['f()', 'call f()'],
    ["f(1, 'x', [2])", "call f(1, 'x', [2])"],
    ['f(\n  1,\n  2\n)', 'call f(1, 2)'],
    ['f(\n  1\n)', 'call f(1)'],
    ['az.resourceGroup()', 'call az:resourceGroup()'],
    ["sys.concat('a', 'b')", "call sys:concat('a', 'b')"],
    ['resourceGroup().location', 'call resourceGroup().location'],
    ['res.listKeys().keys[0].value', 'icall res.listKeys().keys[0].value'],
    ['ns.func(1)', 'icall ns.func(1)'],
    ['a.b.c()', 'icall a.b.c()'],
    // operators: precedence and associativity
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['(1 + 2) * 3', '(* (paren (+ 1 2)) 3)'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['a / b % c', '(% (/ a b) c)'],
    ['a || b && c', '(|| a (&& b c))'],
    ['a && b || c', '(|| (&& a b) c)'],
    ['a == b || c != d', '(|| (== a b) (!= c d))'],
    ['a =~ b && c !~ d', '(&& (=~ a b) (!~ c d))'],
    ['a < b == c >= d', '(== (< a b) (>= c d))'],
    ['a <= b', '(<= a b)'],
    ['a > b', '(> a b)'],
    ['a ?? b ?? c', '(?? (?? a b) c)'],
    ['a ?? b || c', '(?? a (|| b c))'],
    ['!a', '(! a)'],
    ['-1', '(- 1)'],
    ['-a.b', '(- a.b)'],
    ['!a && b', '(&& (! a) b)'],
    ['!empty(x)', '(! call empty(x))'],
    ['a ? b : c', '(? a b c)'],
    ['a ? b : c ? d : e', '(? a b (? c d e))'],
    ['a ? b ? c : d : e', '(? a (? b c d) e)'],
    ['a\n  ? b\n  : c', '(? a b c)'],
    ['a == 1 ? {\n  x: 1\n} : null', '(? (== a 1) {x: 1} null)'],
    ['a ?? b ? c : d', '(? (?? a b) c d)'],
    // lambdas
    ['x => x.a', '(lambda (x) x.a)'],
    ['(a, b) => a + b', '(lambda (a, b) (+ a b))'],
    ['() => 1', '(lambda () 1)'],
    ['map(xs, x => x * 2)', 'call map(xs, (lambda (x) (* x 2)))'],
    ['reduce(xs, 0, (cur, next) => cur + next)', 'call reduce(xs, 0, (lambda (cur, next) (+ cur next)))'],
    ['x =>\n  x', '(lambda (x) x)'],
    // for
    ['[for x in xs: x.name]', '[for x in xs: x.name]'],
    ['[for (x, i) in xs: i]', '[for (x, i) in xs: i]'],
    ['[\n  for x in range(0, 3): {\n    n: x\n  }\n]', '[for x in call range(0, 3): {n: x}]'],
    ['[for x in xs: [for y in x: y]]', '[for x in xs: [for y in x: y]]'],
    // parentheses
    ['(a)', '(paren a)'],
    ['(\n  a\n)', '(paren a)'],
  ];
  it.each(cases)('%s', (source, expected) => {
    expect(expr(value(source))).toBe(expected);
  });
});

describe('Bicep declarations: tree shapes', () => {
  const cases: [string, string[]][] = [
    ["targetScope = 'subscription'", ["targetScope = 'subscription'"]],
    ["metadata description = 'x'", ["metadata description = 'x'"]],
    ['param name string', ['param name string']],
    ["@description('d')\n@minLength(3)\nparam name string", ["@call description('d') @call minLength(3) param name string"]],
    ["@sys.description('d')\n\n@secure()\nparam p int = 1", ["@call sys:description('d') @call secure() param p int = 1"]],
    ["@allowed([\n  'a'\n  'b'\n])\nparam p string = 'a'", ["@call allowed(['a', 'b']) param p string = 'a'"]],
    ["param sku ('Standard' | 'Premium') = 'Standard'", ["param sku (paren (union lit 'Standard' | lit 'Premium')) = 'Standard'"]],
    ["param sku 'Standard' | 'Premium'", ["param sku (union lit 'Standard' | lit 'Premium')"]],
    ['param n -1 | 0 | 1', ['param n (union lit (- 1) | lit 0 | lit 1)']],
    ['param b true | null', ['param b (union lit true | lit null)']],
    ['param tags object?', ['param tags object?']],
    ['param ids string[]', ['param ids string[]']],
    ['param ids (string | int)[]?', ['param ids (paren (union string | int))[]?']],
    ['param s sys.string', ['param s sys.string']],
    ['param o {\n  name: string\n  @minValue(1)\n  count: int?\n}', ['param o {name: string, @call minValue(1) count: int?}']],
    ["param o { 'a-b': string, *: int }", ["param o {'a-b': string, *: int}"]],
    ['param t [string, int]', ['param t [string, int]']],
    ['param t [\n  string\n  @maxLength(2)\n  int\n]', ['param t [string, @call maxLength(2) int]']],
    [
      "param p resourceInput<'Microsoft.Storage/storageAccounts@2023-01-01'>.properties",
      ["param p resourceInput<lit 'Microsoft.Storage/storageAccounts@2023-01-01'>.properties"],
    ],
    ["param q sys.resourceOutput<'A/b@v'>.name", ["param q sys.resourceOutput<lit 'A/b@v'>.name"]],
    ['param x myType.prop[0].items[*].*', ['param x myType.prop[0].items[*].*']],
    ["param s resource 'Microsoft.Storage/storageAccounts@2023-01-01'", ["param s resource 'Microsoft.Storage/storageAccounts@2023-01-01'"]],
    ["type U =\n  | 'a'\n  | 'b'", ["type U = (union lit 'a' | lit 'b')"]],
    ["type U = 'a'\n  | 'b'", ["type U = (union lit 'a' | lit 'b')"]],
    ['var v = 1', ['var v = 1']],
    ['var v int = 1', ['var v int = 1']],
    ['var v string[] = []', ['var v string[] = []']],
    ["output o string = 'x'", ["output o string = 'x'"]],
    ["output r resource 'A/b@v' = sa", ["output r resource 'A/b@v' = sa"]],
    ['output r resource = sa', ['output r resource = sa']],
    [
      "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'x'\n}",
      ["resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {name: 'x'}"],
    ],
    ["resource sa 'A/b@v' existing = {\n  name: 'x'\n}", ["resource sa 'A/b@v' existing = {name: 'x'}"]],
    ["resource sa 'A/b@v' = if (deploy) {\n  name: 'x'\n}", ["resource sa 'A/b@v' = if deploy {name: 'x'}"]],
    ["resource sa 'A/b@v' =\n  if (a && b) {\n  name: 'x'\n}", ["resource sa 'A/b@v' = if (&& a b) {name: 'x'}"]],
    ["resource sas 'A/b@v' = [for (n, i) in names: {\n  name: n\n}]", ["resource sas 'A/b@v' = [for (n, i) in names: {name: n}]"]],
    ["resource sas 'A/b@v' = [for n in names: if (n != '') {\n  name: n\n}]", ["resource sas 'A/b@v' = [for n in names: if (!= n '') {name: n}]"]],
    ["@batchSize(2)\nresource sas 'A/b@v' = [\n  for n in names: {\n    name: n\n  }\n]", ["@call batchSize(2) resource sas 'A/b@v' = [for n in names: {name: n}]"]],
    [
      "resource p 'A/b@v' = {\n  name: 'p'\n  resource c 'c' = {\n    name: 'c'\n  }\n  @description('d')\n  resource d 'd@v2' existing = {\n    name: 'd'\n  }\n}",
      ["resource p 'A/b@v' = {name: 'p', resource c 'c' = {name: 'c'}, @call description('d') resource d 'd@v2' existing = {name: 'd'}}"],
    ],
    ["resource c 'A/b/c@v' = {\n  parent: p\n  name: 'c'\n}", ["resource c 'A/b/c@v' = {parent: p, name: 'c'}"]],
    ["resource r 'A/${t}@v' = {\n}", ["resource r interp['A/', t, '@v'] = {}"]],
    ["module m './m.bicep' = {\n  name: 'm'\n  params: {\n    a: 1\n  }\n}", ["module m './m.bicep' = {name: 'm', params: {a: 1}}"]],
    ["module m 'br/public:avm/res/x:0.1.0' = if (c) {\n  name: 'm'\n}", ["module m 'br/public:avm/res/x:0.1.0' = if c {name: 'm'}"]],
    ["module ms './m.bicep' = [for i in range(0, 2): {\n  name: 'm${i}'\n}]", ["module ms './m.bicep' = [for i in call range(0, 2): {name: interp['m', i, '']}]"]],
    ["import { a, b as c } from './x.bicep'", ["import {a, b as c} from './x.bicep'"]],
    ["import {\n  a\n  'b.c' as d\n} from 'br/public:x:1.0'", ["import {a, 'b.c' as d} from 'br/public:x:1.0'"]],
    ["import * as ns from './x.bicep'", ["import * as ns from './x.bicep'"]],
    ["@description('i')\nimport * as ns from './x.bicep'", ["@call description('i') import * as ns from './x.bicep'"]],
    ["import 'az@1.0.0'", ["extension 'az@1.0.0'"]],
    ['extension az', ['extension az']],
    ["extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:0.1.8-preview' as graph", ["extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:0.1.8-preview' as graph"]],
    ["extension kubernetes with {\n  namespace: 'default'\n} as k8s", ["extension kubernetes with {namespace: 'default'} as k8s"]],
    ["using './main.bicep'", ["using './main.bicep'"]],
    ['using none', ['using none']],
    ['@export()\ntype T = {\n  a: string\n  *: int\n}', ['@call export() type T = {a: string, *: int}']],
    ['type Tup = [string, int]', ['type Tup = [string, int]']],
    ['type A = string[]', ['type A = string[]']],
    ['func add(a int, b int) int => a + b', ['func add(a int, b int) int => (+ a b)']],
    ["@export()\nfunc greet(name string) string =>\n  'Hi ${name}'", ["@call export() func greet(name string) string => interp['Hi ', name, '']"]],
    ['func none() string[] => []', ['func none() string[] => []']],
    ["test t 'test.bicep' = {\n  params: {}\n}", ["test t 'test.bicep' = {params: {}}"]],
    ['assert a = 1 == 1', ['assert a = (== 1 1)']],
    [
      '\n\n// comment\nvar a = 1 // trailing\n/* block\n comment */\nvar b = 2\n\n',
      ['var a = 1', 'var b = 2'],
    ],
    ['#disable-next-line no-unused-vars BCP081\nvar a = 1', ['var a = 1']],
  ];
  it.each(cases)('%s', (source, expected) => {
    expect(render(source)).toEqual(expected);
  });

  it('splits a literal resource type string into type and API version', () => {
    const r = first("resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' existing = {\n  name: 'x'\n}", 'Resource');
    expect(r.resourceType).toBe('Microsoft.Storage/storageAccounts');
    expect(r.apiVersion).toBe('2023-01-01');
    expect(r.existing).toBe(true);
    const child = first("resource p 'A/b@v' = {\n  resource c 'c' = {\n  }\n}", 'Resource');
    const body = child.value as ObjectExpression;
    expect(body.resources[0]!.resourceType).toBe('c');
    expect(body.resources[0]!.apiVersion).toBeUndefined();
    const interpolated = first("resource r 'A/${t}@v' = {\n}", 'Resource');
    expect(interpolated.resourceType).toBeUndefined();
    expect(interpolated.apiVersion).toBeUndefined();
  });

  it('gives object keys and module paths as text', () => {
    const m = first("module m './m.bicep' = {\n  name: 'm'\n  'quoted-key': 1\n  '${x}': 2\n}", 'Module');
    expect(m.pathValue).toBe('./m.bicep');
    const body = m.value as ObjectExpression;
    expect(body.properties.map((p) => (p.kind === 'ObjectProperty' ? p.keyName : '...'))).toEqual(['name', 'quoted-key', undefined]);
  });

  it('gives decorator names and arguments', () => {
    const p = first("@sys.description('d')\n@minValue(1)\n@secure\nparam p int", 'Parameter');
    expect(p.decorators.map((d) => [d.name, d.arguments.map(expr)])).toEqual([
      ['description', ["'d'"]],
      ['minValue', ['1']],
      ['secure', []],
    ]);
  });

  it('collects comments and #disable directives', () => {
    const { program } = parse("// a\nvar x = 1 /* b */\n#disable-next-line BCP1 BCP2 // why\n#disable-diagnostics x\n#restore-diagnostics x\nvar y = '#not-a-directive'\n");
    expect(program.comments.map((c) => [c.text, span(c)])).toEqual([
      ['// a', '1:1-1:5'],
      ['/* b */', '2:11-2:18'],
      ['// why', '3:30-3:36'],
    ]);
    expect(program.directives.map((d) => [d.name, d.codes, span(d)])).toEqual([
      ['disable-next-line', ['BCP1', 'BCP2'], '3:1-3:29'],
      ['disable-diagnostics', ['x'], '4:1-4:23'],
      ['restore-diagnostics', ['x'], '5:1-5:23'],
    ]);
  });
});

describe('Bicep tokenizer', () => {
  const kinds = (text: string): string[] => tokenize(text).tokens.map((t) => TokenKind[t.kind]);

  it('produces the operator tokens', () => {
    expect(kinds('a.?b ?? c! => ...d :: e[?0] != f !~ g =~ h <= i >= j && k || l | m ^ n % o')).toEqual([
      'Identifier', 'Dot', 'Question', 'Identifier', 'DoubleQuestion', 'Identifier', 'Exclamation', 'Arrow', 'Ellipsis', 'Identifier',
      'DoubleColon', 'Identifier', 'LeftSquare', 'Question', 'Integer', 'RightSquare', 'NotEquals', 'Identifier', 'NotEqualsInsensitive',
      'Identifier', 'EqualsInsensitive', 'Identifier', 'LessThanOrEqual', 'Identifier', 'GreaterThanOrEqual', 'Identifier', 'LogicalAnd',
      'Identifier', 'LogicalOr', 'Identifier', 'Pipe', 'Identifier', 'Hat', 'Identifier', 'Modulo', 'Identifier', 'EndOfFile',
    ]);
  });

  it('makes one NewLine token of consecutive line breaks and skips comments', () => {
    expect(kinds('a\n\r\n\nb // c\n/* d\n e */ c')).toEqual(['Identifier', 'NewLine', 'Identifier', 'NewLine', 'Identifier', 'EndOfFile']);
  });

  it('splits interpolated strings into pieces, tracking braces inside holes', () => {
    const { tokens } = tokenize("'a${ {b: 1}.b }c${d}e'");
    expect(tokens.map((t) => [TokenKind[t.kind], t.value])).toEqual([
      ['StringLeftPiece', 'a'],
      ['LeftBrace', ''],
      ['Identifier', 'b'],
      ['Colon', ''],
      ['Integer', '1'],
      ['RightBrace', ''],
      ['Dot', ''],
      ['Identifier', 'b'],
      ['StringMiddlePiece', 'c'],
      ['Identifier', 'd'],
      ['StringRightPiece', 'e'],
      ['EndOfFile', ''],
    ]);
  });

  it('keeps the positions of multi-line tokens', () => {
    const { tokens } = tokenize("x = '''\nab\ncd''' y");
    const s = tokens[2]!;
    expect([s.line, s.column, s.endLine, s.endColumn, s.start, s.end]).toEqual([1, 5, 3, 6, 4, 16]);
    const y = tokens[3]!;
    expect([y.line, y.column]).toEqual([3, 7]);
  });
});

describe('Bicep positions', () => {
  it('gives every node a range (1-based line and UTF-16 column, end exclusive, 0-based offset)', () => {
    const { program } = parse('var x = a.b\n');
    expect(program.statements[0]).toEqual({
      kind: 'Variable',
      decorators: [],
      name: { kind: 'Identifier', name: 'x', range: { start: { line: 1, column: 5, offset: 4 }, end: { line: 1, column: 6, offset: 5 } } },
      value: {
        kind: 'PropertyAccess',
        base: { kind: 'VariableAccess', name: 'a', range: { start: { line: 1, column: 9, offset: 8 }, end: { line: 1, column: 10, offset: 9 } } },
        property: { kind: 'Identifier', name: 'b', range: { start: { line: 1, column: 11, offset: 10 }, end: { line: 1, column: 12, offset: 11 } } },
        safe: false,
        range: { start: { line: 1, column: 9, offset: 8 }, end: { line: 1, column: 12, offset: 11 } },
      },
      range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 12, offset: 11 } },
    });
    expect(program.range).toEqual({ start: { line: 1, column: 1, offset: 0 }, end: { line: 2, column: 1, offset: 12 } });
  });

  it('locates the nodes of a resource', () => {
    const text = [
      "@description('storage')", // 1
      "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {", // 2
      "  name: 'st${suffix}'", // 3
      '  properties: {', // 4
      "    minimumTlsVersion: 'TLS1_2'", // 5
      '    rules: [for r in rules: r.id]', // 6
      '  }', // 7
      '}', // 8
    ].join('\n');
    const r = first(text, 'Resource');
    const body = r.value as ObjectExpression;
    const [name, properties] = body.properties as Extract<ObjectExpression['properties'][number], { kind: 'ObjectProperty' }>[];
    const inner = (properties!.value as ObjectExpression).properties as Extract<ObjectExpression['properties'][number], { kind: 'ObjectProperty' }>[];
    expect({
      resource: span(r),
      decorator: span(r.decorators[0]!),
      name: span(r.name),
      typeString: span(r.typeString),
      body: span(body),
      nameProperty: span(name!),
      nameKey: span(name!.key),
      nameValue: span(name!.value),
      hole: span((name!.value as Extract<Expression, { kind: 'InterpolatedString' }>).expressions[0]!),
      properties: span(properties!),
      tls: span(inner[0]!),
      tlsValue: span(inner[0]!.value),
      loop: span(inner[1]!.value),
    }).toEqual({
      resource: '1:1-8:2',
      decorator: '1:1-1:24',
      name: '2:10-2:12',
      typeString: '2:13-2:59',
      body: '2:62-8:2',
      nameProperty: '3:3-3:22',
      nameKey: '3:3-3:7',
      nameValue: '3:9-3:22',
      hole: '3:14-3:20',
      properties: '4:3-7:4',
      tls: '5:5-5:32',
      tlsValue: '5:24-5:32',
      loop: '6:12-6:34',
    });
  });

  it('counts columns in UTF-16 code units', () => {
    const { program } = parse("var s = '😀é' // 😀\nvar t = s");
    const [s, t] = program.statements as Extract<Statement, { kind: 'Variable' }>[];
    expect(span(s!.value)).toBe('1:9-1:14'); // 😀 is two code units
    expect(s!.value.range.end.offset).toBe(13);
    expect(span(t!)).toBe('2:1-2:10');
  });

  it('does not count the byte-order mark', () => {
    const { program } = parse('\uFEFFvar a = 1\nvar b = 2');
    expect(program.statements.map(span)).toEqual(['1:1-1:10', '2:1-2:10']);
    expect(program.statements[0]!.range.start.offset).toBe(0);
  });

  it('counts CRLF and lone CR as one line break', () => {
    const { program } = parse('var a = 1\r\nvar b = {\r\n  c: 2\r\n}\r\rvar d = 3');
    expect(program.statements.map(span)).toEqual(['1:1-1:10', '2:1-4:2', '6:1-6:10']);
    expect(program.statements[1]!.range.start.offset).toBe(11);
  });

  it('ends a multi-line string on its last line', () => {
    const { program } = parse("var m = '''\nab\ncd'''\nvar n = 1");
    expect(program.statements.map(span)).toEqual(['1:1-3:6', '4:1-4:10']);
  });

  it('spans decorators, the keyword and the value of every declaration kind', () => {
    const text = [
      "targetScope = 'resourceGroup'",
      "@description('p')",
      'param p int = 1',
      "import * as ns from 'x.bicep'",
      'type T = string',
      'func f() int => 1',
      "module m 'm.bicep' = {}",
      'output o int = p',
    ].join('\n');
    expect(parse(text).program.statements.map((s) => `${s.kind} ${span(s)}`)).toEqual([
      'TargetScope 1:1-1:30',
      'Parameter 2:1-3:16',
      'Import 4:1-4:30',
      'TypeDeclaration 5:1-5:16',
      'FunctionDeclaration 6:1-6:18',
      'Module 7:1-7:24',
      'Output 8:1-8:17',
    ]);
  });
});

describe('Bicep syntax errors: messages and positions', () => {
  const cases: [string, string[]][] = [
    ['var x = ', ['1:9-1:9 Bicep syntax error: Expected an expression but found the end of the file.']],
    ["var x = 'abc", ['1:9-1:13 Bicep syntax error: A string is not closed: the file ends before the closing quote.']],
    ["var x = 'abc\nvar y = 1", ['1:9-1:13 Bicep syntax error: A string is not closed before the end of the line.']],
    ["var x = '''abc", ['1:9-1:15 Bicep syntax error: A multi-line string is not closed: "\'\'\'" is missing.']],
    ['var x = {\n  a: 1\n', ["3:1-3:1 Bicep syntax error: Expected '}' but found the end of the file."]],
    ['foo bar', ["1:1-1:4 Bicep syntax error: Expected a declaration (param, var, resource, module, output, type, func, import, metadata, targetScope) but found 'foo'."]],
    ['var x = [1,\n2]', ['1:12-1:12 Bicep syntax error: Unexpected new line after a comma: separate elements with a comma or a new line, not both.']],
    ['var x = f(1,\n)', ["2:1-2:2 Bicep syntax error: Expected an argument after ',' but found ')'."]],
    ['var x = f(1 2)', ["1:13-1:14 Bicep syntax error: Expected ',' or ')' but found the number 2."]],
    ['var x = f(\n1\n2)', ["2:2-2:2 Bicep syntax error: Expected ',' between the arguments."]],
    ['var x = {a 1}', ["1:12-1:13 Bicep syntax error: Expected ':' but found the number 1."]],
    ['var x = [1 2]', ["1:12-1:13 Bicep syntax error: Expected a new line or ',' between elements but found the number 2."]],
    ['var x = 1 2', ['1:11-1:12 Bicep syntax error: Expected a new line after the declaration but found the number 2.']],
    ['var x 1', ["1:8-1:8 Bicep syntax error: Expected '=' but found the end of the file."]], // `1` is a literal type
    ['var x ?', ["1:7-1:8 Bicep syntax error: Expected a type but found '?'."]],
    ["resource r 'A/b@v' = 1", ["1:22-1:23 Bicep syntax error: Expected '{', 'if' or '[for' but found the number 1."]],
    ['resource r = {\n}', ['1:12-1:13 Bicep syntax error: Expected a resource type string but found \'=\'.']],
    ['var x = "a"', ["1:9-1:10 Bicep syntax error: Strings use single quotes ('…'), not double quotes.", "1:11-1:12 Bicep syntax error: Strings use single quotes ('…'), not double quotes."]],
    [String.raw`var x = '\q'`, [String.raw`1:10-1:12 Bicep syntax error: Unrecognized escape sequence; valid escapes are \\ \' \n \r \t \$ \u{…}.`]],
    [String.raw`var x = '\u{110000}'`, [String.raw`1:10-1:20 Bicep syntax error: Invalid Unicode escape: use \u{hex digits} with a code point up to 10FFFF.`]],
    ['/* abc', ['1:1-1:7 Bicep syntax error: A multi-line comment is not closed: "*/" is missing.']],
    ["var x = '${a b}'", ["1:14-1:15 Bicep syntax error: Unexpected 'b' in a string interpolation; expected '}'."]],
    ["var x = '${[1]}'", ['1:12-1:13 Bicep syntax error: Objects and arrays are not allowed here (inside a string interpolation).']],
    ["@description('x')\n", ['2:1-2:1 Bicep syntax error: Expected a declaration after the decorator but found the end of the file.']],
    ["@description('x') param p string", ["1:19-1:24 Bicep syntax error: Expected a new line after the decorator but found 'param'."]],
    ['var x = a.', ['1:11-1:11 Bicep syntax error: Expected a property or function name but found the end of the file.']],
    ['var x = a[]', ['1:11-1:11 Bicep syntax error: Expected an index expression between the brackets.']],
    ['var x = 99999999999999999999', ['1:9-1:29 Bicep syntax error: The integer 99999999999999999999 is too large.']],
    ['var x = [for x in xs]', ["1:21-1:22 Bicep syntax error: Expected ':' but found ']'."]],
    ['var x = $abc', ["1:9-1:10 Bicep syntax error: Unrecognized character '$'."]],
    ['var x = a & b', ["1:11-1:12 Bicep syntax error: Unrecognized character '&' (use '&&' for a logical and)."]],
    ['var x = a ? b', ["1:14-1:14 Bicep syntax error: Expected ':' but found the end of the file."]],
    ['var x = ()', ['1:10-1:10 Bicep syntax error: Parentheses must contain exactly one expression.']],
    ['var x = (a, b)', ['1:10-1:14 Bicep syntax error: Parentheses must contain exactly one expression.']],
    ["param p string = 'a' 'b'", ["1:22-1:25 Bicep syntax error: Expected a new line after the declaration but found a string."]],
    ['param p string {}', ["1:16-1:17 Bicep syntax error: Expected '=' or a new line after the parameter type but found '{'."]],
    ["type U = 'a' |\nvar x = 1", ["1:15-1:15 Bicep syntax error: Expected a type after '|'."]],
    ['#disable-next-line\nvar a = 1', ['1:1-1:19 Bicep syntax error: The #disable-next-line directive needs at least one diagnostic code.']],
    ["import a from 'x.bicep'", ["1:8-1:9 Bicep syntax error: Expected '{' or '*' after 'import' but found 'a'."]],
    ["var x = a.?f()", ["1:12-1:13 Bicep syntax error: Safe access ('.?') cannot be used to call a function."]],
  ];
  it.each(cases)('%s', (source, expected) => {
    expect(errors(source)).toEqual(expected);
  });

  it('reports parse-error diagnostics for the file', () => {
    const [d] = parseBicep('var', 'infra/main.bicep').diagnostics;
    expect(d).toEqual({
      kind: 'parse-error',
      severity: 'error',
      file: 'infra/main.bicep',
      line: 1,
      column: 4,
      endLine: 1,
      endColumn: 4,
      message: 'Bicep syntax error: Expected a variable name but found the end of the file.',
    });
  });
});

describe('Bicep error recovery', () => {
  it('reports several errors and keeps the declarations around them', () => {
    const text = [
      'var a = ', // 1: missing value
      'var b = 2',
      'param p object = {',
      '  x: 1 2', // 4: missing separator
      '  y: 3',
      '}',
      'output o int = b',
      'foo', // 8: not a declaration
      "resource r 'A/b@v' = {",
      "  name: 'x'",
      '  properties: {',
      '    a:', // 12: missing value
      '  }',
      '}',
      'var c = 3',
    ].join('\n');
    const { program, diagnostics } = parse(text);
    expect(program.statements.map(statement)).toEqual([
      'var a = <error>',
      'var b = 2',
      'param p object = {x: 1, y: 3}',
      'output o int = b',
      "resource r 'A/b@v' = {name: 'x', properties: {a: <error>}}",
      'var c = 3',
    ]);
    expect(diagnostics.map((d) => `${d.line}:${d.column}`)).toEqual(['1:9', '4:8', '8:1', '12:7']);
  });

  it('goes on after a broken property inside a resource body', () => {
    const text = "resource r 'A/b@v' = {\n  name: 'x'\n  location: = 1\n  sku: {\n    name: 'S'\n  }\n}\nvar after = true";
    const { program, diagnostics } = parse(text);
    expect(program.statements.map(statement)).toEqual(["resource r 'A/b@v' = {name: 'x', location: <error>, sku: {name: 'S'}}", 'var after = true']);
    expect(diagnostics.map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn}`)).toEqual(['3:13-3:14']);
  });

  it('resumes after an unclosed interpolation hole at the end of the line', () => {
    const { program, diagnostics } = parse("var a = 'x${y\nvar b = 1");
    expect(program.statements.map(statement)).toEqual(["var a = interp['x', y, '']", 'var b = 1']);
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual(['1:14 Bicep syntax error: A string is not closed before the end of the line.']);
  });

  it('caps the number of diagnostics of one file', () => {
    const { diagnostics } = parse('x\n'.repeat(500));
    expect(diagnostics).toHaveLength(MAX_DIAGNOSTICS + 1);
    expect(diagnostics[MAX_DIAGNOSTICS]!.message).toContain(`only the first ${MAX_DIAGNOSTICS} are reported`);
  });

  it('never throws on random input', () => {
    const pieces = ['var', 'param', 'resource', 'module', 'output', 'type', 'func', 'import', 'if', 'for', 'in', 'x', "'s'", "'a${", '}', '{', '[', ']', '(', ')', ':', ',', '=', '=>', '?', '??', '!', '.', '.?', '::', '@', '|', '...', "'''", '$', '\n', ' ', '1', '/*', '//', '#disable-next-line', '"', '\\', '😀', '\r'];
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      let text = '';
      const n = random(60);
      for (let j = 0; j < n; j++) text += pieces[random(pieces.length)];
      const { program, diagnostics } = parseBicep(text, 'fuzz.bicep');
      const length = text.length;
      for (const s of program.statements) {
        expect(s.range.start.offset).toBeLessThanOrEqual(s.range.end.offset);
        expect(s.range.end.offset).toBeLessThanOrEqual(length);
      }
      for (const d of diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('Bicep nesting limits', () => {
  it.each([
    ['[', 100_000],
    ['(', 100_000],
  ])('reports 100 000 nested %s as one diagnostic and parses the next statement', (open, n) => {
    const { program, diagnostics } = parse(`var deep = ${open.repeat(n)}\nvar next = 1\n`);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toBe(`Bicep syntax error: The expression is nested more than ${MAX_DEPTH} levels deep; the rest of this statement was not parsed.`);
    expect(diagnostics[0]!.line).toBe(1);
    expect(program.statements.map(statement)).toEqual(['var next = 1']);
  });

  it.each([
    ['arrays', (n: number) => `var a = ${'['.repeat(n)}${']'.repeat(n)}`],
    ['parentheses', (n: number) => `var a = ${'('.repeat(n)}1${')'.repeat(n)}`],
    ['objects', (n: number) => `var a = ${'{a:'.repeat(n)}1${'}'.repeat(n)}`],
    ['calls', (n: number) => `var a = ${'f('.repeat(n)}1${')'.repeat(n)}`],
    ['interpolations', (n: number) => `var a = ${"'${".repeat(n)}1${"}'".repeat(n)}`],
    ['object types', (n: number) => `type t = ${'{a:'.repeat(n)}int${'}'.repeat(n)}`],
    ['child resources', (n: number) => `${"resource r 't' = {\n".repeat(n)}${'}\n'.repeat(n)}`],
  ])('accepts %s nested up to the limit and reports deeper nesting', (_name, build) => {
    expect(parse(build(MAX_DEPTH - 2)).diagnostics).toEqual([]);
    const deep = parse(`${build(100_000)}\nvar next = 1`);
    expect(deep.diagnostics.map((d) => d.message)).toContain(
      `Bicep syntax error: The expression is nested more than ${MAX_DEPTH} levels deep; the rest of this statement was not parsed.`,
    );
  });

  it('parses long flat chains without recursion limits', () => {
    const chain = parse(`var a = x${'.b'.repeat(50_000)}\nvar c = ${'1 + '.repeat(50_000)}1`);
    expect(chain.diagnostics).toEqual([]);
    expect(chain.program.statements).toHaveLength(2);
  });
});

describe('Bicep resources in the AST', () => {
  it('exposes child resources, loops and conditions for the model', () => {
    const text = [
      "resource vnet 'Microsoft.Network/virtualNetworks@2023-04-01' = {",
      "  name: 'vnet'",
      "  resource subnet 'subnets' = {",
      "    name: 'default'",
      '  }',
      '}',
      "resource nsgs 'Microsoft.Network/networkSecurityGroups@2023-04-01' = [for (n, i) in names: if (i > 0) {",
      '  name: n',
      '}]',
    ].join('\n');
    const [vnet, nsgs] = parse(text).program.statements as ResourceDeclaration[];
    const child = (vnet!.value as ObjectExpression).resources[0]!;
    expect([child.name.name, child.resourceType, span(child)]).toEqual(['subnet', 'subnets', '3:3-5:4']);
    expect(nsgs!.value.kind).toBe('For');
    if (nsgs!.value.kind !== 'For') return;
    expect([nsgs!.value.item.name, nsgs!.value.index?.name, nsgs!.value.body.kind]).toEqual(['n', 'i', 'IfCondition']);
  });
});
