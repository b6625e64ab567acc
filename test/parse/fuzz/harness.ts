/**
 * Shared pieces of the hostile-input tests (fuzz*.test.ts, limits.test.ts, lineEndings.test.ts): the corpus of
 * real files per format, a seeded mutator, a scan of one file through the real `scan()` (discovery, reading,
 * parsing, model, rules, suppressions), and the checks every result must pass whatever the input: no exception,
 * every diagnostic positioned inside the file, no internal error reported.
 */
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findArmTemplate, mayBeArmTemplate } from '../../../src/model/arm/detect';
import type { Diagnostic } from '../../../src/model/diagnostic';
import type { Template } from '../../../src/model/resource';
import { parseFile } from '../../../src/parse/parseFile';
import { parseJson } from '../../../src/parse/json/parseJson';
import { applyRules } from '../../../src/rules/applyRules';
import { builtinRulesDir, loadRules } from '../../../src/rules/loadRules';
import type { Rule } from '../../../src/rules/rule';
import { scanBicepFiles } from '../../../src/scan/bicepFiles';
import type { ScanResult } from '../../../src/scan/result';
import { scan } from '../../../src/scan/scan';
import { scanTerraformModules } from '../../../src/scan/terraformModules';
import { readDirectives } from '../../../src/suppress/directives';
import { sharedDir } from '../../support/shared';

export type Format = 'arm' | 'bicep' | 'terraform';

/** mulberry32: a small seeded PRNG, so the fuzzer makes the same mutants on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let rulesCache: Rule[] | undefined;
/** The built-in rules, loaded once per test file. */
export function builtinRules(): Rule[] {
  return (rulesCache ??= loadRules([builtinRulesDir()]));
}

function walk(dir: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, keep, out);
    else if (e.isFile() && keep(e.name)) out.push(p);
  }
  return out;
}

export interface CorpusFile {
  /** Relative to the corpus folder. */
  name: string;
  text: string;
}

/**
 * The real files of one format from the shared corpus, sorted, up to `maxBytes` each (mutating small and
 * medium files finds as much and keeps the run short): ARM templates (JSON files whose `$schema` is a
 * deployment template: compiled registry modules and docs samples), Bicep files (registry modules, docs
 * samples, and the Bicep compiler's syntax baselines, broken files included), Terraform `.tf` and `.tfvars`.
 */
export function corpus(format: Format, maxBytes: number): CorpusFile[] {
  const root = path.join(sharedDir(), 'data', 'corpus');
  const ext = format === 'arm' ? /\.json$/ : format === 'bicep' ? /\.bicep$/ : /\.(tf|tfvars)$/;
  const files = walk(root, (n) => ext.test(n)).sort();
  const out: CorpusFile[] = [];
  for (const file of files) {
    if (fs.statSync(file).size > maxBytes) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (format === 'arm') {
      if (!mayBeArmTemplate(text)) continue;
      const parsed = parseJson(text, 'x.json', { armExpressions: true });
      if (parsed.diagnostics.length || !findArmTemplate(parsed.root)) continue;
    }
    out.push({ name: path.relative(root, file).split(path.sep).join('/'), text });
  }
  if (out.length < 50) throw new Error(`only ${out.length} ${format} corpus files found under ${root}`);
  return out;
}

/** The file name a mutant of this corpus file is scanned as. */
export function scanName(format: Format, corpusName: string): string {
  if (format === 'arm') return 'template.json';
  if (format === 'bicep') return 'main.bicep';
  return corpusName.endsWith('.tfvars') ? 'terraform.tfvars' : 'main.tf';
}

/** Characters that matter to the grammars (brackets, quotes, operators, comment and template markers). */
const GRAMMAR = `{}[]()"'=,:;.\n\r\\/*#$%?!<>~@|&+-\``;
/** Characters a parser must survive: NUL and controls, BOMs, line and paragraph separators, lone surrogates, … */
const ODD = [
  '\0', '\x01', '\x07', '\b', '\t', '\v', '\f', '\r', '\x1b', '\x7f', '\x85', '\xa0', '\u00ad', '\u200b', '\u200e', '\u202e',
  '\u2028', '\u2029', '\ufeff', '\ufffd', '\uffff', '\ud800', '\udc00', '\udbff', '\udfff', '\u{1f600}', '\u0301', 'é', '名',
];

export interface Mutant {
  /** What was done, for a failure report. */
  what: string;
  /** Text, or bytes for the mutants that are about the encoding (invalid UTF-8, random bytes). */
  content: string | Buffer;
}

/** Fragments that open or close a construct of one of the grammars. */
const FRAGMENTS: Record<Format, string[]> = {
  arm: ['"[', '[[', ']"', '"[concat(', "'", "''", '/*', '*/', '//', '{"a":', '[{', '}]', '\\u', '\\', '"$schema"', '"resources":[', '"copy":{"name":"c","count":'],
  bicep: ["'''", "'${", '${', '}', "'", '/*', '*/', '//', '[for i in ', ': i]', 'if (', '@description(', 'resource r ', 'existing', '?.', '!', '::', '=>', '#disable-next-line', '\\u{'],
  terraform: ['<<EOT\n', '<<-EOT\n', '\nEOT\n', '${', '%{', '%{ endif }', '}', '"', '/*', '*/', '#', '[for i in ', ': i]', '{for k, v in x : ', '=>', '...', '[*]', '.*', 'dynamic "d" {', 'content {', '\\u'],
};

/** Values of every type, swapped in for a string literal: the syntax stays valid, the model and rules meet the wrong types. */
const VALUES: Record<Format, string[]> = {
  arm: ['[]', '{}', 'null', '0', '-1', '1e400', 'true', '[1,"a",null]', '{"a":{"b":[]}}', '"[parameters(\'nope\')]"', '"[variables(\'v\')]"', '"[concat()]"', '"[json(\'{}\')]"', '"[createArray()]"', '"[null()]"', '"[resourceId()]"', '"[reference(\'x\').y]"', '"[1]"', '"[]"', '""'],
  bicep: ['[]', '{}', 'null', '0', '-1', '9999999999999999999999', 'true', "[1, 'a', null]", "{\n a: {}\n}", 'x', 'x.y', 'x[0]', 'x!', 'concat()', "json('{}')", '[for i in range(0, 3): i]', "(1 > 2 ? 'a' : {})", "'${x}'", "''", 'resourceGroup().location'],
  terraform: ['[]', '{}', 'null', '0', '-1', '1e400', 'true', '[1, "a", null]', '{ a = {} }', 'var.nope', 'local.x', 'x[0]', 'x[*].y', 'concat()', 'jsondecode("{}")', '[for i in range(3) : i]', '{ for k, v in {} : k => v }', '(1 > 2 ? "a" : {})', '"${x}"', '""'],
};

const STRING: Record<Format, RegExp> = { arm: /"(?:[^"\\\n]|\\.)*"/g, bicep: /'(?:[^'\\\n]|\\.)*'/g, terraform: /"(?:[^"\\\n$]|\\.)*"/g };

/** One mutant of `text`: characters, slices, truncation, fragments, values of other types, odd characters or raw bytes. */
export function mutate(text: string, random: () => number, format: Format): Mutant {
  const pick = (n: number): number => Math.floor(random() * n);
  const at = pick(text.length + 1);
  const op = pick(100);
  if (op < 12) {
    // A string literal after the offset replaced by a value of another type.
    const re = new RegExp(STRING[format]);
    re.lastIndex = at;
    const m = re.exec(text) ?? ((re.lastIndex = 0), re.exec(text));
    if (m) {
      const v = VALUES[format][pick(VALUES[format].length)]!;
      return { what: `value ${m[0].slice(0, 40)} at ${m.index} -> ${v}`, content: text.slice(0, m.index) + v + text.slice(m.index + m[0].length) };
    }
  }
  if (op < 17) {
    const f = FRAGMENTS[format][pick(FRAGMENTS[format].length)]!;
    return { what: `insert ${JSON.stringify(f)} at ${at}`, content: text.slice(0, at) + f + text.slice(at) };
  }
  if (op < 30) {
    // Delete the first grammar character at or after the offset.
    let i = at;
    while (i < text.length && !GRAMMAR.includes(text[i]!)) i++;
    if (i >= text.length) return { what: `truncate at ${at}`, content: text.slice(0, at) };
    return { what: `delete ${JSON.stringify(text[i])} at ${i}`, content: text.slice(0, i) + text.slice(i + 1) };
  }
  if (op < 42) {
    const c = GRAMMAR[pick(GRAMMAR.length)]!;
    return { what: `insert ${JSON.stringify(c)} at ${at}`, content: text.slice(0, at) + c + text.slice(at) };
  }
  if (op < 52) {
    const c = GRAMMAR[pick(GRAMMAR.length)]!;
    return { what: `replace at ${at} by ${JSON.stringify(c)}`, content: text.slice(0, at) + c + text.slice(at + 1) };
  }
  if (op < 58) return { what: `truncate at ${at}`, content: text.slice(0, at) };
  if (op < 66) {
    const from = pick(text.length + 1);
    const to = Math.min(text.length, from + 1 + pick(400));
    return { what: `copy ${from}..${to} to ${at}`, content: text.slice(0, at) + text.slice(from, to) + text.slice(at) };
  }
  if (op < 72) {
    const to = Math.min(text.length, at + 1 + pick(200));
    return { what: `delete ${at}..${to}`, content: text.slice(0, at) + text.slice(to) };
  }
  if (op < 80) {
    // Several grammar edits at once.
    let t = text;
    const n = 2 + pick(6);
    for (let k = 0; k < n; k++) {
      const i = pick(t.length + 1);
      t = t.slice(0, i) + GRAMMAR[pick(GRAMMAR.length)]! + t.slice(i + pick(2));
    }
    return { what: `${n} grammar edits`, content: t };
  }
  if (op < 92) {
    const c = ODD[pick(ODD.length)]!;
    const replace = pick(2);
    return {
      what: `${replace ? 'replace' : 'insert'} U+${c.codePointAt(0)!.toString(16).padStart(4, '0')} at ${at}`,
      content: text.slice(0, at) + c + text.slice(at + replace),
    };
  }
  // Raw bytes: a UTF-8 file with 1-4 random bytes written over it or put into it (invalid UTF-8 or NUL, mostly).
  const bytes = Buffer.from(text, 'utf8');
  const n = 1 + pick(4);
  const random4 = Buffer.from(Array.from({ length: n }, () => pick(256)));
  const b = pick(bytes.length + 1);
  const insert = pick(2) === 1;
  return {
    what: `${insert ? 'insert' : 'overwrite'} bytes ${random4.toString('hex')} at byte ${b}`,
    content: Buffer.concat([bytes.subarray(0, b), random4, bytes.subarray(insert ? b : Math.min(bytes.length, b + n))]),
  };
}

/** A scratch folder for the files scanned, removed by `done()`. */
export class Scratch {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-hostile-'));

  /** Writes these files (relative name → content) into a fresh sub-folder and returns it. */
  folder(files: Record<string, string | Buffer>): string {
    const dir = fs.mkdtempSync(path.join(this.dir, 'f-'));
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    return dir;
  }

  done(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs the real scan on a folder with the built-in rules and a fixed date. */
export function scanFolder(dir: string, extra?: { maxFileBytes?: number }): ScanResult {
  return scan({ path: dir, rules: builtinRules(), today: '2026-01-01', ...extra });
}

/** Lines of a text as the format counts them (HCL: LF only; JSON and Bicep: LF, CRLF and lone CR), BOM left out. */
export function linesOf(format: Format, text: string): string[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return format === 'terraform' ? src.split('\n') : src.split(/\r\n|\r|\n/);
}

/** Messages that mean the scanner met a defect of its own rather than a defect of the input. */
const INTERNAL = /please report this|internal (parser )?error|maximum call stack/i;

/**
 * What must hold for every scan of every input: each diagnostic names a file of the folder and lies inside
 * it (1-based line and column, end not before start, within the text as the format counts lines), none
 * reports an internal defect; each finding is positioned inside its file too. Returns the problems found.
 */
export function checkResult(result: ScanResult, texts: Record<string, { format: Format; text: string | undefined }>): string[] {
  const problems: string[] = [];
  const inside = (what: string, file: string, loc: { line: number; column: number; endLine: number; endColumn: number }): void => {
    const nums = [loc.line, loc.column, loc.endLine, loc.endColumn];
    if (!nums.every((n) => Number.isInteger(n))) return void problems.push(`${what}: position is not integers: ${JSON.stringify(loc)}`);
    if (loc.line < 1 || loc.column < 1) problems.push(`${what}: position ${loc.line}:${loc.column} is not 1-based`);
    if (loc.endLine < loc.line || (loc.endLine === loc.line && loc.endColumn < loc.column))
      problems.push(`${what}: end ${loc.endLine}:${loc.endColumn} before start ${loc.line}:${loc.column}`);
    const known = texts[file];
    if (!known) return void problems.push(`${what}: names a file that was not scanned: ${file}`);
    if (known.text === undefined) return;
    const lines = linesOf(known.format, known.text);
    const len = (line: number): number => lines[line - 1]?.length ?? -1;
    if (loc.line > lines.length || loc.column > len(loc.line) + 1)
      problems.push(`${what}: start ${loc.line}:${loc.column} outside the file (${lines.length} lines, that one ${len(loc.line)} long)`);
    if (loc.endLine > lines.length || loc.endColumn > len(loc.endLine) + 2)
      problems.push(`${what}: end ${loc.endLine}:${loc.endColumn} outside the file (${lines.length} lines, that one ${len(loc.endLine)} long)`);
  };
  for (const d of result.diagnostics) {
    const what = `diagnostic ${d.kind} ${d.file}:${d.line}:${d.column} "${d.message}"`;
    inside(what, d.file, d);
    if (INTERNAL.test(d.message)) problems.push(`${what}: reports an internal defect`);
    if (!d.message.trim()) problems.push(`${what}: has no message`);
  }
  for (const f of result.findings) inside(`finding ${f.ruleId} ${f.location.file}:${f.location.line}:${f.location.column}`, f.location.file, f.location);
  return problems;
}

/** True when a diagnostic says the file (or part of it) did not parse or was not read. */
export function isRejection(d: Diagnostic): boolean {
  return d.kind === 'parse-error' || d.kind === 'skipped-file' || d.kind === 'unreadable-file';
}

/**
 * The per-file path of a scan on a text held in memory (no file, no UTF-8 decoding): what `scan()` does after
 * reading a file, with the same functions, and the rules run unguarded so that a defect throws. Used for texts
 * no file can hold (lone surrogates). Returns the diagnostics and finding locations.
 */
export function scanText(format: Format, file: string, text: string): ScanResult {
  const rules = builtinRules();
  const diagnostics: Diagnostic[] = [];
  const templates: Template[] = [];
  const candidate = { path: path.join(os.tmpdir(), 'iac-scan-in-memory', file), file, size: text.length };
  if (format === 'arm') {
    const parsed = parseFile(text, { ...candidate, kind: 'json' });
    diagnostics.push(...parsed.diagnostics);
    if (parsed.comments) diagnostics.push(...readDirectives(parsed.comments, text, file, { ruleIds: new Set(rules.map((r) => r.id)), today: '2026-01-01' }).diagnostics);
    templates.push(...(parsed.templates ?? []));
  } else if (format === 'bicep') {
    scanBicepFiles([{ ...candidate, kind: 'bicep' }], () => text, diagnostics, (_c, t) => templates.push(t));
  } else {
    const kind = file.endsWith('.tfvars') ? 'tfvars' : 'terraform';
    scanTerraformModules([{ ...candidate, kind }], () => text, diagnostics, (_f, t) => templates.push(t));
  }
  const findings = applyRules(templates, rules);
  return { root: os.tmpdir(), findings, diagnostics, rules, stats: { filesConsidered: 1, filesScanned: templates.length ? 1 : 0, bytesScanned: 0, resources: 0, durationMs: 0 } };
}

export interface FuzzStats {
  mutants: number;
  /** Scanned without a parse error. */
  accepted: number;
  /** Refused with a parse error (or not read: binary, invalid UTF-8). */
  rejected: number;
  /** Texts with lone surrogates, also run through `scanText`. */
  inMemory: number;
  findings: number;
  slowest: { ms: number; what: string };
  ms: number;
  /** Every check that failed, with the mutant that made it fail. */
  problems: string[];
}

/**
 * Scans `count` mutants of real corpus files of one format (seeded, so CI runs the same ones every time) and
 * checks each result with `checkResult`. A mutant is one file in a folder of its own (a `.tfvars` mutant
 * comes with a small `main.tf`, since variables files are only read with the module they set).
 */
export function fuzz(format: Format, seed: number, count: number, maxBytes: number): FuzzStats {
  const files = corpus(format, maxBytes);
  const random = prng(seed);
  const scratch = new Scratch();
  const stats: FuzzStats = { mutants: 0, accepted: 0, rejected: 0, inMemory: 0, findings: 0, slowest: { ms: 0, what: '' }, ms: 0, problems: [] };
  const started = performance.now();
  try {
    for (let i = 0; i < count; i++) {
      const source = files[Math.floor(random() * files.length)]!;
      const mutant = mutate(source.text, random, format);
      const name = scanName(format, source.name);
      const what = `#${i} ${source.name} ${mutant.what} (seed ${seed})`;
      const contents: Record<string, string | Buffer> = { [name]: mutant.content };
      if (name === 'terraform.tfvars') contents['main.tf'] = 'variable "x" {}\nresource "azurerm_storage_account" "s" {\n  name = var.x\n}\n';
      const texts: Record<string, { format: Format; text: string | undefined }> = {};
      for (const [file, content] of Object.entries(contents)) {
        // The text the scanner sees, when the bytes are text (else the diagnostic is at 1:1 and not checked against it).
        const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
        texts[file] = { format, text: !bytes.includes(0) && isUtf8(bytes) ? bytes.toString('utf8') : undefined };
      }
      const dir = scratch.folder(contents);
      const t0 = performance.now();
      let result: ScanResult;
      try {
        result = scanFolder(dir);
      } catch (err) {
        stats.problems.push(`${what}: scan threw ${err instanceof Error ? err.stack : String(err)}`);
        continue;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const ms = performance.now() - t0;
      if (ms > stats.slowest.ms) stats.slowest = { ms, what };
      stats.mutants++;
      stats.findings += result.findings.length;
      for (const p of checkResult(result, texts)) stats.problems.push(`${what}: ${p}`);
      if (result.diagnostics.some((d) => d.file === name && isRejection(d) && d.severity === 'error') || texts[name]!.text === undefined) stats.rejected++;
      else stats.accepted++;
      // A text no file can hold goes through the same path in memory.
      if (typeof mutant.content === 'string' && /[\ud800-\udfff]/.test(mutant.content.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) {
        stats.inMemory++;
        try {
          const r = scanText(format, name, mutant.content);
          for (const p of checkResult(r, { [name]: { format, text: mutant.content } })) stats.problems.push(`${what} (in memory): ${p}`);
        } catch (err) {
          stats.problems.push(`${what} (in memory): threw ${err instanceof Error ? err.stack : String(err)}`);
        }
      }
    }
  } finally {
    scratch.done();
  }
  stats.ms = performance.now() - started;
  return stats;
}

/**
 * Scans each case (a folder of files) and checks each result; a single text that no file can hold (lone
 * surrogates) also goes through `scanText`. Returns the cases run and the problems found.
 */
export function runCases(format: Format, cases: { name: string; files: Record<string, string | Buffer> }[]): { ms: number; slowest: { ms: number; what: string }; problems: string[] } {
  const scratch = new Scratch();
  const problems: string[] = [];
  const started = performance.now();
  let slowest = { ms: 0, what: '' };
  try {
    for (const c of cases) {
      const texts: Record<string, { format: Format; text: string | undefined }> = {};
      for (const [file, content] of Object.entries(c.files)) {
        const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
        texts[file] = { format, text: !bytes.includes(0) && isUtf8(bytes) ? bytes.toString('utf8') : undefined };
      }
      const t0 = performance.now();
      try {
        for (const p of checkResult(scanFolder(scratch.folder(c.files)), texts)) problems.push(`${c.name}: ${p}`);
      } catch (err) {
        problems.push(`${c.name}: scan threw ${err instanceof Error ? err.stack : String(err)}`);
      }
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { ms, what: c.name };
      const entries = Object.entries(c.files);
      const [file, content] = entries[0]!;
      if (entries.length === 1 && typeof content === 'string' && /[\ud800-\udfff]/.test(content.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) {
        try {
          for (const p of checkResult(scanText(format, file, content), { [file]: { format, text: content } })) problems.push(`${c.name} (in memory): ${p}`);
        } catch (err) {
          problems.push(`${c.name} (in memory): threw ${err instanceof Error ? err.stack : String(err)}`);
        }
      }
    }
  } finally {
    scratch.done();
  }
  return { ms: performance.now() - started, slowest, problems };
}

const LABEL: Record<Format, string> = { arm: 'ARM templates (JSON)', bicep: 'Bicep', terraform: 'Terraform (HCL)' };

/**
 * The fuzz suite of one format: `IAC_SCAN_FUZZ_MUTANTS` mutants (default 3,000) of corpus files up to 60 KB,
 * seeded with `IAC_SCAN_FUZZ_SEED` (fixed by default, so CI runs the same mutants every time; set it to explore),
 * then the generated edge cases. Each scan must finish (test timeout, and no single scan over 5 s), throw
 * nothing, and leave every diagnostic and finding positioned inside its file with no internal error reported.
 */
export function defineFuzzSuite(format: Format, cases: { name: string; files: Record<string, string | Buffer> }[]): void {
  const seed = Number(process.env['IAC_SCAN_FUZZ_SEED'] ?? 20260601);
  const count = Number(process.env['IAC_SCAN_FUZZ_MUTANTS'] ?? 3000);
  const SLOW_MS = 5000;
  describe(`fuzz: ${LABEL[format]}`, () => {
    it(`${count} mutants of corpus files (seed ${seed}): no exception, no hang, every diagnostic positioned`, () => {
      builtinRules(); // loaded before the clock starts
      const s = fuzz(format, seed, count, 60_000);
      console.log(
        `fuzz ${format} (seed ${seed}): ${s.mutants} mutants in ${(s.ms / 1000).toFixed(1)} s; ${s.accepted} accepted, ${s.rejected} rejected ` +
          `(parse error, binary or not UTF-8), ${s.inMemory} also in memory; ${s.findings} findings; slowest ${Math.round(s.slowest.ms)} ms (${s.slowest.what}); ` +
          `${s.problems.length} problems`,
      );
      expect(s.problems).toEqual([]);
      expect(s.mutants).toBe(count);
      // Both sides are exercised: mutants that still scan and mutants that are refused.
      expect(s.accepted).toBeGreaterThan(count / 10);
      expect(s.rejected).toBeGreaterThan(count / 10);
      expect(s.slowest.ms, s.slowest.what).toBeLessThan(SLOW_MS);
    }, 180_000);

    it(`${cases.length} generated edge cases: no exception, no hang, every diagnostic positioned`, () => {
      builtinRules();
      const r = runCases(format, cases);
      console.log(`edge cases ${format}: ${cases.length} in ${(r.ms / 1000).toFixed(1)} s; slowest ${Math.round(r.slowest.ms)} ms (${r.slowest.what}); ${r.problems.length} problems`);
      expect(r.problems).toEqual([]);
      expect(r.slowest.ms, r.slowest.what).toBeLessThan(SLOW_MS);
    }, 120_000);
  });
}
