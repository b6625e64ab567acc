import { describe, expect, it } from 'vitest';
import type { Severity } from '../../src/model/severity';
import { pickIssues } from '../../src/task/issues';
import { finding, loc, rule } from '../report/fixtures';

const f = (s: Severity, line: number) => finding(rule(`R-${s}`, s, `A ${s} problem`), loc('a.json', line, 1, line, 2), { name: 'n', address: `a${line}` }, 'p');

describe('pickIssues', () => {
  it('makes critical/high errors and medium/low warnings, most severe first, and never reports info', () => {
    const picked = pickIssues([f('low', 1), f('info', 2), f('high', 3), f('medium', 4), f('critical', 5)], { errors: 10, warnings: 10 });
    expect(picked.issues.map((i) => [i.kind, i.finding.severity, i.finding.location.line])).toEqual([
      ['error', 'critical', 5],
      ['error', 'high', 3],
      ['warning', 'medium', 4],
      ['warning', 'low', 1],
    ]);
    expect(picked.left).toBe(0);
  });

  it('stops at the budget of each kind and counts what is left', () => {
    const findings = [...Array.from({ length: 12 }, (_, i) => f('high', i + 1)), ...Array.from({ length: 3 }, (_, i) => f('low', i + 20))];
    const picked = pickIssues(findings, { errors: 9, warnings: 2 });
    expect(picked.issues.filter((i) => i.kind === 'error')).toHaveLength(9);
    expect(picked.issues.filter((i) => i.kind === 'warning')).toHaveLength(2);
    expect(picked.left).toBe(4);
    expect(pickIssues(findings, { errors: -1, warnings: 0 }).issues).toEqual([]);
  });
});
