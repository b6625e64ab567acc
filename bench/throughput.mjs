// Measures end-to-end scan throughput on the shared corpus (discover → parse → model → evaluate → rules),
// single-threaded, in this process, per format:  npm run bench
// Prints files/s, MB/s (bytes of the files scanned) and peak RSS, best and median of several rounds.
import path from 'node:path';
import { createRequire } from 'node:module';
import { sharedDir } from './shared.mjs';

const require = createRequire(import.meta.url);
const { scan } = require('../dist/scan/scan.js');
const { builtinRulesDir, loadRules } = require('../dist/rules/loadRules.js');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const corpus = path.join(sharedDir(), 'data', 'corpus');
const rules = loadRules([builtinRulesDir()]);
const FORMATS = [
  { name: 'ARM', roots: ['bicep-registry-modules', 'docs-samples/azure-docs-json-samples'], include: ['**/*.json'] },
  { name: 'Bicep', roots: ['bicep-registry-modules', 'docs-samples/azure-docs-bicep-samples'], include: ['**/*.bicep'] },
  { name: 'Terraform', roots: ['terraform'], include: ['**/*.tf', '**/*.tfvars'] },
];

console.log(`| format | files | MB | resources | findings | diagnostics | best s | files/s | MB/s | median MB/s |`);
console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
for (const format of FORMATS) {
  const rounds = [];
  for (let i = 0; i < ROUNDS; i++) {
    let files = 0, bytes = 0, findings = 0, resources = 0, diagnostics = 0;
    const t0 = performance.now();
    for (const root of format.roots) {
      const r = scan({ path: path.join(corpus, root), include: format.include, rules });
      files += r.stats.filesScanned; bytes += r.stats.bytesScanned; findings += r.findings.length;
      resources += r.stats.resources; diagnostics += r.diagnostics.length;
    }
    rounds.push({ seconds: (performance.now() - t0) / 1000, files, bytes, findings, resources, diagnostics });
  }
  const sorted = [...rounds].sort((a, b) => a.seconds - b.seconds);
  const best = sorted[0], median = sorted[Math.floor(sorted.length / 2)];
  console.log(`| ${format.name} | ${best.files} | ${(best.bytes / 1e6).toFixed(1)} | ${best.resources} | ${best.findings} | ${best.diagnostics} | ` +
    `${best.seconds.toFixed(2)} | ${(best.files / best.seconds).toFixed(0)} | ${(best.bytes / 1e6 / best.seconds).toFixed(1)} | ${(median.bytes / 1e6 / median.seconds).toFixed(1)} |`);
}
console.log(`\npeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (node ${process.version}, ${process.platform} ${process.arch}, ${rules.length} rules, ${ROUNDS} rounds)`);
