import { isActive, type Finding } from '../model/finding';
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

/**
 * Decides the build: fail when any active finding is at or above `threshold` (`none` never fails).
 * Suppressed findings and those unchanged since the baseline never count; the message says how many there are.
 */
export function gate(all: readonly Finding[], threshold: Threshold): Verdict {
  const findings = all.filter(isActive);
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
  const accepted = acceptedText(all);
  if (accepted) message = `${message.slice(0, -1)}; ${accepted}.`;
  return { failed, threshold, blocking, counts, message };
}

/** "2 suppressed, 5 unchanged since the baseline", or '' when every finding counts. */
export function acceptedText(findings: readonly Finding[]): string {
  const suppressed = findings.filter((f) => f.suppression).length;
  const unchanged = findings.filter((f) => !f.suppression && f.baselineState === 'unchanged').length;
  const parts = [suppressed ? `${suppressed} suppressed` : '', unchanged ? `${unchanged} unchanged since the baseline` : ''].filter((p) => p);
  return parts.length ? `not counted: ${parts.join(', ')}` : '';
}
