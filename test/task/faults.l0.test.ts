import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateSarif } from '../report/sarifValidators';
import { l0Harness, named, type Run } from './l0Harness';

/**
 * L0 tests of the task with Azure DevOps failing (scenarios L0/ado*.js, helpers in L0/_faults.js): the SARIF
 * file, the summary and the result never depend on the comments. The result is the gate's; the comments'
 * failure is a warning (failOnAnnotationError, which makes it fail the task, is in l0.test.ts).
 */

const { run } = l0Harness();

/** The SARIF file (valid, with `results` findings), the summary and then the result, in that order. */
function expectReportsBeforeResult(r: Run, results: number): void {
  const sarif = JSON.parse(fs.readFileSync(r.sarifFile, 'utf8')) as { runs: { results: unknown[] }[] };
  expect(sarif.runs[0]!.results).toHaveLength(results);
  expect(validateSarif(sarif, 'oasis').errors).toEqual([]);
  const order = r.commands.map((c) => c.name);
  expect(order.indexOf('artifact.upload')).toBeGreaterThanOrEqual(0);
  expect(order.indexOf('task.uploadsummary')).toBeGreaterThan(order.indexOf('artifact.upload'));
  expect(order.indexOf('task.complete')).toBeGreaterThan(order.indexOf('task.uploadsummary'));
  expect(named(r, 'task.uploadsummary').map((c) => c.message)).toEqual([r.summaryFile]);
}

describe('task L0 with Azure DevOps failing', () => {
  it('always 500: the critical finding alone fails the task; the comments give up after five attempts with a warning', async () => {
    const r = await run('adoDown500Critical.js');
    const gateMessage = "1 finding(s) at or above severity 'critical' (1 critical, 0 high, 0 medium, 0 low, 0 info).";
    expect(r.result, r.transcript).toEqual({ result: 'Failed', message: gateMessage });
    expect(r.tr.errorIssues).toEqual([gateMessage]);
    const warning =
      'Azure DevOps answered 500 when trying to read the pull request: Emulated internal server error. ' +
      'Gave up after 5 attempts, the limit per request (Retry-After: 0 s); 0 s already spent on waits and failed attempts, of a retry budget of 120 s per run. ' +
      'The next run completes the comments.';
    expect(r.tr.warningIssues).toEqual([warning]);
    // Five attempts at the client's first request (the git area's discovery), then nothing more.
    expect(r.lines.filter((l) => l.startsWith('failing-azure-devops: '))).toEqual(Array(5).fill('failing-azure-devops: OPTIONS /org/_apis/git'));
    expect(r.outputs).toMatchObject({ criticalCount: '1', findingCount: '1' });
    expect(named(r, 'task.logissue').map((c) => [c.properties['type'], c.properties['code']])).toEqual([['error', 'IAC-NSG-001']]);
    expectReportsBeforeResult(r, 1);
    const summary = fs.readFileSync(r.summaryFile, 'utf8');
    expect(summary).toContain('Commenting failed: Azure DevOps answered 500 when trying to read the pull request');
    expect(summary).toContain('**❌ Failed:**');
    expect(r.tr.stderr).toBe('');
  });

  it('connection refused: the low finding makes the task succeed with issues; the comments fail at once with a warning', async () => {
    const r = await run('adoRefusedLow.js');
    const gateMessage = "1 finding(s) below severity 'critical' (0 critical, 0 high, 0 medium, 1 low, 0 info).";
    expect(r.result, r.transcript).toEqual({ result: 'SucceededWithIssues', message: gateMessage });
    expect(r.tr.errorIssues).toEqual([]);
    expect(r.tr.warningIssues).toHaveLength(2);
    expect(r.tr.warningIssues[0]).toMatch(/^Could not read the pull request: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    expect(r.tr.warningIssues[1]).toBe(gateMessage);
    expect(r.outputs).toMatchObject({ lowCount: '1', findingCount: '1' });
    expect(named(r, 'task.logissue').map((c) => [c.properties['type'], c.properties['code']])).toEqual([['warning', 'IAC-STG-007']]);
    expectReportsBeforeResult(r, 1);
    expect(fs.readFileSync(r.summaryFile, 'utf8')).toMatch(/Commenting failed: Could not read the pull request\\: connect ECONNREFUSED 127\\\.0\\\.0\\\.1\\:\d+\n/);
    expect(r.tr.stderr).toBe('');
  });
});
