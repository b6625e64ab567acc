/**
 * Differential tests of the HCL2 parser against the Go implementation of HCL, through the two npm builds of
 * tmccombs/hcl2json (test-only devDependencies, never shipped):
 *
 * - @cdktf/hcl2json 0.21 (hashicorp/hcl 2.17+, cdktf's fork of hcl2json): the reference. On every `.tf` file
 *   of the shared corpus, and on the hand-written edge cases, our `toHcl2Json(parseHcl(...))` must equal its
 *   output (compared key-order-insensitively; `-0` equals `0`), and a file is rejected by both or by neither.
 *   There is no whitelisted difference with it.
 * - hcl2-parser 1.0.3 (hashicorp/hcl 2.10 from 2021, hcl2json 0.3.3): a second oracle on a deterministic subset
 *   of 300 corpus files (it parses at about 0.2 MB/s). Its known differences from @cdktf/hcl2json, where we
 *   deliberately follow @cdktf/hcl2json (documented in docs/parsing.md), are listed in HCL2_PARSER_DIFFERENCES;
 *   a file that contains one of them is left out of this comparison (none of the corpus files does).
 */
import { describe, expect, it } from 'vitest';
import { sourceText, type Body, type Position, type Range } from '../../../src/parse/hcl/ast';
import { parseHcl } from '../../../src/parse/hcl/parseHcl';
import { EDGE_CASES } from './edgeCases';
import { agree, cdktf, corpusFiles, hcl2Parser, ours, summary } from './oracle';

const files = corpusFiles();

/**
 * Where hcl2-parser (HCL 2.10, hcl2json 0.3.3) differs from @cdktf/hcl2json, and we follow the latter:
 * - `$${` in a template: hcl2-parser outputs `${`, which reads as an interpolation; cdktf keeps the escape `$${`.
 * - `%%{` in a template: hcl2-parser outputs `%{`; HCL 2.17 keeps `%%{` verbatim in the value.
 * - `${null}` inside a longer template: hcl2-parser throws (a Go panic in hcl2json); cdktf renders `null`.
 * - provider-defined functions `provider::ns::fn()` (Terraform 1.8+): HCL 2.10 rejects them.
 */
const HCL2_PARSER_DIFFERENCES: [RegExp, string][] = [
  [/\$\$\{/, "'$${' escape"],
  [/%%\{/, "'%%{' escape"],
  [/\$\{~?\s*null\s*~?\}/, "'${null}' in a template"],
  [/::/, 'provider-defined function'],
];

describe('differential: @cdktf/hcl2json', () => {
  it('accepts every .tf file of the corpus and projects it exactly as @cdktf/hcl2json does', async () => {
    expect(files.length).toBeGreaterThan(2000);
    const mismatches: { file: string; ours: string; theirs: string }[] = [];
    let bytes = 0;
    for (const { file, text } of files) {
      bytes += text.length;
      const a = ours(text);
      const b = await cdktf(text);
      if (!a.ok || !agree(a, b)) mismatches.push({ file, ours: summary(a), theirs: summary(b) });
    }
    console.log(`@cdktf/hcl2json: ${files.length - mismatches.length} / ${files.length} corpus files identical (${(bytes / 1e6).toFixed(2)} MB)`);
    expect(mismatches).toEqual([]);
  }, 180_000);

  it('agrees on every hand-written edge case: accepted by both with the same value, or rejected by both', async () => {
    const mismatches: { text: string; ours: string; theirs: string }[] = [];
    let accepted = 0;
    for (const text of EDGE_CASES) {
      const a = ours(text);
      const b = await cdktf(text);
      if (!agree(a, b)) mismatches.push({ text, ours: summary(a), theirs: summary(b) });
      else if (a.ok) accepted++;
    }
    console.log(`edge cases: ${EDGE_CASES.length - mismatches.length} / ${EDGE_CASES.length} agree (${accepted} accepted, ${EDGE_CASES.length - mismatches.length - accepted} rejected)`);
    expect(mismatches).toEqual([]);
    expect(accepted).toBeGreaterThan(EDGE_CASES.length / 3);
  }, 60_000);
});

describe('positions on the corpus', () => {
  interface Ranged {
    range: Range;
  }
  const isRange = (v: unknown): v is Range =>
    typeof v === 'object' && v !== null && 'start' in v && 'end' in v && typeof (v as Range).start.offset === 'number';

  it('every node of every corpus file has a range that agrees with its offsets and lies within its parent', () => {
    const problems: string[] = [];
    let nodes = 0;
    for (const { file, text } of files) {
      const r = parseHcl(text, file);
      const lineStarts = [0];
      for (let i = 0; i < r.source.length; i++) if (r.source.charCodeAt(i) === 10) lineStarts.push(i + 1);
      const checkPos = (p: Position, what: string): void => {
        const line = p.line;
        if (lineStarts[line - 1] === undefined || p.offset < lineStarts[line - 1]! || (line < lineStarts.length && p.offset >= lineStarts[line]!) || p.column !== p.offset - lineStarts[line - 1]! + 1) {
          problems.push(`${file}: ${what} at ${JSON.stringify(p)}`);
        }
      };
      const visit = (node: unknown, parent: Range | undefined, path: string): void => {
        if (Array.isArray(node)) {
          node.forEach((n, i) => visit(n, parent, `${path}[${i}]`));
          return;
        }
        if (typeof node !== 'object' || node === null) return;
        let own = parent;
        for (const [key, value] of Object.entries(node)) {
          if (!isRange(value)) continue;
          nodes++;
          checkPos(value.start, `${path}.${key}.start`);
          checkPos(value.end, `${path}.${key}.end`);
          if (value.start.offset > value.end.offset) problems.push(`${file}: ${path}.${key} ends before it starts`);
          if (parent && (value.start.offset < parent.start.offset || value.end.offset > parent.end.offset)) {
            problems.push(`${file}: ${path}.${key} is outside its parent`);
          }
          if (key === 'range') own = value;
        }
        for (const [key, value] of Object.entries(node)) if (!isRange(value)) visit(value, own, `${path}.${key}`);
      };
      visit(r.body, undefined, 'body');
      const names = (body: Body): void => {
        for (const a of body.attributes) if (sourceText({ range: a.nameRange }, r.source) !== a.name) problems.push(`${file}: name of ${a.name}`);
        for (const b of body.blocks) {
          if (sourceText({ range: b.typeRange }, r.source) !== b.type) problems.push(`${file}: type of ${b.type}`);
          names(b.body);
        }
      };
      names(r.body!);
      if (problems.length > 20) break;
    }
    console.log(`positions: ${nodes} ranges checked`);
    expect(problems).toEqual([]);
    expect(nodes).toBeGreaterThan(100_000);
  }, 60_000);

  it('a node of each kind covers exactly its source text', () => {
    const seen = new Map<string, string>();
    for (const { text } of files.slice(0, 400)) {
      const r = parseHcl(text, 'f');
      const walk = (e: unknown): void => {
        if (Array.isArray(e)) return e.forEach(walk);
        if (typeof e !== 'object' || e === null) return;
        const k = (e as { kind?: unknown }).kind;
        if (typeof k === 'string' && !seen.has(k) && 'range' in e) seen.set(k, sourceText(e as Ranged, r.source));
        for (const v of Object.values(e)) if (typeof v === 'object') walk(v);
      };
      walk(r.body);
    }
    // Every kind the corpus uses, with the text of its first occurrence: starts and ends where it should.
    for (const [kind, src] of seen) {
      expect(src.length, kind).toBeGreaterThan(0);
      expect(src, kind).toBe(src.trim());
    }
    expect([...seen.keys()].sort()).toEqual(
      expect.arrayContaining(['BinaryOp', 'Conditional', 'ForObject', 'ForTuple', 'FunctionCall', 'Literal', 'Object', 'ScopeTraversal', 'Template', 'TemplateInterpolation', 'Tuple']),
    );
  });
});

describe('differential: hcl2-parser', () => {
  it('projects a deterministic subset of 300 corpus files exactly as hcl2-parser does', () => {
    const step = Math.max(1, Math.floor(files.length / 300));
    const subset = files.filter((_, i) => i % step === 0).slice(0, 300);
    expect(subset).toHaveLength(300);
    const mismatches: { file: string; ours: string; theirs: string }[] = [];
    const skipped: string[] = [];
    for (const { file, text } of subset) {
      const known = HCL2_PARSER_DIFFERENCES.find(([re]) => re.test(text));
      if (known) {
        skipped.push(`${file}: ${known[1]}`);
        continue;
      }
      const a = ours(text);
      const b = hcl2Parser(text);
      if (!a.ok || !agree(a, b)) mismatches.push({ file, ours: summary(a), theirs: summary(b) });
    }
    console.log(`hcl2-parser: ${subset.length - skipped.length - mismatches.length} / ${subset.length - skipped.length} files identical; ${skipped.length} left out for a known difference`);
    expect(mismatches).toEqual([]);
    expect(skipped.length).toBeLessThan(30);
  }, 180_000);

  it('differs from hcl2-parser only where @cdktf/hcl2json (newer HCL) does, as whitelisted', async () => {
    const samples: [string, string][] = [
      ['a = "$${x}"\n', "'$${' escape"],
      ['a = "%%{x}"\n', "'%%{' escape"],
      ['a = "x${null}"\n', "'${null}' in a template"],
      ['a = provider::terraform::encode_tfvars({})\n', 'provider-defined function'],
    ];
    for (const [text, reason] of samples) {
      expect(HCL2_PARSER_DIFFERENCES.find(([re]) => re.test(text))?.[1]).toBe(reason);
      expect(agree(ours(text), await cdktf(text))).toBe(true);
      expect(agree(ours(text), hcl2Parser(text))).toBe(false);
    }
  });
});
