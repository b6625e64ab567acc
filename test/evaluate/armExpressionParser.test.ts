import { describe, expect, test } from 'vitest';
import { ExpressionSyntaxError, parseArmExpression } from '../../src/evaluate/arm/expressionParser';
import type { ArmAst } from '../../src/evaluate/arm/expressionParser';

/** A compact rendering of the tree, so the cases below stay readable. */
function show(ast: ArmAst): string {
  switch (ast.kind) {
    case 'string':
      return JSON.stringify(ast.value);
    case 'integer':
      return String(ast.value);
    case 'call':
      return `${ast.name}(${ast.args.map(show).join(', ')})`;
    case 'member':
      return `${show(ast.target)}${ast.safe ? '?.' : '.'}${ast.name}`;
    case 'index':
      return `${show(ast.target)}${ast.safe ? '?[' : '['}${show(ast.index)}]`;
  }
}

describe('parseArmExpression: accepted syntax', () => {
  test.each([
    ["'abc'", '"abc"'],
    ["'it''s'", '"it\'s"'],
    ["''", '""'],
    ["''''", '"\'"'],
    ['42', '42'],
    ['-12', '-12'],
    ['0', '0'],
    ['utcNow()', 'utcNow()'],
    ["parameters('sku')", 'parameters("sku")'],
    ["concat('a', 'b', 3)", 'concat("a", "b", 3)'],
    ["  concat ( 'a' ,\n\t'b' )  ", 'concat("a", "b")'],
    ["ns.fn(1, 'x')", 'ns.fn(1, "x")'],
    ["__bicep.myFunc()", '__bicep.myFunc()'],
    ["reference('x').outputs.id.value", 'reference("x").outputs.id.value'],
    ["parameters('o')?.a?.b", 'parameters("o")?.a?.b'],
    ["parameters('a')[0]['name']", 'parameters("a")[0]["name"]'],
    ["parameters('a')?[1]", 'parameters("a")?[1]'],
    ["parameters('a') [ 0 ] . name", 'parameters("a")[0].name'],
    ["variables('$fxv#0')", 'variables("$fxv#0")'],
    ["format('{0}', if(equals(1, 1), 'a', 'b'))", 'format("{0}", if(equals(1, 1), "a", "b"))'],
    ["createArray(createArray(1), createObject('k', null()))[0][0]", 'createArray(createArray(1), createObject("k", null()))[0][0]'],
    ["string('[not] an (expression)')", 'string("[not] an (expression)")'],
  ])('%s', (text, expected) => {
    expect(show(parseArmExpression(text))).toBe(expected);
  });

  test('records offsets of nodes', () => {
    const ast = parseArmExpression("concat('a', parameters('b').c)");
    expect(ast).toMatchObject({
      kind: 'call',
      offset: 0,
      args: [
        { kind: 'string', offset: 7 },
        { kind: 'member', name: 'c', offset: 28, target: { kind: 'call', name: 'parameters', offset: 12 } },
      ],
    });
  });
});

describe('parseArmExpression: syntax errors', () => {
  test.each([
    ['', 'expected a function call, string or integer but found end of expression at offset 0', 0],
    ['   ', 'expected a function call, string or integer but found end of expression at offset 3', 3],
    ["concat('a'", "expected ',' or ')' in the arguments of 'concat' but found end of expression at offset 10", 10],
    ["concat('a' 'b')", "expected ',' or ')' in the arguments of 'concat' but found character ''' at offset 11", 11],
    ["concat('a',)", "expected a function call, string or integer but found character ')' at offset 11", 11],
    ["'abc", 'string is not closed at offset 0', 0],
    ["concat('it''s)", 'string is not closed at offset 7', 7],
    ['foo', "expected '(' after function name 'foo' at offset 3", 3],
    ['foo.', "expected a function name after 'foo.' at offset 4", 4],
    ["parameters('a').", 'expected a property name but found end of expression at offset 16', 16],
    ["parameters('a').1", "expected a property name but found character '1' at offset 16", 16],
    ["parameters('a')[0", "expected ']' but found end of expression at offset 17", 17],
    ['f() g()', "unexpected character 'g' at offset 4", 4],
    ['f())', "unexpected character ')' at offset 3", 3],
    ['1.5', 'only integer numbers are allowed at offset 0', 0],
    ['-', "expected digits after '-' at offset 1", 1],
    ['f()?x', "expected '.' or '[' after '?' at offset 4", 4],
    ['"a"', "expected a function call, string or integer but found character '\"' at offset 0", 0],
  ])('%j', (text, message, offset) => {
    let error: unknown;
    try {
      parseArmExpression(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExpressionSyntaxError);
    expect((error as ExpressionSyntaxError).message).toBe(message);
    expect((error as ExpressionSyntaxError).offset).toBe(offset);
  });

  test('deep nesting is an error, not a stack overflow', () => {
    expect(() => parseArmExpression('f('.repeat(300) + ')'.repeat(300))).toThrow('expression is nested too deeply');
    expect(() => parseArmExpression('f()' + '.a'.repeat(300))).toThrow('expression is nested too deeply');
    expect(() => parseArmExpression('f()' + '[0]'.repeat(300))).toThrow('expression is nested too deeply');
    expect(() => parseArmExpression('f('.repeat(100) + ')'.repeat(100))).not.toThrow();
  });
});
