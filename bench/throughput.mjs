// Measures end-to-end scan throughput on the ARM part of the shared corpus (discover → parse → model →
// rules), single-threaded, in this process:  npm run bench
// Prints files/s, MB/s (bytes of the templates scanned) and peak RSS, best and median of several rounds.
import path from 'node:path';
import { createRequire } from 'node:module';
import { sharedDir } from './shared.mjs';

const require = createRequire(import.meta.url);
const { scan } = require('../dist/scan/scan.js');
const { builtinRulesDir, loadRules } = require('../dist/rules/loadRules.js');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const corpus = path.join(sharedDir(), 'data', 'corpus');
const roots = [path.join(corpus, 'bicep-registry-modules'), path.join(corpus, 'docs-samples', 'azure-docs-json-samples')];
const rules = loadRules([builtinRulesDir()]);

const rounds = [];
for (let i = 0; i < ROUNDS; i++) {
  let files = 0, bytes = 0, findings = 0, resources = 0, diagnostics = 0;
  const t0 = performance.now();
  for (const root of roots) {
    const r = scan({ path: root, include: ['**/*.json'], rules });
    files += r.stats.filesScanned; bytes += r.stats.bytesScanned; findings += r.findings.length;
    resources += r.stats.resources; diagnostics += r.diagnostics.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  rounds.push({ seconds, files, bytes, findings, resources, diagnostics });
}
const sorted = [...rounds].sort((a, b) => a.seconds - b.seconds);
const best = sorted[0], median = sorted[Math.floor(sorted.length / 2)];
const mb = best.bytes / 1e6;
const rssMb = process.resourceUsage().maxRSS / 1024;
console.log(`ARM corpus: ${best.files} templates, ${mb.toFixed(1)} MB, ${best.resources} resources, ${best.findings} findings, ${best.diagnostics} diagnostics, ${rules.length} rules`);
console.log(`| round | seconds | files/s | MB/s |`);
console.log(`|---|---:|---:|---:|`);
for (const [name, r] of [['best', best], ['median', median]]) {
  console.log(`| ${name} of ${ROUNDS} | ${r.seconds.toFixed(2)} | ${(r.files / r.seconds).toFixed(0)} | ${(r.bytes / 1e6 / r.seconds).toFixed(1)} |`);
}
console.log(`peak RSS: ${rssMb.toFixed(0)} MB (node ${process.version}, ${process.platform} ${process.arch})`);
