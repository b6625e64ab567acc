import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTerraformModule, type HclFile } from '../../src/model/terraform/terraformModel';
import { getValue, type Node } from '../../src/model/tree';
import { parseHcl } from '../../src/parse/hcl/parseHcl';
import { applyRules } from '../../src/rules/applyRules';
import type { Condition } from '../../src/rules/condition';
import type { Rule } from '../../src/rules/rule';
import { scan } from '../../src/scan/scan';

function hcl(file: string, text: string): HclFile {
  const parsed = parseHcl(text, file);
  expect(parsed.diagnostics).toEqual([]);
  return { file, body: parsed.body!, source: parsed.source };
}

function attribute(resource: { node: Node }, name: string): Node {
  if (resource.node.kind !== 'object') throw new Error('not an object');
  return getValue(resource.node, name, false)!;
}

function rule(types: string[], check: Condition, extra: Partial<Rule['terraform'][0]> = {}): Rule {
  return {
    id: 'T-1', title: 'Test rule', severity: 'high', description: 'd', remediation: { arm: 'r', bicep: 'r', terraform: 'r' }, helpUri: 'https://example.com',
    crosswalk: [], peers: {}, tags: [], azure: [], terraform: [{ resourceTypes: types, check, ...extra }], examples: {}, sourceFile: 't.yaml',
  };
}

describe('Terraform module model', () => {
  const main = hcl(
    'main.tf',
    [
      'variable "tls" {', //                                   1
      '  type    = string', //                                 2
      '  default = "TLS1_0"', //                               3
      '}', //                                                  4
      'variable "env" {}', //                                  5
      'locals {', //                                           6
      '  name = "data${var.env}"', //                          7
      '  tags = { owner = "web", env = var.env }', //          8
      '}', //                                                  9
      'resource "azurerm_storage_account" "sa" {', //          10
      '  count           = 2', //                              11
      '  name            = local.name', //                     12
      '  min_tls_version = var.tls', //                        13
      '  allowed         = upper(lower("Ab")) == "AB" ? format("%s-%d", "x", 2) : "no"', // 14
      '  dynamic "network_rules" {', //                        15
      '    for_each = [1]', //                                 16
      '    content {', //                                      17
      '      default_action = "Allow"', //                     18
      '    }', //                                              19
      '  }', //                                                20
      '}', //                                                  21
      'resource "azurerm_storage_account_network_rules" "rules" {', // 22
      '  storage_account_id = azurerm_storage_account.sa[0].id', // 23
      '  default_action     = "Deny"', //                      24
      '}', //                                                  25
    ].join('\n'),
  );
  const vars = hcl('terraform.tfvars', 'env = "prod"\n');

  it('evaluates variables (tfvars over defaults), locals, templates, functions and conditionals, with provenance', () => {
    const t = buildTerraformModule([main], [vars], undefined, '.');
    const sa = t.resources[0]!;
    expect([sa.type, sa.displayName, sa.address, sa.anchor.line]).toEqual(['azurerm_storage_account', 'sa', 'azurerm_storage_account.sa', 10]);
    const tls = sa.scope.resolve(attribute(sa, 'min_tls_version'));
    expect(tls.known && [tls.node.kind === 'string' && tls.node.value, tls.via.map((v) => `${v.file}:${v.line}`)]).toEqual(['TLS1_0', ['main.tf:3']]);
    const name = sa.scope.resolve(attribute(sa, 'name'));
    expect(name.known && name.node.kind === 'string' && name.node.value).toBe('dataprod');
    const allowed = sa.scope.resolve(attribute(sa, 'allowed'));
    expect(allowed.known && allowed.node.kind === 'string' && allowed.node.value).toBe('x-2');
    const rules = attribute(sa, 'network_rules');
    expect(rules.kind === 'array' && rules.items.map((i) => i.kind === 'object' && i.entries.map((e) => e.key))).toEqual([['default_action']]);
  });

  it('keeps unknown what only Terraform knows', () => {
    const t = buildTerraformModule([main], [], undefined, '.');
    const sa = t.resources[0]!;
    expect(sa.scope.resolve(attribute(sa, 'name'))).toEqual({ known: false, reason: "variable 'env' has no default value" });
    const link = t.resources[1]!;
    expect(link.scope.resolve(attribute(link, 'storage_account_id'))).toMatchObject({ known: false });
  });

  it('records which resources refer to which', () => {
    const t = buildTerraformModule([main], [vars], undefined, '.');
    expect(t.resources[0]!.referencedBy!.map((r) => [r.from.address, r.attribute])).toEqual([['azurerm_storage_account_network_rules.rules', 'storage_account_id']]);
    const r = rule(['azurerm_storage_account'], {
      anyOf: [
        { path: 'network_rules[0].default_action', equals: 'Deny' },
        { referencedBy: { type: 'azurerm_storage_account_network_rules', attribute: 'storage_account_id', check: { path: 'default_action', equals: 'Deny' } } },
      ],
    });
    expect(applyRules([t], [r])).toEqual([]);
    const alone = buildTerraformModule([hcl('main.tf', main.source.split('\n').slice(0, 21).join('\n'))], [vars], undefined, '.');
    expect(applyRules([alone], [r]).map((f) => [f.location.line, f.detail])).toEqual([[18, 'network_rules[0].default_action is "Allow".']]);
  });

  it('places a missing block at the resource header and a wrong value at its attribute', () => {
    const t = buildTerraformModule([main], [vars], undefined, '.');
    const findings = applyRules(
      [t],
      [
        rule(['azurerm_storage_account'], { path: 'min_tls_version', default: 'TLS1_2', in: ['TLS1_2'] }, { fix: { value: 'TLS1_2' } }),
        { ...rule(['azurerm_storage_account'], { path: 'blob_properties[0].delete_retention_policy', exists: true }), id: 'T-2' },
      ],
    );
    expect(findings.map((f) => [f.ruleId, f.location.line, f.location.column, f.related.map((r) => r.location.line), f.fix?.replacements[0]?.text])).toEqual([
      ['T-2', 10, 1, [], undefined],
      ['T-1', 13, 3, [3], undefined],
    ]);
  });
});

describe('scanning Terraform folders', () => {
  function tree(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-tf-'));
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }
  const r = rule(['azurerm_storage_account'], { path: 'min_tls_version', default: 'TLS1_2', in: ['TLS1_2'] });

  it('reads a folder as one module, with terraform.tfvars and *.auto.tfvars but not other .tfvars', () => {
    const dir = tree({
      'variables.tf': 'variable "tls" {\n  default = "TLS1_2"\n}\n',
      'main.tf': 'resource "azurerm_storage_account" "sa" {\n  min_tls_version = var.tls\n}\n',
      'prod.auto.tfvars': 'tls = "TLS1_0"\n',
      'staging.tfvars': 'tls = "TLS1_1"\n',
    });
    const result = scan({ path: dir, rules: [r] });
    expect(result.findings.map((f) => [f.location.file, f.location.line, f.detail, f.related.map((x) => `${x.location.file}:${x.location.line}`)])).toEqual([
      ['main.tf', 2, 'min_tls_version is "TLS1_0".', ['prod.auto.tfvars:1']],
    ]);
    expect(result.stats).toMatchObject({ filesScanned: 2, resources: 1 });
  });

  it('binds a local module’s variables to the caller’s arguments', () => {
    const dir = tree({
      'main.tf': 'module "data" {\n  source = "./modules/data"\n  tls    = "TLS1_1"\n}\n',
      'modules/data/main.tf': 'variable "tls" {}\nresource "azurerm_storage_account" "sa" {\n  min_tls_version = var.tls\n}\n',
    });
    const result = scan({ path: dir, rules: [r] });
    expect(result.findings.map((f) => [f.location.file, f.location.line, f.detail, f.related.map((x) => `${x.location.file}:${x.location.line}`)])).toEqual([
      ['modules/data/main.tf', 3, 'min_tls_version is "TLS1_1".', ['main.tf:3']],
    ]);
  });

  it('reports a syntax error with its position and scans the other files of the folder', () => {
    const dir = tree({
      'broken.tf': 'resource "azurerm_storage_account" "x" {\n  name = \n}\n',
      'main.tf': 'resource "azurerm_storage_account" "sa" {\n  min_tls_version = "TLS1_0"\n}\n',
    });
    const result = scan({ path: dir, rules: [r] });
    expect(result.findings.map((f) => [f.location.file, f.location.line])).toEqual([['main.tf', 2]]);
    expect(result.diagnostics.map((d) => [d.kind, d.file, d.line])).toEqual([['parse-error', 'broken.tf', 2]]);
  });
});

describe('Terraform JSON syntax', () => {
  it('reads .tf.json and .auto.tfvars.json like the native syntax', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-tfjson-'));
    fs.writeFileSync(
      path.join(dir, 'main.tf.json'),
      [
        '{',
        '  "variable": { "tls": { "default": "TLS1_2" } },',
        '  "resource": {',
        '    "azurerm_storage_account": {',
        '      "sa": {',
        '        "name": "data",',
        '        "min_tls_version": "${var.tls}",',
        '        "network_rules": { "default_action": "Allow" }',
        '      }',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(dir, 'env.auto.tfvars.json'), '{ "tls": "TLS1_0" }\n');
    const tls = rule(['azurerm_storage_account'], { path: 'min_tls_version', default: 'TLS1_2', in: ['TLS1_2'] });
    const net = { ...rule(['azurerm_storage_account'], { path: 'network_rules[0].default_action', equals: 'Deny' }), id: 'T-2' };
    const result = scan({ path: dir, rules: [tls, net] });
    expect(result.findings.map((f) => [f.ruleId, f.location.file, f.location.line, f.detail])).toEqual([
      ['T-1', 'main.tf.json', 7, 'min_tls_version is "TLS1_0".'],
      ['T-2', 'main.tf.json', 8, 'network_rules[0].default_action is "Allow".'],
    ]);
  });
});
