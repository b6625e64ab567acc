/** The checks of the hostile-input tests catch what they are meant to catch (a check that passes everything proves nothing). */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/model/diagnostic';
import type { ScanResult } from '../../../src/scan/result';
import { checkResult, mutate, prng } from './harness';

const result = (diagnostics: Partial<Diagnostic>[]): ScanResult =>
  ({
    root: '/',
    findings: [],
    rules: [],
    stats: { filesConsidered: 1, filesScanned: 1, bytesScanned: 0, resources: 0, durationMs: 0 },
    diagnostics: diagnostics.map((d) => ({ kind: 'parse-error', severity: 'error', file: 'a.bicep', line: 1, column: 1, endLine: 1, endColumn: 2, message: 'Bicep syntax error: x.', ...d })),
  }) as ScanResult;
const texts = { 'a.bicep': { format: 'bicep' as const, text: 'ab\r\ncd\rxyz' } };

describe('checkResult', () => {
  it('accepts positions inside the file, as the format counts lines', () => {
    expect(checkResult(result([{ line: 3, column: 4, endLine: 3, endColumn: 4 }, { line: 1, column: 3, endLine: 3, endColumn: 1 }]), texts)).toEqual([]);
  });

  it('flags positions outside the file, ends before starts, 0-based or fractional positions', () => {
    const bad = [
      { line: 0, column: 1 },
      { line: 1, column: 0 },
      { line: 4, column: 1, endLine: 4 },
      { line: 1, column: 4, endColumn: 5 },
      { line: 2, column: 2, endLine: 1 },
      { line: 1, column: 2, endColumn: 1 },
      { line: 1.5 },
      { line: 3, column: 1, endLine: 3, endColumn: 7 },
    ];
    for (const d of bad) expect(checkResult(result([d]), texts), JSON.stringify(d)).not.toEqual([]);
  });

  it('flags internal errors, empty messages and unknown files', () => {
    expect(checkResult(result([{ message: 'The file could not be read (x); it was not scanned. Please report this.' }]), texts)).not.toEqual([]);
    expect(checkResult(result([{ message: 'RangeError: Maximum call stack size exceeded' }]), texts)).not.toEqual([]);
    expect(checkResult(result([{ message: ' ' }]), texts)).not.toEqual([]);
    expect(checkResult(result([{ file: 'b.bicep' }]), texts)).not.toEqual([]);
  });
});

describe('mutate', () => {
  it('is deterministic for a seed and changes the text', () => {
    const text = "var a = 'x'\nresource r 'a/b@1' = {\n  name: 'n'\n}\n";
    const run = () => {
      const random = prng(42);
      return Array.from({ length: 200 }, () => mutate(text, random, 'bicep'));
    };
    const a = run();
    expect(run()).toEqual(a);
    expect(a.filter((m) => m.content !== text).length).toBeGreaterThan(180);
    expect(new Set(a.map((m) => m.what.split(' ')[0])).size).toBeGreaterThan(6);
  });
});
