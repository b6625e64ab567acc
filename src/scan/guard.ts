import { fileDiagnostic, type Diagnostic } from '../model/diagnostic';

/**
 * Runs the parse and model build of one file (or one Terraform module), so that a defect met there costs that
 * file only: the error becomes a diagnostic and the scan goes on. Parsers turn bad input into positioned
 * diagnostics themselves; this is the backstop for what they miss.
 */
export function guarded<T>(file: string, diagnostics: Diagnostic[], read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    const stack = err instanceof RangeError && /call stack/i.test(err.message);
    const reason = stack ? 'it is nested too deeply' : `internal error: ${err instanceof Error ? err.message : String(err)}`;
    diagnostics.push(fileDiagnostic('evaluation', 'error', file, `The file could not be read (${reason}); it was not scanned. Please report this.`));
    return undefined;
  }
}

/** `target.push(...items)` without spreading: a file can give more diagnostics or findings than a call takes arguments. */
export function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
