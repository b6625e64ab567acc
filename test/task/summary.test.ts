import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnnotationReport } from '../../src/ado/annotate';
import type { Severity } from '../../src/model/severity';
import type { ScanResult } from '../../src/scan/result';
import { summaryMarkdown, SUMMARY_FINDINGS, type SummaryInput } from '../../src/task/summary';
import { finding, loc, rule } from '../report/fixtures';

const checkout = path.resolve('/agent/_work/1/s');
const sha = '0123456789abcdef0123456789abcdef01234567';

function result(findings: ReturnType<typeof finding>[], diagnostics = 0): ScanResult {
  return {
    root: path.join(checkout, 'infra'),
    findings,
    diagnostics: Array.from({ length: diagnostics }, () => ({ kind: 'parse-error', severity: 'error', file: 'x.json', line: 1, column: 1, endLine: 1, endColumn: 1, message: 'bad' })),
    rules: [],
    stats: { filesConsidered: 3, filesScanned: 2, bytesScanned: 100, resources: 4, durationMs: 1500 },
  };
}

function input(r: ScanResult, extra: Partial<SummaryInput> = {}): SummaryInput {
  return {
    result: r,
    outcome: { result: 'Failed', message: "1 finding(s) at or above severity 'critical'." },
    facts: { sourcesDirectory: checkout, repositoryUri: 'https://dev.azure.com/fabrikam/Proj/_git/infra', repositoryProvider: 'TfsGit' },
    revision: sha,
    sarifLine: 'SARIF: /a/CodeAnalysisLogs/iac-scan.sarif, published as the build artifact CodeAnalysisLogs.',
    annotation: { skipped: "this build was not triggered by a pull request (Build.Reason is 'Manual')." },
    minAnnotationSeverity: 'medium',
    maxAnnotations: 50,
    ...extra,
  };
}

const sev = (s: Severity, file: string, line: number) => finding(rule(`R-${s}-${line}`, s, `A ${s} problem`), loc(file, line, 3, line, 9), { name: `n${line}`, address: `a${line}` }, 'properties.x');

describe('summaryMarkdown', () => {
  it('shows the result, the counts, and the findings most severe first, linked to their line at the commit', () => {
    const md = summaryMarkdown(input(result([sev('low', 'b.json', 2), sev('critical', 'sub/a.json', 7)])));
    expect(md).toContain("**❌ Failed:** 1 finding\\(s\\) at or above severity 'critical'\\.");
    expect(md).toContain('| 1 | 0 | 0 | 1 | 0 | 2 |');
    expect(md).toContain('Scanned 2 file(s) of 3 candidate file(s), 4 resource(s), 0 rule(s), in 1.50 s.');
    const rows = md.split('\n').filter((l) => l.includes('| `R-'));
    expect(rows).toEqual([
      `| 🟥 Critical | \`R-critical-7\` | [infra/sub/a\\.json\\:7](https://dev.azure.com/fabrikam/Proj/_git/infra?path=/infra/sub/a.json&version=GC${sha}&line=7&lineEnd=7&lineStartColumn=1&lineEndColumn=1&lineStyle=plain&_a=contents) | A critical problem\\: n7 |`,
      `| 🟦 Low | \`R-low-2\` | [infra/b\\.json\\:2](https://dev.azure.com/fabrikam/Proj/_git/infra?path=/infra/b.json&version=GC${sha}&line=2&lineEnd=2&lineStartColumn=1&lineEndColumn=1&lineStyle=plain&_a=contents) | A low problem\\: n2 |`,
    ]);
    expect(md).toContain("No comments: this build was not triggered by a pull request \\(Build\\.Reason is 'Manual'\\)\\.");
    expect(md).toContain('**Diagnostics:** none.');
  });

  it(`lists at most ${SUMMARY_FINDINGS} findings and says how many more there are`, () => {
    const many = Array.from({ length: 25 }, (_, i) => sev('high', 'a.json', i + 1));
    const md = summaryMarkdown(input(result(many, 2)));
    expect(md).toContain(`### Top ${SUMMARY_FINDINGS} findings`);
    expect(md.split('\n').filter((l) => l.includes('| `R-'))).toHaveLength(SUMMARY_FINDINGS);
    expect(md).toContain('5 more finding(s) are in the build log and in the SARIF file.');
    expect(md).toContain('**Diagnostics:** 2 problem(s)');
  });

  it('shows the path without a link when the repository is unknown, and renders file content inert', () => {
    const f = sev('high', 'x|y](javascript:alert(1)).json', 4);
    f.message = '<img src=x onerror=alert(1)> | [link](http://evil)';
    const md = summaryMarkdown(input(result([f]), { facts: { sourcesDirectory: checkout } }));
    const row = md.split('\n').find((l) => l.includes('| `R-'))!;
    expect(row).toBe(
      '| 🟧 High | `R-high-4` | `infra/x\\|y](javascript:alert(1)).json:4` | \\<img src=x onerror=alert\\(1\\)\\> \\| \\[link\\]\\(http\\://evil\\) |',
    );
  });

  it('reports the pull-request comments: done with what was not commented, or failed', () => {
    const report: AnnotationReport = {
      outcome: 'done',
      message: 'Pull request 7: 2 new comment thread(s), 0 updated, 0 reopened, 1 resolved, 0 noted, 0 unchanged; 3 finding(s) not commented at the line.',
      created: 2,
      updated: 0,
      reopened: 0,
      resolved: 1,
      noted: 0,
      unchanged: 0,
      declined: 0,
      notAnnotated: { belowMinimum: 1, outsideDiff: 2, overCap: 0, outsideRepository: 0 },
      effectiveScope: 'changedFiles',
      retries: 0,
      waitedMs: 0,
    };
    const done = summaryMarkdown(input(result([]), { annotation: { report } }));
    expect(done).toContain('Pull request 7\\: 2 new comment thread\\(s\\)');
    expect(done).toContain('Not commented at the line: 1 below the minimum severity (medium), 2 outside the changed files.');
    const failed = summaryMarkdown(input(result([]), { annotation: { report: { ...report, outcome: 'failed', message: 'Azure DevOps denied permission (403).' } } }));
    expect(failed).toContain('Commenting failed: Azure DevOps denied permission \\(403\\)\\.');
  });
});
