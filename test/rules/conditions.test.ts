import { describe, expect, it } from 'vitest';
import { buildArmTemplates } from '../../src/model/arm/armModel';
import { findArmTemplate } from '../../src/model/arm/detect';
import type { Finding } from '../../src/model/finding';
import { parseJson } from '../../src/parse/json/parseJson';
import { applyRules } from '../../src/rules/applyRules';
import type { Condition } from '../../src/rules/condition';
import type { Rule, Target } from '../../src/rules/rule';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

function rule(target: Partial<Target> & { check: Condition }): Rule {
  return {
    id: 'T-1',
    title: 'Test rule',
    severity: 'high',
    description: 'test',
    remediation: { arm: 'test', bicep: 'test', terraform: 'test' },
    helpUri: 'https://example.com',
    crosswalk: [],
    peers: {},
    tags: [],
    azure: [{ resourceTypes: ['Microsoft.Test/things'], ...target }],
    terraform: [],
    examples: {},
    sourceFile: 'test.yaml',
  };
}

/** A template whose lines are numbered from 1 as written here. */
function template(lines: string[]): string {
  return lines.join('\n');
}

function findings(r: Rule, text: string): Finding[] {
  const parsed = parseJson(text, 't.json', { armExpressions: true });
  expect(parsed.diagnostics).toEqual([]);
  return applyRules(buildArmTemplates(findArmTemplate(parsed.root)!, 't.json'), [r]);
}

function lines(r: Rule, text: string): number[] {
  return findings(r, text).map((f) => f.location.line);
}

// One resource; `props` are the lines of its properties object (starting on line 6).
function thing(props: string[], extra: string[] = [], parameters = '{}'): string {
  return template([
    '{',
    `  "$schema": "${SCHEMA}",`,
    `  "parameters": ${parameters},`,
    '  "resources": [',
    '    { "type": "Microsoft.Test/things", "apiVersion": "2023-01-01", "name": "t1",', // line 5
    ...extra,
    '      "properties": {',
    ...props,
    '      }',
    '    }',
    '  ]',
    '}',
  ]);
}

describe('leaf operators', () => {
  const cases: [string, Condition, string[], number[]][] = [
    ['equals passes', { path: 'properties.a', equals: 'x' }, ['"a": "X"'], []],
    ['equals fails on the property line', { path: 'properties.a', equals: 'x' }, ['"a": "y"'], [7]],
    ['equals: "true" equals true', { path: 'properties.a', equals: true }, ['"a": "true"'], []],
    ['notEquals on absent passes', { path: 'properties.a', notEquals: 'x' }, [], []],
    ['equals on absent fails at the parent', { path: 'properties.a', equals: 'x' }, [], [6]],
    ['in', { path: 'properties.a', in: ['1.2', '1.3'] }, ['"a": "1.1"'], [7]],
    ['notIn', { path: 'properties.a', notIn: ['Allow'] }, ['"a": "allow"'], [7]],
    ['regex is case-insensitive', { path: 'properties.a', regex: '^app' }, ['"a": "App,linux"'], []],
    ['less numerically', { path: 'properties.n', greaterOrEquals: 90 }, ['"n": 30'], [7]],
    ['numeric strings compare as numbers', { path: 'properties.n', greaterOrEquals: 90 }, ['"n": "120"'], []],
    ['dates compare as text', { path: 'properties.d', less: '2020-01-01' }, ['"d": "2019-04-01"'], []],
    ['exists: true fails when absent', { path: 'properties.a', exists: true }, [], [6]],
    ['exists: false passes when absent', { path: 'properties.a', exists: false }, [], []],
    ['exists: false fails when present', { path: 'properties.a', exists: false }, ['"a": null'], [7]],
    ['hasValue: false passes when absent', { path: 'properties.a', hasValue: false }, [], []],
    ['hasValue: empty string has none', { path: 'properties.a', hasValue: true }, ['"a": ""'], [7]],
    ['hasValue: empty array has none', { path: 'properties.a', hasValue: true }, ['"a": []'], [7]],
    ['contains in array', { path: 'properties.list', contains: 'b' }, ['"list": ["a", "B"]'], []],
    ['contains in string', { path: 'properties.s', contains: 'azureservices' }, ['"s": "Logging, AzureServices"'], []],
    ['coversPort range', { not: { path: 'properties.p', coversPort: 22 } }, ['"p": "20-25"'], [7]],
    ['coversPort star', { not: { path: 'properties.p', coversPort: 3389 } }, ['"p": "*"'], [7]],
    ['coversPort list', { not: { path: 'properties.p', coversPort: 22 } }, ['"p": ["80", "443"]'], []],
    ['coversPort comma list', { not: { path: 'properties.p', coversPort: 22 } }, ['"p": "80,22"'], [7]],
  ];
  for (const [name, check, props, expected] of cases) {
    it(name, () => expect(lines(rule({ check }), thing(props))).toEqual(expected));
  }
});

describe('defaults', () => {
  it('judges an absent property by its default and says so', () => {
    const f = findings(rule({ check: { path: 'properties.httpsOnly', default: false, equals: true } }), thing([]));
    expect(f.map((x) => [x.location.line, x.message, x.defaultApplied])).toEqual([
      [6, 'Test rule: properties.httpsOnly is not set (default false).', true],
    ]);
  });
  it('places a missing property under a missing parent at the resource name line', () => {
    const text = template([
      '{',
      `  "$schema": "${SCHEMA}",`,
      '  "resources": [',
      '    { "type": "Microsoft.Test/things", "apiVersion": "2023-01-01",',
      '      "name": "t1" }',
      '  ]',
      '}',
    ]);
    const f = findings(rule({ check: { path: 'properties.a.b', default: 'x', equals: 'y' } }), text);
    expect(f.map((x) => [x.location.line, x.message, x.propertyPath])).toEqual([
      [5, 'Test rule: properties.a.b is not set (default "x").', 'properties.a.b'],
    ]);
  });
  it('picks the default by API version', () => {
    const check: Condition = {
      path: 'properties.secure',
      default: { byApiVersion: [{ before: '2019-04-01', value: false }, { value: true }] },
      equals: true,
    };
    const old = thing([]).replace('2023-01-01', '2018-07-01');
    expect(lines(rule({ check }), thing([]))).toEqual([]);
    expect(lines(rule({ check }), old)).toEqual([6]);
  });
});

describe('expressions and provenance', () => {
  it('reports a value from a parameter default at the property, with the default as related location', () => {
    const text = thing(['        "tls": "[parameters(\'tls\')]"'], [], '{ "tls": { "type": "string", "defaultValue": "1.0" } }');
    const [f] = findings(rule({ check: { path: 'properties.tls', in: ['1.2'] } }), text);
    expect(f!.location.line).toBe(7);
    expect(f!.message).toBe('Test rule: properties.tls is "1.0".');
    const column = text.split('\n')[2]!.indexOf('"1.0"') + 1;
    expect(f!.related.map((r) => [r.location.line, r.location.column, r.message])).toEqual([
      [3, column, 'The value of properties.tls comes from here.'],
    ]);
  });
  it('never reports an unknown value', () => {
    const text = thing(['        "tls": "[parameters(\'tls\')]"'], [], '{ "tls": { "type": "string" } }');
    expect(lines(rule({ check: { path: 'properties.tls', in: ['1.2'] } }), text)).toEqual([]);
    expect(lines(rule({ check: { not: { path: 'properties.tls', in: ['1.2'] } } }), text)).toEqual([]);
  });
  it('walks through an expression-valued parent and reports at the expression', () => {
    const text = template([
      '{',
      `  "$schema": "${SCHEMA}",`,
      '  "variables": { "props": { "a": "bad" } },',
      '  "resources": [',
      '    { "type": "Microsoft.Test/things", "apiVersion": "2023-01-01", "name": "t1",',
      '      "properties": "[variables(\'props\')]" }',
      '  ]',
      '}',
    ]);
    const [f] = findings(rule({ check: { path: 'properties.a', equals: 'good' } }), text);
    expect(f!.location.line).toBe(6);
    expect(f!.related.map((r) => r.location.line)).toEqual([3]);
  });
});

describe('combinators', () => {
  const props = ['"a": "x",', '"b": "y"'];
  const cases: [string, Condition, number[]][] = [
    ['allOf fails on the first failing leaf', { allOf: [{ path: 'properties.a', equals: 'x' }, { path: 'properties.b', equals: 'z' }] }, [8]],
    ['anyOf passes when one passes', { anyOf: [{ path: 'properties.a', equals: 'q' }, { path: 'properties.b', equals: 'y' }] }, []],
    ['anyOf fails at the first leaf', { anyOf: [{ path: 'properties.a', equals: 'q' }, { path: 'properties.b', equals: 'q' }] }, [7]],
    ['not of allOf: flag when all hold, at the first leaf', { not: { allOf: [{ path: 'properties.b', equals: 'y' }, { path: 'properties.a', equals: 'x' }] } }, [8]],
    ['double not cancels', { not: { not: { path: 'properties.a', equals: 'q' } } }, [7]],
    ['empty allOf passes', { allOf: [] }, []],
  ];
  for (const [name, check, expected] of cases) {
    it(name, () => expect(lines(rule({ check }), thing(props))).toEqual(expected));
  }
  it('allOf with an unknown and no failure is unknown (no finding)', () => {
    const text = thing(['"a": "[reference(\'x\').y]",', '"b": "y"']);
    const check: Condition = { not: { allOf: [{ path: 'properties.a', equals: 'x' }, { path: 'properties.b', equals: 'y' }] } };
    expect(lines(rule({ check }), text)).toEqual([]);
  });
});

describe('wildcards and forEach', () => {
  const props = ['"origins": [', '  "https://a.example",', '  "*"', ']'];
  it('all elements must pass (finding at the failing element)', () => {
    expect(lines(rule({ check: { path: 'properties.origins[*]', notEquals: '*' } }), thing(props))).toEqual([9]);
  });
  it('no element reached passes for all, fails for any', () => {
    expect(lines(rule({ check: { path: 'properties.none[*]', notEquals: '*' } }), thing(props))).toEqual([]);
    expect(lines(rule({ check: { path: 'properties.none[*]', quantifier: 'any', equals: '*' } }), thing(props))).toEqual([6]);
  });
  it('forEach makes each element a subject with one finding each', () => {
    const rulesProps = [
      '"rules": [',
      '  { "name": "r1", "properties": { "port": "22", "access": "Allow" } },',
      '  { "name": "r2", "properties": { "port": "22", "access": "Deny" } },',
      '  { "name": "r3", "properties": { "port": "22", "access": "Allow" } }',
      ']',
    ];
    const r = rule({ forEach: 'properties.rules[*]', check: { not: { allOf: [{ path: 'properties.port', coversPort: 22 }, { path: 'properties.access', equals: 'Allow' }] } } });
    const f = findings(r, thing(rulesProps));
    // Named elements are addressed by name, so fingerprints do not depend on their position in the list.
    expect(f.map((x) => [x.location.line, x.propertyPath, x.subject.address])).toEqual([
      [8, 'properties.rules[0].properties.port', 'Microsoft.Test/things[t1].properties.rules[r1]'],
      [10, 'properties.rules[2].properties.port', 'Microsoft.Test/things[t1].properties.rules[r3]'],
    ]);
  });
  it('reads ARM property copy loops as one element', () => {
    const copyProps = ['"copy": [ { "name": "rules", "count": 3,', '  "input": { "port": "[string(copyIndex())]", "open": true } } ]'];
    expect(lines(rule({ check: { path: 'properties.rules[*].open', equals: false } }), thing(copyProps))).toEqual([8]);
  });
});

describe('resources in relation', () => {
  const text = template([
    '{',
    `  "$schema": "${SCHEMA}",`,
    '  "resources": [',
    '    { "type": "Microsoft.Test/things", "apiVersion": "2023-01-01", "name": "p1", "kind": "special" },',
    '    { "type": "Microsoft.Test/things", "apiVersion": "2023-01-01", "name": "p2" },',
    '    { "type": "Microsoft.Test/things/children", "apiVersion": "2023-01-01", "name": "p1/web", "properties": { "on": false } },',
    '    { "type": "Microsoft.Test/things/children", "apiVersion": "2023-01-01", "name": "p2/logs", "properties": { "on": true } }',
    '  ]',
    '}',
  ]);
  it('anyChild passes when a child passes and fails at the resource name when none exists', () => {
    const r = rule({ check: { anyChild: { type: 'Microsoft.Test/things/children', check: { path: 'properties.on', equals: true } } } });
    expect(findings(r, text).map((f) => [f.location.line, f.subject.name, f.message])).toEqual([[6, 'p1', 'Test rule: properties.on is false.']]);
    const none = rule({ check: { anyChild: { type: 'Microsoft.Test/things/missing' } } });
    expect(findings(none, text).map((f) => [f.location.line, f.message])).toEqual([
      [4, 'Test rule: no Microsoft.Test/things/missing resource was found.'],
      [5, 'Test rule: no Microsoft.Test/things/missing resource was found.'],
    ]);
  });
  it('parent and $name select children', () => {
    const r = rule({
      check: { path: 'properties.on', equals: true },
      where: { allOf: [{ path: '$name', equals: 'web' }, { parent: { path: 'kind', equals: 'special' } }] },
    });
    r.azure[0]!.resourceTypes = ['Microsoft.Test/things/children'];
    expect(lines(r, text)).toEqual([6]);
  });
});

describe('findings', () => {
  const props = ['"a": "bad"'];
  it('carries a mechanical fix for a literal value', () => {
    const [f] = findings(rule({ check: { path: 'properties.a', equals: 'good' }, fix: { value: 'good' } }), thing(props));
    expect(f!.fix).toEqual({
      description: 'Set properties.a to "good".',
      replacements: [{ location: { file: 't.json', line: 7, column: 6, endLine: 7, endColumn: 11 }, text: '"good"' }],
    });
  });
  it('never shows a hidden value', () => {
    const [f] = findings(rule({ check: { path: 'properties.a', hasValue: false }, hideValue: true }), thing(props));
    expect(f!.message).toBe('Test rule: properties.a is set.');
    expect(JSON.stringify(f)).not.toContain('bad');
  });
  it('reports at a target location when given', () => {
    const r = rule({ check: { path: 'properties.a', equals: 'good' }, location: ['properties.missing', 'properties'] });
    expect(lines(r, thing(props))).toEqual([6]);
  });
  it('keeps its fingerprint when unrelated lines move', () => {
    const r = rule({ check: { path: 'properties.a', equals: 'good' } });
    const [before] = findings(r, thing(props));
    const [after] = findings(r, thing(props).replace('{\n', '{\n\n\n  "contentVersion": "1.0.0.0",\n'));
    expect(after!.location.line).toBe(before!.location.line + 3);
    expect(after!.fingerprint).toBe(before!.fingerprint);
  });
});
