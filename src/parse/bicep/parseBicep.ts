/**
 * Entry point of the Bicep parser: text → positioned AST plus diagnostics. Never throws.
 *
 * The byte-order mark is not part of the text: offsets and columns are counted without it (as editors do).
 * Syntax errors become `parse-error` diagnostics with the line and column of the offending token; parsing goes on
 * after each error (at the next element, property, argument or line), so a file can report several errors.
 */
import type { Diagnostic } from '../../model/diagnostic';
import type { Program, Range } from './ast';
import { MAX_DIAGNOSTICS } from './cursor';
import { DeclarationParser } from './declarations';
import { tokenize } from './lexer';

export interface BicepParseResult {
  program: Program;
  diagnostics: Diagnostic[];
}

export function parseBicep(text: string, file: string): BicepParseResult {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const diagnostics: Diagnostic[] = [];
  const toDiagnostic = (range: Range, message: string): Diagnostic => ({
    kind: 'parse-error',
    severity: 'error',
    file,
    line: range.start.line,
    column: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
    message: `Bicep syntax error: ${message}`,
  });
  const origin = { line: 1, column: 1, offset: 0 };
  let program: Program = { kind: 'Program', statements: [], comments: [], directives: [], range: { start: origin, end: origin } };
  let lexed: ReturnType<typeof tokenize> | undefined;
  let parser: DeclarationParser | undefined;
  try {
    lexed = tokenize(src);
    parser = new DeclarationParser(lexed.tokens, src);
    program = parser.program();
    program.comments = lexed.comments;
    program.directives = lexed.directives;
  } catch (err) {
    // Defensive: the parser bounds its recursion, so this is only reached by a parser bug or an exotic engine limit.
    // The callers add that the file was not scanned.
    const message =
      err instanceof RangeError
        ? 'the file is nested too deeply to parse.'
        : `internal parser error (${err instanceof Error ? err.message : String(err)}); please report this.`;
    const at = parser?.reached ?? origin;
    diagnostics.push(toDiagnostic({ start: at, end: at }, message));
  }
  // Lexical and syntax errors in source order.
  // A syntax error where the lexer already reported a bad character or string is a consequence: left out.
  const lexical = lexed?.diagnostics ?? [];
  const lexicalStarts = new Set(lexical.map((d) => d.range.start.offset));
  const syntax = (parser?.diagnostics ?? []).filter((d) => !lexicalStarts.has(d.range.start.offset));
  const all: { range: Range; message: string }[] = [...lexical, ...syntax];
  all.sort((a, b) => a.range.start.offset - b.range.start.offset);
  const kept = all.slice(0, MAX_DIAGNOSTICS);
  for (const d of kept) diagnostics.push(toDiagnostic(d.range, d.message));
  if (all.length > kept.length || (parser && parser.droppedCount() > 0)) {
    const last = kept[kept.length - 1]!;
    diagnostics.push(toDiagnostic(last.range, `more syntax errors follow; only the first ${MAX_DIAGNOSTICS} are reported.`));
  }
  return { program, diagnostics };
}
