/**
 * Seeded mutation fuzzing against @cdktf/hcl2json: real corpus files with one character deleted, inserted or
 * replaced, the character drawn from the ones that matter to the grammar. For every mutant our parser must not
 * throw, must accept it exactly when the oracle does, and must project accepted ones to the same value.
 * The seed is fixed, so CI runs the same mutants every time; change FUZZ_SEED locally to explore.
 */
import { describe, expect, it } from 'vitest';
import { agree, cdktf, corpusFiles, ours, prng, summary, type Outcome } from './oracle';

const FUZZ_SEED = Number(process.env['HCL_FUZZ_SEED'] ?? 20260522);
const MUTANTS = Number(process.env['HCL_FUZZ_MUTANTS'] ?? 4000);
const CHARS = '{}[]()"=,\n$%#:?<.*~\\';

interface Mutant {
  file: string;
  op: 'delete' | 'insert' | 'replace';
  offset: number;
  char: string;
  text: string;
}

function mutants(seed: number, count: number): Mutant[] {
  const files = corpusFiles();
  const random = prng(seed);
  const pick = (n: number): number => Math.floor(random() * n);
  const out: Mutant[] = [];
  while (out.length < count) {
    const { file, text } = files[pick(files.length)]!;
    const op = (['delete', 'insert', 'replace'] as const)[pick(3)]!;
    let offset = pick(text.length + 1);
    let char = CHARS[pick(CHARS.length)]!;
    let mutated: string;
    if (op === 'delete') {
      // Delete the first grammar character at or after a random offset.
      let i = offset;
      while (i < text.length && !CHARS.includes(text[i]!)) i++;
      if (i >= text.length) continue;
      offset = i;
      char = text[i]!;
      mutated = text.slice(0, i) + text.slice(i + 1);
    } else if (op === 'insert') {
      mutated = text.slice(0, offset) + char + text.slice(offset);
    } else {
      if (offset >= text.length) continue;
      mutated = text.slice(0, offset) + char + text.slice(offset + 1);
    }
    out.push({ file, op, offset, char, text: mutated });
  }
  return out;
}

describe('fuzz: mutated corpus files against @cdktf/hcl2json', () => {
  it(`${MUTANTS} mutants (seed ${FUZZ_SEED}): no exception, same accept/reject, same values`, async () => {
    const crashes: string[] = [];
    const disagreements: { mutant: string; ours: string; theirs: string }[] = [];
    let accepted = 0;
    let rejected = 0;
    for (const m of mutants(FUZZ_SEED, MUTANTS)) {
      const where = `${m.file} ${m.op} ${JSON.stringify(m.char)} at ${m.offset}`;
      let a: Outcome;
      try {
        a = ours(m.text);
      } catch (err) {
        crashes.push(`${where}: ${err instanceof Error ? err.stack : String(err)}`);
        continue;
      }
      const b = await cdktf(m.text);
      if (!agree(a, b)) {
        disagreements.push({ mutant: where, ours: summary(a), theirs: summary(b) });
      } else if (a.ok) accepted++;
      else rejected++;
    }
    console.log(
      `fuzz (seed ${FUZZ_SEED}): ${MUTANTS} mutants; ${accepted} accepted by both with equal values, ${rejected} rejected by both, ` +
        `${disagreements.length} disagreements, ${crashes.length} exceptions`,
    );
    expect(crashes).toEqual([]);
    expect(disagreements).toEqual([]);
    // The mutants exercise both sides.
    expect(accepted).toBeGreaterThan(MUTANTS / 5);
    expect(rejected).toBeGreaterThan(MUTANTS / 5);
  }, 300_000);
});
