import { test } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson } from '../../src/parse/json/parseJson';
import { createArmScope } from '../../src/evaluate/arm/armScope';
import type { Scope } from '../../src/evaluate/scope';
import type { Node } from '../../src/model/tree';
import { findEntry } from '../../src/model/tree';
import type { ArmAst } from '../../src/evaluate/arm/expressionParser';
let maxDepth = 0;
function depthOf(a: ArmAst): number { switch (a.kind) { case 'call': return 1 + Math.max(0, ...a.args.map(depthOf)); case 'member': return 1 + depthOf(a.target); case 'index': return 1 + Math.max(depthOf(a.target), depthOf(a.index)); default: return 1; } }

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (e === 'main.json') yield p;
  }
}
test('scratch', () => {
  let n = 0, known = 0; const t0 = Date.now(); let parseMs = 0;
  const reasons = new Map<string, number>();
  let slowest = 0, slowestText = '';
  for (const f of files('/work/shared/data/corpus/bicep-registry-modules')) {
    const p0 = Date.now();
    const { root } = parseJson(readFileSync(f, 'utf8'), f, { armExpressions: true });
    parseMs += Date.now() - p0;
    const walk = (x: Node, scope: Scope | undefined): void => {
      if (x.kind === 'object') {
        if (findEntry(x, '$schema', true) && findEntry(x, 'resources', true)) scope = createArmScope(x);
        x.entries.forEach((e) => walk(e.value, scope));
      }
      else if (x.kind === 'array') x.items.forEach((i) => walk(i, scope));
      else if (x.kind === 'expression' && scope) {
        n++;
        const s = performance.now();
        const r = scope.resolve(x);
        const d = performance.now() - s; if (x.ast && !(x.ast instanceof Error)) maxDepth = Math.max(maxDepth, depthOf(x.ast as ArmAst));
        if (d > slowest) { slowest = d; slowestText = f + ' ' + x.text.slice(0, 200); }
        if (r.known) known++; else { if (/does not exist|not null|out of range|not declared/.test(r.reason) && (reasons.get('ex'+r.reason) ?? 0) < 1) { reasons.set('ex'+r.reason, 1); console.log(r.reason, '::', f.split('corpus/')[1], '::', x.text.slice(0, 300)); } const k = r.reason.replace(/'[^']*'/g, "'…'"); reasons.set(k, (reasons.get(k) ?? 0) + 1); }
      }
    };
    if (root) walk(root, undefined);
  }
  console.log('maxDepth', maxDepth, n, known, Date.now() - t0, 'parse', parseMs, 'slowest', slowest.toFixed(1), slowestText);
  console.log([...reasons].sort((a, b) => b[1] - a[1]).slice(0, 40));
}, 120000);
