/**
 * Bicep tokenizer: turns source text (without byte-order mark) into tokens, comments and diagnostic directives.
 *
 * Follows the token rules of the Bicep compiler: newlines are tokens (a run of `\r`/`\n` characters is one
 * token), spaces and tabs are the only whitespace, comments are trivia, strings are split into pieces around
 * interpolation holes (`'a${` … `}b${` … `}c'`), `'''…'''` strings are multi-line and `$'''…${x}…'''` (one or more
 * `$`) interpolate. Lexical errors are collected, never thrown.
 */
import type { Comment, Directive, Position, Range } from './ast';
import { Token, TokenKind } from './tokens';

export interface LexDiagnostic {
  range: Range;
  message: string;
}

export interface LexResult {
  tokens: Token[];
  comments: Comment[];
  directives: Directive[];
  diagnostics: LexDiagnostic[];
  lineStarts: number[];
}

const MAX_IDENTIFIER_LENGTH = 255;

interface TemplateEntry {
  /** false: an object brace opened inside a hole; true: an interpolation hole. */
  hole: boolean;
  multiline: boolean;
  dollars: number;
}

const DIRECTIVES = ['disable-next-line', 'disable-diagnostics', 'restore-diagnostics'] as const;

// Character codes.
const TAB = 9, LF = 10, CR = 13, SPACE = 32, DQUOTE = 34, HASH = 35, DOLLAR = 36, PERCENT = 37, AMP = 38, QUOTE = 39;
const LPAREN = 40, RPAREN = 41, STAR = 42, PLUS = 43, COMMA = 44, MINUS = 45, DOT = 46, SLASH = 47;
const COLON = 58, SEMI = 59, LT = 60, EQ = 61, GT = 62, QUESTION = 63, AT = 64, LSQUARE = 91, BACKSLASH = 92;
const RSQUARE = 93, HAT = 94, LBRACE = 123, PIPE = 124, RBRACE = 125, TILDE = 126, BANG = 33;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdentPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

export function tokenize(src: string): LexResult {
  return new Lexer(src).run();
}

class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly len: number;
  private readonly tokens: Token[] = [];
  private readonly comments: Comment[] = [];
  private readonly directives: Directive[] = [];
  private readonly diagnostics: LexDiagnostic[] = [];
  private readonly lineStarts: number[] = [0];
  private readonly templates: TemplateEntry[] = [];

  constructor(private readonly src: string) {
    this.len = src.length;
  }

  run(): LexResult {
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.len) {
        this.push(TokenKind.EndOfFile, this.pos, this.line, this.pos - this.lineStart + 1, '', false);
        break;
      }
      this.scanToken();
    }
    return {
      tokens: this.tokens,
      comments: this.comments,
      directives: this.directives,
      diagnostics: this.diagnostics,
      lineStarts: this.lineStarts,
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Positions

  /** Position of an offset (binary search over the line starts seen so far). */
  private positionAt(offset: number): Position {
    if (offset >= this.lineStart) return { line: this.line, column: offset - this.lineStart + 1, offset };
    const starts = this.lineStarts;
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1, offset };
  }

  private error(start: number, end: number, message: string): void {
    this.diagnostics.push({ range: { start: this.positionAt(start), end: this.positionAt(end) }, message });
  }

  /** Records the line breaks in src[from, to) (after the text was consumed). */
  private countLines(from: number, to: number): void {
    const s = this.src;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (c === LF) {
        this.line++;
        this.lineStart = i + 1;
        this.lineStarts.push(i + 1);
      } else if (c === CR) {
        if (i + 1 < to && s.charCodeAt(i + 1) === LF) continue; // counted at the \n
        if (i + 1 === to && i + 1 < this.len && s.charCodeAt(i + 1) === LF) continue; // \r\n split across calls
        this.line++;
        this.lineStart = i + 1;
        this.lineStarts.push(i + 1);
      }
    }
  }

  private push(kind: TokenKind, start: number, line: number, column: number, value: string, multiline: boolean): void {
    this.tokens.push(
      new Token(kind, start, this.pos, line, column, this.line, this.pos - this.lineStart + 1, value, multiline),
    );
  }

  // -------------------------------------------------------------------------------------------------------------
  // Trivia

  private skipTrivia(): void {
    const s = this.src;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (c === SPACE || c === TAB) {
        this.pos++;
      } else if (c === SLASH) {
        const n = s.charCodeAt(this.pos + 1);
        if (n === SLASH) this.lineComment();
        else if (n === STAR) this.blockComment();
        else return;
      } else if (c === HASH && this.atLineStart() && this.directive()) {
        // consumed
      } else {
        return;
      }
    }
  }

  private atLineStart(): boolean {
    const s = this.src;
    for (let i = this.lineStart; i < this.pos; i++) {
      const c = s.charCodeAt(i);
      if (c !== SPACE && c !== TAB) return false;
    }
    return true;
  }

  private lineComment(): void {
    const s = this.src;
    const start = this.pos;
    const line = this.line;
    const column = start - this.lineStart + 1;
    let i = start + 2;
    while (i < this.len) {
      const c = s.charCodeAt(i);
      if (c === LF || c === CR) break;
      i++;
    }
    this.pos = i;
    this.comments.push({
      kind: 'Comment',
      text: s.slice(start, i),
      range: { start: { line, column, offset: start }, end: { line, column: i - this.lineStart + 1, offset: i } },
    });
  }

  private blockComment(): void {
    const s = this.src;
    const start = this.pos;
    const startPos = this.positionAt(start);
    const close = s.indexOf('*/', start + 2);
    const end = close < 0 ? this.len : close + 2;
    this.pos = end;
    this.countLines(start, end);
    if (close < 0) this.error(start, end, 'A multi-line comment is not closed: "*/" is missing.');
    this.comments.push({
      kind: 'Comment',
      text: s.slice(start, end),
      range: { start: startPos, end: { line: this.line, column: end - this.lineStart + 1, offset: end } },
    });
  }

  /** `#disable-next-line code…` at the start of a line; returns false when `#` does not start a directive. */
  private directive(): boolean {
    const s = this.src;
    const start = this.pos;
    let name: Directive['name'] | undefined;
    for (const d of DIRECTIVES) {
      if (s.startsWith(d, start + 1)) {
        name = d;
        break;
      }
    }
    if (!name) return false;
    let i = start + 1 + name.length;
    let end = i;
    const codes: string[] = [];
    for (;;) {
      while (i < this.len && (s.charCodeAt(i) === SPACE || s.charCodeAt(i) === TAB)) i++;
      if (i >= this.len) break;
      const c = s.charCodeAt(i);
      if (c === LF || c === CR) break;
      if (c === SLASH && (s.charCodeAt(i + 1) === SLASH || s.charCodeAt(i + 1) === STAR)) break;
      const codeStart = i;
      while (i < this.len) {
        const d = s.charCodeAt(i);
        if (d === SPACE || d === TAB || d === LF || d === CR) break;
        i++;
      }
      codes.push(s.slice(codeStart, i));
      end = i;
    }
    this.pos = end;
    const line = this.line;
    const range: Range = {
      start: { line, column: start - this.lineStart + 1, offset: start },
      end: { line, column: end - this.lineStart + 1, offset: end },
    };
    if (codes.length === 0) this.error(start, end, `The #${name} directive needs at least one diagnostic code.`);
    this.directives.push({ kind: 'Directive', name, codes, range });
    return true;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Tokens

  private scanToken(): void {
    const s = this.src;
    const start = this.pos;
    const line = this.line;
    const column = start - this.lineStart + 1;
    const c = s.charCodeAt(start);
    this.pos = start + 1;
    let kind: TokenKind;
    switch (c) {
      case LF:
      case CR: {
        if (this.templates.length > 0) {
          // A line break inside an interpolation hole ends the string (as the Bicep lexer does).
          this.pos = start;
          this.templates.length = 0;
          this.error(start, start, 'A string is not closed before the end of the line.');
          this.push(TokenKind.StringRightPiece, start, line, column, '', false);
          return;
        }
        let i = start + 1;
        while (i < this.len) {
          const d = s.charCodeAt(i);
          if (d !== LF && d !== CR) break;
          i++;
        }
        this.pos = i;
        this.countLines(start, i);
        this.push(TokenKind.NewLine, start, line, column, '', false);
        return;
      }
      case LBRACE:
        if (this.templates.length > 0) this.templates.push({ hole: false, multiline: false, dollars: 0 });
        kind = TokenKind.LeftBrace;
        break;
      case RBRACE: {
        const top = this.templates.length > 0 ? this.templates[this.templates.length - 1]! : undefined;
        if (top) {
          if (top.hole) {
            if (top.multiline) this.multilineString(start, line, column, false, top.dollars);
            else this.singleLineString(start, line, column, false);
            return;
          }
          this.templates.pop();
        }
        kind = TokenKind.RightBrace;
        break;
      }
      case LPAREN:
        kind = TokenKind.LeftParen;
        break;
      case RPAREN:
        kind = TokenKind.RightParen;
        break;
      case LSQUARE:
        kind = TokenKind.LeftSquare;
        break;
      case RSQUARE:
        kind = TokenKind.RightSquare;
        break;
      case AT:
        kind = TokenKind.At;
        break;
      case COMMA:
        kind = TokenKind.Comma;
        break;
      case DOT:
        if (s.charCodeAt(start + 1) === DOT && s.charCodeAt(start + 2) === DOT) {
          this.pos = start + 3;
          kind = TokenKind.Ellipsis;
        } else kind = TokenKind.Dot;
        break;
      case QUESTION:
        if (s.charCodeAt(start + 1) === QUESTION) {
          this.pos++;
          kind = TokenKind.DoubleQuestion;
        } else kind = TokenKind.Question;
        break;
      case COLON:
        if (s.charCodeAt(start + 1) === COLON) {
          this.pos++;
          kind = TokenKind.DoubleColon;
        } else kind = TokenKind.Colon;
        break;
      case SEMI:
        kind = TokenKind.Semicolon;
        break;
      case PLUS:
        kind = TokenKind.Plus;
        break;
      case MINUS:
        kind = TokenKind.Minus;
        break;
      case PERCENT:
        kind = TokenKind.Modulo;
        break;
      case STAR:
        kind = TokenKind.Asterisk;
        break;
      case SLASH:
        kind = TokenKind.Slash;
        break;
      case HAT:
        kind = TokenKind.Hat;
        break;
      case DOLLAR: {
        let i = start + 1;
        while (s.charCodeAt(i) === DOLLAR) i++;
        if (s.charCodeAt(i) === QUOTE && s.charCodeAt(i + 1) === QUOTE && s.charCodeAt(i + 2) === QUOTE) {
          this.pos = i + 3;
          this.multilineString(start, line, column, true, i - start);
          return;
        }
        this.pos = i;
        kind = TokenKind.Unrecognized;
        this.error(start, i, `Unrecognized character '${s.slice(start, i)}'.`);
        break;
      }
      case BANG: {
        const n = s.charCodeAt(start + 1);
        if (n === EQ) {
          this.pos++;
          kind = TokenKind.NotEquals;
        } else if (n === TILDE) {
          this.pos++;
          kind = TokenKind.NotEqualsInsensitive;
        } else kind = TokenKind.Exclamation;
        break;
      }
      case LT:
        if (s.charCodeAt(start + 1) === EQ) {
          this.pos++;
          kind = TokenKind.LessThanOrEqual;
        } else kind = TokenKind.LeftChevron;
        break;
      case GT:
        if (s.charCodeAt(start + 1) === EQ) {
          this.pos++;
          kind = TokenKind.GreaterThanOrEqual;
        } else kind = TokenKind.RightChevron;
        break;
      case EQ: {
        const n = s.charCodeAt(start + 1);
        if (n === EQ) {
          this.pos++;
          kind = TokenKind.Equals;
        } else if (n === TILDE) {
          this.pos++;
          kind = TokenKind.EqualsInsensitive;
        } else if (n === GT) {
          this.pos++;
          kind = TokenKind.Arrow;
        } else kind = TokenKind.Assignment;
        break;
      }
      case AMP:
        if (s.charCodeAt(start + 1) === AMP) {
          this.pos++;
          kind = TokenKind.LogicalAnd;
        } else {
          kind = TokenKind.Unrecognized;
          this.error(start, start + 1, "Unrecognized character '&' (use '&&' for a logical and).");
        }
        break;
      case PIPE:
        if (s.charCodeAt(start + 1) === PIPE) {
          this.pos++;
          kind = TokenKind.LogicalOr;
        } else kind = TokenKind.Pipe;
        break;
      case QUOTE:
        if (s.charCodeAt(start + 1) === QUOTE && s.charCodeAt(start + 2) === QUOTE) {
          this.pos = start + 3;
          this.multilineString(start, line, column, true, 0);
        } else {
          this.singleLineString(start, line, column, true);
        }
        return;
      default:
        if (isIdentStart(c)) {
          let i = start + 1;
          while (i < this.len && isIdentPart(s.charCodeAt(i))) i++;
          this.pos = i;
          const text = s.slice(start, i);
          kind = TokenKind.Identifier;
          if (i - start <= 5) {
            if (text === 'true') kind = TokenKind.TrueKeyword;
            else if (text === 'false') kind = TokenKind.FalseKeyword;
            else if (text === 'null') kind = TokenKind.NullKeyword;
          } else if (i - start > MAX_IDENTIFIER_LENGTH) {
            this.error(start, i, `An identifier is longer than ${MAX_IDENTIFIER_LENGTH} characters.`);
          }
          this.push(kind, start, line, column, text, false);
          return;
        }
        if (isDigit(c)) {
          let i = start + 1;
          while (i < this.len && isDigit(s.charCodeAt(i))) i++;
          this.pos = i;
          this.push(TokenKind.Integer, start, line, column, s.slice(start, i), false);
          return;
        }
        // A character outside the language: keep a surrogate pair together.
        if (c >= 0xd800 && c <= 0xdbff && start + 1 < this.len) {
          const d = s.charCodeAt(start + 1);
          if (d >= 0xdc00 && d <= 0xdfff) this.pos = start + 2;
        }
        kind = TokenKind.Unrecognized;
        if (c === DQUOTE) this.error(start, this.pos, 'Strings use single quotes (\'…\'), not double quotes.');
        else this.error(start, this.pos, `Unrecognized character '${s.slice(start, this.pos)}'.`);
        break;
    }
    this.push(kind, start, line, column, '', false);
  }

  /**
   * Scans a single-line string piece starting at `start` (`'` for the first piece, `}` for later ones; the first
   * character is already consumed) up to `'` or `${`.
   */
  private singleLineString(start: number, line: number, column: number, first: boolean): void {
    const s = this.src;
    let i = this.pos;
    let value = '';
    let chunk = i;
    let kind: TokenKind;
    for (;;) {
      if (i >= this.len) {
        this.pos = i;
        this.error(start, i, 'A string is not closed: the file ends before the closing quote.');
        kind = first ? TokenKind.StringComplete : TokenKind.StringRightPiece;
        value += s.slice(chunk, i);
        if (!first) this.templates.pop();
        break;
      }
      const c = s.charCodeAt(i);
      if (c === LF || c === CR) {
        this.pos = i;
        this.error(start, i, 'A string is not closed before the end of the line.');
        kind = first ? TokenKind.StringComplete : TokenKind.StringRightPiece;
        value += s.slice(chunk, i);
        if (!first) this.templates.pop();
        break;
      }
      if (c === QUOTE) {
        value += s.slice(chunk, i);
        this.pos = i + 1;
        kind = first ? TokenKind.StringComplete : TokenKind.StringRightPiece;
        if (!first) this.templates.pop();
        break;
      }
      if (c === DOLLAR && s.charCodeAt(i + 1) === LBRACE) {
        value += s.slice(chunk, i);
        this.pos = i + 2;
        kind = first ? TokenKind.StringLeftPiece : TokenKind.StringMiddlePiece;
        if (first) this.templates.push({ hole: true, multiline: false, dollars: 0 });
        break;
      }
      if (c !== BACKSLASH) {
        i++;
        continue;
      }
      // Escape sequence.
      value += s.slice(chunk, i);
      const escStart = i;
      if (i + 1 >= this.len) {
        this.error(escStart, i + 1, 'An escape sequence is not complete at the end of the file.');
        i++;
        chunk = i;
        continue;
      }
      const e = s.charCodeAt(i + 1);
      switch (e) {
        case 110: // n
          value += '\n';
          i += 2;
          break;
        case 114: // r
          value += '\r';
          i += 2;
          break;
        case 116: // t
          value += '\t';
          i += 2;
          break;
        case BACKSLASH:
          value += '\\';
          i += 2;
          break;
        case QUOTE:
          value += "'";
          i += 2;
          break;
        case DOLLAR:
          value += '$';
          i += 2;
          if (s.charCodeAt(i) === LBRACE) {
            value += '{';
            i++;
          }
          break;
        case 117: {
          // u{hex}
          let j = i + 2;
          if (s.charCodeAt(j) !== LBRACE) {
            this.error(escStart, j, 'Invalid Unicode escape: use \\u{hex digits}.');
            i = j;
            break;
          }
          j++;
          const hexStart = j;
          while (j < this.len && isHex(s.charCodeAt(j))) j++;
          const cp = j > hexStart && j - hexStart <= 8 ? parseInt(s.slice(hexStart, j), 16) : -1;
          if (j === hexStart || s.charCodeAt(j) !== RBRACE || cp < 0 || cp > 0x10ffff) {
            this.error(escStart, Math.min(j + (s.charCodeAt(j) === RBRACE ? 1 : 0), this.len), 'Invalid Unicode escape: use \\u{hex digits} with a code point up to 10FFFF.');
            i = j;
            break;
          }
          value += String.fromCodePoint(cp);
          i = j + 1;
          break;
        }
        default:
          if (e === LF || e === CR) {
            // Leave the line break to the unterminated-string check.
            i++;
            this.error(escStart, i, 'Unrecognized escape sequence; valid escapes are \\\\ \\\' \\n \\r \\t \\$ \\u{…}.');
            break;
          }
          i += 2;
          this.error(escStart, i, 'Unrecognized escape sequence; valid escapes are \\\\ \\\' \\n \\r \\t \\$ \\u{…}.');
          break;
      }
      chunk = i;
    }
    this.push(kind, start, line, column, value, false);
  }

  /**
   * Scans a multi-line string piece (after `'''` or `$$'''` for the first piece, after `}` for later ones) up to a
   * run of three or more quotes (the last three close the string) or a hole `${` preceded by at least `dollars`
   * dollar signs.
   */
  private multilineString(start: number, line: number, column: number, first: boolean, dollars: number): void {
    const s = this.src;
    const contentStart = this.pos;
    let i = contentStart;
    let kind: TokenKind | undefined;
    let valueEnd = -1;
    while (i < this.len) {
      const c = s.charCodeAt(i);
      if (c === DOLLAR) {
        const runStart = i;
        while (s.charCodeAt(i) === DOLLAR) i++;
        if (dollars > 0 && i - runStart >= dollars && s.charCodeAt(i) === LBRACE) {
          valueEnd = i - dollars;
          i++;
          kind = first ? TokenKind.StringLeftPiece : TokenKind.StringMiddlePiece;
          if (first) this.templates.push({ hole: true, multiline: true, dollars });
          break;
        }
        continue;
      }
      if (c === QUOTE) {
        const runStart = i;
        while (s.charCodeAt(i) === QUOTE) i++;
        if (i - runStart >= 3) {
          valueEnd = i - 3;
          kind = first ? TokenKind.StringComplete : TokenKind.StringRightPiece;
          if (!first) this.templates.pop();
          break;
        }
        continue;
      }
      i++;
    }
    const unclosed = kind === undefined;
    if (kind === undefined) {
      kind = first ? TokenKind.StringComplete : TokenKind.StringRightPiece;
      if (!first) this.templates.pop();
      valueEnd = this.len;
      i = this.len;
    }
    let valueStart = contentStart;
    if (first) {
      if (s.charCodeAt(valueStart) === CR && valueStart < valueEnd) valueStart++;
      if (s.charCodeAt(valueStart) === LF && valueStart < valueEnd) valueStart++;
    }
    this.pos = i;
    this.countLines(start, i);
    // After countLines, so that the end (the end of the file) gets its own line.
    if (unclosed) this.error(start, this.len, "A multi-line string is not closed: \"'''\" is missing.");
    this.push(kind, start, line, column, s.slice(valueStart, Math.max(valueStart, valueEnd)), true);
  }
}
