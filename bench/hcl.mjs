// Measures the throughput of the HCL2 parser (parseHcl) on every .tf file of the shared Terraform corpus,
// single-threaded, files already in memory, beside the two Go-based oracles on the same files (once each):
//
//   npm run build && node bench/hcl.mjs
//
// BENCH_ROUNDS (default 5) rounds of parseHcl after one warm-up round; the best and the median are printed.
// BENCH_ORACLES=0 skips hcl2-parser and @cdktf/hcl2json (hcl2-parser alone takes about 20 s).
// Prints a Markdown table (MB = 10^6 bytes of UTF-8 file content, as in the corpus README).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { sharedDir } from './shared.mjs';

const require = createRequire(import.meta.url);
const { parseHcl } = require('../dist/parse/hcl/parseHcl.js');
const { toHcl2Json } = require('../dist/parse/hcl/toHcl2Json.js');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ORACLES = process.env.BENCH_ORACLES !== '0';
const root = path.join(sharedDir(), 'data', 'corpus', 'terraform');

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && e.name.endsWith('.tf')) out.push(p);
  }
  return out;
}

const files = walk(root).sort().map((file) => ({ file: path.relative(root, file), text: fs.readFileSync(file, 'utf8') }));
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
const mb = bytes / 1e6;

function timeRounds(fn) {
  fn(); // warm-up
  const seconds = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    fn();
    seconds.push((performance.now() - t0) / 1000);
  }
  seconds.sort((a, b) => a - b);
  return { best: seconds[0], median: seconds[Math.floor(seconds.length / 2)] };
}

let diagnostics = 0;
const parse = timeRounds(() => {
  diagnostics = 0;
  for (const f of files) diagnostics += parseHcl(f.text, f.file).diagnostics.length;
});
const project = timeRounds(() => {
  for (const f of files) {
    const r = parseHcl(f.text, f.file);
    toHcl2Json(r.body, r.source);
  }
});

const rows = [
  [`iac-scan parseHcl, best of ${ROUNDS}`, parse.best],
  [`iac-scan parseHcl, median of ${ROUNDS}`, parse.median],
  [`iac-scan parseHcl + toHcl2Json, best of ${ROUNDS}`, project.best],
];

if (ORACLES) {
  // hcl2-parser sets Error.stackTraceLimit = Infinity when loaded; its load time is shown apart.
  const t0 = performance.now();
  const limit = Error.stackTraceLimit;
  const hcl2Parser = require('hcl2-parser');
  Error.stackTraceLimit = limit;
  const loadSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  let failed = 0;
  for (const f of files) if (!hcl2Parser.parseToObject(f.text)[0]) failed++;
  rows.push([`hcl2-parser 1.0.3, once (load ${loadSeconds.toFixed(2)} s not included${failed ? `, ${failed} failed` : ''})`, (performance.now() - t1) / 1000]);

  const { parse: cdktfParse } = require('@cdktf/hcl2json');
  await cdktfParse('warm-up.tf', 'a = 1\n'); // starts the wasm runtime
  const t2 = performance.now();
  for (const f of files) await cdktfParse(f.file, f.text);
  rows.push(['@cdktf/hcl2json 0.21.0, once (after start-up)', (performance.now() - t2) / 1000]);
}

console.log(`Terraform corpus: ${files.length} .tf files, ${mb.toFixed(2)} MB; parseHcl diagnostics: ${diagnostics}`);
console.log('');
console.log('| parser | seconds | MB/s | files/s |');
console.log('|---|---:|---:|---:|');
for (const [name, s] of rows) {
  console.log(`| ${name} | ${s.toFixed(3)} | ${(mb / s).toFixed(2)} | ${Math.round(files.length / s)} |`);
}
console.log('');
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; node ${process.version}, ${process.platform} ${process.arch}`);
process.exit(0); // the Go wasm runtime of @cdktf/hcl2json keeps the event loop alive
