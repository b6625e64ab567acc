import { acceptedText } from '../gate/gate';
import type { Finding } from '../model/finding';
import { SEVERITIES, type Severity } from '../model/severity';
import { remediationFor, type Rule } from '../rules/rule';
import { escapeMarkdown, fencedBlock, inlineCode } from './markdown';

/** Markers the task leaves in its own comments, so a later run knows what it said before. */
export const MARKERS = {
  fingerprint: (fp: string) => `<!-- iac-scan:fingerprint=${fp} -->`,
  summary: '<!-- iac-scan:summary -->',
  resolved: '<!-- iac-scan:resolved -->',
  reopened: '<!-- iac-scan:reopened -->',
  goneNote: '<!-- iac-scan:gone-note -->',
  accepted: '<!-- iac-scan:accepted -->',
} as const;

/** Why a finding no longer counts, for the note that resolves its thread: its suppression, or the baseline. */
export function acceptedReason(finding: Finding): string {
  const s = finding.suppression;
  if (s) return `it is suppressed (${s.source}${s.expires ? `, until ${s.expires}` : ''}): ${s.justification}`;
  return 'it is in the baseline of accepted findings';
}

const BADGE: Record<Severity, string> = {
  critical: '🟥 Critical',
  high: '🟧 High',
  medium: '🟨 Medium',
  low: '🟦 Low',
  info: '⬜ Info',
};

export function severityBadge(s: Severity): string {
  return BADGE[s];
}

/**
 * The first comment of a finding's thread: severity and title, what was found, why it matters, how to
 * fix it, a suggestion block when the rule has a mechanical fix for this line, and the rule's link.
 */
export function findingComment(finding: Finding, rule: Rule | undefined, suggestion: string | undefined): string {
  const title = rule?.title ?? finding.ruleId;
  const parts = [`**${BADGE[finding.severity]}** · **${escapeMarkdown(title)}**`, escapeMarkdown(finding.detail)];
  if (rule) parts.push(`**Why it matters.** ${rule.description}`, `**How to fix.** ${remediationFor(rule, finding.location.file)}`);
  if (suggestion !== undefined) parts.push(fencedBlock('suggestion', suggestion));
  const link = rule?.helpUri ? `[${finding.ruleId}](${rule.helpUri})` : inlineCode(finding.ruleId);
  parts.push(`Rule ${link} · reported by iac-scan`, MARKERS.fingerprint(finding.fingerprint));
  return parts.join('\n\n');
}

export const NOTES = {
  resolved: (iteration: number) => `✅ iac-scan no longer finds this issue (iteration ${iteration}), so this thread is resolved.\n\n${MARKERS.resolved}`,
  reopened: (iteration: number) => `↩️ iac-scan finds this issue again (iteration ${iteration}), so this thread is active again.\n\n${MARKERS.reopened}`,
  accepted: (iteration: number, why: string) =>
    `☑️ iac-scan no longer counts this finding (iteration ${iteration}): ${escapeMarkdown(why)}. This thread is resolved; it becomes active again if the finding counts again.\n\n${MARKERS.accepted}`,
  gone: (iteration: number) =>
    `✅ iac-scan no longer finds this issue (iteration ${iteration}). The thread stays open because the discussion is yours to close.\n\n${MARKERS.goneNote}`,
};

export interface NotAnnotated {
  finding: Finding;
  /** Path relative to the repository root. */
  path: string;
  reason: 'belowMinimum' | 'outsideDiff' | 'overCap' | 'outsideRepository';
}

export interface SummaryInput {
  findings: Finding[];
  annotated: number;
  notAnnotated: NotAnnotated[];
  verdictLine: string;
  minSeverity: Severity;
  maxAnnotations: number;
  iteration: number;
  /** Link to the build results page, when known. */
  buildUrl?: string;
  /** Findings that do not count: suppressed, or unchanged since the baseline. */
  accepted?: Finding[];
}

const REASON_TEXT: Record<NotAnnotated['reason'], (s: SummaryInput) => string> = {
  belowMinimum: (s) => `below the minimum severity for comments (${s.minSeverity})`,
  outsideDiff: () => 'outside the lines this pull request changes',
  overCap: (s) => `over the limit of ${s.maxAnnotations} comments`,
  outsideRepository: () => 'outside the repository',
};

const LISTED = 50;

/** The one PR-level thread, edited in place on every run. */
export function summaryComment(s: SummaryInput): string {
  const counts = new Map<Severity, number>(SEVERITIES.map((sev) => [sev, 0]));
  for (const f of s.findings) counts.set(f.severity, counts.get(f.severity)! + 1);
  const lines: string[] = [];
  lines.push(`### iac-scan: ${s.findings.length === 0 ? 'no findings' : `${s.findings.length} finding(s)`} (iteration ${s.iteration})`);
  lines.push('', '| severity | findings |', '|---|---:|');
  for (const sev of SEVERITIES) lines.push(`| ${BADGE[sev]} | ${counts.get(sev)} |`);
  lines.push('', escapeMarkdown(s.verdictLine) + (s.buildUrl ? ` [Build results](${s.buildUrl})` : ''));
  lines.push('', `Commented at the line: ${s.annotated}.`);
  const notCounted = acceptedText(s.accepted ?? []);
  if (notCounted) lines.push(`${notCounted[0]!.toUpperCase()}${notCounted.slice(1)} (listed in the SARIF log with their reasons).`);
  if (s.notAnnotated.length) {
    const byReason = new Map<NotAnnotated['reason'], number>();
    for (const n of s.notAnnotated) byReason.set(n.reason, (byReason.get(n.reason) ?? 0) + 1);
    lines.push(`Not commented at the line: ${s.notAnnotated.length}:`);
    for (const [reason, n] of byReason) lines.push(`- ${n} ${REASON_TEXT[reason](s)}`);
    lines.push('', '<details><summary>Findings not commented at the line</summary>', '');
    for (const n of s.notAnnotated.slice(0, LISTED)) {
      lines.push(`- ${BADGE[n.finding.severity]} ${inlineCode(`${n.path}:${n.finding.location.line}`)} ${inlineCode(n.finding.ruleId)} ${escapeMarkdown(n.finding.message)}`);
    }
    if (s.notAnnotated.length > LISTED) lines.push(`- … and ${s.notAnnotated.length - LISTED} more in the SARIF log (build artifact CodeAnalysisLogs).`);
    lines.push('', '</details>');
  }
  lines.push('', MARKERS.summary);
  return lines.join('\n');
}
