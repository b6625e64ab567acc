import type { Diagnostic } from '../model/diagnostic';
import type { Rule } from '../rules/rule';
import { configDisplayPath, type IacScanConfig } from './configFile';

/**
 * The rules as the configuration file wants them: `rules.disable` left out, `rules.severity` applied (the
 * findings, the gate and the reports then use the new severity). An id that names no loaded rule is reported
 * with its line, and the scan goes on.
 */
export function configureRules(rules: Rule[], config: IacScanConfig, root: string, diagnostics: Diagnostic[]): Rule[] {
  const byId = new Map(rules.map((r) => [r.id.toUpperCase(), r]));
  const file = configDisplayPath(config, root);
  const unknown = (id: string, at: (string | number)[]): void => {
    const line = config.lineOf(at) ?? 1;
    const message = `${at.join('.')}: '${id}' is not a loaded rule, so the entry has no effect. Check the rule id.`;
    diagnostics.push({ kind: 'config', severity: 'warning', file, line, column: 1, endLine: line, endColumn: 1, message });
  };
  const disabled = new Set<string>();
  config.disable.forEach((id, i) => {
    if (byId.has(id.toUpperCase())) disabled.add(id.toUpperCase());
    else unknown(id, ['rules', 'disable', i]);
  });
  for (const id of Object.keys(config.severity)) if (!byId.has(id.toUpperCase())) unknown(id, ['rules', 'severity', id]);
  const severity = new Map(Object.entries(config.severity).map(([id, s]) => [id.toUpperCase(), s]));
  return rules
    .filter((r) => !disabled.has(r.id.toUpperCase()))
    .map((r) => {
      const s = severity.get(r.id.toUpperCase());
      return s && s !== r.severity ? { ...r, severity: s } : r;
    });
}
