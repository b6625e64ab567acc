import { test } from 'vitest';
import { parseJson } from '../../src/parse/json/parseJson';
import { createArmScope } from '../../src/evaluate/arm/armScope';
import type { Node, ObjectNode } from '../../src/model/tree';
import { toPlain, getValue } from '../../src/model/tree';

test('scratch2', () => {
  const text = `{
  "parameters": {
    "minTls": {
      "type": "string",
      // comment
      "defaultValue": "TLS1_0"
    },
    "cfg": { "type": "object", "defaultValue": { "a": "[parameters('minTls')]", "b": [1, 2, "[variables('v')]"] } }
  },
  "variables": {
    "httpsOnly": true,
    "v": "[concat('x-', parameters('minTls'))]",
    "self": "[variables('self')]",
    "loop1": "[concat(variables('loop2'), variables('loop2'))]",
    "loop2": "[concat(variables('loop1'), variables('loop1'))]"
  },
  "outputs": {
    "a": "[parameters('minTls')]",
    "b": "[variables('v')]",
    "c": "[parameters('cfg').b[2]]",
    "d": "[variables('self')]",
    "e": "[string(parameters('cfg'))]",
    "f": "[variables('loop1')]",
    "g": "[union(parameters('cfg'), createObject('c', 1))]",
    "h": "[resourceId('a','b')]",
    "i": "[concat('a', "
  }
}`;
  const root = parseJson(text, 'main.json', { armExpressions: true }).root as ObjectNode;
  const scope = createArmScope(root);
  const outputs = getValue(root, 'outputs') as ObjectNode;
  for (const e of outputs.entries) {
    const t0 = performance.now();
    const r = scope.resolve(e.value);
    console.log(e.key, JSON.stringify(r.known ? { v: toPlain(r.node), line: r.node.line, col: r.node.column, via: r.via.map((l) => `${l.line}:${l.column}`) } : r), (performance.now() - t0).toFixed(1));
  }
});
