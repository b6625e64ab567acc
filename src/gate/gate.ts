import type { Finding } from '../model/finding';
import { atOrAbove, SEVERITIES, type Severity } from '../model/severity';
import { countBySeverity, formatCounts, type SeverityCounts } from '../report/counts';

export type Threshold = Severity | 'none';

export const THRESHOLDS: readonly Threshold[] = [...SEVERITIES, 'none'];

export interface Verdict {
  /** True when a finding is at or above the threshold. */
  failed: boolean;
  threshold: Threshold;
  /** How many findings are at or above the threshold. */
  blocking: number;
  counts: SeverityCounts;
  /** One sentence for logs and the task result. */
  message: string;
}

/** Decides the build: fail when any finding is at or above `threshold` (`none` never fails). */
export function gate(findings: readonly Finding[], threshold: Threshold): Verdict {
  const counts = countBySeverity(findings);
  const blocking = threshold === 'none' ? 0 : findings.filter((f) => atOrAbove(f.severity, threshold)).length;
  const failed = blocking > 0;
  const total = findings.length;
  let message: string;
  if (failed) message = `${blocking} finding(s) at or above severity '${threshold}' (${formatCounts(counts)}).`;
  else if (total > 0)
    message =
      threshold === 'none'
        ? `${total} finding(s) (${formatCounts(counts)}); the build is not gated (fail-on none).`
        : `${total} finding(s) below severity '${threshold}' (${formatCounts(counts)}).`;
  else message = 'No findings.';
  return { failed, threshold, blocking, counts, message };
}
