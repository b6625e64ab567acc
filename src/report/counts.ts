import type { Finding } from '../model/finding';
import { SEVERITIES, type Severity } from '../model/severity';

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** `1 critical, 2 high, 0 medium, 0 low, 0 info` */
export function formatCounts(counts: SeverityCounts): string {
  return SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ');
}
