/**
 * Shared pieces of the differential tests: the Terraform corpus, our projection, the two Go oracles
 * (test-only devDependencies, never shipped) and a key-order-insensitive comparison.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parse as cdktfParse } from '@cdktf/hcl2json';
import { parseHcl } from '../../../src/parse/hcl/parseHcl';
import { Hcl2JsonError, toHcl2Json } from '../../../src/parse/hcl/toHcl2Json';
import { sharedDir } from '../../support/shared';

/** Every `.tf` file of the shared Terraform corpus, sorted, with its text. */
export function corpusFiles(): { file: string; text: string }[] {
  const root = path.join(sharedDir(), 'data', 'corpus', 'terraform');
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.tf')) out.push(p);
    }
  };
  walk(root);
  out.sort();
  return out.map((file) => ({ file: path.relative(root, file).split(path.sep).join('/'), text: fs.readFileSync(file, 'utf8') }));
}

/** Accepted with this JSON value, or rejected (with the reason, for the failure report). */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

/** Our parser plus the hcl2json projection. Any exception other than a refused projection propagates. */
export function ours(text: string): Outcome {
  const r = parseHcl(text, 'main.tf');
  if (r.diagnostics.length) {
    const d = r.diagnostics[0]!;
    return { ok: false, error: `${d.line}:${d.column} ${d.message}` };
  }
  try {
    return { ok: true, value: toHcl2Json(r.body!, r.source) };
  } catch (err) {
    if (err instanceof Hcl2JsonError) return { ok: false, error: err.message };
    throw err;
  }
}

/** @cdktf/hcl2json 0.21 (hashicorp/hcl + cdktf's fork of tmccombs/hcl2json, compiled to wasm). */
export async function cdktf(text: string): Promise<Outcome> {
  try {
    return { ok: true, value: await cdktfParse('main.tf', text) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

type ParseToObject = (input: string) => [unknown, unknown];
let hcl2ParserFn: ParseToObject | undefined;

/**
 * hcl2-parser 1.0.3 (a GopherJS build of hcl2json 0.3.3 and hashicorp/hcl 2.10, 2021). Loaded lazily: loading
 * it sets `Error.stackTraceLimit = Infinity` for the whole process, which is put back.
 */
export function hcl2Parser(text: string): Outcome {
  if (!hcl2ParserFn) {
    const limit = Error.stackTraceLimit;
    const mod = createRequire(__filename)('hcl2-parser') as { parseToObject: ParseToObject };
    Error.stackTraceLimit = limit;
    hcl2ParserFn = mod.parseToObject;
  }
  try {
    const [value] = hcl2ParserFn(text);
    // Its errors are empty objects: no message, no position.
    return value ? { ok: true, value } : { ok: false, error: 'rejected (hcl2-parser gives no message)' };
  } catch (err) {
    return { ok: false, error: `threw: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * A canonical text of a JSON value: object keys sorted (Go maps have no order), `-0` as `0`, and non-finite
 * numbers (beyond what a double holds) kept distinct from `null`.
 */
export function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v === 0 ? 0 : v) : String(v);
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/** Whether two outcomes agree: both rejected, or both accepted with the same value. */
export function agree(a: Outcome, b: Outcome): boolean {
  if (!a.ok || !b.ok) return a.ok === b.ok;
  return canonical(a.value) === canonical(b.value);
}

/** A short description of an outcome for a failure report. */
export function summary(o: Outcome): string {
  return o.ok ? canonical(o.value).slice(0, 400) : `rejected: ${o.error.slice(0, 300)}`;
}

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
