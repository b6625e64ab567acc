import type { Position } from './ast';

/** Token kinds of the Bicep lexer. Kinds below 31 can be combined in a bit mask (used for error recovery). */
export enum TokenKind {
  EndOfFile = 0,
  NewLine = 1,
  Identifier = 2,
  StringComplete = 3,
  StringLeftPiece = 4,
  StringMiddlePiece = 5,
  StringRightPiece = 6,
  LeftBrace = 7,
  RightBrace = 8,
  LeftParen = 9,
  RightParen = 10,
  LeftSquare = 11,
  RightSquare = 12,
  Comma = 13,
  Colon = 14,
  Assignment = 15,
  RightChevron = 16,
  Integer = 17,
  At = 18,
  Dot = 19,
  Question = 20,
  DoubleQuestion = 21,
  DoubleColon = 22,
  Arrow = 23,
  Pipe = 24,
  Ellipsis = 25,
  Exclamation = 26,
  Asterisk = 27,
  TrueKeyword = 28,
  FalseKeyword = 29,
  NullKeyword = 30,
  Plus = 31,
  Minus = 32,
  Slash = 33,
  Modulo = 34,
  LeftChevron = 35,
  LessThanOrEqual = 36,
  GreaterThanOrEqual = 37,
  Equals = 38,
  NotEquals = 39,
  EqualsInsensitive = 40,
  NotEqualsInsensitive = 41,
  LogicalAnd = 42,
  LogicalOr = 43,
  Hat = 44,
  Semicolon = 45,
  Unrecognized = 46,
}

/**
 * One token. Positions: `start`/`end` are 0-based offsets (end exclusive); `line`/`column` locate `start`,
 * `endLine`/`endColumn` locate `end` (1-based, UTF-16 columns).
 */
export class Token {
  constructor(
    public readonly kind: TokenKind,
    public readonly start: number,
    public readonly end: number,
    public readonly line: number,
    public readonly column: number,
    public readonly endLine: number,
    public readonly endColumn: number,
    /** Identifier name; decoded segment value of a string token; integer text. */
    public readonly value: string,
    /** String tokens: true for `'''` strings. */
    public readonly multiline: boolean,
  ) {}

  private sp: Position | undefined;
  private ep: Position | undefined;

  /** Position of the first character (cached, shared by the nodes that start here). */
  startPos(): Position {
    return (this.sp ??= { line: this.line, column: this.column, offset: this.start });
  }

  /** Position just after the last character (cached). */
  endPos(): Position {
    return (this.ep ??= { line: this.endLine, column: this.endColumn, offset: this.end });
  }
}

/** Bit of a token kind in a recovery mask (0 for kinds that cannot be in a mask). */
export function bit(kind: TokenKind): number {
  return kind < 31 ? 1 << kind : 0;
}

export function inMask(kind: TokenKind, mask: number): boolean {
  return kind < 31 && ((mask >>> kind) & 1) === 1;
}

/** How a token kind is written, for messages. */
export const tokenText: Record<TokenKind, string> = {
  [TokenKind.EndOfFile]: 'end of file',
  [TokenKind.NewLine]: 'new line',
  [TokenKind.Identifier]: 'identifier',
  [TokenKind.StringComplete]: 'string',
  [TokenKind.StringLeftPiece]: 'string',
  [TokenKind.StringMiddlePiece]: 'string',
  [TokenKind.StringRightPiece]: 'string',
  [TokenKind.LeftBrace]: '{',
  [TokenKind.RightBrace]: '}',
  [TokenKind.LeftParen]: '(',
  [TokenKind.RightParen]: ')',
  [TokenKind.LeftSquare]: '[',
  [TokenKind.RightSquare]: ']',
  [TokenKind.Comma]: ',',
  [TokenKind.Colon]: ':',
  [TokenKind.Assignment]: '=',
  [TokenKind.RightChevron]: '>',
  [TokenKind.Integer]: 'integer',
  [TokenKind.At]: '@',
  [TokenKind.Dot]: '.',
  [TokenKind.Question]: '?',
  [TokenKind.DoubleQuestion]: '??',
  [TokenKind.DoubleColon]: '::',
  [TokenKind.Arrow]: '=>',
  [TokenKind.Pipe]: '|',
  [TokenKind.Ellipsis]: '...',
  [TokenKind.Exclamation]: '!',
  [TokenKind.Asterisk]: '*',
  [TokenKind.TrueKeyword]: 'true',
  [TokenKind.FalseKeyword]: 'false',
  [TokenKind.NullKeyword]: 'null',
  [TokenKind.Plus]: '+',
  [TokenKind.Minus]: '-',
  [TokenKind.Slash]: '/',
  [TokenKind.Modulo]: '%',
  [TokenKind.LeftChevron]: '<',
  [TokenKind.LessThanOrEqual]: '<=',
  [TokenKind.GreaterThanOrEqual]: '>=',
  [TokenKind.Equals]: '==',
  [TokenKind.NotEquals]: '!=',
  [TokenKind.EqualsInsensitive]: '=~',
  [TokenKind.NotEqualsInsensitive]: '!~',
  [TokenKind.LogicalAnd]: '&&',
  [TokenKind.LogicalOr]: '||',
  [TokenKind.Hat]: '^',
  [TokenKind.Semicolon]: ';',
  [TokenKind.Unrecognized]: 'unrecognized character',
};
