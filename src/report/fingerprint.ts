import { createHash } from 'node:crypto';

/**
 * Fingerprints that let a consumer recognise the same finding across runs.
 *
 * - `fingerprintFor` identifies a finding by what it is about (rule, file, subject, property), never by
 *   where it sits, so moving lines does not make it a new finding. The engine stores it in `Finding.fingerprint`.
 * - `lineHash` / `primaryLocationLineHashes` produce GitHub's `primaryLocationLineHash` (`<hash>:<occurrence>`),
 *   which code scanning uses to track an alert across commits.
 */

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface FingerprintParts {
  ruleId: string;
  /** Relative to the scan root, forward slashes. */
  file: string;
  /** The subject's logical address (independent of line numbers). */
  address: string;
  /** The deciding property path, relative to the subject. */
  propertyPath: string;
}

/** 32 hex characters; depends only on the rule, file, subject address and property path. */
export function fingerprintFor(parts: FingerprintParts): string {
  return sha256Hex([parts.ruleId, parts.file, parts.address, parts.propertyPath].join('\u0000')).slice(0, 32);
}

/** The line text with all whitespace removed, so re-indenting does not change its hash. */
export function normalizeLine(text: string): string {
  return text.replace(/\s+/g, '');
}

/** 16 hex characters of the SHA-256 of the normalized line text. */
export function lineHash(text: string): string {
  return sha256Hex(normalizeLine(text)).slice(0, 16);
}

export interface LineHashInput {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  /** The source text of `line`, or undefined when it could not be read. */
  text: string | undefined;
}

/**
 * `primaryLocationLineHash` for each input, in input order: `<lineHash>:<n>`, where `n` is the 1-based
 * occurrence of the same normalized line text among the inputs with the same rule and file, counted in
 * source order (line, then column, then input order). Undefined where the line text is unknown.
 */
export function primaryLocationLineHashes(inputs: readonly LineHashInput[]): (string | undefined)[] {
  const out: (string | undefined)[] = new Array<string | undefined>(inputs.length).fill(undefined);
  const order = inputs
    .map((input, index) => ({ input, index }))
    .filter((e) => e.input.text !== undefined)
    .sort((a, b) => a.input.line - b.input.line || a.input.column - b.input.column || a.index - b.index);
  const seen = new Map<string, number>();
  for (const { input, index } of order) {
    const normalized = normalizeLine(input.text!);
    const key = [input.ruleId, input.file, normalized].join('\u0000');
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    out[index] = `${sha256Hex(normalized).slice(0, 16)}:${n}`;
  }
  return out;
}
