import type { SourceComment } from '../comment';
import type { Diagnostic } from '../../model/diagnostic';
import type { Body } from './ast';
import { MAX_DIAGNOSTICS, MESSAGE_PREFIX, ParseFailure } from './errors';
import { Parser } from './parser';

export interface HclParseResult {
  /**
   * The file's body. With syntax errors it holds the top-level arguments and blocks that parsed cleanly
   * (parsing resumes at the next top-level item after each error); undefined only if nothing could be parsed.
   */
  body: Body | undefined;
  /** Syntax errors, in source order, each with its line, column and end; past `MAX_DIAGNOSTICS`, one summary. */
  diagnostics: Diagnostic[];
  /** The text the ranges refer to: the input without its byte-order mark. */
  source: string;
  /** Every comment (`#`, `//` and block comments) outside strings and heredocs, in source order. */
  comments: SourceComment[];
}

/**
 * Parses a Terraform / HCL2 native-syntax file (`.tf`, `.tfvars`).
 *
 * Never throws on bad input: syntax errors become `parse-error` diagnostics. Nesting deeper than
 * `MAX_NESTING` levels is refused with a diagnostic instead of overflowing the stack.
 */
export function parseHcl(text: string, file: string): HclParseResult {
  // Editors do not count a byte-order mark as a column; offsets are relative to the text without it.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parser = new Parser(source);
  let body: Body | undefined;
  try {
    body = parser.parseFile();
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    // A safety net: the nesting limit should stop any input long before the stack does.
    parser.failures.push(new ParseFailure(parser.tokStart, parser.tokStart, 'the file is nested too deeply to parse'));
  }
  const failures = [...parser.failures].sort((a, b) => a.start - b.start);
  const dropped = failures.length - MAX_DIAGNOSTICS;
  if (dropped > 0) {
    failures.length = MAX_DIAGNOSTICS;
    const last = failures[MAX_DIAGNOSTICS - 1]!;
    failures.push(new ParseFailure(last.start, last.end, `${dropped} more syntax errors follow; only the first ${MAX_DIAGNOSTICS} are reported`));
  }
  const diagnostics = failures.map((f): Diagnostic => {
    const start = parser.lines.position(f.start);
    const end = parser.lines.position(Math.max(f.start, f.end));
    return {
      kind: 'parse-error',
      severity: 'error',
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      message: `${MESSAGE_PREFIX}${f.message}.`,
    };
  });
  const comments = [...parser.lex.comments].sort((a, b) => a[0] - b[0]).map(([start, end]): SourceComment => {
    const from = parser.lines.position(start);
    return { line: from.line, column: from.column, endLine: parser.lines.position(end).line, text: source.slice(start, end) };
  });
  return { body, diagnostics, source, comments };
}
