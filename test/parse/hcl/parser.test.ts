import { describe, expect, it } from 'vitest';
import type { Attribute, Block, Expression, TemplateExpr } from '../../../src/parse/hcl/ast';
import { isTemplateWrap, sourceText, templateLiteralValue } from '../../../src/parse/hcl/ast';
import { MAX_NESTING } from '../../../src/parse/hcl/errors';
import { parseHcl } from '../../../src/parse/hcl/parseHcl';
import { decimalText, Hcl2JsonError, toHcl2Json } from '../../../src/parse/hcl/toHcl2Json';
import { show, span } from './show';

function parse(text: string) {
  return parseHcl(text, 'main.tf');
}

/** Parses `text` and fails with its diagnostics if it does not parse. */
function ok(text: string) {
  const r = parse(text);
  expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
  return r;
}

function attr(text: string, name = 'a'): Attribute {
  const a = ok(text).body!.attributes.find((x) => x.name === name);
  if (!a) throw new Error(`no attribute ${name}`);
  return a;
}

/** The expression of `a = <src>`. */
function expr(src: string): Expression {
  return attr(`a = ${src}\n`).expr;
}

function errors(text: string) {
  return parse(text).diagnostics.map((d) => ({ at: [d.line, d.column, d.endLine, d.endColumn], message: d.message }));
}

describe('parseHcl: structure', () => {
  it('reads attributes and blocks with quoted and bare labels, nested blocks, one-line and empty blocks', () => {
    const { body } = ok(
      [
        'terraform {',
        '  required_version = ">= 1.5"',
        '}',
        '',
        'resource "azurerm_storage_account" sa {',
        '  name = "st"',
        '  network_rules {',
        '    default_action = "Deny"',
        '  }',
        '  tags { env = "prod" }',
        '  lifecycle {}',
        '}',
        'count = 3',
      ].join('\n'),
    );
    expect(body!.attributes.map((a) => [a.name, show(a.expr)])).toEqual([['count', '3']]);
    const [terraform, resource] = body!.blocks as [Block, Block];
    expect(terraform.type).toBe('terraform');
    expect(terraform.labels).toEqual([]);
    expect(terraform.body.attributes.map((a) => [a.name, show(a.expr)])).toEqual([['required_version', '(tmpl ">= 1.5")']]);
    expect(resource.labels.map((l) => [l.value, l.quoted, ...span(l.range)])).toEqual([
      ['azurerm_storage_account', true, 5, 10, 5, 35],
      ['sa', false, 5, 36, 5, 38],
    ]);
    expect(resource.body.attributes.map((a) => a.name)).toEqual(['name']);
    expect(resource.body.blocks.map((b) => [b.type, b.body.attributes.map((a) => `${a.name}=${show(a.expr)}`).join()])).toEqual([
      ['network_rules', 'default_action=(tmpl "Deny")'],
      ['tags', 'env=(tmpl "prod")'],
      ['lifecycle', ''],
    ]);
  });

  it('positions blocks from the type to the closing brace, with the braces, type and name ranges', () => {
    const { body } = ok('resource "a" "b" {\n  x = 1\n}\n');
    const b = body!.blocks[0]!;
    expect(span(b.range)).toEqual([1, 1, 3, 2]);
    expect(span(b.typeRange)).toEqual([1, 1, 1, 9]);
    expect(span(b.openBraceRange)).toEqual([1, 18, 1, 19]);
    expect(span(b.closeBraceRange)).toEqual([3, 1, 3, 2]);
    expect(span(b.body.range)).toEqual([1, 18, 3, 2]);
    const x = b.body.attributes[0]!;
    expect(span(x.nameRange)).toEqual([2, 3, 2, 4]);
    expect(span(x.range)).toEqual([2, 3, 2, 8]);
    expect(span(x.expr.range)).toEqual([2, 7, 2, 8]);
    expect(x.expr.range.start.offset).toBe(25);
    expect(span(body!.range)).toEqual([1, 1, 4, 1]);
  });

  it('decodes escapes in quoted labels ($${ and %%{ included) and keeps bare labels as written', () => {
    const { body } = ok('a "x\\n$${y}%%{z}" b-c {}\n');
    expect(body!.blocks[0]!.labels.map((l) => l.value)).toEqual(['x\n${y}%{z}', 'b-c']);
  });

  it('treats comments as whitespace, and a line comment as the end of its line', () => {
    const { body } = ok('# c1\n// c2\na /* c3 */ = 1 # c4\nb = [1, /* c5\n */ 2] // c6\n/* c7 */\n');
    expect(body!.attributes.map((a) => [a.name, show(a.expr)])).toEqual([
      ['a', '1'],
      ['b', '[1, 2]'],
    ]);
  });
});

describe('parseHcl: expressions', () => {
  const cases: [string, string][] = [
    // Literals
    ['1', '1'],
    ['1.5e3', '1500'],
    ['007', '7'],
    ['true', 'true'],
    ['false', 'false'],
    ['null', 'null'],
    // Templates
    ['"abc"', '(tmpl "abc")'],
    ['""', '(tmpl)'],
    ['"a\\n\\t\\"\\\\\\u00e9\\U0001F600"', '(tmpl "a\\n\\t\\"\\\\é😀")'],
    ['"$${x} %%{y}"', '(tmpl "${x} %%{y}")'],
    ['"a ${var.x} b"', '(tmpl "a " ${var.x} " b")'],
    ['"${x}"', '(tmpl ${x})'],
    ['"a  ${~ x ~}  b"', '(tmpl "a" ${~x~} "b")'],
    ['"${x ~} "', '(tmpl ${x~} "")'],
    ['"%{if c}yes%{else}no%{endif}"', '(%if c ["yes"] else ["no"])'.replace(/^/, '(tmpl ') + ')'],
    ['"%{ for k, v in m ~} ${k}=${v} %{~ endfor }"', '(tmpl (%for k, v in m ["" ${k} "=" ${v} ""]))'],
    ['"%{if a}%{for x in y}${x}%{endfor}%{endif}"', '(tmpl (%if a [(%for x in y [${x}])]))'],
    ['"${ {a = 1} }"', '(tmpl ${{a = 1}})'],
    ['"${"}"}"', '(tmpl ${(tmpl "}")})'],
    // Heredocs
    ['<<EOT\nline 1\n  line 2 ${x}\nEOT', '(<<EOT "line 1\\n  line 2 " ${x} "\\n")'],
    ['<<-EOT\n    a\n      b\n    EOT', '(<<-EOT "a\\n  b\\n")'],
    ['<<-EOT\n    a\n\n  ${x}\n  EOT', '(<<-EOT "  a\\n\\n" ${x} "\\n")'],
    ['<<-EOT\n    a ${x ~}\n    b\n  EOT', '(<<-EOT "a " ${x~} "    b\\n")'],
    ['<<EOT\nEOT', '(<<EOT)'],
    // Collections
    ['[]', '[]'],
    ['[1, "two", [3],]', '[1, (tmpl "two"), [3]]'],
    ['{}', '{}'],
    ['{ a = 1, "b" = 2, c: 3 }', '{a = 1, (tmpl "b") = 2, c : 3}'],
    ['{\n  a = 1\n  b = 2,\n}', '{a = 1, b = 2}'],
    ['{ (k) = 1, x.y = 2 }', '{(paren k) = 1, x.y = 2}'],
    // References
    ['var.x.y', 'var.x.y'],
    ['local.m["k"][0].id', 'local.m["k"][0].id'],
    ['module.m.0.id', 'module.m.0.id'],
    ['x[var.i].name', '(. (index x var.i) name)'],
    ['f(x).id[0]', '(index (. f(x) id) 0)'],
    ['(x).y', '(. (paren x) y)'],
    ['true.x', '(. true x)'],
    // Splats
    ['x.*', '(.* x @)'],
    ['x.*.id', '(.* x (. @ id))'],
    ['x.*.a[0]', '(index (.* x (. @ a)) 0)'],
    ['x[*].a[0].b', '([*] x (. (index (. @ a) 0) b))'],
    ['x[*][*].id', '([*] x ([*] @ (. @ id)))'],
    ['x[*].*', '([*] x (.* @ @))'],
    // Calls
    ['f()', 'f()'],
    ['f(1, 2,)', 'f(1, 2)'],
    ['concat(a, b...)', 'concat(a, b...)'],
    ['provider::terraform::encode_tfvars(x)', 'provider::terraform::encode_tfvars(x)'],
    ['provider :: a :: b(1)', 'provider::a::b(1)'],
    ['[f\n(1)]', '[f(1)]'],
    // Operators
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['(1 + 2) * 3', '(* (paren (+ 1 2)) 3)'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b % c * d', '(* (% (/ a b) c) d)'],
    ['a || b && c == d < e + f * g', '(|| a (&& b (== c (< d (+ e (* f g))))))'],
    ['a != b >= c <= d > e', '(!= a (> (<= (>= b c) d) e))'],
    ['-x.y', '(- x.y)'],
    ['!!a', '(! (! a))'],
    ['- -1', '(- (- 1))'],
    ['a ? b : c ? d : e', '(? a b (? c d e))'],
    ['a ? b ? c : d : e', '(? a (? b c d) e)'],
    ['a + 1 > 2 ? "y" : "n"', '(? (> (+ a 1) 2) (tmpl "y") (tmpl "n"))'],
    // For expressions
    ['[for v in xs : v]', '[for v in xs : v]'],
    ['[for i, v in xs : v if i > 0]', '[for i, v in xs : v if (> i 0)]'],
    ['{for k, v in m : k => v}', '{for k, v in m : k => v}'],
    ['{for v in xs : v.k => v... if v.on}', '{for v in xs : v.k => v... if v.on}'],
    ['{\n  for k, v in m :\n  k => v\n}', '{for k, v in m : k => v}'],
    ['[(for), 1]', '[(paren for), 1]'],
  ];
  it.each(cases)('%j → %s', (src, expected) => {
    expect(show(expr(src))).toBe(expected);
  });

  it('keeps the exact digits of numbers next to their value', () => {
    const e = expr('12345678901234567890123');
    expect(e.kind === 'Literal' && [e.value, e.raw]).toEqual([12345678901234567890123, '12345678901234567890123']);
  });

  it('builds static references step by step, with a literal key expression for [..] steps', () => {
    const e = expr('var.m["k"].list[0]');
    if (e.kind !== 'ScopeTraversal') throw new Error(e.kind);
    expect(e.root).toBe('var');
    expect(e.steps.map((s) => [s.kind, s.kind === 'attr' ? s.name : s.key, ...span(s.range)])).toEqual([
      ['attr', 'm', 1, 8, 1, 10],
      ['index', 'k', 1, 10, 1, 15],
      ['attr', 'list', 1, 15, 1, 20],
      ['index', 0, 1, 20, 1, 23],
    ]);
    expect(span(e.rootRange)).toEqual([1, 5, 1, 8]);
    expect(span(e.range)).toEqual([1, 5, 1, 23]);
  });

  it('positions calls, for expressions, conditionals, operators and template parts', () => {
    const call = expr('provider::p::f(1, x...)');
    if (call.kind !== 'FunctionCall') throw new Error(call.kind);
    expect([span(call.nameRange), span(call.openParenRange), span(call.closeParenRange), span(call.range), call.expandFinal]).toEqual([
      [1, 5, 1, 19],
      [1, 19, 1, 20],
      [1, 27, 1, 28],
      [1, 5, 1, 28],
      true,
    ]);
    const f = expr('{for k, v in m : k => v}');
    if (f.kind !== 'ForObject') throw new Error(f.kind);
    expect([span(f.keyVar!.range), span(f.valueVar.range), span(f.collection.range), span(f.range)]).toEqual([
      [1, 10, 1, 11],
      [1, 13, 1, 14],
      [1, 18, 1, 19],
      [1, 5, 1, 29],
    ]);
    const c = expr('a ? 1 : 2 + 3');
    if (c.kind !== 'Conditional' || c.falseExpr.kind !== 'BinaryOp') throw new Error(c.kind);
    expect([span(c.range), span(c.falseExpr.range), span(c.falseExpr.opRange)]).toEqual([
      [1, 5, 1, 18],
      [1, 13, 1, 18],
      [1, 15, 1, 16],
    ]);
    const t = expr('"ab ${x} %{if c}y%{endif}"') as TemplateExpr;
    expect(t.parts.map((p) => [p.kind, ...span(p.range)])).toEqual([
      ['Literal', 1, 6, 1, 9],
      ['TemplateInterpolation', 1, 9, 1, 13],
      ['Literal', 1, 13, 1, 14],
      ['TemplateIf', 1, 14, 1, 30],
    ]);
    const ifPart = t.parts[3]!;
    if (ifPart.kind !== 'TemplateIf') throw new Error(ifPart.kind);
    expect([span(ifPart.ifMarker.range), span(ifPart.endifMarker.range), span(ifPart.condition.range)]).toEqual([
      [1, 14, 1, 21],
      [1, 22, 1, 30],
      [1, 19, 1, 20],
    ]);
  });

  it('ends a heredoc at its closing marker; the literal parts carry their lines', () => {
    const a = attr('a = <<-EOT\n  one\n  two\n  EOT\nb = 1\n');
    const t = a.expr as TemplateExpr;
    expect(span(t.range)).toEqual([1, 5, 4, 6]);
    expect(t.parts.map((p) => [show(p), ...span(p.range)])).toEqual([['"one\\ntwo\\n"', 2, 1, 4, 1]]);
    expect(t.heredoc).toEqual({ marker: 'EOT', indented: true });
  });

  it('recovers the source text of any expression', () => {
    const { body, source } = ok('a = merge(var.tags, { env = "prod" }) # c\nb = [for x in y : x\n  if x != ""]\n');
    expect(body!.attributes.map((x) => sourceText(x.expr, source))).toEqual([
      'merge(var.tags, { env = "prod" })',
      '[for x in y : x\n  if x != ""]',
    ]);
  });

  it('tells literal templates and single interpolations apart', () => {
    expect(templateLiteralValue(expr('"abc"') as TemplateExpr)).toBe('abc');
    expect(templateLiteralValue(expr('<<EOT\nx\nEOT') as TemplateExpr)).toBe('x\n');
    expect(templateLiteralValue(expr('"a${b}"') as TemplateExpr)).toBeUndefined();
    expect(isTemplateWrap(expr('"${b}"') as TemplateExpr)).toBe(true);
    expect(isTemplateWrap(expr('"${b} "') as TemplateExpr)).toBe(false);
  });
});

describe('parseHcl: positions', () => {
  it('counts columns in UTF-16 code units (a character outside the BMP takes two)', () => {
    const { body } = ok('a = "😀é" // x\nb = { "日本" = 1 }\n');
    expect(span(body!.attributes[0]!.expr.range)).toEqual([1, 5, 1, 10]);
    const b = body!.attributes[1]!.expr;
    if (b.kind !== 'Object') throw new Error(b.kind);
    expect(span(b.items[0]!.key.range)).toEqual([2, 7, 2, 11]);
    expect(span(b.items[0]!.value.range)).toEqual([2, 14, 2, 15]);
  });

  it('counts a tab as one column', () => {
    expect(span(attr('\ta\t=\t1\n').nameRange)).toEqual([1, 2, 1, 3]);
  });

  it('strips a byte-order mark: offsets and columns start after it', () => {
    const r = ok('\ufeffa = 1\n');
    const a = r.body!.attributes[0]!;
    expect([span(a.nameRange), a.nameRange.start.offset, r.source]).toEqual([[1, 1, 1, 2], 0, 'a = 1\n']);
  });

  it('keeps line numbers with CRLF and mixed line endings', () => {
    const { body, source } = ok('a = 1\r\nb = <<EOT\r\nx\r\nEOT\r\n\nc = "${x}"\r\nd {\n  e = [\r\n 1]\r\n}\n');
    expect(body!.attributes.map((x) => [x.name, ...span(x.nameRange)])).toEqual([
      ['a', 1, 1, 1, 2],
      ['b', 2, 1, 2, 2],
      ['c', 6, 1, 6, 2],
    ]);
    expect(templateLiteralValue(body!.attributes[1]!.expr as TemplateExpr)).toBe('x\r\n');
    const e = body!.blocks[0]!.body.attributes[0]!;
    expect([span(e.nameRange), span(e.expr.range), sourceText(e.expr, source)]).toEqual([[8, 3, 8, 4], [8, 7, 9, 4], '[\r\n 1]']);
  });
});

describe('parseHcl: syntax errors', () => {
  const cases: [string, number[], string][] = [
    ['foo bar\n', [1, 8, 2, 1], "expected a label or '{' in the header of the block 'foo', found a new line"],
    ['foo\n', [1, 4, 2, 1], "expected '=' or a block after the name 'foo', found a new line"],
    ['foo : 1\n', [1, 5, 1, 6], "expected '=' or a block after the name 'foo', found ':'"],
    ['a = "abc\n', [1, 5, 1, 9], "unterminated string: a quoted string must end on the line where it starts (use \\n for a line break, or a heredoc <<EOT for multi-line text)"],
    ['a = "abc', [1, 5, 1, 9], `unterminated string: the '"' at line 1, column 5 has no closing '"'`],
    ['a = "a\\q"\n', [1, 7, 1, 9], "invalid escape sequence '\\q': the escapes are \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN (write '\\\\' for a backslash)"],
    ['a = "\\u12"\n', [1, 6, 1, 10], "invalid escape sequence: '\\u' must be followed by 4 hexadecimal digits"],
    ['a = <<EOT\nx\n', [1, 5, 1, 10], "unterminated heredoc: no line holds only the closing marker 'EOT' (followed by a line break)"],
    ['b {\n  c = 1\n', [1, 3, 1, 4], "unclosed block: the '{' of the block 'b' at line 1, column 3 has no matching '}'"],
    ['}\n', [1, 1, 1, 2], "unexpected '}': there is no open block to close"],
    ['a = 1 b = 2\n', [1, 7, 1, 8], "expected a new line after the value of the argument 'a', found 'b'"],
    ['a = 1, b = 2\n', [1, 6, 1, 7], "unexpected ',' after the argument 'a': arguments are separated by new lines, not commas"],
    ['a = 1 +\n2\n', [1, 8, 2, 1], 'expected an expression, found a new line'],
    ['a = \n', [1, 5, 2, 1], 'expected an expression, found a new line'],
    ['a = 1\na = 2\n', [2, 1, 2, 2], "the argument 'a' is already set at line 1, column 1; an argument can be set only once in a block"],
    ['b { c = 1, d = 2 }\n', [1, 10, 1, 11], "a single-line block can hold one argument only; put each argument of 'b' on its own line"],
    ['b { c {} }\n', [1, 5, 1, 6], "a single-line block can hold one argument only; to nest the block 'c' inside 'b', put it on its own line"],
    ['b { c = 1\n}\n', [1, 10, 2, 1], "a block that has an argument on the line of its '{' must be closed on that line; put the argument 'c' on its own line or close the block with '}' after it"],
    ['b {} c = 1\n', [1, 6, 1, 7], "expected a new line after the '}' that closes the block 'b', found 'c'"],
    ['b "x${y}" {}\n', [1, 5, 1, 7], "a block label cannot contain '${' (a template sequence); write '$${' for the literal text"],
    ['a = [1 2]\n', [1, 8, 1, 9], "expected ',' or ']' after an item of the list that starts at line 1, column 5, found '2'"],
    ['a = { b = 1 c = 2 }\n', [1, 13, 1, 14], "expected ',', a new line or '}' after an item of the object that starts at line 1, column 5, found 'c'"],
    ['a = { b 1 }\n', [1, 9, 1, 10], "expected '=' or ':' after the object key, found '1'"],
    ['a = f(1 2)\n', [1, 9, 1, 10], "expected ',' or ')' after an argument of 'f' (the '(' is at line 1, column 6), found '2'"],
    ['a = f(x..., y)\n', [1, 11, 1, 12], "expected ')' after '...': only the last argument of 'f' can be expanded, found ','"],
    ['a = (1\n', [2, 1, 2, 1], "expected ')' to close the '(' at line 1, column 5, found the end of the file"],
    ['a = x[1\n', [2, 1, 2, 1], "expected ']' to close the index '[' at line 1, column 6, found the end of the file"],
    ['a = x.\n', [1, 7, 2, 1], "expected an attribute name after '.', found a new line"],
    ['a = x.*.*\n', [1, 9, 1, 10], "nested splat: '.*' cannot follow another '.*' (use [*] to splat inside a splat)"],
    ['a = x.0.1\n', [1, 7, 1, 10], "legacy index syntax cannot be chained ('.0.1'); write the indexes in brackets, like [0][1]"],
    ['a = 1.2.3\n', [1, 5, 1, 10], "invalid number '1.2.3'"],
    ['a = c ? 1\n', [1, 10, 2, 1], "expected ':' and the false result of the conditional '?', found a new line"],
    ['a = provider::p::f\n', [1, 19, 2, 1], "expected '(' after the function name 'provider::p::f', found a new line"],
    ['a = [for x y : x]\n', [1, 12, 1, 13], "expected 'in' after the variable names of the 'for' expression, found 'y'"],
    ['a = [for 1 in y : x]\n', [1, 10, 1, 11], "expected a variable name in the 'for' expression, found '1'"],
    ['a = {for x in y : x}\n', [1, 20, 1, 21], "expected '=>' and a value after the key: a 'for' expression in braces builds an object ({for k, v in x : k => v}), found '}'"],
    ['a = [for x in y : x...]\n', [1, 20, 1, 23], "the grouping '...' is only for a 'for' expression that builds an object ({for …})"],
    ['a = [for x in y : x if c if d]\n', [1, 26, 1, 28], "expected ']' to end the 'for' expression that starts at line 1, column 5, found 'if'"],
    ['a = "${x"\n', [1, 9, 1, 10], "expected '}' to close the interpolation '${' at line 1, column 6, found '\"'"],
    ['a = "${x ~ }"\n', [1, 10, 1, 11], "expected '}' to close the interpolation '${' at line 1, column 6, found '~'"],
    ['a = "%{if x}"\n', [1, 6, 1, 13], "the '%{if' directive at line 1, column 6 has no matching '%{endif}'"],
    ['a = "%{endif}"\n', [1, 6, 1, 14], "unexpected '%{endif}': there is no open directive for it to close"],
    ['a = "%{if x}a%{else}b%{else}c%{endif}"\n', [1, 22, 1, 29], "unexpected '%{else}': the '%{if' at line 1, column 6 already has an '%{else}'"],
    ['a = "%{for x in y}%{endif}"\n', [1, 19, 1, 27], "unexpected '%{endif}': the open directive is the '%{for' at line 1, column 6"],
    ['a = "%{ foo }"\n', [1, 9, 1, 12], "'foo' is not a template directive; use if, else, endif, for or endfor after '%{'"],
    ['a = "%{if x y}"\n', [1, 13, 1, 14], "expected '}' to end the '%{if' directive at line 1, column 6, found 'y'"],
    ['a = 1 & 2\n', [1, 7, 1, 8], "bitwise operators are not supported; did you mean the boolean AND '&&'?"],
    ['a = ~x\n', [1, 5, 1, 6], "expected an expression, found '~'"],
    ["a = 'x'\n", [1, 5, 1, 6], 'single quotes are not valid; use double quotes (") around strings'],
    ['a = 1;\n', [1, 6, 1, 7], "';' is not valid here; put each argument on its own line and separate collection items with commas"],
    ['a = $x\n', [1, 5, 1, 6], `'$' is only valid inside a string, as in "\${var.name}"`],
    ['a = 1\u00a0\n', [1, 6, 1, 7], 'unexpected character U+00A0'],
    ['a = 1\rb = 2\n', [1, 6, 1, 7], 'a carriage return (CR) must be followed by a line feed (LF)'],
    ['a = <<EOT\nx\ry\nEOT\n', [2, 2, 2, 3], 'a carriage return (CR) in a heredoc must be followed by a line feed (LF)'],
    ['/* open\n', [1, 1, 1, 3], "unterminated comment: '/*' has no closing '*/'"],
  ];
  it.each(cases)('%j', (src, at, message) => {
    expect(errors(src)).toEqual([{ at, message: `HCL syntax error: ${message}.` }]);
  });

  it('reports the file, kind and severity of a diagnostic', () => {
    expect(parseHcl('a =\n', 'mod/main.tf').diagnostics).toEqual([
      {
        kind: 'parse-error',
        severity: 'error',
        file: 'mod/main.tf',
        line: 1,
        column: 4,
        endLine: 2,
        endColumn: 1,
        message: 'HCL syntax error: expected an expression, found a new line.',
      },
    ]);
  });

  it('resynchronises at the next top-level block: later blocks still parse and every error is reported', () => {
    const r = parse(
      [
        'resource "a" "one" {', // 1
        '  x = = 1', // 2: error
        '  y = 2',
        '}',
        '',
        'resource "a" "two" {', // 6: fine
        '  z = 3',
        '}',
        'variable "v" {', // 9
        '  default = "open', // 10: error
        '}',
        'locals {', // 12: fine
        '  w = [1,',
        '  2]',
        '}',
        'output "o" {', // 16
        '  value = ]', // 17: error
        '}',
        'c = 4', // 19
      ].join('\n'),
    );
    expect(r.diagnostics.map((d) => d.line)).toEqual([2, 10, 17]);
    expect(r.body!.blocks.map((b) => [b.type, ...b.labels.map((l) => l.value)])).toEqual([
      ['resource', 'a', 'two'],
      ['locals'],
    ]);
    expect(r.body!.attributes.map((a) => a.name)).toEqual(['c']);
  });

  it('stops at an error that runs to the end of the file (unterminated heredoc or comment, unclosed block)', () => {
    for (const text of ['a = <<EOT\nb = 1\nc {\n', 'a = 1 /* x\nb = 2\n', 'a {\n  b = 1\nc = 2\n']) {
      const r = parse(text);
      expect(r.diagnostics).toHaveLength(1);
      expect(r.body!.attributes).toEqual([]);
    }
  });

  it('skips lines that do not start a top-level item when resynchronising (heredoc text, indented lines)', () => {
    const r = parse('a = <<EOT\n${x\nEOT\n  b = 1\nok = 2\n');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.body!.attributes.map((a) => a.name)).toEqual(['ok']);
  });
});

describe('parseHcl: nesting limit', () => {
  const deep: [string, string][] = [
    ['[', '['.repeat(100_000)],
    ['(', '('.repeat(100_000)],
    ['[ ]', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['{', '{a = '.repeat(100_000)],
    ['unary', '-'.repeat(100_000) + '1'],
    ['templates', '"${'.repeat(100_000)],
    ['calls', 'f('.repeat(100_000)],
    ['conditionals', 'x ? 1 : '.repeat(100_000) + '1'],
    ['operators', '1 + '.repeat(100_000) + '1'],
    ['splats', 'x' + '[*]'.repeat(100_000)],
    ['directives', '"' + '%{if x}'.repeat(100_000) + '"'],
  ];
  it.each(deep)('100 000 nested %s: a diagnostic, no stack overflow, and the next line still parses', (_name, nested) => {
    const r = parse(`a = ${nested}\nb = 1\n`);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toMatch(/nested too deeply \(more than 1000 levels\)/);
    expect(r.body!.attributes.map((a) => a.name)).toEqual(['b']);
  });

  it('refuses 100 000 nested blocks with one diagnostic', () => {
    const r = parse('a {\n'.repeat(100_000));
    expect(r.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [MAX_NESTING + 1, `HCL syntax error: the blocks are nested too deeply (more than ${MAX_NESTING} levels); the rest of the file was not parsed.`],
    ]);
  });

  it('accepts nesting just under the limit', () => {
    ok(`a = ${'['.repeat(MAX_NESTING - 10)}${']'.repeat(MAX_NESTING - 10)}\n`);
    ok(`a = ${'"${'.repeat(MAX_NESTING / 2 - 10)}x${'}"'.repeat(MAX_NESTING / 2 - 10)}\n`);
  });
});

describe('toHcl2Json', () => {
  function project(text: string) {
    const r = ok(text);
    return toHcl2Json(r.body!, r.source);
  }

  it('nests labels, wraps bodies in arrays, appends repeated blocks, and lets attributes replace blocks', () => {
    expect(project('resource "a" "b" { x = 1 }\nresource "a" "c" {}\nlocals { y = 2 }\nlocals { z = 3 }\nn {}\nn = 1\n')).toEqual({
      resource: { a: { b: [{ x: 1 }], c: [{}] } },
      locals: [{ y: 2 }, { z: 3 }],
      n: 1,
    });
  });

  it('renders expressions as ${source}, types too, and keeps literals typed', () => {
    expect(
      project('variable "v" {\n  type = string\n  default = [1, "a", null, true, -2, !false]\n}\nx = var.a.b # c\ny = { (k) = 1, a.b = 2, 3 = 4 }\n'),
    ).toEqual({
      variable: { v: [{ type: '${string}', default: [1, 'a', null, true, -2, true] }] },
      x: '${var.a.b}',
      y: { '${(k)}': 1, 'a.b': 2, '3': 4 },
    });
  });

  it('renders templates: escapes, directives, conditionals, numbers in plain decimal', () => {
    expect(
      project('a = "$${x} %%{y} ${z}"\nb = "x${c ? 1 : "two"}"\nc = "%{for k, v in m}${k}%{endfor}"\nd = "${1e3}"\ne = "n=${1e3}"\nf = <<-EOT\n  ${x}\n  EOT\n'),
    ).toEqual({
      a: '$${x} %%{y} ${z}',
      b: 'x%{if c}1%{else}two%{endif}',
      c: '%{for k, v in m}${k}%{endfor}',
      d: 1000,
      e: 'n=1000',
      f: '${x}\n',
    });
  });

  it('refuses what hcl2json refuses', () => {
    expect(() => project('a {}\na "x" {}\n')).toThrow(Hcl2JsonError);
    expect(() => project('a "x" {}\na {}\n')).toThrow(/cannot have blocks with and without labels/);
    expect(() => project('a = -true\n')).toThrow(/number required/);
    expect(() => project('a = !null\n')).toThrow(/must not be null/);
  });

  it('keeps a __proto__ key as data', () => {
    const out = project('__proto__ = 1\n') as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
  });

  it.each([
    ['1.50', '1.5'],
    ['007', '7'],
    ['0.000', '0'],
    ['1e3', '1000'],
    ['1E-7', '0.0000001'],
    ['12.5e1', '125'],
    ['100', '100'],
    ['12345678901234567890123', '12345678901234567890123'],
  ])('decimalText(%s) = %s', (raw, text) => {
    expect(decimalText(raw)).toBe(text);
  });
});
