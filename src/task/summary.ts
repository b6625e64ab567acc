import type { AnnotationReport } from '../ado/annotate';
import { severityBadge } from '../ado/commentText';
import { escapeMarkdown, inlineCode } from '../ado/markdown';
import { compareFindings, isActive, type Finding } from '../model/finding';
import { SEVERITIES, severityRank, type Severity } from '../model/severity';
import { countBySeverity } from '../report/counts';
import type { ScanResult } from '../scan/result';
import { lineLink, repositoryPath, type BuildFacts } from './pipeline';

/** How many findings the summary lists. */
export const SUMMARY_FINDINGS = 20;

export type ResultName = 'Succeeded' | 'SucceededWithIssues' | 'Failed';

/** What happened to the pull-request comments: skipped (with the reason) or the annotator's report. */
export type AnnotationOutcome = { skipped: string } | { report: AnnotationReport };

export interface SummaryInput {
  result: ScanResult;
  outcome: { result: ResultName; message: string };
  facts: BuildFacts;
  /** The commit links point at. */
  revision?: string;
  /** One sentence on the SARIF file: where it is and whether it was published. */
  sarifLine: string;
  annotation: AnnotationOutcome;
  minAnnotationSeverity: Severity;
  maxAnnotations: number;
}

const RESULT_LABEL: Record<ResultName, string> = {
  Succeeded: '✅ Succeeded',
  SucceededWithIssues: '⚠️ Succeeded with issues',
  Failed: '❌ Failed',
};

/** Most severe first, then report order. */
export function bySeverity(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || compareFindings(a, b);
}

/**
 * The Markdown shown on the run's Extensions tab (`task.uploadsummary`). Everything that comes from scanned
 * files or from Azure DevOps is escaped, so that it renders as text.
 */
export function summaryMarkdown(s: SummaryInput): string {
  const { result } = s;
  const findings = result.findings.filter(isActive);
  const counts = countBySeverity(findings);
  const lines: string[] = ['## iac-scan', ''];
  lines.push(`**${RESULT_LABEL[s.outcome.result]}:** ${escapeMarkdown(s.outcome.message)}`, '');
  lines.push(`| ${SEVERITIES.map((sev) => severityBadge(sev)).join(' | ')} | Total |`);
  lines.push(`|${SEVERITIES.map(() => '---:').join('|')}|---:|`);
  lines.push(`| ${SEVERITIES.map((sev) => counts[sev]).join(' | ')} | ${findings.length} |`, '');
  const suppressed = result.findings.filter((f) => f.suppression);
  const unchanged = result.findings.filter((f) => !f.suppression && f.baselineState === 'unchanged').length;
  if (suppressed.length || unchanged || result.baseline) {
    const parts = [
      `**Not counted:** ${suppressed.length} suppressed`,
      result.baseline ? `${unchanged} unchanged since the baseline, ${result.baseline.absent.length} of its finding(s) gone` : '',
    ].filter((p) => p !== '');
    lines.push(`${parts.join('; ')}. They never fail the build and get no pull-request comments.`, '');
  }
  const { filesScanned, filesConsidered, resources, durationMs } = result.stats;
  lines.push(
    `Scanned ${filesScanned} file(s) of ${filesConsidered} candidate file(s), ${resources} resource(s), ` +
      `${result.rules.length} rule(s), in ${(durationMs / 1000).toFixed(2)} s.`,
    '',
  );

  if (findings.length) {
    const top = [...findings].sort(bySeverity).slice(0, SUMMARY_FINDINGS);
    lines.push(`### ${top.length < findings.length ? `Top ${top.length} findings` : 'Findings'}`, '');
    lines.push('| Severity | Rule | Location | Finding |', '|---|---|---|---|');
    for (const f of top) lines.push(`| ${severityBadge(f.severity)} | ${cellCode(f.ruleId)} | ${location(s, f)} | ${escapeMarkdown(f.message)} |`);
    lines.push('');
    if (top.length < findings.length) {
      lines.push(`${findings.length - top.length} more finding(s) are in the build log and in the SARIF file.`, '');
    }
  }
  if (suppressed.length) {
    const shown = [...suppressed].sort(bySeverity).slice(0, SUMMARY_FINDINGS);
    lines.push('### Suppressed', '', '| Severity | Rule | Location | Reason | By |', '|---|---|---|---|---|');
    for (const f of shown) {
      const by = `${f.suppression!.source}${f.suppression!.expires ? `, until ${f.suppression!.expires}` : ''}`;
      lines.push(`| ${severityBadge(f.severity)} | ${cellCode(f.ruleId)} | ${location(s, f)} | ${escapeMarkdown(f.suppression!.justification)} | ${escapeMarkdown(by)} |`);
    }
    lines.push('');
    if (shown.length < suppressed.length) lines.push(`${suppressed.length - shown.length} more in the SARIF file.`, '');
  }

  lines.push('### Pull request', '', annotationText(s), '');

  lines.push('### Reports', '', escapeMarkdown(s.sarifLine), '');
  if (result.diagnostics.length) {
    lines.push(
      `**Diagnostics:** ${result.diagnostics.length} problem(s) with files that could not be scanned completely ` +
        '(syntax errors, unreadable or oversized files); they are listed in the build log and in the SARIF file.',
      '',
    );
  } else {
    lines.push('**Diagnostics:** none.', '');
  }
  return lines.join('\n');
}

function location(s: SummaryInput, f: Finding): string {
  const repoPath = repositoryPath(s.facts.sourcesDirectory, s.result.root, f.location.file);
  const text = `${repoPath ?? f.location.file}:${f.location.line}`;
  const link = repoPath === undefined ? undefined : lineLink(s.facts, s.revision, repoPath, f.location.line);
  // Parentheses and spaces would end a Markdown link destination.
  return link ? `[${escapeMarkdown(text)}](${link.replace(/[()\s]/g, (c) => encodeURIComponent(c))})` : cellCode(text);
}

/** A code span inside a table cell: a `|` would end the cell even there, unless escaped. */
function cellCode(text: string): string {
  return inlineCode(text).replace(/\|/g, '\\|');
}

function annotationText(s: SummaryInput): string {
  const a = s.annotation;
  if ('skipped' in a) return `No comments: ${escapeMarkdown(a.skipped)}`;
  const r = a.report;
  if (r.outcome === 'failed') return `Commenting failed: ${escapeMarkdown(r.message)}`;
  const lines = [escapeMarkdown(r.message)];
  const n = r.notAnnotated;
  const reasons = [
    n.belowMinimum ? `${n.belowMinimum} below the minimum severity (${s.minAnnotationSeverity})` : '',
    n.outsideDiff ? `${n.outsideDiff} outside the ${r.effectiveScope === 'changedLines' ? 'changed lines' : 'changed files'}` : '',
    n.overCap ? `${n.overCap} over the limit of ${s.maxAnnotations} comments` : '',
    n.outsideRepository ? `${n.outsideRepository} outside the repository` : '',
  ].filter((x) => x !== '');
  if (reasons.length) lines.push('', `Not commented at the line: ${reasons.join(', ')}.`);
  return lines.join('\n');
}
