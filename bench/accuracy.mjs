// Scores iac-scan on the development accuracy benchmark (shared/benchmark/dev) with the shared scorer.
//   npm run bench:accuracy            (builds first)
// Writes bench/.out/dev.sarif and prints, per mode (resource, block), the scorer's table, then every
// miss and false alarm of the formats the scanner reads with its reason from bench/adjudications.json, and
// a second table "on the cases our rules cover": the scorer's counts without the misses and false alarms
// adjudicated as peer disagreement, out of scope or multiplicity (our bugs stay counted). An error without
// a reason is printed as UNEXPLAINED, a reason that no longer matches an error as STALE.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot, sharedDir } from './shared.mjs';

const require = createRequire(import.meta.url);
const { scan } = require('../dist/scan/scan.js');
const { toSarif } = require('../dist/report/sarif.js');

const FORMATS = (process.env.BENCH_FORMATS ?? 'arm,bicep,terraform').split(',');
const shared = sharedDir();
const devDir = path.join(shared, 'benchmark', 'dev');
const filesDir = path.join(devDir, 'files');
const outDir = path.join(repoRoot, 'bench', '.out');
fs.mkdirSync(outDir, { recursive: true });

const result = scan({ path: filesDir });
const sarifPath = path.join(outDir, 'dev.sarif');
fs.writeFileSync(sarifPath, JSON.stringify(toSarif(result, { toolVersion: 'bench', informationUri: 'https://example.invalid/' })));

// Supported keys per format: those of rules that have a check for that format (ARM and Bicep: `azure`).
const dialect = (format) => (format === 'terraform' ? 'terraform' : 'azure');
const supportedFor = (format) => [...new Set(result.rules.filter((r) => r[dialect(format)].length).flatMap((r) => r.crosswalk))].sort();

console.log(`iac-scan on ${path.relative(repoRoot, filesDir)}: ${result.findings.length} findings, ${result.diagnostics.length} diagnostics, ` +
  `${result.stats.filesScanned} files scanned; keys implemented: ${FORMATS.map((f) => `${f} ${supportedFor(f).length}`).join(', ')}`);

const cases = JSON.parse(fs.readFileSync(path.join(devDir, 'cases.json'), 'utf8'));
const adjudications = JSON.parse(fs.readFileSync(path.join(repoRoot, 'bench', 'adjudications.json'), 'utf8')).entries;
const EXCUSED = new Set(['peer-disagreement', 'out-of-scope', 'multiplicity']);
const adjudicationOf = (kind, file, line) => adjudications.find((a) => a.kind === kind && a.file === file && a.line === line);
const ruleKeys = new Map(result.rules.map((r) => [r.id, r.crosswalk]));
const predictions = result.findings.flatMap((f) => (ruleKeys.get(f.ruleId) ?? []).map((key) => ({ file: f.location.file, line: f.location.line, key, ruleId: f.ruleId })));

const used = new Set();
const covered = [];
for (const mode of ['resource', 'block']) {
  console.log(`\nmode=${mode}`);
  console.log('| group | tp | fp | fn | precision | recall | f1 | caseRecall | negFalseAlarm |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const errors = [];
  for (const format of FORMATS) {
    const supported = supportedFor(format);
    const supportedPath = path.join(outDir, `supported-${format}.json`);
    fs.writeFileSync(supportedPath, JSON.stringify(supported));
    const jsonPath = path.join(outDir, `scores-${mode}-${format}.json`);
    execFileSync(process.execPath, [path.join(shared, 'benchmark', 'score.mjs'), '--cases', path.join(devDir, 'cases.json'),
      '--sarif', sarifPath, '--split', 'dev', '--mode', mode, '--supported', supportedPath, '--json', jsonPath], { encoding: 'utf8' });
    const rows = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
    const listed = listErrors(mode, format, supported);
    errors.push(...listed.map((e) => e.text));
    for (const r of rows.filter((r) => r.group === `format:${format}`)) {
      console.log(`| ${r.group} | ${r.tp} | ${r.fp} | ${r.fn} | ${r.precision} | ${r.recall} | ${r.f1} | ${r.caseRecall} | ${r.negFalseAlarm} |`);
      const excused = (kind) => listed.filter((e) => e.kind === kind && e.adjudication && EXCUSED.has(e.adjudication.category)).length;
      const fp = r.fp - excused('false');
      const fn = r.fn - excused('miss');
      covered.push({ mode, format, tp: r.tp, fp, fn });
    }
  }
  console.log(errors.length ? `misses and false alarms (${mode}):\n${errors.join('\n')}` : `no misses or false alarms (${mode})`);
}

console.log('\non the cases our rules cover (adjudicated peer disagreements, out-of-scope cases and multiplicity left out):');
console.log('| format | mode | tp | fp | fn | precision | recall |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const c of covered) {
  const ratio = (a, b) => (a + b ? (a / (a + b)).toFixed(3) : '—');
  console.log(`| ${c.format} | ${c.mode} | ${c.tp} | ${c.fp} | ${c.fn} | ${ratio(c.tp, c.fp)} | ${ratio(c.tp, c.fn)} |`);
}
const stale = adjudications.filter((a) => !used.has(a) && FORMATS.includes(formatOfFile(a.file)));
for (const a of stale) console.log(`STALE adjudication (no such ${a.kind} any more): ${a.file}:${a.line}`);

function formatOfFile(file) {
  return file.endsWith('.tf') ? 'terraform' : file.endsWith('.bicep') ? 'bicep' : 'arm';
}

// The same one-to-one matching as the scorer, to name each miss and false alarm.
function listErrors(mode, format, supported) {
  const lines = [];
  for (const c of cases) {
    if (c.split !== 'dev' || c.format !== format) continue;
    const keys = c.rule.crosswalk.filter((x) => x.exact && supported.includes(x.key)).map((x) => x.key);
    if (!keys.length) continue;
    const preds = predictions.filter((p) => p.file === c.file && keys.includes(p.key));
    const pairs = [];
    c.expected.forEach((e, i) => preds.forEach((p, j) => { const d = near(mode, e, p); if (d !== null) pairs.push([d, i, j]); }));
    pairs.sort((x, y) => x[0] - y[0]);
    const ue = new Set(), up = new Set();
    for (const [, i, j] of pairs) if (!ue.has(i) && !up.has(j)) { ue.add(i); up.add(j); }
    const add = (kind, line, text) => {
      const adjudication = adjudicationOf(kind, c.file, line);
      if (adjudication) used.add(adjudication);
      const why = adjudication ? `\n        ${adjudication.category}: ${adjudication.reason}` : '\n        UNEXPLAINED: add a reason to bench/adjudications.json';
      lines.push({ kind, adjudication, text: `  ${text}${why}` });
    };
    c.expected.forEach((e, i) => { if (!ue.has(i)) add('miss', e.line, `miss  ${c.file}:${e.line} [${keys.join(',')}] (${e.anchor}${e.legacyResourceType ? ', legacy type' : ''})`); });
    preds.forEach((p, j) => { if (!up.has(j)) add('false', p.line, `false ${c.file}:${p.line} ${p.ruleId}${c.negative ? ' (negative case)' : ''}`); });
  }
  return lines;
}

function near(mode, e, p) {
  const d = Math.abs(p.line - e.line);
  const inRes = e.resource && p.line >= e.resource.startLine && p.line <= e.resource.endLine;
  if (mode === 'resource') return inRes ? d : (!e.resource && d <= 2 ? d : null);
  if (d <= 2) return d;
  if (e.blockSpan && p.line >= e.blockSpan[0] && p.line <= e.blockSpan[1]) return d;
  if (e.anchor === 'resource' && inRes) return d;
  return null;
}
