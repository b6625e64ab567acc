import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildArmTemplates } from '../../src/model/arm/armModel';
import { findArmTemplate } from '../../src/model/arm/detect';
import type { Template } from '../../src/model/resource';
import { parseJson } from '../../src/parse/json/parseJson';
import { sharedDir } from '../support/shared';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

function model(text: string): Template[] {
  const parsed = parseJson(text, 'main.json', { armExpressions: true });
  expect(parsed.diagnostics).toEqual([]);
  const root = findArmTemplate(parsed.root);
  expect(root).toBeDefined();
  return buildArmTemplates(root!, 'main.json');
}

describe('ARM model', () => {
  it('reads nested child resources with types relative to the parent', () => {
    const [t] = model(`{
      "$schema": "${SCHEMA}",
      "resources": [
        { "type": "Microsoft.Web/sites", "apiVersion": "2022-09-01", "name": "app",
          "resources": [ { "type": "config", "apiVersion": "2022-09-01", "name": "web", "properties": {} } ] }
      ]
    }`);
    expect(t!.resources.map((r) => [r.type, r.displayName, r.leafName, r.parent?.displayName])).toEqual([
      ['Microsoft.Web/sites', 'app', 'app', undefined],
      ['Microsoft.Web/sites/config', 'web', 'web', 'app'],
    ]);
    expect(t!.resources[0]!.children.map((c) => c.address)).toEqual(['Microsoft.Web/sites[app]/config[web]']);
    expect(t!.resources[0]!.anchor.line).toBe(4);
  });

  it('reads nested types given relative to the parent with several segments', () => {
    const [t] = model(`{
      "$schema": "${SCHEMA}",
      "resources": [
        { "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "data",
          "resources": [ { "type": "blobServices/containers", "apiVersion": "2023-01-01", "name": "default/logs" },
                         { "type": "Microsoft.Storage/storageAccounts/fileServices", "apiVersion": "2023-01-01", "name": "default" } ] }
      ]
    }`);
    expect(t!.resources.map((r) => r.type)).toEqual([
      'Microsoft.Storage/storageAccounts',
      'Microsoft.Storage/storageAccounts/blobServices/containers',
      'Microsoft.Storage/storageAccounts/fileServices',
    ]);
  });

  it('links top-level children to their parent by name, even through parameters without defaults', () => {
    const [t] = model(`{
      "$schema": "${SCHEMA}",
      "parameters": { "siteA": { "type": "string" }, "siteB": { "type": "string" } },
      "resources": [
        { "type": "Microsoft.Web/sites", "apiVersion": "2022-09-01", "name": "[parameters('siteA')]" },
        { "type": "Microsoft.Web/sites", "apiVersion": "2022-09-01", "name": "[parameters('siteB')]" },
        { "type": "Microsoft.Web/sites/config", "apiVersion": "2022-09-01", "name": "[concat(parameters('siteB'), '/web')]" },
        { "type": "Microsoft.Web/sites/config", "apiVersion": "2022-09-01", "name": "[format('{0}/{1}', parameters('siteA'), 'logs')]" }
      ]
    }`);
    const configs = t!.resources.filter((r) => r.type.endsWith('/config'));
    expect(configs.map((c) => [c.leafName, c.parent?.displayName])).toEqual([
      ['web', "[parameters('siteB')]"],
      ['logs', "[parameters('siteA')]"],
    ]);
  });

  it('links languageVersion 2.0 children through dependsOn symbolic names and marks existing resources', () => {
    const [t] = model(`{
      "$schema": "${SCHEMA}",
      "languageVersion": "2.0",
      "resources": {
        "stg": { "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "data", "existing": true },
        "blob": { "type": "Microsoft.Storage/storageAccounts/blobServices", "apiVersion": "2023-01-01",
                  "name": "[format('{0}/{1}', 'data', 'default')]", "dependsOn": ["stg"] }
      }
    }`);
    expect(t!.resources.map((r) => [r.symbolicName, r.existing, r.parent?.symbolicName])).toEqual([
      ['stg', true, undefined],
      ['blob', false, 'stg'],
    ]);
  });

  it('scans inline nested deployments as templates, binding inner-scope parameters from the parent', () => {
    const templates = model(`{
      "$schema": "${SCHEMA}",
      "parameters": { "tls": { "type": "string", "defaultValue": "TLS1_0" } },
      "resources": [
        { "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "inner",
          "properties": {
            "expressionEvaluationOptions": { "scope": "inner" },
            "mode": "Incremental",
            "parameters": { "minTls": { "value": "[parameters('tls')]" } },
            "template": {
              "$schema": "${SCHEMA}",
              "parameters": { "minTls": { "type": "string" } },
              "resources": [
                { "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "inner",
                  "properties": { "minimumTlsVersion": "[parameters('minTls')]" } }
              ]
            }
          }
        }
      ]
    }`);
    expect(templates.map((t) => t.address)).toEqual(['', 'Microsoft.Resources/deployments[inner]/template/']);
    const account = templates[1]!.resources[0]!;
    const props = account.node.entries.find((e) => e.key === 'properties')!.value;
    if (props.kind !== 'object') throw new Error('properties');
    const resolved = account.scope.resolve(props.entries[0]!.value);
    expect(resolved.known && resolved.node.kind === 'string' && resolved.node.value).toBe('TLS1_0');
    expect(resolved.known && resolved.via.map((v) => v.line)).toEqual([9, 3]);
  });

  it('reads Azure Blueprints template artifacts and ignores parameter files', () => {
    const artifact = parseJson(
      `{ "kind": "template", "properties": { "template": { "$schema": "${SCHEMA}", "resources": [] } } }`,
      'a.json',
      { armExpressions: true },
    );
    expect(findArmTemplate(artifact.root)).toBeDefined();
    const params = parseJson(
      `{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {} }`,
      'p.json',
      { armExpressions: true },
    );
    expect(findArmTemplate(params.root)).toBeUndefined();
  });

  it('yields every resource of every compiled main.json of the Bicep registry corpus', () => {
    const root = path.join(sharedDir(), 'data', 'corpus', 'bicep-registry-modules');
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => path.basename(f) === 'main.json');
    expect(files.length).toBe(562);
    let total = 0;
    for (const file of files) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      const parsed = parseJson(text, file, { armExpressions: true });
      expect(parsed.diagnostics, file).toEqual([]);
      const template = findArmTemplate(parsed.root);
      expect(template, file).toBeDefined();
      const count = buildArmTemplates(template!, file).reduce((n, t) => n + t.resources.length, 0);
      expect(count, file).toBe(countResources(JSON.parse(text)));
      total += count;
    }
    expect(total).toBeGreaterThan(5000);
  });
});

/** An independent count with JSON.parse: resources (array or symbolic-name object), nested children, inline nested templates. */
function countResources(template: { resources?: unknown }): number {
  const list = Array.isArray(template.resources) ? template.resources : Object.values((template.resources as object) ?? {});
  let n = 0;
  const visit = (r: { type?: unknown; resources?: unknown[]; properties?: { template?: { resources?: unknown } } }): void => {
    if (typeof r.type !== 'string') return;
    n++;
    for (const child of r.resources ?? []) visit(child as typeof r);
    if (r.type.toLowerCase() === 'microsoft.resources/deployments' && r.properties?.template) n += countResources(r.properties.template);
  };
  for (const r of list) visit(r as Parameters<typeof visit>[0]);
  return n;
}
