// Bicep parser throughput on the shared Bicep corpus (tokenize + parse to the positioned AST), single-threaded,
// files already in memory:  npm run build && node bench/bicep.mjs
// Prints a Markdown table: best and median of BENCH_ROUNDS (default 5) rounds, MB/s (10^6 bytes of UTF-8 source)
// and files/s; then the same for the largest file alone, parsed repeatedly.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot, sharedDir } from './shared.mjs';

const require = createRequire(import.meta.url);
const entry = path.join(repoRoot, 'dist', 'parse', 'bicep', 'parseBicep.js');
if (!fs.existsSync(entry)) {
  console.error(`bench: ${entry} is missing; run npm run build first.`);
  process.exit(2);
}
const { parseBicep } = require(entry);

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const corpus = path.join(sharedDir(), 'data', 'corpus');
const roots = ['bicep-registry-modules', 'docs-samples'].map((r) => path.join(corpus, r));

function bicepFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...bicepFiles(p));
    else if (e.isFile() && e.name.endsWith('.bicep')) out.push(p);
  }
  return out;
}

const files = roots.flatMap(bicepFiles).sort();
const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

function round(list) {
  let statements = 0, diagnostics = 0;
  const t0 = performance.now();
  for (let i = 0; i < list.length; i++) {
    const r = parseBicep(list[i], 'main.bicep');
    statements += r.program.statements.length;
    diagnostics += r.diagnostics.length;
  }
  return { seconds: (performance.now() - t0) / 1000, statements, diagnostics };
}

function measure(list) {
  round(list); // warm-up (JIT)
  const rounds = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(round(list));
  rounds.sort((a, b) => a.seconds - b.seconds);
  return { best: rounds[0], median: rounds[Math.floor(rounds.length / 2)] };
}

const all = measure(texts);
const largestIndex = texts.reduce((best, t, i) => (Buffer.byteLength(t) > Buffer.byteLength(texts[best]) ? i : best), 0);
const largestBytes = Buffer.byteLength(texts[largestIndex]);
const REPEAT = 50;
const large = measure(Array(REPEAT).fill(texts[largestIndex]));

const row = (name, r, nFiles, nBytes) =>
  `| ${name} | ${r.seconds.toFixed(3)} | ${(nBytes / 1e6 / r.seconds).toFixed(1)} | ${(nFiles / r.seconds).toFixed(0)} |`;

console.log(`Bicep corpus: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB, ${all.best.statements} top-level declarations, ${all.best.diagnostics} diagnostics`);
console.log('');
console.log('| Run | seconds | MB/s | files/s |');
console.log('|---|---:|---:|---:|');
console.log(row(`corpus, best of ${ROUNDS}`, all.best, files.length, bytes));
console.log(row(`corpus, median of ${ROUNDS}`, all.median, files.length, bytes));
const largeName = path.relative(corpus, files[largestIndex]).split(path.sep).join('/');
console.log(row(`largest file (${(largestBytes / 1e3).toFixed(0)} KB) ×${REPEAT}, best of ${ROUNDS}`, large.best, REPEAT, largestBytes * REPEAT));
console.log('');
console.log(`largest file: ${largeName}`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (node ${process.version}, ${process.platform} ${process.arch})`);
