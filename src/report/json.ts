import { isActive } from '../model/finding';
import type { ScanResult } from '../scan/result';
import { countBySeverity } from './counts';

/** The scan as plain JSON: findings, diagnostics, counts and statistics (stable field order). */
export function toJson(result: ScanResult, toolVersion: string): string {
  const body = {
    tool: { name: 'iac-scan', version: toolVersion },
    root: result.root,
    /** Findings that count (not suppressed, not unchanged since the baseline). */
    counts: countBySeverity(result.findings.filter(isActive)),
    notCounted: {
      suppressed: result.findings.filter((f) => f.suppression).length,
      unchangedSinceBaseline: result.findings.filter((f) => !f.suppression && f.baselineState === 'unchanged').length,
    },
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: f.location.file,
      line: f.location.line,
      column: f.location.column,
      endLine: f.location.endLine,
      endColumn: f.location.endColumn,
      resource: f.subject,
      propertyPath: f.propertyPath,
      defaultApplied: f.defaultApplied,
      related: f.related.map((r) => ({ file: r.location.file, line: r.location.line, column: r.location.column, message: r.message })),
      fingerprint: f.fingerprint,
      ...(f.fix ? { fix: f.fix } : {}),
      ...(f.suppression ? { suppression: f.suppression } : {}),
      ...(f.baselineState ? { baselineState: f.baselineState } : {}),
    })),
    ...(result.baseline ? { baseline: { file: result.baseline.file, absent: result.baseline.absent } } : {}),
    diagnostics: result.diagnostics,
    stats: result.stats,
  };
  return JSON.stringify(body, null, 2) + '\n';
}
