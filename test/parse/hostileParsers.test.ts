/**
 * Regression tests for defects the hostile-input tests found in the parsers and the per-file scan path
 * (fuzz*.test.ts and test/scan/hostileInput.test.ts exercise them at scale).
 */
import { describe, expect, it } from 'vitest';
import { parseBicep } from '../../src/parse/bicep/parseBicep';
import { MAX_DIAGNOSTICS } from '../../src/parse/hcl/errors';
import { parseHcl } from '../../src/parse/hcl/parseHcl';
import { parseFile } from '../../src/parse/parseFile';
import { parseJson } from '../../src/parse/json/parseJson';
import { append, guarded } from '../../src/scan/guard';
import type { Diagnostic } from '../../src/model/diagnostic';

const span = (d: Diagnostic) => [d.line, d.column, d.endLine, d.endColumn];
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

describe('Bicep: an unclosed multi-line string', () => {
  it('ends its diagnostic at the end of the file, on the last line', () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      const { diagnostics } = parseBicep(`var a = 1${nl}var x = '''abc${nl}def${nl}gh`, 'main.bicep');
      expect(diagnostics.map((d) => [...span(d), d.message])).toEqual([[2, 9, 4, 3, 'Bicep syntax error: A multi-line string is not closed: "\'\'\'" is missing.']]);
    }
  });
});

describe('JSON: spans over several lines end on their last line', () => {
  it('an unclosed block comment, whatever the line ends', () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      const { diagnostics, comments } = parseJson(`{${nl}  "a": 1, /* one${nl}two${nl}three`, 'f.json', { armExpressions: true });
      expect(diagnostics.map(span)[0], JSON.stringify(nl)).toEqual([2, 11, 4, 6]);
      expect(comments.map((c) => [c.line, c.column, c.endLine, c.endColumn])).toEqual([[2, 11, 4, 6]]);
    }
  });

  it('a closed block comment with lone CRs', () => {
    const { comments } = parseJson('{\r/* a\rbc */ "a": 1\r}', 'f.json', { armExpressions: true });
    expect(comments.map((c) => [c.line, c.column, c.endLine, c.endColumn])).toEqual([[2, 1, 3, 6]]);
  });
});

describe('HCL: the number of syntax errors reported is bounded', () => {
  it(`reports the first ${MAX_DIAGNOSTICS} and then one summary`, () => {
    const { diagnostics } = parseHcl('a = 1\n'.repeat(5000), 'main.tf');
    expect(diagnostics).toHaveLength(MAX_DIAGNOSTICS + 1);
    expect(diagnostics.slice(0, MAX_DIAGNOSTICS).map((d) => d.line)).toEqual(Array.from({ length: MAX_DIAGNOSTICS }, (_, i) => i + 2));
    expect(diagnostics[MAX_DIAGNOSTICS]).toMatchObject({
      line: MAX_DIAGNOSTICS + 1,
      column: 1,
      message: `HCL syntax error: ${5000 - 1 - MAX_DIAGNOSTICS} more syntax errors follow; only the first ${MAX_DIAGNOSTICS} are reported.`,
    });
  });

  it('reports every error up to the bound', () => {
    expect(parseHcl('a = 1\n'.repeat(MAX_DIAGNOSTICS + 1), 'main.tf').diagnostics).toHaveLength(MAX_DIAGNOSTICS);
  });
});

describe('ARM: an invalid expression is reported, and the file is still scanned', () => {
  const template = (name: string) =>
    `{\n  "$schema": "${SCHEMA}",\n  "contentVersion": "1.0.0.0",\n  "resources": [\n    {\n      "type": "Microsoft.Storage/storageAccounts",\n      "apiVersion": "2023-01-01",\n      "name": ${name},\n      "location": "westeurope",\n      "properties": {}\n    }\n  ]\n}\n`;
  const candidate = { path: '/x/t.json', file: 't.json', size: 0, kind: 'json' as const };

  it('at the offending character, with the count of the others', () => {
    const parsed = parseFile(template(`"[concat('a', )]", "tags": { "a": "[x(]", "b": "[[literal]" }`), candidate);
    expect(parsed.templates).toHaveLength(1);
    expect(parsed.diagnostics.map((d) => [d.kind, d.severity, ...span(d), d.message])).toEqual([
      [
        'parse-error',
        'warning',
        8,
        29,
        8,
        30,
        "ARM expression syntax error: expected a function call, string or integer but found character ')' (1 more in this file). Rules see this value as unknown; fix the expression, or start the string with [[ if it is not one.",
      ],
    ]);
  });

  it('at the string when escapes make offsets differ', () => {
    const parsed = parseFile(template(`"[concat(\\u0027a\\u0027,)]"`), candidate);
    expect(parsed.diagnostics.map((d) => [d.kind, ...span(d)])).toEqual([['parse-error', 8, 15, 8, 41]]);
  });

  it('nested too deeply', () => {
    const parsed = parseFile(template(`"[${'concat('.repeat(300)}1${')'.repeat(300)}]"`), candidate);
    expect(parsed.templates).toHaveLength(1);
    expect(parsed.diagnostics.map((d) => [...span(d), d.message.split('.')[0]])).toEqual([[8, 15 + 2 + 7 * 257, 8, 15 + 3 + 7 * 257, 'ARM expression syntax error: expression is nested too deeply']]);
  });

  it('nothing for valid expressions', () => {
    expect(parseFile(template(`"[concat('a', 'b')]"`), candidate).diagnostics).toEqual([]);
  });
});

describe('scan: per-file guard', () => {
  it('turns an exception into a diagnostic for that file', () => {
    const diagnostics: Diagnostic[] = [];
    const overflow = (n: number): number => (n > 0 ? overflow(n - 1) + 1 : 0);
    expect(guarded('a.bicep', diagnostics, () => overflow(1e7))).toBeUndefined();
    expect(
      guarded('b.tf', diagnostics, () => {
        throw new TypeError('x is not a function');
      }),
    ).toBeUndefined();
    expect(guarded('c.json', diagnostics, () => 42)).toBe(42);
    expect(diagnostics.map((d) => [d.kind, d.severity, d.file, d.line, d.column, d.message])).toEqual([
      ['evaluation', 'error', 'a.bicep', 1, 1, 'The file could not be read (it is nested too deeply); it was not scanned. Please report this.'],
      ['evaluation', 'error', 'b.tf', 1, 1, 'The file could not be read (internal error: x is not a function); it was not scanned. Please report this.'],
    ]);
  });

  it('appends more items than a call takes arguments', () => {
    const target = [0];
    append(target, new Array<number>(500_000).fill(1));
    expect(target).toHaveLength(500_001);
  });
});
