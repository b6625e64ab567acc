/**
 * Hostile templates: whoever opens a pull request writes the templates a scan evaluates. Each case must end
 * with an unknown value — with the reason the engine gives, and no finding from it — without throwing, in
 * little memory. The bounds are those of src/evaluate/limits.ts; timeouts here only guard against hangs.
 */
import { describe, expect, it } from 'vitest';
import {
  LIMIT_REASON,
  MAX_COLLECTION_SIZE,
  MAX_DEPTH,
  MAX_SCOPE_STEPS,
  MAX_SCOPE_WORK,
  MAX_STEPS,
  MAX_STRING_LENGTH,
  MAX_BUILT_NODES,
  MAX_VIA,
  MAX_WORK,
  NODE_COST,
} from '../../src/evaluate/limits';
import { plainOf, UNKNOWN, type EvalTrail, type Plain } from '../../src/evaluate/plainValue';
import type { Scope } from '../../src/evaluate/scope';
import { buildArmTemplates } from '../../src/model/arm/armModel';
import { findArmTemplate } from '../../src/model/arm/detect';
import { buildBicepTemplate } from '../../src/model/bicep/bicepModel';
import type { Template } from '../../src/model/resource';
import { buildTerraformModule } from '../../src/model/terraform/terraformModel';
import { getValue, type Node, type ObjectNode } from '../../src/model/tree';
import { parseBicep } from '../../src/parse/bicep/parseBicep';
import { parseHcl } from '../../src/parse/hcl/parseHcl';
import { parseJson } from '../../src/parse/json/parseJson';
import { applyRules } from '../../src/rules/applyRules';
import { builtinRulesDir, loadRules } from '../../src/rules/loadRules';
import type { Rule } from '../../src/rules/rule';

const HANG_GUARD = { timeout: 20_000 };
const TOO_LONG = `string result is longer than ${MAX_STRING_LENGTH} characters`;
/** Heap growth allowed for one hostile template (generous: the bounds keep it far lower). */
const HEAP_BOUND = 400 * 1024 * 1024;

it('states the limits', () => {
  expect({ MAX_DEPTH, MAX_STEPS, MAX_WORK, MAX_SCOPE_STEPS, MAX_SCOPE_WORK, MAX_STRING_LENGTH, MAX_COLLECTION_SIZE, MAX_BUILT_NODES, NODE_COST, MAX_VIA }).toEqual({
    MAX_DEPTH: 64,
    MAX_STEPS: 20_000,
    MAX_WORK: 5_000_000,
    MAX_SCOPE_STEPS: 1_000_000,
    MAX_SCOPE_WORK: 50_000_000,
    MAX_STRING_LENGTH: 1_000_000,
    MAX_COLLECTION_SIZE: 100_000,
    MAX_BUILT_NODES: 100_000,
    NODE_COST: 20,
    MAX_VIA: 100,
  });
});

/** A rule that fails when the property at `path` of a `type` resource is not 'ok'. */
function mustBeOk(type: string, path: string, format: 'azure' | 'terraform'): Rule {
  const target = { resourceTypes: [type], check: { path, equals: 'ok' } };
  return {
    id: 'T-LIMIT',
    title: 'Value must be ok',
    severity: 'high',
    description: 'test rule',
    remediation: { arm: 'x', bicep: 'x', terraform: 'x' },
    helpUri: 'https://example.com',
    crosswalk: [],
    peers: {},
    tags: [],
    azure: format === 'azure' ? [target] : [],
    terraform: format === 'terraform' ? [target] : [],
    examples: {},
    sourceFile: 'test.yaml',
  };
}

/** Runs `fn` and returns how much the heap grew (after a collection when it is exposed). */
function heapGrowth(fn: () => void): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  fn();
  const after = process.memoryUsage().heapUsed;
  return after - before;
}

// ---------------------------------------------------------------- ARM

function armTemplates(variables: Record<string, unknown>, values: Record<string, string>): Template[] {
  const text = JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    variables,
    resources: Object.entries(values).map(([name, value]) => ({
      type: 'Microsoft.Test/things',
      apiVersion: '2023-01-01',
      name,
      properties: { value },
    })),
  });
  const parsed = parseJson(text, 'hostile.json', { armExpressions: true });
  expect(parsed.diagnostics).toEqual([]);
  return buildArmTemplates(findArmTemplate(parsed.root)!, 'hostile.json');
}

/** The value of each resource's `properties.value` (Terraform: `properties { value }`), known or why not. */
function values(templates: Template[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of templates[0]!.resources) {
    const ci = r.format !== 'terraform';
    let props = getValue(r.node, 'properties', ci)!;
    if (props.kind === 'array') props = props.items[0]!;
    out[r.displayName] = valueOf(getValue(props as ObjectNode, 'value', ci)!, r.scope);
  }
  return out;
}

/** The whole value, nested expressions evaluated, as a summary; or why it is unknown. */
function valueOf(node: Node, scope: Scope): unknown {
  const trail: EvalTrail = { via: [], reason: undefined };
  const v = plainOf(node, scope, trail);
  return v === UNKNOWN ? { unknown: trail.reason } : summary(v);
}

/** Small values as they are; long strings and large arrays by their size. */
function summary(v: Plain): unknown {
  if (typeof v === 'string') return v.length > 40 ? `${v.length} characters` : v;
  if (Array.isArray(v)) return v.length > 10 ? `${v.length} items` : v.map(summary);
  if (v !== null && typeof v === 'object') return `${Object.keys(v).length} properties`;
  return v;
}

describe('ARM templates', () => {
  it('self-referencing variables (a → a, a → b → a, fanned out) are unknown with the limit reason', HANG_GUARD, () => {
    const templates = armTemplates(
      {
        self: "[variables('self')]",
        a: "[concat('x', variables('b'))]",
        b: "[concat('y', variables('a'))]",
        orA: "[or(equals(variables('orB'), 1), equals(variables('orB'), 2), equals(variables('orB'), 3))]",
        orB: "[if(variables('orA'), 1, 2)]",
      },
      { self: "[variables('self')]", cycle: "[variables('a')]", fanned: "[variables('orA')]", fine: 'ok' },
    );
    expect(values(templates)).toEqual({
      self: { unknown: LIMIT_REASON },
      cycle: { unknown: LIMIT_REASON },
      fanned: { unknown: LIMIT_REASON },
      fine: 'ok',
    });
    // Unknown makes no finding; the literal that is not 'ok' elsewhere would.
    expect(applyRules(templates, [mustBeOk('Microsoft.Test/things', 'properties.value', 'azure')])).toEqual([]);
    expect(templates[0]!.scope.limitHits!()).toBeGreaterThan(0);
  });

  it('64 variables that each double the previous string stop at the string bound', HANG_GUARD, () => {
    const variables: Record<string, string> = { v0: 'xy' };
    for (let i = 1; i <= 64; i++) variables[`v${i}`] = `[concat(variables('v${i - 1}'), variables('v${i - 1}'))]`;
    let templates: Template[] = [];
    const growth = heapGrowth(() => {
      // 65 variables deep: the depth bound is met before the doubling gets far.
      expect(values(armTemplates(variables, { v64: "[variables('v64')]" }))).toEqual({ v64: { unknown: LIMIT_REASON } });
      templates = armTemplates(variables, {
        v18: "[variables('v18')]",
        v19: "[variables('v19')]",
        v40: "[variables('v40')]",
        v64: "[variables('v64')]",
        length18: "[string(length(variables('v18')))]",
      });
      expect(values(templates)).toEqual({
        v18: '524288 characters',
        v19: { unknown: TOO_LONG },
        v40: { unknown: TOO_LONG },
        // Reached through the memoised v40 now, it is the string bound that says no.
        v64: { unknown: TOO_LONG },
        length18: '524288',
      });
    });
    expect(growth).toBeLessThan(HEAP_BOUND);
    expect(applyRules(templates, [mustBeOk('Microsoft.Test/things', 'properties.value', 'azure')]).map((f) => f.subject.name)).toEqual([
      'v18',
      'length18',
    ]);
  });

  it('arrays that double, and a long string repeated in them, stop at the collection, string and work bounds', HANG_GUARD, () => {
    const variables: Record<string, string> = { s: "[padLeft('a', 999999, 'a')]", a0: "[createArray(variables('s'), variables('s'))]" };
    for (let i = 1; i <= 64; i++) variables[`a${i}`] = `[concat(variables('a${i - 1}'), variables('a${i - 1}'))]`;
    for (let i = 1; i <= 64; i++) variables[`n${i}`] = `[createArray(variables('n${i - 1}'), variables('n${i - 1}'))]`;
    variables['n0'] = 'leaf';
    const growth = heapGrowth(() => {
      const templates = armTemplates(variables, {
        items: "[string(length(variables('a15')))]",
        tooMany: "[string(length(variables('a16')))]",
        asText: "[string(variables('a15'))]",
        joined: "[join(variables('a15'), ',')]",
        nested: "[string(variables('n40'))]",
        nestedNode: "[variables('n40')]",
        range: "[string(length(range(0, 100000000)))]",
        replaced: "[replace(variables('s'), 'a', 'aa')]",
        padded: "[padLeft('x', 2000000)]",
        split: "[string(length(split(variables('s'), 'a')))]",
      });
      expect(values(templates)).toEqual({
        items: '65536',
        tooMany: { unknown: `array result has more than ${MAX_COLLECTION_SIZE} items` },
        asText: { unknown: TOO_LONG },
        joined: { unknown: TOO_LONG },
        nested: { unknown: LIMIT_REASON },
        nestedNode: { unknown: `value has more than ${MAX_BUILT_NODES} items and properties in all` },
        range: { unknown: "function 'range' count must be between 0 and 10000" },
        replaced: { unknown: TOO_LONG },
        padded: { unknown: TOO_LONG },
        split: { unknown: `array result has more than ${MAX_COLLECTION_SIZE} items` },
      });
    });
    expect(growth).toBeLessThan(HEAP_BOUND);
  });

  it('deeply nested calls: 256 levels parse and evaluate, deeper ones are a syntax error', HANG_GUARD, () => {
    const nest = (n: number): string => `[${'concat('.repeat(n)}'x'${", 'y')".repeat(n)}]`;
    const templates = armTemplates({}, { ok: nest(200), deep: nest(300) });
    const out = values(templates);
    expect(out['ok']).toBe(`${201} characters`);
    expect(out['deep']).toEqual({ unknown: expect.stringMatching(/^invalid expression: expression is nested too deeply/) });
  });

  it('many properties that each spend a resolve budget stop at the scope budget', HANG_GUARD, () => {
    // Each bomb bottoms out in a self-reference (unknown, so not memoised) and fans out three ways per level:
    // 3^30 evaluations without a bound.
    const variables: Record<string, string> = {};
    const resources: Record<string, string> = {};
    for (let b = 0; b < 120; b++) {
      variables[`b${b}_0`] = `[variables('b${b}_0')]`;
      for (let i = 1; i <= 30; i++) {
        const prev = `variables('b${b}_${i - 1}')`;
        variables[`b${b}_${i}`] = `[or(${prev}, ${prev}, ${prev})]`;
      }
      resources[`r${b}`] = `[string(variables('b${b}_30'))]`;
    }
    resources['literal'] = 'ok';
    resources['computed'] = "[concat('o', 'k')]";
    const templates = armTemplates(variables, resources);
    const first = values(templates);
    for (let b = 0; b < 120; b++) expect(first[`r${b}`]).toEqual({ unknown: LIMIT_REASON });
    // A literal needs no evaluation; once the template's budget is spent, every expression is unknown.
    expect(first['literal']).toBe('ok');
    expect(first['computed']).toEqual({ unknown: LIMIT_REASON });
    expect(templates[0]!.scope.limitHits!()).toBeGreaterThan(120);
    // Asked again, the answers are the same (and cost nothing more: the budget is spent).
    expect(values(templates)).toEqual(first);
  });

  it('a variable nested 990 levels deep that holds itself: evaluation, secret reads and the built-in rules end', HANG_GUARD, () => {
    const deep = (inner: unknown): unknown => {
      let v = inner;
      for (let i = 0; i < 990; i++) v = [v];
      return v;
    };
    const templates = armTemplates({ v: deep("[variables('v')]") }, { r: "[variables('v')]" });
    const r = templates[0]!.resources[0]!;
    const node = getValue(getValue(r.node, 'properties') as ObjectNode, 'value')!;
    expect(r.scope.resolve(node)).toEqual({ known: false, reason: LIMIT_REASON });
    expect(r.scope.secretRead!(node)).toBeUndefined();
    expect(applyRules(templates, loadRules([builtinRulesDir()]))).toEqual([]);
  });

  it('secret reads follow variables once each, however often they are used', HANG_GUARD, () => {
    // Without memoising, 60 uses per level over 7 levels would be 60^7 walks.
    const variables: Record<string, string> = { s0: "[listKeys('id', '2023-01-01').keys[0].value]" };
    for (let i = 1; i <= 7; i++) {
      variables[`s${i}`] = `[concat(${Array.from({ length: 60 }, () => `variables('s${i - 1}')`).join(', ')}, 'x')]`;
    }
    variables['clean0'] = 'x';
    for (let i = 1; i <= 7; i++) variables[`clean${i}`] = `[concat(${Array.from({ length: 60 }, () => `variables('clean${i - 1}')`).join(', ')})]`;
    const templates = armTemplates(variables, { leak: "[variables('s7')]", clean: "[variables('clean7')]" });
    const r = templates[0]!.resources[0]!;
    const node = getValue(getValue(r.node, 'properties') as ObjectNode, 'value')!;
    expect(r.scope.secretRead!(node)).toBe(
      "calls listKeys() (through the variable 's0') (through the variable 's1') (through the variable 's2') (through the variable 's3') (through the variable 's4') (through the variable 's5') (through the variable 's6') (through the variable 's7')",
    );
    const clean = templates[0]!.resources[1]!;
    expect(clean.scope.secretRead!(getValue(getValue(clean.node, 'properties') as ObjectNode, 'value')!)).toBeUndefined();
  });
});

// ---------------------------------------------------------------- Bicep

function bicep(text: string): Template {
  const parsed = parseBicep(text, 'hostile.bicep');
  expect(parsed.diagnostics).toEqual([]);
  return buildBicepTemplate(parsed.program, 'hostile.bicep', text);
}

function bicepResources(vars: string[], values: Record<string, string>): string {
  return [
    ...vars,
    ...Object.entries(values).map(
      ([name, value]) => `resource ${name} 'Microsoft.Test/things@2023-01-01' = {\n  name: '${name}'\n  properties: {\n    value: ${value}\n  }\n}`,
    ),
  ].join('\n');
}

describe('Bicep files', () => {
  it('self- and mutually referencing variables, and an array holding itself, are unknown with the limit reason', HANG_GUARD, () => {
    const template = bicep(bicepResources(['var self = self', 'var a = b', "var b = '${a}x'", 'var c = [c, c]'], { r1: 'self', r2: 'a', r3: "'${b}'", r4: 'c', ok: "'ok'" }));
    expect(values([template])).toEqual({
      r1: { unknown: LIMIT_REASON },
      r2: { unknown: LIMIT_REASON },
      r3: { unknown: LIMIT_REASON },
      // An array that holds itself: a cycle too, however lazily it would be read.
      r4: { unknown: LIMIT_REASON },
      ok: 'ok',
    });
    expect(applyRules([template], [mustBeOk('Microsoft.Test/things', 'properties.value', 'azure')])).toEqual([]);
  });

  it('a variable 480 calls deep that holds itself: evaluation, secret reads and the built-in rules end', HANG_GUARD, () => {
    const deep = `${'concat('.repeat(480)}v${', p)'.repeat(480)}`;
    const template = bicep(
      `@secure()\nparam p string\nvar v = ${deep}\n${bicepResources([], { r: 'v' })}\noutput o string = ${deep}\n`,
    );
    expect(values([template])).toEqual({ r: { unknown: LIMIT_REASON } });
    const output = template.outputs[0]!;
    expect(output.scope.secretRead!(getValue(output.node as ObjectNode, 'value')!)).toMatch(/^reads the secure parameter 'p'/);
    expect(() => applyRules([template], loadRules([builtinRulesDir()]))).not.toThrow();
  });

  it('exponential interpolation, arrays and function growth stop at the bounds', HANG_GUARD, () => {
    const vars = ["var s0 = 'xy'", 'var l0 = [ 1 ]', "var f0 = 'ab'", "var r0 = 'aa'", "var c0 = 'ab'"];
    for (let i = 1; i <= 64; i++) {
      vars.push(`var s${i} = '\${s${i - 1}}\${s${i - 1}}'`);
      vars.push(`var l${i} = [ l${i - 1}, l${i - 1} ]`);
      vars.push(`var f${i} = format('{0}{0}', f${i - 1})`);
      vars.push(`var r${i} = replace(r${i - 1}, 'a', 'aa')`);
      vars.push(`var c${i} = concat(c${i - 1}, c${i - 1})`);
    }
    vars.push("var big = join(split(s18, ''), s18)");
    vars.push("var wide = join([s17, s17], s17)");
    vars.push("var wider = join(['a', 'b', 'c'], s18)");
    const cases: Record<string, string> = {
      s18: 's18',
      s19: 's19',
      s40: 's40',
      l12: 'length(l12)',
      l40: 'l40',
      l40text: "'${l40}'",
      f18: 'f18',
      f30: 'f30',
      r18: 'r18',
      r30: 'r30',
      c18: 'c18',
      c30: 'c30',
      big: 'big',
      wide: 'wide',
      wider: 'wider',
      loop: '[for i in range(0, 100000000): i]',
      range: 'length(range(0, 100000000))',
    };
    const out: Record<string, unknown> = {};
    const growth = heapGrowth(() => {
      // One file per case: each may spend its file's whole budget.
      for (const [name, value] of Object.entries(cases)) out[name] = values([bicep(bicepResources(vars, { [name]: value }))])[name];
    });
    expect(out).toEqual({
      s18: '524288 characters',
      s19: { unknown: TOO_LONG },
      s40: { unknown: TOO_LONG },
      l12: 2,
      l40: { unknown: LIMIT_REASON },
      l40text: { unknown: LIMIT_REASON },
      f18: '524288 characters',
      f30: { unknown: "function 'format' would give a result past the evaluation limits" },
      r18: '524288 characters',
      r30: { unknown: "function 'replace' would give a result past the evaluation limits" },
      c18: '524288 characters',
      // Reading the arguments of each doubling is work too: the budget ends before the size bound.
      c30: { unknown: LIMIT_REASON },
      big: { unknown: `array result has more than ${MAX_COLLECTION_SIZE} items` },
      wide: '786432 characters',
      wider: { unknown: "function 'join' would give a result past the evaluation limits" },
      // The loop variable is not known statically.
      loop: { unknown: 'VariableAccess expressions are not evaluated statically' },
      range: { unknown: "function 'range' is not evaluated statically" },
    });
    expect(growth).toBeLessThan(HEAP_BOUND);
  });
});

// ---------------------------------------------------------------- Terraform

function terraform(text: string): Template {
  const parsed = parseHcl(text, 'main.tf');
  expect(parsed.diagnostics).toEqual([]);
  return buildTerraformModule([{ file: 'main.tf', body: parsed.body!, source: parsed.source }], [], undefined, '.');
}

function terraformResources(locals: string[], values: Record<string, string>): string {
  return [
    'locals {',
    ...locals.map((l) => `  ${l}`),
    '}',
    ...Object.entries(values).map(([name, value]) => `resource "test_thing" "${name}" {\n  properties {\n    value = ${value}\n  }\n}`),
  ].join('\n');
}

function terraformValues(template: Template): Record<string, unknown> {
  return values([template]);
}

describe('Terraform modules', () => {
  it('locals in a cycle, and a list holding itself, are unknown with the limit reason', HANG_GUARD, () => {
    const template = terraform(terraformResources(['self = local.self', 'a = local.b', 'b = "${local.a}x"', 'c = [local.c, local.c]'], { r1: 'local.self', r2: 'local.a', r3: 'local.c', ok: '"ok"' }));
    expect(terraformValues(template)).toEqual({
      r1: { unknown: LIMIT_REASON },
      r2: { unknown: LIMIT_REASON },
      r3: { unknown: LIMIT_REASON },
      ok: 'ok',
    });
    expect(applyRules([template], [mustBeOk('test_thing', 'properties[0].value', 'terraform')])).toEqual([]);
    expect(template.scope.limitHits!()).toBeGreaterThan(0);
  });

  it('exponential join, concat, format and interpolation stop at the bounds; for expressions are not evaluated', HANG_GUARD, () => {
    const locals = ['t0 = "xy"', 'j0 = "ab"', 'c0 = ["a"]', 'f0 = "ab"'];
    for (let i = 1; i <= 64; i++) {
      locals.push(`t${i} = "\${local.t${i - 1}}\${local.t${i - 1}}"`);
      locals.push(`j${i} = join(local.j${i - 1}, [local.j${i - 1}, local.j${i - 1}, local.j${i - 1}])`);
      locals.push(`c${i} = concat(local.c${i - 1}, local.c${i - 1})`);
      locals.push(`f${i} = format("%s%s", local.f${i - 1}, local.f${i - 1})`);
    }
    const cases: Record<string, string> = {
      t18: 'local.t18',
      t19: 'local.t19',
      t40: 'local.t40',
      j7: 'length(local.j7)',
      j20: 'local.j20',
      c14: 'length(local.c14)',
      c40: 'local.c40',
      f18: 'local.f18',
      f40: 'local.f40',
      loop: '[for i in range(100000000) : i]',
      range: 'length(range(100000000))',
    };
    const out: Record<string, unknown> = {};
    const growth = heapGrowth(() => {
      for (const [name, value] of Object.entries(cases)) out[name] = values([terraform(terraformResources(locals, { [name]: value }))])[name];
    });
    expect(out).toEqual({
      t18: '524288 characters',
      t19: { unknown: TOO_LONG },
      t40: { unknown: TOO_LONG },
      j7: 156_250,
      j20: { unknown: LIMIT_REASON },
      c14: 16_384,
      c40: { unknown: LIMIT_REASON },
      f18: '524288 characters',
      f40: { unknown: LIMIT_REASON },
      loop: { unknown: 'ForTuple expressions are not evaluated statically' },
      range: { unknown: "function 'range' is not evaluated statically" },
    });
    expect(growth).toBeLessThan(HEAP_BOUND);
  });

  it('`constructor` and `toString` are not attributes or functions of every value', () => {
    const template = terraform(terraformResources(['m = { a = "x" }'], { attr: 'local.m.constructor', fn: 'toString(1)', lookup: 'lookup(local.m, "constructor", "d")' }));
    expect(terraformValues(template)).toEqual({
      attr: { unknown: "'local.m' has no element 'constructor'" },
      fn: { unknown: "function 'toString' is not evaluated statically" },
      lookup: 'd',
    });
  });
});
