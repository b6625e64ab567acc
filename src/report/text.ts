import { acceptedText } from '../gate/gate';
import { isActive, type Finding } from '../model/finding';
import type { Severity } from '../model/severity';
import type { ScanResult } from '../scan/result';
import { countBySeverity, formatCounts } from './counts';

export interface TextOptions {
  /** ANSI colours (only when writing to a terminal). */
  color: boolean;
}

const COLORS: Record<Severity, string> = {
  critical: '\x1b[1;31m',
  high: '\x1b[31m',
  medium: '\x1b[33m',
  low: '\x1b[36m',
  info: '\x1b[2m',
};
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';

/**
 * Findings grouped by file, one line each (`line:column  severity  rule  message`), then the suppressed
 * findings with their reasons, then the diagnostics, then counts per severity. Findings unchanged since the
 * baseline are counted, not listed.
 */
export function toText(result: ScanResult, options: TextOptions): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${RESET}` : text);
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  const active = result.findings.filter(isActive);
  for (const f of active) {
    const list = byFile.get(f.location.file);
    if (list) list.push(f);
    else byFile.set(f.location.file, [f]);
  }
  for (const [file, findings] of byFile) {
    out.push(paint(BOLD, safe(file)));
    for (const f of findings) {
      const position = `${f.location.line}:${f.location.column}`.padEnd(8);
      const severity = paint(COLORS[f.severity], f.severity.padEnd(8));
      out.push(`  ${position} ${severity} ${f.ruleId.padEnd(14)} ${safe(f.message)}`);
      for (const r of f.related) out.push(paint(DIM, `  ${''.padEnd(8)} ${''.padEnd(8)} ${''.padEnd(14)} ↳ ${safe(r.location.file)}:${r.location.line}: ${safe(r.message)}`));
    }
    out.push('');
  }
  const suppressed = result.findings.filter((f) => f.suppression);
  if (suppressed.length) {
    out.push(paint(BOLD, 'Suppressed (not counted)'));
    for (const f of suppressed) {
      const s = f.suppression!;
      out.push(`  ${safe(f.location.file)}:${f.location.line}  ${f.ruleId}  ${safe(s.justification)} (${safe(s.source)}${s.expires ? `, until ${s.expires}` : ''})`);
    }
    out.push('');
  }
  if (result.diagnostics.length) {
    out.push(paint(BOLD, 'Diagnostics'));
    for (const d of result.diagnostics) {
      out.push(`  ${safe(d.file)}:${d.line}:${d.column}  ${d.kind}  ${safe(d.message)}`);
    }
    out.push('');
  }
  const counts = countBySeverity(active);
  const { filesScanned, filesConsidered, resources, durationMs } = result.stats;
  const accepted = acceptedText(result.findings);
  const absent = result.baseline?.absent.length ? ` ${result.baseline.absent.length} finding(s) of the baseline are gone.` : '';
  out.push(
    `${active.length} finding(s): ${formatCounts(counts)}${accepted ? `; ${accepted}` : ''}.${absent}`,
    `Scanned ${filesScanned} file(s) of ${filesConsidered} candidate file(s), ${resources} resource(s), ${result.rules.length} rule(s), ` +
      `${result.diagnostics.length} diagnostic(s), in ${(durationMs / 1000).toFixed(2)} s.`,
  );
  return out.join('\n') + '\n';
}

/** Text from scanned files cannot move the cursor or change colours: control characters are shown escaped. */
function safe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
