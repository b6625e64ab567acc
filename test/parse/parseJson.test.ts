import { describe, expect, it } from 'vitest';
import { MAX_JSON_NESTING, parseJson } from '../../src/parse/json/parseJson';
import { getValue, type Node, type ObjectNode } from '../../src/model/tree';

function parse(text: string) {
  return parseJson(text, 'f.json', { armExpressions: true });
}

function obj(node: Node | undefined): ObjectNode {
  if (node?.kind !== 'object') throw new Error(`expected an object, got ${node?.kind}`);
  return node;
}

const span = (n: { line: number; column: number; endLine: number; endColumn: number }) => [n.line, n.column, n.endLine, n.endColumn];

describe('parseJson', () => {
  it('positions every key and value (1-based lines and columns, end column after the last character)', () => {
    const { root, diagnostics } = parse('{\n  "a": 1,\n  "b": { "c": [true, null] }\n}');
    expect(diagnostics).toEqual([]);
    const top = obj(root);
    expect(span(top)).toEqual([1, 1, 4, 2]);
    expect(top.entries.map((e) => [e.key, ...span(e.keyLocation)])).toEqual([
      ['a', 2, 3, 2, 6],
      ['b', 3, 3, 3, 6],
    ]);
    expect(span(getValue(top, 'a')!)).toEqual([2, 8, 2, 9]);
    const b = obj(getValue(top, 'b'));
    expect(span(b)).toEqual([3, 8, 3, 29]);
    const c = getValue(b, 'c')!;
    expect(c.kind === 'array' && c.items.map((i) => [i.kind, ...span(i)])).toEqual([
      ['bool', 3, 16, 3, 20],
      ['null', 3, 22, 3, 26],
    ]);
  });

  it('accepts comments and trailing commas, and records the comments', () => {
    const { root, diagnostics, comments } = parse('{\n  // line comment\n  "a": 1, /* block\n  comment */\n  "b": [1, 2,],\n}');
    expect(diagnostics).toEqual([]);
    expect(obj(root).entries.map((e) => e.key)).toEqual(['a', 'b']);
    expect(comments.map((c) => [c.text, c.line, c.column, c.endLine, c.endColumn])).toEqual([
      ['// line comment', 2, 3, 2, 18],
      ['/* block\n  comment */', 3, 11, 4, 13],
    ]);
  });

  it('ignores a byte-order mark for positions', () => {
    const { root, diagnostics } = parse('\uFEFF{"a": "x"}');
    expect(diagnostics).toEqual([]);
    expect(span(getValue(obj(root), 'a')!)).toEqual([1, 7, 1, 10]);
  });

  it('counts lines the same with CRLF and mixed line endings', () => {
    const { root } = parse('{\r\n"a": 1,\n"b": 2,\r\n"c": 3\r\n}');
    expect(obj(root).entries.map((e) => e.keyLocation.line)).toEqual([2, 3, 4]);
  });

  it('makes ARM expressions of [..] strings and unescapes [[', () => {
    const { root } = parse('{"e": "[parameters(\'x\')]", "lit": "[[not an expression]", "plain": "[no end", "short": "[]"}');
    const top = obj(root);
    expect(getValue(top, 'e')).toMatchObject({ kind: 'expression', lang: 'arm', text: "parameters('x')" });
    expect(getValue(top, 'lit')).toMatchObject({ kind: 'string', value: '[not an expression]' });
    expect(getValue(top, 'plain')).toMatchObject({ kind: 'string', value: '[no end' });
    expect(getValue(top, 'short')).toMatchObject({ kind: 'expression', text: '' });
  });

  it('keeps plain strings when expressions are off', () => {
    const { root } = parseJson('{"e": "[x]"}', 'f.json', { armExpressions: false });
    expect(getValue(obj(root), 'e')).toMatchObject({ kind: 'string', value: '[x]' });
  });

  it('keeps duplicate keys in order; lookups are case-insensitive and the last one wins', () => {
    const { root } = parse('{"Name": "a", "name": "b"}');
    const top = obj(root);
    expect(top.entries.map((e) => e.key)).toEqual(['Name', 'name']);
    expect(getValue(top, 'NAME')).toMatchObject({ value: 'b' });
  });

  it('reports syntax errors with positions', () => {
    const { diagnostics } = parse('{\n  "a": 1\n  "b": 2\n}');
    expect(diagnostics.map((d) => [d.kind, d.line, d.column, d.message])).toEqual([['parse-error', 3, 3, "JSON syntax error: a ',' is expected."]]);
  });

  it('fails cleanly on nesting too deep for the parser, at the first value past the limit', () => {
    const { root, diagnostics } = parse('['.repeat(200_000));
    expect(root).toBeUndefined();
    expect(diagnostics.map((d) => [d.kind, d.line, d.column, d.endLine, d.endColumn, d.message])).toEqual([
      ['parse-error', 1, MAX_JSON_NESTING + 1, 1, MAX_JSON_NESTING + 2, `JSON syntax error: the value is nested too deeply (more than ${MAX_JSON_NESTING} levels of objects and arrays).`],
    ]);
  });

  it('accepts nesting up to the limit', () => {
    const deep = (n: number) => '{"a":'.repeat(n - 1) + '[1]' + '}'.repeat(n - 1);
    expect(parse(deep(MAX_JSON_NESTING)).diagnostics).toEqual([]);
    const over = parse('{\n"x": [1,\n' + deep(MAX_JSON_NESTING) + ']}');
    expect(over.diagnostics.map((d) => [d.line, d.column])).toEqual([[3, 5 * (MAX_JSON_NESTING - 2) + 1]]);
  });
});
