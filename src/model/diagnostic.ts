/**
 * Something the scan could not do for one file or one rule: a file that does not parse, a file that is
 * too large, a link that leaves the root. Diagnostics are reported (text, JSON, SARIF notifications)
 * and never stop the scan; only configuration errors (bad rule files, bad arguments) do that.
 */
export type DiagnosticKind = 'parse-error' | 'skipped-file' | 'unreadable-file' | 'evaluation' | 'suppression' | 'config';

export interface Diagnostic {
  kind: DiagnosticKind;
  severity: 'error' | 'warning' | 'note';
  /** Relative to the scan root, forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** A diagnostic about a whole file, placed at its first character. */
export function fileDiagnostic(
  kind: DiagnosticKind,
  severity: Diagnostic['severity'],
  file: string,
  message: string,
): Diagnostic {
  return { kind, severity, file, line: 1, column: 1, endLine: 1, endColumn: 1, message };
}
