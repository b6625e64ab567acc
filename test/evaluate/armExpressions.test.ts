import { describe, expect, test } from 'vitest';
import { createArmScope } from '../../src/evaluate/arm/armScope';
import type { Resolution } from '../../src/evaluate/scope';
import type { ExpressionNode, Node, ObjectNode } from '../../src/model/tree';
import { at, evaluate, expressionNode, lines, parseTemplate, plain, scopeOf } from './armTestSupport';

const storage = `{
  // Storage account with a weak TLS default (JSONC: comments and a trailing comma)
  "parameters": {
    "minTls": {
      "type": "string",
      "defaultValue": "TLS1_0"
    },
    "prefix": { "type": "string", "defaultValue": "app" },
    "sku": { "type": "string" }
  },
  "variables": {
    "httpsOnly": true,
    "name": "[format('{0}-st', parameters('prefix'))]",
    "settings": { "tls": "[parameters('minTls')]", "tags": ["a", "[variables('name')]"] },
    "prefixAlias": "[parameters('prefix')]",
  },
  "resources": [
    {
      "type": "Microsoft.Storage/storageAccounts",
      "name": "[variables('name')]",
      "properties": {
        "minimumTlsVersion": "[parameters('minTls')]",
        "supportsHttpsTrafficOnly": "[variables('httpsOnly')]",
        "allowBlobPublicAccess": "[[not an expression]",
        "label": "[concat(parameters('prefix'), '-', parameters('minTls'))]",
        "aliasUpper": "[toUpper(variables('prefixAlias'))]",
        "settings": "[variables('settings')]",
        "tlsFromSettings": "[variables('settings').tls]",
        "skuName": "[parameters('sku')]",
        "chosen": "[if(equals(parameters('prefix'), 'app'), 'TLS1_2', 'TLS1_0')]",
        "ageless": "[coalesce(null(), variables('name'))]"
      }
    }
  ],
}`;

function storageProperty(path: string): { node: Node; resolution: Resolution } {
  const { template, scope } = scopeOf(storage);
  const node = at(template, `resources.0.${path}`);
  return { node, resolution: scope.resolve(node) };
}

describe('provenance', () => {
  test("[parameters('minTls')] resolves to the defaultValue node on line 6", () => {
    const { template, scope } = scopeOf(storage);
    const property = at(template, 'resources.0.properties.minimumTlsVersion');
    const r = scope.resolve(property);
    expect(r.known).toBe(true);
    if (!r.known) return;
    expect(r.node).toBe(at(template, 'parameters.minTls.defaultValue'));
    expect(r.node).toMatchObject({ kind: 'string', value: 'TLS1_0', line: 6, column: 23 });
    expect(r.via[0]!.line).toBe(6);
    expect(r.via).toEqual([{ file: 'main.json', line: 6, column: 23, endLine: 6, endColumn: 31 }]);
    expect(r.scope).toBe(scope);
  });

  test.each([
    // [path under the resource, value, line of the node returned, lines of via]
    ['properties.minimumTlsVersion', 'TLS1_0', 6, [6]],
    ['properties.supportsHttpsTrafficOnly', true, 12, [12]],
    ['name', 'app-st', 20, [13, 8]],
    ['properties.label', 'app-TLS1_0', 25, [8, 6]],
    ['properties.aliasUpper', 'APP', 26, [15, 8]],
    ['properties.tlsFromSettings', 'TLS1_0', 6, [14, 14, 6]],
    ['properties.chosen', 'TLS1_2', 30, [8]],
    ['properties.ageless', 'app-st', 31, [13, 8]],
  ] as const)('%s', (path, value, line, via) => {
    const { resolution } = storageProperty(path);
    expect(plain(resolution)).toEqual(value);
    expect(resolution.known && resolution.node.line).toBe(line);
    expect(lines(resolution)).toEqual(via);
  });

  test('a variable that is an expression using a parameter stands at the expression and remembers both', () => {
    const { template, scope } = scopeOf(storage);
    const property = at(template, 'resources.0.name');
    const r = scope.resolve(property);
    expect(r).toMatchObject({ known: true, node: { kind: 'string', value: 'app-st', line: 20, column: 15 } });
    if (!r.known) return;
    expect(r.node.offset).toBe(property.offset);
    expect(r.node.length).toBe(property.length);
    expect(r.via.map((l) => `${l.line}:${l.column}`)).toEqual(['13:13', '8:51']);
  });

  test('an object from a variable is returned as its node; its expressions resolve lazily in the returned scope', () => {
    const { template, scope } = scopeOf(storage);
    const r = scope.resolve(at(template, 'resources.0.properties.settings'));
    expect(r.known).toBe(true);
    if (!r.known) return;
    const settings = at(template, 'variables.settings');
    expect(r.node).toBe(settings);
    expect(lines(r)).toEqual([14]);
    const tls = at(settings, 'tls');
    expect(tls.kind).toBe('expression');
    const inner = r.scope.resolve(tls);
    expect(inner).toMatchObject({ known: true, node: { value: 'TLS1_0', line: 6 } });
    expect(plain(r)).toEqual({ tls: 'TLS1_0', tags: ['a', 'app-st'] });
  });

  test('[[ escapes a literal string that resolves to itself', () => {
    const { node, resolution } = storageProperty('properties.allowBlobPublicAccess');
    expect(node).toMatchObject({ kind: 'string', value: '[not an expression]' });
    expect(resolution).toEqual({ known: true, node, scope: expect.anything(), via: [] });
  });

  test('a parameter without a default is unknown with the reason', () => {
    expect(storageProperty('properties.skuName').resolution).toEqual({ known: false, reason: "parameter 'sku' has no default value" });
  });

  test('non-expression nodes come back unchanged', () => {
    const { template, scope } = scopeOf(storage);
    const node = at(template, 'resources.0.type');
    expect(scope.resolve(node)).toEqual({ known: true, node, scope, via: [] });
    expect(scope.resolve(node).known && (scope.resolve(node) as { node: Node }).node).toBe(node);
  });

  test('via of a computed value lists every input once, in the order used', () => {
    const { scope } = scopeOf(storage);
    const r = scope.resolve(expressionNode("concat(parameters('prefix'), parameters('minTls'), parameters('prefix'))"));
    expect(plain(r)).toBe('appTLS1_0app');
    expect(lines(r)).toEqual([8, 6]);
  });

  test('the parsed expression is cached on the node', () => {
    const { template, scope } = scopeOf(storage);
    const node = at(template, 'resources.0.properties.label') as ExpressionNode;
    expect(node.ast).toBeUndefined();
    scope.resolve(node);
    const ast = node.ast;
    expect(ast).toMatchObject({ kind: 'call', name: 'concat' });
    scope.resolve(node);
    expect(node.ast).toBe(ast);
  });
});

describe('parameters', () => {
  test('defaults may use other parameters and variables', () => {
    const { scope } = scopeOf(`{
      "parameters": {
        "env": { "type": "string", "defaultValue": "prod" },
        "name": { "type": "string", "defaultValue": "[format('{0}-{1}', variables('base'), parameters('env'))]" }
      },
      "variables": { "base": "app" }
    }`);
    const r = scope.resolve(expressionNode("parameters('name')"));
    expect(plain(r)).toBe('app-prod');
    expect(lines(r)).toEqual([4, 6, 3]);
  });

  test('a declaration that is not an object is unknown', () => {
    const { scope } = scopeOf(`{ "parameters": { "odd": "text" } }`);
    expect(evaluate(scope, "parameters('odd')")).toEqual({ unknown: "parameter 'odd' is not declared as an object" });
  });

  test('a template without parameters or variables sections', () => {
    const { scope } = scopeOf(`{ "resources": [] }`);
    expect(evaluate(scope, "parameters('a')")).toEqual({ unknown: "parameter 'a' is not declared" });
    expect(evaluate(scope, "variables('a')")).toEqual({ unknown: "variable 'a' is not defined" });
  });
});

describe('bound parameter values (nested deployments)', () => {
  const parentText = `{
  "parameters": {
    "parentSku": { "type": "string", "defaultValue": "Premium" }
  },
  "variables": { "region": "westeurope" },
  "resources": [
    {
      "type": "Microsoft.Resources/deployments",
      "properties": {
        "expressionEvaluationOptions": { "scope": "inner" },
        "parameters": {
          "sku": { "value": "[parameters('parentSku')]" },
          "settings": { "value": { "location": "[variables('region')]", "tier": "Standard" } },
          "literal": { "value": 3 }
        },
        "template": {
          "parameters": {
            "sku": { "type": "string", "defaultValue": "Basic" },
            "settings": { "type": "object" },
            "literal": { "type": "int" },
            "unbound": { "type": "string", "defaultValue": "[toLower(parameters('sku'))]" }
          },
          "resources": []
        }
      }
    }
  ]
}`;

  function setup() {
    const parent = parseTemplate(parentText);
    const parentScope = createArmScope(parent);
    const deployment = at(parent, 'resources.0.properties');
    const bound = new Map<string, { node: Node; scope: typeof parentScope }>();
    for (const name of ['sku', 'settings', 'literal']) {
      bound.set(name.toLowerCase(), { node: at(deployment, `parameters.${name}.value`), scope: parentScope });
    }
    const child = createArmScope(at(deployment, 'template') as ObjectNode, { parameterValues: bound });
    return { parent, parentScope, child };
  }

  test('a bound value wins over the default and is followed into the parent', () => {
    const { parent, child } = setup();
    const r = child.resolve(expressionNode("parameters('sku')"));
    expect(r.known && r.node).toBe(at(parent, 'parameters.parentSku.defaultValue'));
    expect(plain(r)).toBe('Premium');
    expect(lines(r)).toEqual([12, 3]);
  });

  test('defaults of unbound parameters see bound ones', () => {
    const { child } = setup();
    expect(evaluate(child, "parameters('unbound')")).toBe('premium');
  });

  test('a bound object keeps the parent scope for its own expressions', () => {
    const { parent, parentScope, child } = setup();
    const r = child.resolve(expressionNode("parameters('settings')"));
    expect(r.known).toBe(true);
    if (!r.known) return;
    expect(r.node).toBe(at(parent, 'resources.0.properties.parameters.settings.value'));
    expect(r.scope).toBe(parentScope);
    expect(plain(r)).toEqual({ location: 'westeurope', tier: 'Standard' });
    expect(evaluate(child, "parameters('settings').location")).toBe('westeurope');
  });

  test('a computed value holding parent expressions is rebuilt with them evaluated', () => {
    const { child } = setup();
    const r = child.resolve(expressionNode("union(createObject('name', 'x'), parameters('settings'))"));
    expect(plain(r)).toEqual({ name: 'x', location: 'westeurope', tier: 'Standard' });
    expect(r.known && r.node.kind).toBe('object');
    expect(lines(r)).toEqual([13, 13, 5]);
  });

  test('literal bound values', () => {
    const { child } = setup();
    expect(evaluate(child, "add(parameters('literal'), 1)")).toBe(4);
  });
});

describe('limits', () => {
  test('self-referencing variables are unknown without throwing', () => {
    const { scope } = scopeOf(`{
      "variables": {
        "self": "[variables('self')]",
        "a": "[concat('x', variables('b'))]",
        "b": "[concat('y', variables('a'))]",
        "fanA": "[concat(variables('fanB'), variables('fanB'), variables('fanB'))]",
        "fanB": "[concat(variables('fanA'), variables('fanA'), variables('fanA'))]",
        "ok": "[if(true(), 'fine', variables('self'))]"
      }
    }`);
    const started = Date.now();
    expect(evaluate(scope, "variables('self')")).toEqual({ unknown: 'evaluation limit reached' });
    expect(evaluate(scope, "variables('a')")).toEqual({ unknown: 'evaluation limit reached' });
    expect(evaluate(scope, "variables('fanA')")).toEqual({ unknown: 'evaluation limit reached' });
    expect(evaluate(scope, "and(false(), equals(variables('a'), 'x'))")).toBe(false);
    expect(evaluate(scope, "variables('ok')")).toBe('fine');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('strings longer than 1,000,000 characters are unknown', () => {
    const variables: Record<string, string> = { v0: 'xxxxxxxxxx' };
    for (let i = 1; i <= 20; i++) variables[`v${i}`] = `[concat(variables('v${i - 1}'), variables('v${i - 1}'))]`;
    const { scope } = scopeOf(JSON.stringify({ variables }));
    expect(evaluate(scope, "length(variables('v16'))")).toBe(655360);
    expect(evaluate(scope, "variables('v17')")).toEqual({ unknown: 'string result is longer than 1000000 characters' });
    expect(evaluate(scope, "length(variables('v20'))")).toEqual({ unknown: 'string result is longer than 1000000 characters' });
    expect(evaluate(scope, "padLeft('a', 2000000)")).toEqual({ unknown: 'string result is longer than 1000000 characters' });
  });

  test('the step budget stops runaway evaluation', () => {
    // Each level calls the next three times: 3^12 applications without memoisation.
    const variables: Record<string, string> = { w0: '[range(0, 3)]' };
    for (let i = 1; i <= 12; i++) {
      variables[`w${i}`] = `[length(createArray(variables('w${i - 1}'), variables('w${i - 1}'), variables('w${i - 1}')))]`;
    }
    const { scope } = scopeOf(JSON.stringify({ variables }));
    // Variables are memoised, so this stays cheap and known.
    expect(evaluate(scope, "variables('w12')")).toBe(3);
    const deep = `length(createArray(${Array.from({ length: 25_000 }, () => 'null()').join(', ')}))`;
    expect(evaluate(scope, deep)).toEqual({ unknown: 'evaluation limit reached' });
  });

  test('deep chains of variables hit the depth limit, not the stack', () => {
    const variables: Record<string, string> = { c0: 'end' };
    for (let i = 1; i <= 200; i++) variables[`c${i}`] = `[variables('c${i - 1}')]`;
    const { scope } = scopeOf(JSON.stringify({ variables }));
    expect(evaluate(scope, "variables('c20')")).toBe('end');
    expect(evaluate(scope, "variables('c200')")).toEqual({ unknown: 'evaluation limit reached' });
    // Shorter chains resolved first are memoised, so the budget is per chain still to walk.
    for (let i = 30; i <= 200; i += 30) evaluate(scope, `variables('c${i}')`);
    expect(evaluate(scope, "variables('c200')")).toBe('end');
  });
});
