/**
 * The HCL2 token scanner for the structural and expression languages. It scans one token at a time from a
 * position the parser gives (the parser drives it, so template text between `"` and `"` or inside a
 * heredoc is read by `template.ts`, not here).
 *
 * Newlines matter in bodies and object constructors and are ignored inside `()`, `[]` and `${}`: the
 * parser says which when it asks for a token. A `#` or `//` comment that ends with a newline counts as
 * that newline; a `/* *\/` comment counts as a space, even across lines (as in HCL).
 */

export const T_EOF = 0;
export const T_NEWLINE = 1;
export const T_IDENT = 2;
export const T_NUMBER = 3;
/** `"`: the parser reads the rest of the quoted template. */
export const T_OQUOTE = 4;
/** `<<EOT` or `<<-EOT` followed by a line break: the parser reads the heredoc. */
export const T_HEREDOC = 5;
export const T_LBRACE = 6;
export const T_RBRACE = 7;
export const T_LBRACK = 8;
export const T_RBRACK = 9;
export const T_LPAREN = 10;
export const T_RPAREN = 11;
export const T_COMMA = 12;
export const T_DOT = 13;
export const T_ELLIPSIS = 14;
export const T_STAR = 15;
export const T_SLASH = 16;
export const T_PERCENT = 17;
export const T_PLUS = 18;
export const T_MINUS = 19;
export const T_EQ = 20;
export const T_EQEQ = 21;
export const T_NE = 22;
export const T_LT = 23;
export const T_LE = 24;
export const T_GT = 25;
export const T_GE = 26;
export const T_AND = 27;
export const T_OR = 28;
export const T_BANG = 29;
export const T_QUESTION = 30;
export const T_COLON = 31;
export const T_DCOLON = 32;
export const T_FATARROW = 33;
/** `~`: only valid as `~}`, the strip marker that closes an interpolation or directive. */
export const T_TILDE = 34;
/** A character or sequence HCL does not allow; `message` says why. */
export const T_INVALID = 35;

const TOKEN_TEXT: readonly string[] = [
  'the end of the file', 'a new line', 'a name', 'a number', "'\"'", 'a heredoc', "'{'", "'}'", "'['", "']'",
  "'('", "')'", "','", "'.'", "'...'", "'*'", "'/'", "'%'", "'+'", "'-'", "'='", "'=='", "'!='", "'<'", "'<='",
  "'>'", "'>='", "'&&'", "'||'", "'!'", "'?'", "':'", "'::'", "'=>'", "'~'", 'an invalid character',
];

/** How a token is named in messages ("found ','"). */
export function tokenText(kind: number): string {
  return TOKEN_TEXT[kind] ?? 'a token';
}

const ID_START = /\p{ID_Start}/u;
const ID_CONTINUE = /\p{ID_Continue}/u;

/** Identifier start: Unicode ID_Start or `_`. `c` is a UTF-16 code unit; non-ASCII is checked by code point. */
export function isIdentStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  return ID_START.test(String.fromCodePoint(text.codePointAt(i)!));
}

/** Length (1 or 2 code units) of the identifier-continue character at `i`, or 0. */
export function identContinueLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) {
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 ? 1 : 0;
  }
  if (c !== c) return 0; // NaN: past the end
  const cp = text.codePointAt(i)!;
  return ID_CONTINUE.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
}

/** End offset of the identifier starting at `i` (which must be an identifier start). */
export function scanIdent(text: string, i: number): number {
  i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45) {
      i++;
      continue;
    }
    if (c < 128 || c !== c) return i;
    const n = identContinueLength(text, i);
    if (n === 0) return i;
    i += n;
  }
}

/** Go's `unicode.IsSpace`, which HCL uses for `~` strip markers and `<<-` indentation. */
export function isSpaceChar(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000
  );
}

function describeChar(text: string, i: number): string {
  const cp = text.codePointAt(i)!;
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  if (cp < 32 || cp === 127 || isSpaceChar(cp) || cp === 0xfeff) return hex;
  return `'${String.fromCodePoint(cp)}' (${hex})`;
}

export class Lexer {
  kind = T_EOF;
  start = 0;
  end = 0;
  /** Why a `T_INVALID` token is invalid. */
  message = '';
  /** Comments met so far, start offset → end offset (a comment may be scanned more than once). */
  readonly comments = new Map<number, number>();

  constructor(readonly text: string) {}

  /** Scans the next token at or after `pos`. With `newlines` false, line breaks and line comments are skipped. */
  scan(pos: number, newlines: boolean): void {
    const s = this.text;
    const n = s.length;
    let i = pos;
    for (;;) {
      if (i >= n) {
        this.set(T_EOF, n, n);
        return;
      }
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9) {
        i++;
        continue;
      }
      if (c === 10) {
        if (newlines) {
          this.set(T_NEWLINE, i, i + 1);
          return;
        }
        i++;
        continue;
      }
      if (c === 13) {
        if (s.charCodeAt(i + 1) === 10) {
          if (newlines) {
            this.set(T_NEWLINE, i, i + 2);
            return;
          }
          i += 2;
          continue;
        }
        this.invalid(i, i + 1, 'a carriage return (CR) must be followed by a line feed (LF)');
        return;
      }
      if (c === 35 /* # */ || (c === 47 /* / */ && s.charCodeAt(i + 1) === 47)) {
        const nl = s.indexOf('\n', i);
        this.comments.set(i, nl === -1 ? n : s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
        if (nl === -1) {
          i = n;
          continue;
        }
        if (newlines) {
          this.set(T_NEWLINE, i, nl + 1);
          return;
        }
        i = nl + 1;
        continue;
      }
      if (c === 47 && s.charCodeAt(i + 1) === 42 /* * */) {
        const close = s.indexOf('*/', i + 2);
        if (close === -1) {
          this.invalid(i, i + 2, "unterminated comment: '/*' has no closing '*/'");
          return;
        }
        this.comments.set(i, close + 2);
        i = close + 2;
        continue;
      }
      break;
    }
    this.token(i);
  }

  private set(kind: number, start: number, end: number): void {
    this.kind = kind;
    this.start = start;
    this.end = end;
  }

  private invalid(start: number, end: number, message: string): void {
    this.kind = T_INVALID;
    this.start = start;
    this.end = end;
    this.message = message;
  }

  private token(i: number): void {
    const s = this.text;
    const c = s.charCodeAt(i);
    // Names first: the most frequent token.
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) return this.set(T_IDENT, i, scanIdent(s, i));
    const c1 = s.charCodeAt(i + 1);
    switch (c) {
      case 123: return this.set(T_LBRACE, i, i + 1);
      case 125: return this.set(T_RBRACE, i, i + 1);
      case 91: return this.set(T_LBRACK, i, i + 1);
      case 93: return this.set(T_RBRACK, i, i + 1);
      case 40: return this.set(T_LPAREN, i, i + 1);
      case 41: return this.set(T_RPAREN, i, i + 1);
      case 44: return this.set(T_COMMA, i, i + 1);
      case 34: return this.set(T_OQUOTE, i, i + 1);
      case 42: return this.set(T_STAR, i, i + 1);
      case 47: return this.set(T_SLASH, i, i + 1);
      case 37: return this.set(T_PERCENT, i, i + 1);
      case 43: return this.set(T_PLUS, i, i + 1);
      case 45: return this.set(T_MINUS, i, i + 1);
      case 63: return this.set(T_QUESTION, i, i + 1);
      case 126: return this.set(T_TILDE, i, i + 1);
      case 46: // .
        if (c1 === 46 && s.charCodeAt(i + 2) === 46) return this.set(T_ELLIPSIS, i, i + 3);
        return this.set(T_DOT, i, i + 1);
      case 58: // :
        if (c1 === 58) return this.set(T_DCOLON, i, i + 2);
        return this.set(T_COLON, i, i + 1);
      case 61: // =
        if (c1 === 61) return this.set(T_EQEQ, i, i + 2);
        if (c1 === 62) return this.set(T_FATARROW, i, i + 2);
        return this.set(T_EQ, i, i + 1);
      case 33: // !
        if (c1 === 61) return this.set(T_NE, i, i + 2);
        return this.set(T_BANG, i, i + 1);
      case 62: // >
        if (c1 === 61) return this.set(T_GE, i, i + 2);
        return this.set(T_GT, i, i + 1);
      case 60: // <
        if (c1 === 61) return this.set(T_LE, i, i + 2);
        if (c1 === 60) {
          const end = this.heredocIntro(i);
          if (end > 0) return this.set(T_HEREDOC, i, end);
        }
        return this.set(T_LT, i, i + 1);
      case 38: // &
        if (c1 === 38) return this.set(T_AND, i, i + 2);
        return this.invalid(i, i + 1, "bitwise operators are not supported; did you mean the boolean AND '&&'?");
      case 124: // |
        if (c1 === 124) return this.set(T_OR, i, i + 2);
        return this.invalid(i, i + 1, "bitwise operators are not supported; did you mean the boolean OR '||'?");
      case 94:
        return this.invalid(i, i + 1, "bitwise operators are not supported ('^')");
      case 59:
        return this.invalid(i, i + 1, "';' is not valid here; put each argument on its own line and separate collection items with commas");
      case 39:
        return this.invalid(i, i + 1, "single quotes are not valid; use double quotes (\") around strings");
      case 96:
        return this.invalid(i, i + 1, "'`' is not valid; use a heredoc (<<EOT … EOT) for a multi-line string");
      case 36:
        return this.invalid(i, i + 1, "'$' is only valid inside a string, as in \"${var.name}\"");
    }
    if (c >= 48 && c <= 57) return this.set(T_NUMBER, i, scanNumber(s, i));
    if (isIdentStart(s, i)) return this.set(T_IDENT, i, scanIdent(s, i));
    const cp = s.codePointAt(i)!;
    this.invalid(i, i + (cp > 0xffff ? 2 : 1), `unexpected character ${describeChar(s, i)}`);
  }

  /** `<<EOT` / `<<-EOT` directly followed by a line break: returns the end of the marker, else 0. */
  private heredocIntro(i: number): number {
    const s = this.text;
    let j = i + 2;
    if (s.charCodeAt(j) === 45) j++;
    if (j >= s.length || !isIdentStart(s, j)) return 0;
    const end = scanIdent(s, j);
    const c = s.charCodeAt(end);
    if (c === 10 || (c === 13 && s.charCodeAt(end + 1) === 10)) return end;
    return 0;
  }
}

/**
 * A number token, as HCL's scanner reads it: a digit, then digits, dots and exponents (`e5`, `E+5`, `e-5`),
 * not ending with a dot. `1.5.2` is one (invalid) token; `1.x` is `1` then `.x`.
 */
export function scanNumber(s: string, i: number): number {
  let j = i + 1;
  let good = j;
  for (;;) {
    const c = s.charCodeAt(j);
    if (c >= 48 && c <= 57) {
      good = ++j;
    } else if (c === 46) {
      j++;
    } else if (c === 101 || c === 69) {
      const d = s.charCodeAt(j + 1);
      if (d >= 48 && d <= 57) good = j += 2;
      else if ((d === 43 || d === 45) && s.charCodeAt(j + 2) >= 48 && s.charCodeAt(j + 2) <= 57) good = j += 3;
      else break;
    } else {
      break;
    }
  }
  return good;
}

const NUMBER_SYNTAX = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** Whether a number token is a valid HCL number literal. */
export function isValidNumber(raw: string): boolean {
  return NUMBER_SYNTAX.test(raw);
}
