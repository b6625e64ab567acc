import { describe, expect, it } from 'vitest';
import { buildArmTemplates } from '../../src/model/arm/armModel';
import { findArmTemplate } from '../../src/model/arm/detect';
import { buildBicepTemplate } from '../../src/model/bicep/bicepModel';
import { parseBicep } from '../../src/parse/bicep/parseBicep';
import { parseJson } from '../../src/parse/json/parseJson';
import { applyRules } from '../../src/rules/applyRules';
import { builtinRulesDir, loadRules } from '../../src/rules/loadRules';

/** `readsSecret` reads an output's value as written and says which secret it reads (IAC-TPL-002). */
const rule = loadRules([builtinRulesDir()]).find((r) => r.id === 'IAC-TPL-002')!;

function armMessages(outputs: string, extra = ''): string[] {
  const text = `{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
    "parameters": { "pwd": { "type": "secureString" }, "obj": { "type": "SecureObject" }, "name": { "type": "string" } }, ${extra}
    "resources": [], "outputs": ${outputs} }`;
  const root = findArmTemplate(parseJson(text, 't.json', { armExpressions: true }).root)!;
  return applyRules(buildArmTemplates(root, 't.json'), [rule]).map((f) => f.message);
}

function bicepMessages(text: string): string[] {
  const parsed = parseBicep(text, 'main.bicep');
  return applyRules([buildBicepTemplate(parsed.program, 'main.bicep', text)], [rule]).map((f) => f.message);
}

describe('readsSecret (template outputs)', () => {
  it('names the list function, the secure parameter or the variable it came through (ARM)', () => {
    expect(
      armMessages(
        `{ "a": { "type": "string", "value": "[listSecrets(resourceId('Microsoft.Web/sites/functions', 'f', 'g'), '2022-03-01').key]" },
           "b": { "type": "object", "value": "[parameters('obj')]" },
           "c": { "type": "string", "value": "[toUpper(variables('v2'))]" },
           "d": { "type": "string", "value": "[parameters('name')]" } }`,
        `"variables": { "v1": "[parameters('pwd')]", "v2": "[concat('x', variables('v1'))]" },`,
      ),
    ).toEqual([
      "Output 'a' returns a secret in plain text: value is a value that calls listSecrets().",
      "Output 'b' returns a secret in plain text: value is a value that reads the secure parameter 'obj'.",
      "Output 'c' returns a secret in plain text: value is a value that reads the secure parameter 'pwd' (through the variable 'v1') (through the variable 'v2').",
    ]);
  });

  it('stops following variables that refer to each other', () => {
    expect(armMessages(`{ "a": { "type": "string", "value": "[variables('x')]" } }`, `"variables": { "x": "[variables('y')]", "y": "[variables('x')]" },`)).toEqual([]);
  });

  it('reads Bicep instance calls, @secure() parameters and variables, and skips @secure() outputs', () => {
    expect(
      bicepMessages(`@secure()
param pwd string
resource kv 'Microsoft.Storage/storageAccounts@2023-05-01' existing = { name: 'x' }
var cs = 'AccountKey=\${kv.listKeys().keys[0].value}'
output a string = cs
output b object = { inner: pwd }
@secure()
output c string = kv.listKeys().keys[0].value
output d string = kv.name
`),
    ).toEqual([
      "Output 'a' returns a secret in plain text: value is a value that calls listKeys() (through the variable 'cs').",
      "Output 'b' returns a secret in plain text: value is a value that reads the secure parameter 'pwd'.",
    ]);
  });
});
