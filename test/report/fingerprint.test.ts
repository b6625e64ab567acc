import { describe, expect, it } from 'vitest';
import {
  fingerprintFor,
  lineHash,
  normalizeLine,
  primaryLocationLineHashes,
  type LineHashInput,
} from '../../src/report/fingerprint';

const BASE = {
  ruleId: 'IAC-STG-001',
  file: 'infra/storage.json',
  address: 'Microsoft.Storage/storageAccounts[alpha]',
  propertyPath: 'properties.minimumTlsVersion',
};

describe('fingerprintFor', () => {
  it('is pinned (changing it would reopen every alert and PR thread)', () => {
    expect(fingerprintFor(BASE)).toBe('f02f5380b91bd7d64628de5c9376b6bd');
  });

  it('is 32 lowercase hex characters and stable', () => {
    expect(fingerprintFor(BASE)).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprintFor({ ...BASE })).toBe(fingerprintFor(BASE));
  });

  it('takes no line numbers, so moving the finding keeps it', () => {
    // The parts are the whole input: there is nothing positional to pass.
    const withExtra = { ...BASE, line: 99 } as typeof BASE;
    expect(fingerprintFor(withExtra)).toBe(fingerprintFor(BASE));
  });

  const variants: [string, Partial<typeof BASE>][] = [
    ['property path', { propertyPath: 'properties.supportsHttpsTrafficOnly' }],
    ['rule', { ruleId: 'IAC-STG-002' }],
    ['file', { file: 'infra/other.json' }],
    ['subject address', { address: 'Microsoft.Storage/storageAccounts[beta]' }],
  ];
  for (const [what, change] of variants) {
    it(`differs for a different ${what}`, () => {
      expect(fingerprintFor({ ...BASE, ...change })).not.toBe(fingerprintFor(BASE));
    });
  }

  it('keeps the parts apart (no ambiguity when text moves between parts)', () => {
    const a = fingerprintFor({ ruleId: 'R', file: 'a/b', address: 'c', propertyPath: '' });
    const b = fingerprintFor({ ruleId: 'R', file: 'a', address: '/bc', propertyPath: '' });
    const c = fingerprintFor({ ruleId: 'R', file: 'a/', address: 'bc', propertyPath: '' });
    expect(new Set([a, b, c]).size).toBe(3);
  });
});

describe('lineHash', () => {
  it('ignores all whitespace', () => {
    expect(normalizeLine('\t  "minimumTlsVersion" :\u00a0"TLS1_0",\r')).toBe('"minimumTlsVersion":"TLS1_0",');
    expect(lineHash('  "minimumTlsVersion": "TLS1_0",')).toBe(lineHash('"minimumTlsVersion":"TLS1_0",   '));
    expect(lineHash('"minimumTlsVersion": "TLS1_0",')).toBe('1b0f2ea29e833833');
  });

  it('is 16 hex characters and differs for different text', () => {
    expect(lineHash('a = 1')).toMatch(/^[0-9a-f]{16}$/);
    expect(lineHash('a = 1')).not.toBe(lineHash('a = 2'));
  });
});

describe('primaryLocationLineHashes', () => {
  const h = (text: string) => lineHash(text);
  const input = (ruleId: string, file: string, line: number, text: string | undefined, column = 1): LineHashInput => ({
    ruleId,
    file,
    line,
    column,
    text,
  });

  it('numbers repeated lines per rule and file, in source order', () => {
    const same = 'min_tls_version = "TLS1_0"';
    const out = primaryLocationLineHashes([
      input('R1', 'a.tf', 30, `    ${same}`), // input order is not source order
      input('R1', 'a.tf', 10, same),
      input('R2', 'a.tf', 20, same), // other rule: own counter
      input('R1', 'b.tf', 5, same), // other file: own counter
      input('R1', 'a.tf', 20, same),
      input('R1', 'a.tf', 15, 'other line'),
    ]);
    expect(out).toEqual([`${h(same)}:3`, `${h(same)}:1`, `${h(same)}:1`, `${h(same)}:1`, `${h(same)}:2`, `${h('other line')}:1`]);
  });

  it('gives two results on the same line distinct occurrences, ordered by column', () => {
    const text = '{ "a": 1, "b": 2 }';
    const out = primaryLocationLineHashes([input('R', 'x.json', 4, text, 12), input('R', 'x.json', 4, text, 3)]);
    expect(out).toEqual([`${h(text)}:2`, `${h(text)}:1`]);
  });

  it('leaves unknown lines out and does not count them', () => {
    const out = primaryLocationLineHashes([input('R', 'x', 1, undefined), input('R', 'x', 2, 'y')]);
    expect(out).toEqual([undefined, `${h('y')}:1`]);
  });

  it('returns an empty list for no inputs', () => {
    expect(primaryLocationLineHashes([])).toEqual([]);
  });
});
