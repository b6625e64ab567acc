import type { ExternalSuppression } from '../config/configFile';
import { compileGlobs } from '../discover/globs';
import type { Diagnostic } from '../model/diagnostic';
import type { Finding } from '../model/finding';

/**
 * Marks the findings that a suppression of the configuration file covers: same rule, a file matching the
 * glob, and — when the entry names one — the same resource (by name or address, case-insensitive). An entry
 * whose expiry date has passed suppresses nothing and is reported, once; so is an entry for a rule that is
 * not loaded.
 */
export function suppressExternal(
  findings: Finding[],
  suppressions: readonly ExternalSuppression[],
  options: { today: string; ruleIds: ReadonlySet<string>; configFile: string },
  diagnostics: Diagnostic[],
): void {
  const report = (s: ExternalSuppression, message: string): void => {
    diagnostics.push({ kind: 'suppression', severity: 'warning', file: options.configFile, line: s.line, column: 1, endLine: s.line, endColumn: 1, message });
  };
  for (const s of suppressions) {
    const what = `suppressions[${s.index}] (${s.rule} in ${s.path}${s.resource ? `, resource ${s.resource}` : ''})`;
    if (!options.ruleIds.has(s.rule.toUpperCase())) {
      report(s, `The suppression ${what} names no loaded rule; it suppresses nothing. Check the rule id.`);
      continue;
    }
    if (s.expires !== undefined && s.expires < options.today) {
      report(s, `The suppression ${what} expired on ${s.expires}, so it no longer suppresses anything: its findings count again. Fix them, or renew the date with a reason.`);
      continue;
    }
    const inPath = compileGlobs([s.path]);
    const resource = s.resource?.toLowerCase();
    for (const f of findings) {
      if (f.suppression || f.ruleId.toUpperCase() !== s.rule.toUpperCase() || !inPath(f.location.file)) continue;
      if (resource !== undefined && f.subject.name.toLowerCase() !== resource && f.subject.address.toLowerCase() !== resource) continue;
      f.suppression = { kind: 'external', justification: s.reason, source: `${s.origin} suppressions[${s.index}]`, expires: s.expires };
    }
  }
}
