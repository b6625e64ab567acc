import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createArmScope } from '../../src/evaluate/arm/armScope';
import { ExpressionSyntaxError, parseArmExpression } from '../../src/evaluate/arm/expressionParser';
import type { Scope } from '../../src/evaluate/scope';
import { findEntry } from '../../src/model/tree';
import type { Node, ObjectNode } from '../../src/model/tree';
import { parseJson } from '../../src/parse/json/parseJson';
import { sharedDir } from '../support/shared';

const corpus = join(sharedDir(), 'data', 'corpus', 'bicep-registry-modules');

function mainJsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...mainJsonFiles(path));
    else if (entry.name === 'main.json') out.push(path);
  }
  return out;
}

interface Tally {
  expressions: number;
  parseFailures: string[];
  known: number;
  unknownReasons: Map<string, number>;
}

/**
 * Walks one template; a nested deployment's `template` gets its own scope (its parameters are not
 * bound here, so their expressions mostly stay unknown). User-defined function bodies are skipped:
 * their parameters are the function's.
 */
function walk(node: Node, scope: Scope, tally: Tally, file: string): void {
  if (node.kind === 'expression') {
    tally.expressions++;
    try {
      parseArmExpression(node.text);
    } catch (err) {
      if (!(err instanceof ExpressionSyntaxError)) throw err;
      tally.parseFailures.push(`${file}:${node.line}:${node.column} ${err.message}: ${node.text.slice(0, 120)}`);
    }
    const r = scope.resolve(node);
    if (r.known) tally.known++;
    else {
      const reason = r.reason.replace(/'[^']*'/g, "'…'");
      tally.unknownReasons.set(reason, (tally.unknownReasons.get(reason) ?? 0) + 1);
    }
  } else if (node.kind === 'array') {
    for (const item of node.items) walk(item, scope, tally, file);
  } else if (node.kind === 'object') {
    for (const e of node.entries) {
      const key = e.key.toLowerCase();
      if (key === 'functions') continue;
      const nested = key === 'template' && e.value.kind === 'object' && findEntry(e.value, 'resources', true);
      walk(e.value, nested ? createArmScope(e.value as ObjectNode) : scope, tally, file);
    }
  }
}

test('every ARM expression in the AVM corpus parses, and evaluating them never throws', () => {
  const tally: Tally = { expressions: 0, parseFailures: [], known: 0, unknownReasons: new Map() };
  const files = mainJsonFiles(corpus);
  for (const file of files) {
    const { root } = parseJson(readFileSync(file, 'utf8'), file, { armExpressions: true });
    if (root?.kind === 'object') walk(root, createArmScope(root), tally, file);
  }
  const topReasons = [...tally.unknownReasons].sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(
    `${files.length} files, ${tally.expressions} expressions, ${tally.parseFailures.length} parse failures, ` +
      `${tally.known} resolved without bound parameters; most common unknowns: ` +
      topReasons.map(([r, n]) => `${n}× ${r}`).join('; '),
  );
  expect(files.length).toBe(562);
  expect(tally.expressions).toBeGreaterThan(50_000);
  expect(tally.parseFailures).toEqual([]);
  expect(tally.unknownReasons.get('evaluation limit reached')).toBeUndefined();
});
