import { test } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson } from '../../src/parse/json/parseJson';
import { parseArmExpression } from '../../src/evaluate/arm/expressionParser';
import type { Node } from '../../src/model/tree';

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (e === 'main.json') yield p;
  }
}
test('scratch', () => {
  let n = 0, fail = 0; const t0 = Date.now();
  const fails = new Map<string, number>();
  for (const f of files('/work/shared/data/corpus/bicep-registry-modules')) {
    const { root } = parseJson(readFileSync(f, 'utf8'), f, { armExpressions: true });
    const walk = (x: Node): void => {
      if (x.kind === 'object') x.entries.forEach((e) => walk(e.value));
      else if (x.kind === 'array') x.items.forEach(walk);
      else if (x.kind === 'expression') { n++; try { parseArmExpression(x.text); } catch (e) { fail++; const m = (e as Error).message + ' :: ' + x.text.slice(0, 200); fails.set(m, (fails.get(m) ?? 0) + 1); } }
    };
    if (root) walk(root);
  }
  console.log(n, fail, Date.now() - t0);
  console.log([...fails].slice(0, 30));
}, 60000);
