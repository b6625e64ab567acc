import type { Diagnostic } from '../model/diagnostic';
import type { Location } from '../model/tree';
import type { SourceComment } from '../parse/comment';

/** Whose syntax a suppression comment is written in. */
export type DirectiveTool = 'iac-scan' | 'checkov' | 'tfsec' | 'trivy' | 'kics';

/** A suppression comment found in a scanned file. */
export interface Directive {
  tool: DirectiveTool;
  /** Rule ids as written: ours (`IAC-STG-006`), Checkov's (`CKV_AZURE_59`), Trivy's AVD ids; none for KICS. */
  ids: string[];
  /** The reason given; undefined when the syntax has none or none was written. */
  reason?: string;
  /** `YYYY-MM-DD`: suppresses up to and including that day. */
  expires?: string;
  /** KICS: `ignore-line` (the next line) or `ignore-block` (the block that starts on the next line). */
  kics?: 'line' | 'block';
  /** The comment. */
  location: Location;
  /** True when code comes before the comment on its line: it is about that line. */
  trailing: boolean;
  /**
   * For a comment on lines of its own: the line after it and any comments stacked right below it; for a
   * comment that code follows on its last line (`/* … *\/ code`), that line.
   */
  nextLine: number;
}

export interface DirectiveScan {
  directives: Directive[];
  /** Malformed, reason-less, unknown-rule and expired suppressions: reported, never applied. */
  diagnostics: Diagnostic[];
}

export interface DirectiveOptions {
  /** Ids of the loaded rules (upper case), to report an `iac-scan:ignore` that names none of them. */
  ruleIds: ReadonlySet<string>;
  /** Today, `YYYY-MM-DD` (UTC); a suppression whose expiry date is before it has expired. */
  today: string;
  /** The file's syntax ends lines at LF only (HCL); otherwise a lone CR ends a line too. */
  lfOnly?: boolean;
}

const IAC_SCAN = /\biac-scan:ignore\b(.*)$/is;
const CHECKOV = /\bcheckov:skip=([A-Za-z0-9_]+)(?::([^\n]*))?/gi;
const TRIVY = /\b(tfsec|trivy):ignore:([A-Za-z0-9_*-]+)((?::exp:[^\s:]*)|(?::ws:[^\s:]+)|(?:\[[^\]\s]*\]))*/gi;
const KICS = /\bkics-scan\s+ignore-(line|block)\b/i;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * Reads the suppression comments of one file. `source` is the file's text (to tell an end-of-line comment
 * from a comment on lines of its own); `comments` are those its parser found, in source order.
 */
export function readDirectives(comments: readonly SourceComment[], source: string, file: string, options: DirectiveOptions): DirectiveScan {
  const out: DirectiveScan = { directives: [], diagnostics: [] };
  if (!comments.some((c) => /iac-scan|checkov|tfsec|trivy|kics-scan/i.test(c.text))) return out;
  // Lines as the file's parser counts them: HCL breaks lines at LF only (as Terraform does), JSON and Bicep
  // at a lone CR too.
  const lines = source.replace(/^\uFEFF/, '').split(options.lfOnly ? /\r?\n/ : /\r\n|\r|\n/);
  const ownLine = (c: SourceComment): boolean => (lines[c.line - 1] ?? '').slice(0, c.column - 1).trim() === '';
  const codeAfter = (c: SourceComment): boolean =>
    (lines[c.endLine - 1] ?? '').slice(c.endLine === c.line ? c.column - 1 + c.text.length : c.text.length - c.text.lastIndexOf('\n') - 1).trim() !== '';
  // Lines that hold only a comment: a comment applies to the first line after its stack of comments.
  const commentOnly = new Set<number>();
  for (const c of comments) {
    if (ownLine(c) && !codeAfter(c)) for (let l = c.line; l <= c.endLine; l++) commentOnly.add(l);
  }
  const nextCodeLine = (c: SourceComment): number => {
    // `/* … */ code`: the code it precedes is on its last line.
    if (codeAfter(c)) return c.endLine;
    let l = c.endLine + 1;
    while (commentOnly.has(l)) l++;
    return l;
  };

  for (const comment of comments) {
    if (!/iac-scan|checkov|tfsec|trivy|kics-scan/i.test(comment.text)) continue;
    const body = stripDelimiters(comment.text);
    const location: Location = {
      file,
      line: comment.line,
      column: comment.column,
      endLine: comment.endLine,
      endColumn: comment.endLine === comment.line ? comment.column + comment.text.length : comment.text.length - comment.text.lastIndexOf('\n'),
    };
    const base = { location, trailing: !ownLine(comment), nextLine: nextCodeLine(comment) };
    const problem = (message: string): void => {
      out.diagnostics.push({ kind: 'suppression', severity: 'warning', file, line: location.line, column: location.column, endLine: location.endLine, endColumn: location.endColumn, message });
    };
    const expired = (expires: string | undefined, what: string): boolean => {
      if (expires === undefined || expires >= options.today) return false;
      problem(`The suppression ${what} expired on ${expires}, so it no longer suppresses anything. Fix the finding, or renew the date with a reason.`);
      return true;
    };

    const ours = IAC_SCAN.exec(body);
    if (ours) {
      const parsed = parseOurs(ours[1]!);
      if ('error' in parsed) problem(`${parsed.error} Write it as 'iac-scan:ignore RULE-ID[,RULE-ID…] [exp:YYYY-MM-DD] reason'.`);
      else if (!parsed.reason) problem(`'iac-scan:ignore ${parsed.ids.join(',')}' has no reason, so it does not suppress anything. Say why the finding is accepted after the rule id.`);
      else {
        const unknown = parsed.ids.filter((id) => !options.ruleIds.has(id));
        if (unknown.length) problem(`'iac-scan:ignore' names ${unknown.map((id) => `'${id}'`).join(', ')}, which is not a loaded rule; it suppresses nothing${unknown.length < parsed.ids.length ? ' for that id' : ''}. Check the rule id.`);
        const ids = parsed.ids.filter((id) => options.ruleIds.has(id));
        if (ids.length && !expired(parsed.expires, `for ${ids.join(', ')}`)) out.directives.push({ tool: 'iac-scan', ids, reason: parsed.reason, expires: parsed.expires, ...base });
      }
      continue;
    }
    for (const m of body.matchAll(CHECKOV)) {
      out.directives.push({ tool: 'checkov', ids: [m[1]!.toUpperCase()], reason: m[2]?.trim() || undefined, ...base });
    }
    const trivy = [...body.matchAll(TRIVY)];
    if (trivy.length) {
      // Trivy comments have no reason field; text after the last ignore is taken as one.
      const last = trivy.at(-1)!;
      const rest = body.slice(last.index! + last[0].length).trim();
      for (const m of trivy) {
        // From the whole match: the group holds only the last of the `:exp:`, `:ws:` and `[…]` suffixes.
        const expires = /:exp:([^\s:]*)/.exec(m[0])?.[1];
        const tool = m[1]!.toLowerCase() as 'tfsec' | 'trivy';
        if (expires !== undefined && !isDate(expires)) {
          problem(`'${tool}:ignore:${m[2]}:exp:${expires}' does not have a valid date, so it does not suppress anything. Write the date as :exp:YYYY-MM-DD.`);
          continue;
        }
        if (!expired(expires, `${tool}:ignore:${m[2]}`)) out.directives.push({ tool, ids: [m[2]!.toUpperCase()], reason: rest || undefined, expires, ...base });
      }
    }
    const kics = KICS.exec(body);
    if (kics) {
      const rest = body.slice(kics.index + kics[0].length).trim();
      out.directives.push({ tool: 'kics', ids: [], kics: kics[1]!.toLowerCase() as 'line' | 'block', reason: rest || undefined, ...base, trailing: false });
    }
  }
  return out;
}

/** The comment's text without `//`, `#`, `/*`, `*\/` and the `*` that starts lines of a block comment. */
function stripDelimiters(text: string): string {
  if (text.startsWith('/*')) {
    return text
      .slice(2, text.endsWith('*/') ? -2 : undefined)
      .split(/\r?\n/)
      .map((l) => l.replace(/^\s*\*(?!\/)/, '').trim())
      .filter((l) => l !== '')
      .join(' ');
  }
  return text.replace(/^(\/\/|#)/, '').trim();
}

/** `YYYY-MM-DD` naming a day of the calendar (not 2026-02-30). */
export function isDate(text: string): boolean {
  return DATE.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

/** `IAC-X[,IAC-Y…] [exp:YYYY-MM-DD] reason…` */
function parseOurs(rest: string): { ids: string[]; reason: string; expires?: string } | { error: string } {
  const m = /^\s*([A-Za-z][\w.-]*(?:\s*,\s*[A-Za-z][\w.-]*)*)(.*)$/s.exec(rest);
  if (!m || !/^\s/.test(rest)) return { error: "'iac-scan:ignore' must be followed by the id of the rule to suppress." };
  const ids = m[1]!.split(',').map((id) => id.trim().toUpperCase());
  let tail = m[2]!.trim();
  let expires: string | undefined;
  const exp = /^exp:(\S*)/i.exec(tail);
  if (exp) {
    if (!isDate(exp[1]!)) return { error: `'exp:${exp[1]}' is not a date: use exp:YYYY-MM-DD.` };
    expires = exp[1]!;
    tail = tail.slice(exp[0].length).trim();
  }
  const reason = tail.replace(/^(--|—|–|:|-)\s*/, '').trim();
  return { ids, reason, expires };
}
