import { describe, expect, it } from 'vitest';
import { buildBicepTemplate } from '../../src/model/bicep/bicepModel';
import { buildTerraformModule } from '../../src/model/terraform/terraformModel';
import { getValue } from '../../src/model/tree';
import { parseBicep } from '../../src/parse/bicep/parseBicep';
import { parseHcl } from '../../src/parse/hcl/parseHcl';

/** Evaluates `expr` as the value of a local (Terraform) and returns its plain value, or the unknown reason. */
function hcl(expr: string): unknown {
  const text = `variable "v" {\n  default = { a = "x", list = ["p", "q"] }\n}\nlocals {\n  l = "loc"\n}\nresource "t" "r" {\n  value = ${expr}\n}\n`;
  const parsed = parseHcl(text, 'main.tf');
  expect(parsed.diagnostics).toEqual([]);
  const t = buildTerraformModule([{ file: 'main.tf', body: parsed.body!, source: parsed.source }], [], undefined, '.');
  const r = t.resources[0]!;
  const res = r.scope.resolve(getValue(r.node, 'value', false)!);
  return res.known ? plain(res.node) : { unknown: res.reason };
}

function bicep(expr: string): unknown {
  const text = `param p string = 'Ab'\nparam noDefault string\nvar v = {\n  a: 'x'\n}\nresource r 'Microsoft.T/t@2023-01-01' = {\n  name: 'r'\n  value: ${expr}\n}\n`;
  const parsed = parseBicep(text, 'main.bicep');
  expect(parsed.diagnostics).toEqual([]);
  const r = buildBicepTemplate(parsed.program, 'main.bicep', text).resources[0]!;
  const res = r.scope.resolve(getValue(r.node, 'value')!);
  return res.known ? plain(res.node) : { unknown: res.reason };
}

function plain(node: import('../../src/model/tree').Node): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
    case 'array':
      return node.items.map(plain);
    case 'null':
      return null;
    case 'expression':
      return `(${node.text})`;
    default:
      return node.value;
  }
}

describe('Terraform functions and expressions', () => {
  const cases: [string, unknown][] = [
    ['lower("AbC")', 'abc'],
    ['base64encode("password=hunter2!")', 'cGFzc3dvcmQ9aHVudGVyMiE='],
    ['base64decode("cGFzc3dvcmQ9aHVudGVyMiE=")', 'password=hunter2!'],
    ['upper(local.l)', 'LOC'],
    ['format("%s-%d-%%", "a", 3)', 'a-3-%'],
    ['tostring(42)', '42'],
    ['tonumber("7")', 7],
    ['merge({ a = 1 }, { b = 2 }, { a = 3 })', { a: 3, b: 2 }],
    ['lookup(var.v, "a", "d")', 'x'],
    ['lookup(var.v, "zz", "d")', 'd'],
    ['coalesce("", "first", "second")', 'first'],
    ['concat(["a"], var.v.list)', ['a', 'p', 'q']],
    ['contains(var.v.list, "q")', true],
    ['join(",", ["a", "b"])', 'a,b'],
    ['split(",", "a,b")', ['a', 'b']],
    ['length(var.v.list)', 2],
    ['try(var.v.missing, "fallback")', 'fallback'],
    ['can(var.v.missing)', false],
    ['var.v.a == "x" ? "yes" : "no"', 'yes'],
    ['"${var.v.a}-${local.l}"', 'x-loc'],
    ['!true || 2 > 1 && 3 % 2 == 1', true],
    ['var.v.list[1]', 'q'],
    ['azurerm_storage_account.sa.id', { unknown: "'azurerm_storage_account…' refers to something known only when Terraform runs" }],
    ['timestamp()', { unknown: "function 'timestamp' is not evaluated statically" }],
    ['try(azurerm_x.y.id, "d")', { unknown: "'azurerm_x…' refers to something known only when Terraform runs" }],
  ];
  for (const [expr, expected] of cases) it(expr, () => expect(hcl(expr)).toEqual(expected));
});

describe('Bicep functions and expressions', () => {
  const cases: [string, unknown][] = [
    ["toLower(p)", 'ab'],
    ["'${p}-${v.a}'", 'Ab-x'],
    ["format('{0}/{1}', p, 'web')", 'Ab/web'],
    ["concat('a', 'b')", 'ab'],
    ["length(p) == 2 ? 'two' : 'other'", 'two'],
    ["noDefault ?? 'fallback'", { unknown: "parameter 'noDefault' has no default value" }],
    ["union({ a: 1 }, { b: 2 })", { a: 1, b: 2 }],
    ["contains(v, 'A')", true],
    ["p =~ 'ab'", true],
    ["empty('')", true],
    ["resourceGroup().location", { unknown: "function 'resourceGroup' is not evaluated statically" }],
  ];
  for (const [expr, expected] of cases) it(expr, () => expect(bicep(expr)).toEqual(expected));
});
