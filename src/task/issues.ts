import type { Finding } from '../model/finding';
import type { Severity } from '../model/severity';
import { bySeverity } from './summary';

/** The agent keeps the first 10 errors and the first 10 warnings of a task; later ones only count. */
export const AGENT_ISSUE_LIMIT = 10;

export type IssueKind = 'error' | 'warning';

const KIND: Record<Severity, IssueKind | undefined> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'warning',
  info: undefined,
};

export interface IssuePick {
  issues: { kind: IssueKind; finding: Finding }[];
  /** Findings that would be issues but did not fit. */
  left: number;
}

/**
 * The findings to report as `task.logissue`: critical/high as errors, medium/low as warnings, most severe
 * first, at most `errors` and `warnings` of each (what the agent keeps, minus the issues the task raises
 * otherwise). Info findings are never issues.
 */
export function pickIssues(findings: readonly Finding[], budget: { errors: number; warnings: number }): IssuePick {
  const room: Record<IssueKind, number> = { error: Math.max(0, budget.errors), warning: Math.max(0, budget.warnings) };
  const issues: IssuePick['issues'] = [];
  let left = 0;
  for (const finding of [...findings].sort(bySeverity)) {
    const kind = KIND[finding.severity];
    if (!kind) continue;
    if (room[kind] > 0) {
      room[kind]--;
      issues.push({ kind, finding });
    } else {
      left++;
    }
  }
  return { issues, left };
}
