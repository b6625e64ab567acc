/**
 * Oracle: the Azure/bicep golden syntax baselines (main.syntax.bicep = the concrete syntax tree the Bicep compiler
 * builds for main.bicep, annotated with spans). For every data set we parse main.bicep and compare:
 *  - the top-level declarations: kind and [start:end) character range must be identical (syntactically valid sets);
 *  - a deeper set of node kinds (expressions, types, decorators, nested declarations) as a reported match rate.
 * Data sets whose golden diagnostics contain a parse error (lexer/parser codes) must give us at least one diagnostic;
 * all others (including `Invalid*` sets whose errors are semantic only) must give none.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnyNode, Expression, Program, Statement, TypeExpression } from '../../../src/parse/bicep/ast';
import { tokenize } from '../../../src/parse/bicep/lexer';
import { parseBicep } from '../../../src/parse/bicep/parseBicep';
import { TokenKind } from '../../../src/parse/bicep/tokens';
import { sharedDir } from '../../support/shared';

const baselinesDir = path.join(sharedDir(), 'data', 'corpus', 'bicep-syntax-baselines', 'baselines');

/** Codes of the diagnostics raised by the Bicep lexer and parser (Lexer.cs, BaseParser.cs, Parser.cs). */
const PARSE_ERROR_CODES = new Set(
  [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 64, 68, 87, 96, 97, 103, 117, 118,
    123, 133, 136, 140, 162, 167, 201, 202, 226, 236, 237, 238, 243, 249, 266, 279, 300, 305, 317, 322, 325, 344, 346,
    347, 354, 355, 356, 375,
  ].map((n) => `BCP${String(n).padStart(3, '0')}`),
);

const DECLARATION_SYNTAX: Record<Statement['kind'], string> = {
  TargetScope: 'TargetScopeSyntax',
  Metadata: 'MetadataDeclarationSyntax',
  Parameter: 'ParameterDeclarationSyntax',
  Variable: 'VariableDeclarationSyntax',
  Output: 'OutputDeclarationSyntax',
  Resource: 'ResourceDeclarationSyntax',
  Module: 'ModuleDeclarationSyntax',
  Import: 'CompileTimeImportDeclarationSyntax',
  Extension: 'ExtensionDeclarationSyntax',
  Using: 'UsingDeclarationSyntax',
  TypeDeclaration: 'TypeDeclarationSyntax',
  FunctionDeclaration: 'FunctionDeclarationSyntax',
  Test: 'TestDeclarationSyntax',
  Assert: 'AssertDeclarationSyntax',
  MissingDeclaration: 'MissingDeclarationSyntax',
};
const DECLARATION_NAMES = new Set(Object.values(DECLARATION_SYNTAX));

/** Node classes compared in the deep check (what our AST represents one-to-one). */
const DEEP_NAMES = new Set([
  ...DECLARATION_NAMES,
  'DecoratorSyntax',
  'ObjectSyntax',
  'ArraySyntax',
  'ObjectPropertySyntax',
  'SpreadExpressionSyntax',
  'StringSyntax',
  'IntegerLiteralSyntax',
  'BooleanLiteralSyntax',
  'NullLiteralSyntax',
  'VariableAccessSyntax',
  'PropertyAccessSyntax',
  'ArrayAccessSyntax',
  'ResourceAccessSyntax',
  'FunctionCallSyntax',
  'InstanceFunctionCallSyntax',
  'TernaryOperationSyntax',
  'BinaryOperationSyntax',
  'UnaryOperationSyntax',
  'NonNullAssertionSyntax',
  'LambdaSyntax',
  'TypedLambdaSyntax',
  'ForSyntax',
  'IfConditionSyntax',
  'ParenthesizedExpressionSyntax',
  'TypeVariableAccessSyntax',
  'TypePropertyAccessSyntax',
  'TypeAdditionalPropertiesAccessSyntax',
  'TypeArrayAccessSyntax',
  'TypeItemsAccessSyntax',
  'ParameterizedTypeInstantiationSyntax',
  'InstanceParameterizedTypeInstantiationSyntax',
  'StringTypeLiteralSyntax',
  'IntegerTypeLiteralSyntax',
  'BooleanTypeLiteralSyntax',
  'NullTypeLiteralSyntax',
  'UnaryTypeOperationSyntax',
  'UnionTypeSyntax',
  'ArrayTypeSyntax',
  'NullableTypeSyntax',
  'NonNullableTypeSyntax',
  'ObjectTypeSyntax',
  'ObjectTypePropertySyntax',
  'ObjectTypeAdditionalPropertiesSyntax',
  'TupleTypeSyntax',
  'TupleTypeItemSyntax',
  'ParenthesizedTypeSyntax',
  'ResourceTypeSyntax',
]);

interface GoldenNode {
  name: string;
  start: number;
  end: number;
  depth: number;
  parent: string;
}

/**
 * Lines with their terminators. The annotation files use the data set's newline sequence (`\r\n` in `_CRLF` sets);
 * a lone `\n` inside a line (in a multi-line string) does not start a new annotated line.
 */
function splitLines(text: string): string[] {
  return text.includes('\r\n') ? text.split(/(?<=\r\n)/) : text.split(/(?<=\n)/);
}

/** Reads an annotated main.syntax.bicep into nodes with absolute [start, end) offsets. */
function readSyntaxBaseline(text: string): GoldenNode[] {
  const lines = splitLines(text);
  const nodes: GoldenNode[] = [];
  const stack: string[] = [];
  let offset = 0; // start of the next source line
  let lineStart = 0; // start of the current source line
  for (const line of lines) {
    if (!line.startsWith('//@[')) {
      lineStart = offset;
      offset += line.length;
      continue;
    }
    const m = /^\/\/@\[(\d+):(\d+)\) ((?:[| ] |[├└]─)*)(\S+)/.exec(line);
    if (!m) continue;
    const prefix = m[3]!;
    const depth = prefix.length / 2;
    const name = m[4]!;
    stack.length = depth;
    const parent = stack[depth - 1] ?? '';
    stack[depth] = name;
    if (name.startsWith('Token(')) continue;
    nodes.push({ name, start: lineStart + Number(m[1]), end: lineStart + Number(m[2]), depth, parent });
  }
  return nodes;
}

/** Our nodes under the golden class names they correspond to. */
function ourNodes(program: Program): GoldenNode[] {
  const out: GoldenNode[] = [];
  const add = (name: string, node: { range: AnyNode['range'] }, depth: number): void => {
    out.push({ name, start: node.range.start.offset, end: node.range.end.offset, depth, parent: '' });
  };
  const expr = (e: Expression | { kind: 'Spread'; expression: Expression; range: AnyNode['range'] }): void => {
    switch (e.kind) {
      case 'String':
      case 'MultilineString':
        return add('StringSyntax', e, 0);
      case 'InterpolatedString':
        add('StringSyntax', e, 0);
        return e.expressions.forEach(expr);
      case 'Integer':
        return add('IntegerLiteralSyntax', e, 0);
      case 'Boolean':
        return add('BooleanLiteralSyntax', e, 0);
      case 'Null':
        return add('NullLiteralSyntax', e, 0);
      case 'Array':
        add('ArraySyntax', e, 0);
        return e.items.forEach(expr);
      case 'Object':
        add('ObjectSyntax', e, 0);
        for (const p of e.properties) {
          if (p.kind === 'Spread') expr(p);
          else {
            add('ObjectPropertySyntax', p, 0);
            if (p.key.kind !== 'Identifier' && p.key.kind !== 'Error') expr(p.key);
            expr(p.value);
          }
        }
        return e.resources.forEach((r) => statement(r, 2));
      case 'Spread':
        add('SpreadExpressionSyntax', e, 0);
        return expr(e.expression);
      case 'VariableAccess':
        return add('VariableAccessSyntax', e, 0);
      case 'PropertyAccess':
        add('PropertyAccessSyntax', e, 0);
        return expr(e.base);
      case 'ArrayAccess':
        add('ArrayAccessSyntax', e, 0);
        expr(e.base);
        return expr(e.index);
      case 'ResourceAccess':
        add('ResourceAccessSyntax', e, 0);
        return expr(e.base);
      case 'FunctionCall':
        if (e.namespace) {
          add('InstanceFunctionCallSyntax', e, 0);
          add('VariableAccessSyntax', e.namespace, 0);
        } else add('FunctionCallSyntax', e, 0);
        return e.arguments.forEach(expr);
      case 'InstanceFunctionCall':
        add('InstanceFunctionCallSyntax', e, 0);
        expr(e.base);
        return e.arguments.forEach(expr);
      case 'Ternary':
        add('TernaryOperationSyntax', e, 0);
        expr(e.condition);
        expr(e.whenTrue);
        return expr(e.whenFalse);
      case 'Binary':
        add('BinaryOperationSyntax', e, 0);
        expr(e.left);
        return expr(e.right);
      case 'Unary':
        add('UnaryOperationSyntax', e, 0);
        return expr(e.operand);
      case 'NonNullAssertion':
        add('NonNullAssertionSyntax', e, 0);
        return expr(e.base);
      case 'Lambda':
        add('LambdaSyntax', e, 0);
        return expr(e.body);
      case 'For':
        add('ForSyntax', e, 0);
        expr(e.iterable);
        if (e.body.kind === 'IfCondition') {
          add('IfConditionSyntax', e.body, 0);
          expr(e.body.condition);
          expr(e.body.body);
        } else expr(e.body);
        return;
      case 'Parenthesized':
        add('ParenthesizedExpressionSyntax', e, 0);
        return expr(e.expression);
      case 'Error':
        return;
    }
  };
  const type = (t: TypeExpression): void => {
    switch (t.kind) {
      case 'TypeReference':
        return add('TypeVariableAccessSyntax', t, 0);
      case 'TypePropertyAccess':
        add(t.property === '*' ? 'TypeAdditionalPropertiesAccessSyntax' : 'TypePropertyAccessSyntax', t, 0);
        return type(t.base);
      case 'TypeIndexAccess':
        add(t.index === '*' ? 'TypeItemsAccessSyntax' : 'TypeArrayAccessSyntax', t, 0);
        if (t.index !== '*') expr(t.index);
        return type(t.base);
      case 'ParameterizedType':
        add(t.base ? 'InstanceParameterizedTypeInstantiationSyntax' : 'ParameterizedTypeInstantiationSyntax', t, 0);
        if (t.base) type(t.base);
        return t.arguments.forEach(type);
      case 'LiteralType': {
        const v = t.value;
        if (v.kind === 'Unary') {
          add('UnaryTypeOperationSyntax', t, 0);
          if (v.operand.kind === 'Integer') add('IntegerTypeLiteralSyntax', v.operand, 0);
          if (v.operand.kind === 'Boolean') add('BooleanTypeLiteralSyntax', v.operand, 0);
          return;
        }
        if (v.kind === 'Integer') return add('IntegerTypeLiteralSyntax', t, 0);
        if (v.kind === 'Boolean') return add('BooleanTypeLiteralSyntax', t, 0);
        if (v.kind === 'Null') return add('NullTypeLiteralSyntax', t, 0);
        add('StringTypeLiteralSyntax', t, 0);
        if (v.kind === 'InterpolatedString') v.expressions.forEach(expr);
        return;
      }
      case 'UnionType':
        add('UnionTypeSyntax', t, 0);
        return t.members.forEach(type);
      case 'ArrayType':
        add('ArrayTypeSyntax', t, 0);
        return type(t.item);
      case 'NullableType':
        add('NullableTypeSyntax', t, 0);
        return type(t.base);
      case 'NonNullableType':
        add('NonNullableTypeSyntax', t, 0);
        return type(t.base);
      case 'ObjectType':
        add('ObjectTypeSyntax', t, 0);
        for (const p of t.properties) {
          add(p.key === '*' ? 'ObjectTypeAdditionalPropertiesSyntax' : 'ObjectTypePropertySyntax', p, 0);
          p.decorators.forEach(decorator);
          if (p.key !== '*' && p.key.kind !== 'Identifier' && p.key.kind !== 'Error') expr(p.key);
          type(p.type);
        }
        return;
      case 'TupleType':
        add('TupleTypeSyntax', t, 0);
        for (const item of t.items) {
          add('TupleTypeItemSyntax', item, 0);
          item.decorators.forEach(decorator);
          type(item.type);
        }
        return;
      case 'ParenthesizedType':
        add('ParenthesizedTypeSyntax', t, 0);
        return type(t.type);
      case 'ResourceType':
        add('ResourceTypeSyntax', t, 0);
        if (t.typeString && t.typeString.kind !== 'Error') expr(t.typeString);
        return;
      case 'Error':
        return;
    }
  };
  const decorator = (d: { range: AnyNode['range']; expression: Expression }): void => {
    add('DecoratorSyntax', d, 0);
    expr(d.expression);
  };
  const body = (b: Expression | { kind: 'IfCondition'; condition: Expression; body: Expression; range: AnyNode['range'] }): void => {
    if (b.kind === 'IfCondition') {
      add('IfConditionSyntax', b, 0);
      expr(b.condition);
      expr(b.body);
    } else expr(b);
  };
  const statement = (s: Statement, depth: number): void => {
    add(DECLARATION_SYNTAX[s.kind], s, depth);
    s.decorators.forEach(decorator);
    switch (s.kind) {
      case 'TargetScope':
      case 'Metadata':
      case 'Assert':
        return expr(s.value);
      case 'Parameter':
        type(s.type);
        if (s.defaultValue) expr(s.defaultValue);
        return;
      case 'Variable':
        if (s.type) type(s.type);
        return expr(s.value);
      case 'Output':
        type(s.type);
        return expr(s.value);
      case 'Resource':
        if (s.typeString.kind !== 'Error') expr(s.typeString);
        return body(s.value);
      case 'Module':
        if (s.path.kind !== 'Error') expr(s.path);
        return body(s.value);
      case 'Test':
        if (s.path.kind !== 'Error') expr(s.path);
        return expr(s.value);
      case 'Import':
        for (const sym of s.symbols ?? []) if (sym.name.kind !== 'Identifier' && sym.name.kind !== 'Error') expr(sym.name);
        if (s.from.kind !== 'Error') expr(s.from);
        return;
      case 'Extension':
        if (s.specification.kind !== 'Identifier' && s.specification.kind !== 'Error') expr(s.specification);
        if (s.config) expr(s.config);
        return;
      case 'Using':
        return;
      case 'TypeDeclaration':
        return type(s.value);
      case 'FunctionDeclaration':
        if (s.lambda.kind === 'TypedLambda') {
          add('TypedLambdaSyntax', s.lambda, 0);
          s.lambda.parameters.forEach((p) => type(p.type));
          type(s.lambda.returnType);
          expr(s.lambda.body);
        }
        return;
      case 'MissingDeclaration':
        return;
    }
  };
  for (const s of program.statements) statement(s, 1);
  return out;
}

/** Reads an annotated main.tokens.bicep into `Kind [start:end)` keys (absolute offsets). */
function readTokenBaseline(text: string): string[] {
  const out: string[] = [];
  let offset = 0;
  let lineStart = 0;
  for (const line of splitLines(text)) {
    if (!line.startsWith('//@[')) {
      lineStart = offset;
      offset += line.length;
      continue;
    }
    const m = /^\/\/@\[(\d+):(\d+)\) (\w+) /.exec(line);
    if (m) out.push(`${m[3]} [${lineStart + Number(m[1])}:${lineStart + Number(m[2])})`);
  }
  return out;
}

interface SetResult {
  name: string;
  syntaxValid: boolean;
  diagnostics: number;
  topExpected: number;
  topMatched: number;
  topDiff: string[];
  deepExpected: number;
  deepMatched: number;
  deepDiff: string[];
  tokensExpected: number;
  tokensMatched: number;
  tokenDiff: string[];
}

function key(n: GoldenNode): string {
  return `${n.name} [${n.start}:${n.end})`;
}

/** Multiset difference a − b, as keys. */
function missing(a: GoldenNode[], b: GoldenNode[]): string[] {
  const counts = new Map<string, number>();
  for (const n of b) counts.set(key(n), (counts.get(key(n)) ?? 0) + 1);
  const out: string[] = [];
  for (const n of a) {
    const k = key(n);
    const c = counts.get(k) ?? 0;
    if (c > 0) counts.set(k, c - 1);
    else out.push(k);
  }
  return out;
}

function compare(dir: string): SetResult {
  const name = path.basename(dir);
  const text = fs.readFileSync(path.join(dir, 'main.bicep'), 'utf8');
  const { program, diagnostics } = parseBicep(text, `${name}/main.bicep`);
  const diagFile = path.join(dir, 'main.diagnostics.bicep');
  const goldenDiagnostics = fs.existsSync(diagFile) ? fs.readFileSync(diagFile, 'utf8') : '';
  const codes = [...goldenDiagnostics.matchAll(/\[(BCP\d+) \(Error\)\]/g)].map((m) => m[1]!);
  const syntaxValid = !codes.some((c) => PARSE_ERROR_CODES.has(c));
  const result: SetResult = {
    name,
    syntaxValid,
    diagnostics: diagnostics.length,
    topExpected: 0,
    topMatched: 0,
    topDiff: [],
    deepExpected: 0,
    deepMatched: 0,
    deepDiff: [],
    tokensExpected: 0,
    tokensMatched: 0,
    tokenDiff: [],
  };
  const tokensFile = path.join(dir, 'main.tokens.bicep');
  if (fs.existsSync(tokensFile)) {
    const expected = readTokenBaseline(fs.readFileSync(tokensFile, 'utf8'));
    const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const ours = tokenize(src).tokens.map((t) => `${TokenKind[t.kind]} [${t.start}:${t.end})`);
    // The golden stream of a file that ends inside an unterminated multi-line string has no EndOfFile (see README).
    if (!expected[expected.length - 1]?.startsWith('EndOfFile ')) ours.pop();
    result.tokensExpected = expected.length;
    let i = 0;
    while (i < expected.length && i < ours.length && expected[i] === ours[i]) i++;
    result.tokensMatched = i;
    if (i < expected.length || i < ours.length) result.tokenDiff = [`first difference at token ${i}: expected ${expected[i]}, got ${ours[i]}`];
  }
  const syntaxFile = path.join(dir, 'main.syntax.bicep');
  if (!fs.existsSync(syntaxFile)) return result;
  const golden = readSyntaxBaseline(fs.readFileSync(syntaxFile, 'utf8'));
  const ours = ourNodes(program);

  const goldTop = golden.filter((n) => n.depth === 1 && DECLARATION_NAMES.has(n.name));
  const ourTop = ours.filter((n) => n.depth === 1);
  result.topExpected = goldTop.length;
  const topMissing = missing(goldTop, ourTop);
  const topExtra = missing(ourTop, goldTop);
  result.topMatched = goldTop.length - topMissing.length;
  result.topDiff = [...topMissing.map((k) => `missing ${k}`), ...topExtra.map((k) => `extra ${k}`)];

  // The condition of `if` is a ParenthesizedExpressionSyntax in Bicep; our IfCondition keeps the inner expression.
  const goldDeep = golden.filter((n) => DEEP_NAMES.has(n.name) && !(n.name === 'ParenthesizedExpressionSyntax' && n.parent === 'IfConditionSyntax'));
  const ourDeep = ours.map((n) => ({ ...n, depth: 0 }));
  result.deepExpected = goldDeep.length;
  const deepMissing = missing(goldDeep, ourDeep);
  const deepExtra = missing(ourDeep, goldDeep);
  result.deepMatched = goldDeep.length - deepMissing.length;
  result.deepDiff = [...deepMissing.map((k) => `missing ${k}`), ...deepExtra.map((k) => `extra ${k}`)];
  return result;
}

const dataSets = fs
  .readdirSync(baselinesDir)
  .filter((d) => fs.existsSync(path.join(baselinesDir, d, 'main.bicep')))
  .sort();

describe('Bicep golden syntax baselines (Azure/bicep)', () => {
  const results = new Map<string, SetResult>();
  const get = (name: string): SetResult => {
    let r = results.get(name);
    if (!r) results.set(name, (r = compare(path.join(baselinesDir, name))));
    return r;
  };

  it('finds the data sets', () => {
    expect(dataSets.length).toBeGreaterThanOrEqual(60);
  });

  for (const name of dataSets) {
    it(name, () => {
      const r = get(name);
      if (r.syntaxValid) {
        expect(r.diagnostics, `${name}: diagnostics on a syntactically valid program`).toBe(0);
        expect(r.tokenDiff, `${name}: tokens differ`).toEqual([]);
        expect(r.topDiff, `${name}: top-level declarations differ`).toEqual([]);
        expect(r.deepDiff, `${name}: nodes differ`).toEqual([]);
      } else {
        expect(r.diagnostics, `${name}: the golden diagnostics have parse errors`).toBeGreaterThan(0);
        if (process.env['BICEP_BASELINE_DEBUG'] && (r.topDiff.length || r.tokenDiff.length)) console.log(name, r.topDiff, r.tokenDiff);
      }
    });
  }

  it('reports the match rate', () => {
    let validSets = 0, validTopExpected = 0, validTopMatched = 0, validDeepExpected = 0, validDeepMatched = 0;
    let invalidSets = 0, invalidTopExpected = 0, invalidTopMatched = 0;
    let tokensExpected = 0, tokensMatched = 0, tokenSets = 0, tokenSetsIdentical = 0;
    for (const name of dataSets) {
      const r = get(name);
      if (r.tokensExpected > 0) {
        tokenSets++;
        tokensExpected += r.tokensExpected;
        tokensMatched += r.tokensMatched;
        if (r.tokenDiff.length === 0) tokenSetsIdentical++;
      }
      if (r.syntaxValid) {
        validSets++;
        validTopExpected += r.topExpected;
        validTopMatched += r.topMatched;
        validDeepExpected += r.deepExpected;
        validDeepMatched += r.deepMatched;
      } else {
        invalidSets++;
        invalidTopExpected += r.topExpected;
        invalidTopMatched += r.topMatched;
      }
    }
    const pct = (a: number, b: number): string => `${((100 * a) / Math.max(b, 1)).toFixed(1)} %`;
    console.log(
      [
        `Bicep baselines: ${dataSets.length} data sets (${validSets} syntactically valid, ${invalidSets} with parse errors)`,
        `  valid sets, top-level declarations: ${validTopMatched}/${validTopExpected} (${pct(validTopMatched, validTopExpected)})`,
        `  valid sets, nodes of ${DEEP_NAMES.size} kinds: ${validDeepMatched}/${validDeepExpected} (${pct(validDeepMatched, validDeepExpected)})`,
        `  sets with parse errors, top-level declarations (recovery, informative): ${invalidTopMatched}/${invalidTopExpected} (${pct(invalidTopMatched, invalidTopExpected)})`,
        `  tokens (main.tokens.bicep, all sets): ${tokenSetsIdentical}/${tokenSets} token streams identical; ${tokensMatched}/${tokensExpected} tokens before the first difference (${pct(tokensMatched, tokensExpected)})`,
      ].join('\n'),
    );
    expect(validTopMatched).toBe(validTopExpected);
  });
});
