import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBicepTemplate } from '../../src/model/bicep/bicepModel';
import { getValue } from '../../src/model/tree';
import { parseBicep } from '../../src/parse/bicep/parseBicep';
import { applyRules } from '../../src/rules/applyRules';
import type { Condition } from '../../src/rules/condition';
import type { Rule } from '../../src/rules/rule';
import { scan } from '../../src/scan/scan';

function model(text: string) {
  const parsed = parseBicep(text, 'main.bicep');
  expect(parsed.diagnostics).toEqual([]);
  return buildBicepTemplate(parsed.program, 'main.bicep', text);
}

function rule(types: string[], check: Condition): Rule {
  return {
    id: 'T-1', title: 'Test rule', severity: 'high', description: 'd', remediation: { arm: 'r', bicep: 'r', terraform: 'r' }, helpUri: 'https://example.com',
    crosswalk: [], peers: {}, tags: [], azure: [{ resourceTypes: types, check }], terraform: [], examples: {}, sourceFile: 't.yaml',
  };
}

describe('Bicep model', () => {
  const text = [
    "param prefix string = 'shop'", //                                             1
    "@secure()", //                                                                2
    "param password string = 'Winter2024!'", //                                    3
    "param tls string", //                                                         4
    "var name = '${toLower(prefix)}-${length(prefix) > 3 ? 'web' : 'x'}'", //      5
    "var settings = {", //                                                          6
    "  minTls: '1.0'", //                                                          7
    "}", //                                                                        8
    "resource site 'Microsoft.Web/sites@2022-09-01' = {", //                       9
    "  name: name", //                                                             10
    "  location: resourceGroup().location", //                                     11
    "  properties: {", //                                                          12
    "    siteConfig: {", //                                                        13
    "      minTlsVersion: settings.minTls", //                                     14
    "      ftpsState: tls", //                                                     15
    "    }", //                                                                    16
    "  }", //                                                                      17
    "  resource logs 'config' = {", //                                             18
    "    name: 'logs'", //                                                         19
    "  }", //                                                                      20
    "}", //                                                                        21
    "resource web 'Microsoft.Web/sites/config@2022-09-01' = {", //                 22
    "  parent: site", //                                                           23
    "  name: 'web'", //                                                            24
    "}", //                                                                        25
  ].join('\n');

  it('builds ARM-shaped resources with children, names and anchors', () => {
    const t = model(text);
    expect(t.resources.map((r) => [r.type, r.displayName, r.leafName, r.parent?.symbolicName, r.anchor.line, r.address])).toEqual([
      ['Microsoft.Web/sites', 'shop-web', 'shop-web', undefined, 9, 'Microsoft.Web/sites[site]'],
      ['Microsoft.Web/sites/config', 'logs', 'logs', 'site', 18, 'Microsoft.Web/sites[site]/Microsoft.Web/sites/config[logs]'],
      ['Microsoft.Web/sites/config', 'web', 'web', 'site', 22, 'Microsoft.Web/sites/config[web]'],
    ]);
    const apiVersion = getValue(t.resources[0]!.node, 'apiVersion');
    expect(apiVersion?.kind === 'string' && apiVersion.value).toBe('2022-09-01');
  });

  it('evaluates parameters, variables, interpolation and functions, and keeps provenance', () => {
    const t = model(text);
    const site = t.resources[0]!;
    const findings = applyRules([t], [rule(['Microsoft.Web/sites'], { path: 'properties.siteConfig.minTlsVersion', in: ['1.2'] })]);
    expect(findings.map((f) => [f.location.line, f.detail, f.related.map((r) => r.location.line)])).toEqual([
      [14, 'properties.siteConfig.minTlsVersion is "1.0".', [6, 7]],
    ]);
    const properties = getValue(site.node, 'properties');
    const siteConfig = properties?.kind === 'object' ? getValue(properties, 'siteConfig') : undefined;
    const ftps = siteConfig?.kind === 'object' ? getValue(siteConfig, 'ftpsState')! : undefined;
    if (!ftps) throw new Error('ftpsState not found');
    expect(site.scope.resolve(ftps)).toEqual({ known: false, reason: "parameter 'tls' has no default value" });
  });

  it('shapes @secure() parameters like ARM secure parameters', () => {
    const t = model(text);
    expect(t.parameters.map((p) => [p.name, getValue(p.node, 'type')?.kind === 'string' && (getValue(p.node, 'type') as { value: string }).value])).toEqual([
      ['prefix', 'string'],
      ['password', 'secureString'],
      ['tls', 'string'],
    ]);
  });

  it('scans a local module with the parameter values its caller passes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-bicep-'));
    fs.writeFileSync(path.join(dir, 'main.bicep'), "module data './modules/data.bicep' = {\n  name: 'data'\n  params: {\n    tls: 'TLS1_0'\n  }\n}\n");
    fs.mkdirSync(path.join(dir, 'modules'));
    fs.writeFileSync(
      path.join(dir, 'modules', 'data.bicep'),
      "param tls string\nresource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'data'\n  properties: {\n    minimumTlsVersion: tls\n  }\n}\n",
    );
    const result = scan({ path: dir, rules: [rule(['Microsoft.Storage/storageAccounts'], { path: 'properties.minimumTlsVersion', in: ['TLS1_2'] })] });
    expect(result.findings.map((f) => [f.location.file, f.location.line, f.detail, f.related.map((r) => `${r.location.file}:${r.location.line}`)])).toEqual([
      ['modules/data.bicep', 5, 'properties.minimumTlsVersion is "TLS1_0".', ['main.bicep:4']],
    ]);
    expect(result.stats).toMatchObject({ filesScanned: 2, resources: 1 });
  });

  it('reports a syntax error with its position and goes on', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-bicep-'));
    fs.writeFileSync(path.join(dir, 'broken.bicep'), "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'x'\n  properties: {\n");
    fs.writeFileSync(path.join(dir, 'ok.bicep'), "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'x'\n  properties: {\n    minimumTlsVersion: 'TLS1_0'\n  }\n}\n");
    const result = scan({ path: dir, rules: [rule(['Microsoft.Storage/storageAccounts'], { path: 'properties.minimumTlsVersion', in: ['TLS1_2'] })] });
    expect(result.findings.map((f) => [f.location.file, f.location.line])).toEqual([['ok.bicep', 4]]);
    expect(result.diagnostics.map((d) => [d.kind, d.file])).toEqual([['parse-error', 'broken.bicep']]);
    expect(result.diagnostics[0]!.message).toMatch(/^Bicep syntax error: .* The file was not scanned; fix this error/);
  });
});

describe('Bicep loops and names', () => {
  it('judges a loop in a property once, as written', () => {
    const t = model(
      [
        "param sources array", //                                                  1
        "resource nsg 'Microsoft.Network/networkSecurityGroups@2023-04-01' = {", // 2
        "  name: 'nsg'", //                                                        3
        "  properties: {", //                                                      4
        "    securityRules: [for (src, i) in sources: {", //                      5
        "      name: 'r${i}'", //                                                  6
        "      properties: {", //                                                  7
        "        destinationPortRange: '22'", //                                  8
        "        sourceAddressPrefix: src", //                                     9
        "      }", //                                                              10
        "    }]", //                                                               11
        "  }", //                                                                  12
        "}", //                                                                    13
      ].join('\n'),
    );
    const findings = applyRules([t], [rule(['Microsoft.Network/networkSecurityGroups'], { path: 'properties.securityRules[*].properties.destinationPortRange', notEquals: '22' })]);
    expect(findings.map((f) => f.location.line)).toEqual([8]);
  });

  it('knows the last name segment of a child whose parent name is unknown', () => {
    const t = model(
      [
        "param server string",
        "resource a 'Microsoft.DBforMySQL/flexibleServers/configurations@2023-12-30' = {",
        "  name: '${server}/require_secure_transport'",
        "}",
        "resource b 'Microsoft.DBforMySQL/flexibleServers/configurations@2023-12-30' = {",
        "  name: format('{0}/{1}', server, 'tls_version')",
        "}",
        "resource c 'Microsoft.Web/sites/config@2022-09-01' = {",
        "  name: concat(server, '/web')",
        "}",
      ].join('\n'),
    );
    expect(t.resources.map((r) => r.leafName)).toEqual(['require_secure_transport', 'tls_version', 'web']);
  });
});
