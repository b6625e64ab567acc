/**
 * Token cursor shared by the Bicep parser modules: reading tokens, building ranges, reporting errors and recovering.
 *
 * Error handling follows the Bicep compiler's scheme: a rule that cannot continue throws a ParseError; the nearest
 * `recover()` around it reports the error, skips tokens up to one of its terminator kinds (not consuming it) and
 * returns an Error node covering what was skipped, so the enclosing rule goes on.
 */
import type { ErrorNode, Identifier, Position, Range } from './ast';
import { TokenKind, inMask, tokenText, type Token } from './tokens';

export interface ParseDiagnostic {
  range: Range;
  message: string;
}

/** Thrown by a rule that cannot continue; caught by `recover()`. Not an Error: no stack trace is captured. */
export class ParseError {
  constructor(
    readonly range: Range,
    readonly message: string,
    /** Found at a line break or the end of the file (see `report`). */
    readonly atLineEnd = false,
  ) {}
}

/** Thrown when nesting exceeds the limit; caught per top-level statement only. */
export class DepthError {
  constructor(readonly token: Token) {}
}

/**
 * Deepest nesting of expressions, types and child resources accepted; deeper input gets one diagnostic per
 * statement and never a stack overflow. Measured with Node 20's default stack (~984 KB): the recursion would
 * overflow at about 940 (object types) to 1,900 (interpolations) levels, so 500 keeps a margin of at least 1.8×
 * for the caller's frames. Real Bicep files nest fewer than 30 levels.
 */
export const MAX_DEPTH = 500;
/** Further parse errors of one file are summarised in one diagnostic. */
export const MAX_DIAGNOSTICS = 100;

export abstract class Cursor {
  protected pos = 0;
  protected depth = 0;
  /** End of the last consumed token (or of the last zero-length error node). */
  protected lastEnd: Position;
  readonly diagnostics: ParseDiagnostic[] = [];
  private lastErrorOffset = -1;
  private lastErrorLine = -1;
  private dropped = 0;

  constructor(
    protected readonly tokens: Token[],
    protected readonly src: string,
  ) {
    this.lastEnd = tokens[0]!.startPos();
  }

  /** Where parsing has got to (the end of the last token read), for a diagnostic when it is cut short. */
  get reached(): Position {
    return this.lastEnd;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reading

  protected peek(): Token {
    return this.tokens[this.pos]!;
  }

  protected peekAt(ahead: number): Token | undefined {
    return this.tokens[this.pos + ahead];
  }

  /** The next token that is not a NewLine. */
  protected peekSkippingNewLines(from = 0): Token {
    let i = this.pos + from;
    while (this.tokens[i]!.kind === TokenKind.NewLine) i++;
    return this.tokens[i]!;
  }

  protected check(kind: TokenKind): boolean {
    return this.tokens[this.pos]!.kind === kind;
  }

  protected atEnd(): boolean {
    return this.tokens[this.pos]!.kind === TokenKind.EndOfFile;
  }

  protected checkKeyword(keyword: string): boolean {
    const t = this.tokens[this.pos]!;
    return t.kind === TokenKind.Identifier && t.value === keyword;
  }

  /** Consumes the next token (never moves past the end of file). */
  protected read(): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind !== TokenKind.EndOfFile) this.pos++;
    this.lastEnd = t.endPos();
    return t;
  }

  protected expect(kind: TokenKind, what: string): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind === kind) return this.read();
    throw this.unexpected(t, what);
  }

  protected expectKeyword(keyword: string): Token {
    if (this.checkKeyword(keyword)) return this.read();
    throw this.unexpected(this.peek(), `'${keyword}'`);
  }

  protected readNewLines(): void {
    while (this.tokens[this.pos]!.kind === TokenKind.NewLine) this.read();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Ranges

  protected rangeFrom(start: Token): Range {
    return { start: start.startPos(), end: this.lastEnd };
  }

  protected rangeFromPos(start: Position): Range {
    return { start, end: this.lastEnd };
  }

  /** The range of a token for an error message: line breaks and the end of file are shown as zero-length. */
  protected errorRange(t: Token): Range {
    if (t.kind === TokenKind.NewLine || t.kind === TokenKind.EndOfFile) {
      const p = t.startPos();
      return { start: p, end: p };
    }
    return { start: t.startPos(), end: t.endPos() };
  }

  protected identifierOf(t: Token): Identifier {
    return { kind: 'Identifier', name: t.value, range: { start: t.startPos(), end: t.endPos() } };
  }

  /** A zero-length node at the next token. */
  protected emptyAt(): Range {
    const p = this.peek().startPos();
    if (p.offset > this.lastEnd.offset) this.lastEnd = p;
    return { start: p, end: p };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Errors

  protected describe(t: Token): string {
    switch (t.kind) {
      case TokenKind.NewLine:
        return 'the end of the line';
      case TokenKind.EndOfFile:
        return 'the end of the file';
      case TokenKind.Identifier:
        return `'${t.value}'`;
      case TokenKind.Integer:
        return `the number ${t.value}`;
      case TokenKind.StringComplete:
      case TokenKind.StringLeftPiece:
        return 'a string';
      case TokenKind.StringMiddlePiece:
      case TokenKind.StringRightPiece:
        return "'}'";
      case TokenKind.Unrecognized:
        return `'${this.src.slice(t.start, t.end)}'`;
      default:
        return `'${tokenText[t.kind]}'`;
    }
  }

  protected unexpected(t: Token, what: string): ParseError {
    return new ParseError(this.errorRange(t), `Expected ${what} but found ${this.describe(t)}.`, isLineEnd(t));
  }

  /** Reports "Expected `what` but found …" at `t`. */
  protected reportUnexpected(t: Token, what: string): void {
    const e = this.unexpected(t, what);
    this.report(e.range, e.message, e.atLineEnd);
  }

  /**
   * Records an error. Consequences of an earlier error are left out: a second error at the same position, and an
   * error found at the end of a line (`atLineEnd`) that already has an error.
   */
  protected report(range: Range, message: string, atLineEnd = false): void {
    if (range.start.offset === this.lastErrorOffset) return;
    if (atLineEnd && range.start.line === this.lastErrorLine) return;
    this.lastErrorOffset = range.start.offset;
    this.lastErrorLine = range.start.line;
    if (this.diagnostics.length >= MAX_DIAGNOSTICS) {
      this.dropped++;
      return;
    }
    this.diagnostics.push({ range, message });
  }

  /** Number of errors not reported because of MAX_DIAGNOSTICS. */
  droppedCount(): number {
    return this.dropped;
  }

  /** Skips tokens until one whose kind is in `mask` (not consumed) or the end of file. */
  protected synchronize(mask: number): void {
    const tokens = this.tokens;
    let i = this.pos;
    while (tokens[i]!.kind !== TokenKind.EndOfFile && !inMask(tokens[i]!.kind, mask)) i++;
    if (i > this.pos) {
      this.pos = i;
      this.lastEnd = tokens[i - 1]!.endPos();
    }
  }

  /** An Error node covering the tokens from index `startIndex` to the current position (zero-length if none). */
  protected errorNode(startIndex: number): ErrorNode {
    if (startIndex >= this.pos) return { kind: 'Error', range: this.emptyAt() };
    return { kind: 'Error', range: { start: this.tokens[startIndex]!.startPos(), end: this.tokens[this.pos - 1]!.endPos() } };
  }

  /** Runs `rule`; on a ParseError reports it, skips to a token in `mask` and returns an Error node. */
  protected recover<T>(rule: () => T, mask: number): T | ErrorNode {
    const startIndex = this.pos;
    const depth = this.depth;
    try {
      return rule();
    } catch (e) {
      return this.recovered(e, startIndex, depth, mask);
    }
  }

  /**
   * The catch part of `recover()`, for rules that inline their `try` (fewer stack frames and closures on the
   * recursive paths): rethrows anything but a ParseError.
   */
  protected recovered(e: unknown, startIndex: number, depth: number, mask: number): ErrorNode {
    if (!(e instanceof ParseError)) throw e;
    this.depth = depth;
    this.report(e.range, e.message, e.atLineEnd);
    this.synchronize(mask);
    return this.errorNode(startIndex);
  }

  protected enter(): void {
    if (++this.depth > MAX_DEPTH) throw new DepthError(this.peek());
  }

  protected leave(): void {
    this.depth--;
  }
}

function isLineEnd(t: Token): boolean {
  return t.kind === TokenKind.NewLine || t.kind === TokenKind.EndOfFile;
}
