/**
 * Bicep expressions: literals, strings with interpolation, arrays, objects, access, calls, operators, lambdas,
 * `for` and `if`. Newlines are significant as in the Bicep compiler: they separate array/object elements, may
 * precede `?` and `:` of a ternary, the body of a lambda, `)` of a call and the items of a parenthesised list, and
 * are not allowed inside binary operations or string interpolation holes.
 */
import type {
  ArrayExpression,
  BinaryOperator,
  Decorator,
  ErrorNode,
  Expression,
  ForExpression,
  Identifier,
  IfCondition,
  LambdaExpression,
  MissingDeclaration,
  ObjectExpression,
  ObjectProperty,
  ResourceDeclaration,
  SpreadExpression,
  StringExpression,
} from './ast';
import { Cursor, ParseError } from './cursor';
import { TokenKind, bit, tokenText, type Token } from './tokens';

/** Expression context flags. */
export const NONE = 0;
/** Objects and arrays allowed (not inside `${…}`). */
export const COMPLEX = 1;
/** Child `resource` declarations allowed in the object (resource bodies). */
export const RESOURCES = 2;

// Recovery masks.
export const M_NEWLINE = bit(TokenKind.NewLine);
export const M_CLOSERS =
  bit(TokenKind.StringRightPiece) | bit(TokenKind.RightBrace) | bit(TokenKind.RightParen) | bit(TokenKind.RightSquare) | M_NEWLINE;
const M_TERNARY_TRUE = M_CLOSERS | bit(TokenKind.Colon);
const M_ARRAY_ELEMENT = M_NEWLINE | bit(TokenKind.RightSquare);
export const M_OBJECT_ELEMENT = M_NEWLINE | bit(TokenKind.RightBrace);
const M_PROPERTY_KEY = M_OBJECT_ELEMENT | bit(TokenKind.Colon);
const M_ARGUMENT = M_NEWLINE | bit(TokenKind.Comma) | bit(TokenKind.RightParen);
const M_HOLE = bit(TokenKind.StringMiddlePiece) | bit(TokenKind.StringRightPiece) | M_NEWLINE;
const M_PAREN_ITEM = M_CLOSERS | bit(TokenKind.Comma);
const M_PAREN_CLOSE = bit(TokenKind.StringRightPiece) | bit(TokenKind.RightBrace) | bit(TokenKind.RightSquare) | M_NEWLINE;
const M_LAMBDA_BODY = M_NEWLINE | bit(TokenKind.RightParen);
const M_FOR_CLOSE = bit(TokenKind.RightSquare) | M_NEWLINE;
const M_SPREAD_IN_ARRAY = bit(TokenKind.Comma) | M_NEWLINE | bit(TokenKind.RightSquare);
const M_SPREAD_IN_OBJECT = bit(TokenKind.Comma) | M_NEWLINE | bit(TokenKind.RightBrace);

/** Keywords that start a declaration; a lambda body does not continue on a new line that starts with one. */
export const DECLARATION_KEYWORDS = new Set(['assert', 'import', 'metadata', 'param', 'var', 'resource', 'output', 'module', 'type']);

const MAX_UINT64 = '18446744073709551615';

function precedence(kind: TokenKind): number {
  switch (kind) {
    case TokenKind.Modulo:
    case TokenKind.Asterisk:
    case TokenKind.Slash:
      return 100;
    case TokenKind.Plus:
    case TokenKind.Minus:
      return 90;
    case TokenKind.RightChevron:
    case TokenKind.GreaterThanOrEqual:
    case TokenKind.LeftChevron:
    case TokenKind.LessThanOrEqual:
      return 80;
    case TokenKind.Equals:
    case TokenKind.NotEquals:
    case TokenKind.EqualsInsensitive:
    case TokenKind.NotEqualsInsensitive:
      return 70;
    case TokenKind.LogicalAnd:
      return 50;
    case TokenKind.LogicalOr:
      return 40;
    case TokenKind.DoubleQuestion:
      return 30;
    default:
      return -1;
  }
}

const binaryOperator: Partial<Record<TokenKind, BinaryOperator>> = {
  [TokenKind.Modulo]: '%',
  [TokenKind.Asterisk]: '*',
  [TokenKind.Slash]: '/',
  [TokenKind.Plus]: '+',
  [TokenKind.Minus]: '-',
  [TokenKind.RightChevron]: '>',
  [TokenKind.GreaterThanOrEqual]: '>=',
  [TokenKind.LeftChevron]: '<',
  [TokenKind.LessThanOrEqual]: '<=',
  [TokenKind.Equals]: '==',
  [TokenKind.NotEquals]: '!=',
  [TokenKind.EqualsInsensitive]: '=~',
  [TokenKind.NotEqualsInsensitive]: '!~',
  [TokenKind.LogicalAnd]: '&&',
  [TokenKind.LogicalOr]: '||',
  [TokenKind.DoubleQuestion]: '??',
};

export interface ParenList<T> {
  open: Token;
  items: (T | ErrorNode)[];
  commas: number;
}

export abstract class ExpressionParser extends Cursor {
  /** A child declaration inside a resource body (`resource child …`, possibly decorated). */
  protected abstract childDeclaration(): ResourceDeclaration | MissingDeclaration;

  /** An expression; on a ParseError reports it, skips to a token in `mask` and returns an Error node. */
  protected recoverExpression(flags: number, mask: number): Expression {
    const startIndex = this.pos;
    const depth = this.depth;
    try {
      return this.expression(flags);
    } catch (e) {
      return this.recovered(e, startIndex, depth, mask);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Operators

  expression(flags: number): Expression {
    this.enter();
    let candidate = this.binary(flags, 0);
    if (this.check(TokenKind.NewLine) && this.peekSkippingNewLines().kind === TokenKind.Question) this.readNewLines();
    if (this.check(TokenKind.Question)) {
      this.read();
      const whenTrue = this.recoverExpression(flags, M_TERNARY_TRUE);
      if (whenTrue.kind !== 'Error' && this.check(TokenKind.NewLine) && this.peekSkippingNewLines().kind === TokenKind.Colon) {
        this.readNewLines();
      }
      if (this.check(TokenKind.Colon)) this.read();
      else this.recover(() => this.expect(TokenKind.Colon, "':'"), M_CLOSERS);
      const whenFalse = this.recoverExpression(flags, M_CLOSERS);
      candidate = {
        kind: 'Ternary',
        condition: candidate,
        whenTrue,
        whenFalse,
        range: this.rangeFromPos(candidate.range.start),
      };
    }
    this.leave();
    return candidate;
  }

  /** Binary operators by precedence climbing (left-associative); the operands are unary expressions. */
  private binary(flags: number, minPrecedence: number): Expression {
    let current: Expression;
    const t = this.peek();
    if (t.kind === TokenKind.Exclamation || t.kind === TokenKind.Minus) {
      // Unary operator: its operand is a member expression (no nested unary operator, as in Bicep).
      this.read();
      const operand = this.recover(() => this.member(flags), M_CLOSERS);
      current = { kind: 'Unary', operator: t.kind === TokenKind.Minus ? '-' : '!', operand, range: this.rangeFrom(t) };
    } else {
      current = this.member(flags);
    }
    for (;;) {
      const op = this.peek();
      const p = precedence(op.kind);
      if (p <= minPrecedence) return current;
      this.read();
      const startIndex = this.pos;
      const depth = this.depth;
      let right: Expression;
      try {
        right = this.binary(flags, p);
      } catch (e) {
        right = this.recovered(e, startIndex, depth, M_CLOSERS);
      }
      current = {
        kind: 'Binary',
        operator: binaryOperator[op.kind]!,
        left: current,
        right,
        range: this.rangeFromPos(current.range.start),
      };
    }
  }

  private member(flags: number): Expression {
    let current = this.primary(flags);
    for (;;) {
      const t = this.peek();
      switch (t.kind) {
        case TokenKind.LeftSquare: {
          this.read();
          const safe = this.check(TokenKind.Question) && !!this.read();
          const fromEnd = this.check(TokenKind.Hat) && !!this.read();
          let index: Expression;
          if (this.check(TokenKind.RightSquare)) {
            const range = this.emptyAt();
            this.report(range, 'Expected an index expression between the brackets.');
            index = { kind: 'Error', range };
          } else {
            index = this.expression(flags);
          }
          this.expect(TokenKind.RightSquare, "']'");
          current = { kind: 'ArrayAccess', base: current, index, safe, fromEnd, range: this.rangeFromPos(current.range.start) };
          continue;
        }
        case TokenKind.Dot: {
          this.read();
          const safe = this.check(TokenKind.Question) ? !!this.read() : false;
          const name = this.identifierOrSkip('a property or function name');
          if (this.check(TokenKind.LeftParen)) {
            if (safe) this.report(name.range, "Safe access ('.?') cannot be used to call a function.");
            const args = this.functionArguments(flags);
            if (current.kind === 'VariableAccess' && (current.name === 'az' || current.name === 'sys')) {
              current = {
                kind: 'FunctionCall',
                namespace: { kind: 'Identifier', name: current.name, range: current.range },
                name,
                arguments: args,
                range: this.rangeFromPos(current.range.start),
              };
            } else {
              current = { kind: 'InstanceFunctionCall', base: current, name, arguments: args, range: this.rangeFromPos(current.range.start) };
            }
          } else {
            current = { kind: 'PropertyAccess', base: current, property: name, safe, range: this.rangeFromPos(current.range.start) };
          }
          continue;
        }
        case TokenKind.DoubleColon: {
          this.read();
          const name = this.identifierOrSkip('a resource name');
          current = { kind: 'ResourceAccess', base: current, name, range: this.rangeFromPos(current.range.start) };
          continue;
        }
        case TokenKind.Exclamation:
          this.read();
          current = { kind: 'NonNullAssertion', base: current, range: this.rangeFromPos(current.range.start) };
          continue;
        default:
          return current;
      }
    }
  }

  private primary(flags: number): Expression {
    const t = this.peek();
    switch (t.kind) {
      case TokenKind.Integer:
        return this.integer();
      case TokenKind.TrueKeyword:
      case TokenKind.FalseKeyword:
        this.read();
        return { kind: 'Boolean', value: t.kind === TokenKind.TrueKeyword, range: { start: t.startPos(), end: t.endPos() } };
      case TokenKind.NullKeyword:
        this.read();
        return { kind: 'Null', range: { start: t.startPos(), end: t.endPos() } };
      case TokenKind.StringComplete:
      case TokenKind.StringLeftPiece:
        return this.string();
      case TokenKind.LeftBrace:
        if (flags & COMPLEX) return this.object(flags);
        throw new ParseError(this.errorRange(t), 'Objects and arrays are not allowed here (inside a string interpolation).');
      case TokenKind.LeftSquare:
        if (flags & COMPLEX) {
          const next = this.peekSkippingNewLines(1);
          if (next.kind === TokenKind.Identifier && next.value === 'for') return this.forExpression(flags, false);
          return this.array();
        }
        throw new ParseError(this.errorRange(t), 'Objects and arrays are not allowed here (inside a string interpolation).');
      case TokenKind.LeftParen:
        return this.parenthesizedOrLambda(flags);
      case TokenKind.Identifier:
        return this.callOrVariable(flags);
      default:
        throw this.unexpected(t, 'an expression');
    }
  }

  protected integer(): Expression & { kind: 'Integer' } {
    const t = this.peek();
    const raw = t.value;
    let digits = raw;
    let z = 0;
    while (z < digits.length - 1 && digits.charCodeAt(z) === 48) z++;
    if (z > 0) digits = digits.slice(z);
    if (digits.length > MAX_UINT64.length || (digits.length === MAX_UINT64.length && digits > MAX_UINT64)) {
      throw new ParseError(this.errorRange(t), `The integer ${raw} is too large.`);
    }
    this.read();
    return { kind: 'Integer', value: Number(digits), raw, range: { start: t.startPos(), end: t.endPos() } };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Names, calls, lambdas, parentheses

  protected identifierOrSkip(what: string): Identifier {
    const t = this.peek();
    if (t.kind === TokenKind.Identifier) {
      this.read();
      return this.identifierOf(t);
    }
    const range = this.emptyAt();
    this.reportUnexpected(t, what);
    return { kind: 'Identifier', name: '', range };
  }

  /** An identifier, or an Identifier with name '' after recovery to a token in `mask`. */
  protected identifierWithRecovery(what: string, mask: number): Identifier {
    const t = this.peek();
    if (t.kind === TokenKind.Identifier) {
      this.read();
      return this.identifierOf(t);
    }
    const r = this.recovered(this.unexpected(t, what), this.pos, this.depth, mask);
    return { kind: 'Identifier', name: '', range: r.range };
  }

  private callOrVariable(flags: number): Expression {
    const t = this.read();
    if (this.check(TokenKind.LeftParen)) {
      const args = this.functionArguments(flags);
      return { kind: 'FunctionCall', name: this.identifierOf(t), arguments: args, range: this.rangeFrom(t) };
    }
    if (this.check(TokenKind.Arrow)) {
      this.read();
      return this.lambdaBody(t, [this.identifierOf(t)]);
    }
    return { kind: 'VariableAccess', name: t.value, range: { start: t.startPos(), end: t.endPos() } };
  }

  private lambdaBody(start: Token, parameters: Identifier[]): LambdaExpression {
    this.newLinesBeforeBody();
    const body = this.recoverExpression(COMPLEX, M_LAMBDA_BODY);
    return { kind: 'Lambda', parameters, body, range: this.rangeFrom(start) };
  }

  /** Line breaks after `=>` belong to the lambda unless the next line starts a declaration. */
  protected newLinesBeforeBody(): void {
    if (!this.check(TokenKind.NewLine)) return;
    const next = this.peekSkippingNewLines();
    if (next.kind === TokenKind.Identifier && DECLARATION_KEYWORDS.has(next.value)) return;
    this.readNewLines();
  }

  /** `(` arguments `)`: comma-separated, line breaks allowed around them, no trailing comma. */
  protected functionArguments(flags: number): Expression[] {
    const args: Expression[] = [];
    this.read(); // (
    if (!this.check(TokenKind.RightParen)) {
      this.readNewLines();
      while (!this.atEnd() && !this.check(TokenKind.RightParen)) {
        args.push(this.recoverExpression(flags, M_ARGUMENT));
        if (this.atEnd() || this.check(TokenKind.RightParen) || !this.callSeparator(TokenKind.RightParen)) break;
      }
    }
    this.closeCall(TokenKind.RightParen);
    return args;
  }

  /** Consumes `closing` (`)` or `>`) or reports it missing. */
  protected closeCall(closing: TokenKind): void {
    if (this.check(closing)) {
      this.read();
    } else {
      const t = this.peek();
      this.reportUnexpected(t, `'${tokenText[closing]}'`);
      this.emptyAt();
    }
  }

  /**
   * Between two elements of a call or type-argument list: a comma (line breaks may follow it) or line breaks
   * directly before `closing`. Returns false when the list ends (end of file).
   */
  protected callSeparator(closing: TokenKind): boolean {
    if (this.check(TokenKind.NewLine)) {
      let k = 1;
      while (this.peekAt(k)?.kind === TokenKind.NewLine) k++;
      const after = this.peekAt(k);
      if (!after || after.kind === TokenKind.EndOfFile) return false;
      if (after.kind !== closing) this.report(this.emptyAt(), "Expected ',' between the arguments.");
      this.readNewLines();
    } else if (this.check(TokenKind.Comma)) {
      this.read();
      this.readNewLines();
      if (this.check(closing)) this.report(this.errorRange(this.peek()), `Expected an argument after ',' but found '${tokenText[closing]}'.`);
    } else {
      this.reportUnexpected(this.peek(), `',' or '${tokenText[closing]}'`);
    }
    return true;
  }

  /** `(` item (`,` item)* `)`; `permitNewLines` allows line breaks around items. */
  protected parenList<T>(item: () => T, permitNewLines: boolean): ParenList<T> {
    return this.parenLoop(() => this.recover(item, M_PAREN_ITEM), permitNewLines);
  }

  /** A list of expressions in parentheses (see parenList). */
  protected parenExpressions(flags: number, permitNewLines: boolean): ParenList<Expression> {
    return this.parenLoop(() => this.recoverExpression(flags, M_PAREN_ITEM), permitNewLines);
  }

  private parenLoop<T>(item: () => T | ErrorNode, permitNewLines: boolean): ParenList<T> {
    const open = this.expect(TokenKind.LeftParen, "'('");
    const items: (T | ErrorNode)[] = [];
    let commas = 0;
    if (permitNewLines) this.readNewLines();
    while (!this.check(TokenKind.RightParen)) {
      items.push(item());
      if (permitNewLines) this.readNewLines();
      if (!this.check(TokenKind.Comma)) break;
      this.read();
      commas++;
      if (permitNewLines) this.readNewLines();
    }
    if (this.check(TokenKind.RightParen)) this.read();
    else this.recover(() => this.expect(TokenKind.RightParen, "')'"), M_PAREN_CLOSE);
    return { open, items, commas };
  }

  /** The single expression of a parenthesised list, or an error node. */
  protected parenContent(list: ParenList<Expression>): Expression {
    if (list.items.length === 1 && list.commas === 0) return list.items[0]!;
    const range =
      list.items.length === 0
        ? { start: list.open.endPos(), end: list.open.endPos() }
        : { start: list.items[0]!.range.start, end: list.items[list.items.length - 1]!.range.end };
    this.report(range, 'Parentheses must contain exactly one expression.');
    return { kind: 'Error', range };
  }

  private parenthesizedOrLambda(flags: number): Expression {
    const list = this.parenExpressions(flags, true);
    if (this.check(TokenKind.Arrow)) {
      this.read();
      const parameters: Identifier[] = [];
      for (const item of list.items) {
        if (item.kind === 'VariableAccess') parameters.push({ kind: 'Identifier', name: item.name, range: item.range });
        else if (item.kind !== 'Error') this.report(item.range, 'Expected a lambda parameter name.');
      }
      return this.lambdaBody(list.open, parameters);
    }
    return { kind: 'Parenthesized', expression: this.parenContent(list), range: this.rangeFrom(list.open) };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Strings

  /** A string (complete, interpolated or multi-line); throws when the next token does not start one. */
  protected string(): StringExpression {
    const t = this.peek();
    if (t.kind === TokenKind.StringComplete) {
      this.read();
      return { kind: t.multiline ? 'MultilineString' : 'String', value: t.value, range: { start: t.startPos(), end: t.endPos() } };
    }
    if (t.kind !== TokenKind.StringLeftPiece) throw this.unexpected(t, 'a string');
    this.read();
    const segments = [t.value];
    const expressions: Expression[] = [];
    for (;;) {
      const holeStart = this.pos;
      let e = this.recoverExpression(NONE, M_HOLE);
      const k = this.peek().kind;
      if (k !== TokenKind.StringMiddlePiece && k !== TokenKind.StringRightPiece && k !== TokenKind.NewLine && k !== TokenKind.EndOfFile) {
        this.report(this.errorRange(this.peek()), `Unexpected ${this.describe(this.peek())} in a string interpolation; expected '}'.`);
        this.synchronize(M_HOLE);
        e = this.errorNode(holeStart);
      }
      expressions.push(e);
      const piece = this.peek();
      if (piece.kind === TokenKind.StringMiddlePiece) {
        this.read();
        segments.push(piece.value);
        continue;
      }
      if (piece.kind === TokenKind.StringRightPiece) {
        this.read();
        segments.push(piece.value);
        break;
      }
      // End of line or file inside a hole.
      this.report(this.errorRange(piece), "A string interpolation is not closed: '}' and the closing quote are missing.");
      segments.push('');
      break;
    }
    return { kind: 'InterpolatedString', segments, expressions, multiline: t.multiline, range: this.rangeFrom(t) };
  }

  /** A string expression, or a ParseError with `what` when the next token is not a string. */
  protected requiredString(what: string): StringExpression {
    const t = this.peek();
    if (t.kind !== TokenKind.StringComplete && t.kind !== TokenKind.StringLeftPiece) throw this.unexpected(t, what);
    return this.string();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Arrays and objects

  /**
   * Between two elements of an array, object, object type, tuple or import list: one comma or line breaks (a comma
   * followed by a line break is an error, as in Bicep).
   */
  protected blockSeparator(): void {
    if (this.check(TokenKind.NewLine)) {
      this.readNewLines();
    } else if (this.check(TokenKind.Comma)) {
      this.read();
      if (this.check(TokenKind.NewLine)) {
        this.report(this.emptyAt(), 'Unexpected new line after a comma: separate elements with a comma or a new line, not both.');
        this.read();
      }
    } else {
      this.reportUnexpected(this.peek(), "a new line or ',' between elements");
    }
  }

  /** Elements up to `closing` (not consumed); see blockSeparator. */
  protected elementsOfBlock(closing: TokenKind, element: () => void): void {
    if (this.check(closing)) return;
    this.readNewLines();
    while (!this.atEnd() && !this.check(closing)) {
      element();
      if (this.atEnd() || this.check(closing)) return;
      this.blockSeparator();
    }
  }

  protected array(): ArrayExpression {
    const open = this.read(); // [
    const items: (Expression | SpreadExpression)[] = [];
    if (!this.check(TokenKind.RightSquare)) {
      this.readNewLines();
      while (!this.atEnd() && !this.check(TokenKind.RightSquare)) {
        if (this.check(TokenKind.Ellipsis)) items.push(this.spread(M_SPREAD_IN_ARRAY));
        else items.push(this.recoverExpression(COMPLEX, M_ARRAY_ELEMENT));
        if (this.atEnd() || this.check(TokenKind.RightSquare)) break;
        this.blockSeparator();
      }
    }
    this.expect(TokenKind.RightSquare, "']'");
    return { kind: 'Array', items, range: this.rangeFrom(open) };
  }

  private spread(mask: number): SpreadExpression {
    const dots = this.read();
    const expression = this.recoverExpression(COMPLEX, mask);
    return { kind: 'Spread', expression, range: this.rangeFrom(dots) };
  }

  protected object(flags: number): ObjectExpression {
    const open = this.expect(TokenKind.LeftBrace, "'{'");
    const properties: (ObjectProperty | SpreadExpression)[] = [];
    const resources: ResourceDeclaration[] = [];
    if (!this.check(TokenKind.RightBrace)) {
      this.readNewLines();
      while (!this.atEnd() && !this.check(TokenKind.RightBrace)) {
        const startIndex = this.pos;
        const depth = this.depth;
        try {
          const r = this.objectElement(flags);
          if (r.kind === 'Resource') resources.push(r);
          // A property without a usable key was reported and is left out.
          else if (r.kind === 'Spread' || (r.kind === 'ObjectProperty' && r.key.kind !== 'Error')) properties.push(r);
        } catch (e) {
          this.recovered(e, startIndex, depth, M_OBJECT_ELEMENT);
        }
        if (this.atEnd() || this.check(TokenKind.RightBrace)) break;
        this.blockSeparator();
      }
    }
    this.expect(TokenKind.RightBrace, "'}'");
    return { kind: 'Object', properties, resources, range: this.rangeFrom(open) };
  }

  private objectElement(flags: number): ObjectProperty | SpreadExpression | ResourceDeclaration | MissingDeclaration {
    const t = this.peek();
    if (
      flags & RESOURCES &&
      (t.kind === TokenKind.At || (t.kind === TokenKind.Identifier && t.value === 'resource' && this.peekAt(1)?.kind === TokenKind.Identifier))
    ) {
      return this.childDeclaration();
    }
    if (t.kind === TokenKind.Ellipsis) return this.spread(M_SPREAD_IN_OBJECT);
    let keyName: string | undefined;
    let key: Identifier | StringExpression | ErrorNode;
    if (t.kind === TokenKind.Identifier) {
      this.read();
      keyName = t.value;
      key = this.identifierOf(t);
    } else if (t.kind === TokenKind.StringComplete || t.kind === TokenKind.StringLeftPiece) {
      key = this.recover(() => this.string(), M_PROPERTY_KEY);
      if (key.kind === 'String' || key.kind === 'MultilineString') keyName = key.value;
    } else {
      key = this.recovered(this.unexpected(t, 'a property name'), this.pos, this.depth, M_PROPERTY_KEY);
    }
    let value: Expression;
    if (this.check(TokenKind.Colon)) {
      this.read();
      value = this.recoverExpression(COMPLEX, M_OBJECT_ELEMENT);
    } else {
      // No ':' after the key: one error, the rest of the element is skipped.
      value = this.recovered(this.unexpected(this.peek(), "':'"), this.pos, this.depth, M_OBJECT_ELEMENT);
    }
    const property: ObjectProperty = { kind: 'ObjectProperty', key, value, range: this.rangeFrom(t) };
    if (keyName !== undefined) property.keyName = keyName;
    return property;
  }

  // -------------------------------------------------------------------------------------------------------------
  // for / if

  protected forExpression(flags: number, resourceContext: boolean): ForExpression {
    const open = this.expect(TokenKind.LeftSquare, "'['");
    this.readNewLines();
    this.expectKeyword('for');
    let item: Identifier;
    let index: Identifier | undefined;
    const v = this.peek();
    if (v.kind === TokenKind.Identifier) {
      this.read();
      item = this.identifierOf(v);
    } else if (v.kind === TokenKind.LeftParen) {
      const list = this.parenExpressions(NONE, false);
      const names = list.items.map(
        (e): Identifier => (e.kind === 'VariableAccess' ? { kind: 'Identifier', name: e.name, range: e.range } : { kind: 'Identifier', name: '', range: e.range }),
      );
      if (list.items.length !== 2 || names.some((n) => n.name === '')) {
        this.report(this.rangeFrom(list.open), 'Expected (item, index) with two names in the loop variable block.');
      }
      item = names[0] ?? { kind: 'Identifier', name: '', range: this.rangeFrom(list.open) };
      index = names[1];
    } else {
      const range = this.emptyAt();
      this.reportUnexpected(v, "a loop item name or '('");
      item = { kind: 'Identifier', name: '', range };
    }
    if (this.checkKeyword('in')) this.read();
    else this.recovered(this.unexpected(this.peek(), "'in'"), this.pos, this.depth, M_FOR_CLOSE);
    const iterable = this.recoverExpression(COMPLEX, M_FOR_CLOSE | bit(TokenKind.Colon));
    if (this.check(TokenKind.Colon)) this.read();
    else this.recover(() => this.expect(TokenKind.Colon, "':'"), M_FOR_CLOSE);
    const bodyStart = this.pos;
    const depth = this.depth;
    let body: Expression | IfCondition;
    try {
      body = this.forBody(flags, resourceContext);
      this.readNewLines();
    } catch (e) {
      body = this.recovered(e, bodyStart, depth, M_FOR_CLOSE);
    }
    if (this.check(TokenKind.RightSquare)) this.read();
    else this.recover(() => this.expect(TokenKind.RightSquare, "']'"), M_FOR_CLOSE);
    const node: ForExpression = { kind: 'For', item, iterable, body, range: this.rangeFrom(open) };
    if (index) node.index = index;
    return node;
  }

  private forBody(flags: number, resourceContext: boolean): Expression | IfCondition {
    if (!resourceContext) return this.expression(flags | COMPLEX);
    const t = this.peek();
    if (t.kind === TokenKind.LeftBrace) return this.object(flags);
    if (t.kind === TokenKind.Identifier && t.value === 'if') return this.ifCondition(flags, true);
    throw this.unexpected(t, "'{' or 'if'");
  }

  protected ifCondition(flags: number, insideFor: boolean): IfCondition {
    const kw = this.expectKeyword('if');
    const forMask = insideFor ? bit(TokenKind.RightSquare) : 0;
    const condition = this.recover(() => this.parenContent(this.parenExpressions(flags & ~RESOURCES, true)), forMask | bit(TokenKind.LeftBrace) | M_NEWLINE);
    const bodyStart = this.pos;
    const depth = this.depth;
    let body: ObjectExpression | ErrorNode;
    try {
      body = this.object(flags);
    } catch (e) {
      body = this.recovered(e, bodyStart, depth, forMask | M_NEWLINE);
    }
    return { kind: 'IfCondition', condition, body, range: this.rangeFrom(kw) };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Decorators

  /** Decorators before a declaration, each followed by a line break. */
  protected decorators(): Decorator[] {
    const list: Decorator[] = [];
    while (this.check(TokenKind.At)) {
      list.push(this.decorator());
      if (this.check(TokenKind.NewLine)) {
        this.readNewLines();
      } else {
        // Reported, but what follows on the line is still parsed (as the next decorator or the declaration).
        this.reportUnexpected(this.peek(), 'a new line after the decorator');
      }
    }
    return list;
  }

  private decorator(): Decorator {
    const at = this.read();
    let name = '';
    let args: Expression[] = [];
    const expression = this.recover((): Expression => {
      const id = this.expect(TokenKind.Identifier, 'a decorator name');
      let current: Expression;
      name = id.value;
      if (this.check(TokenKind.LeftParen)) {
        args = this.functionArguments(COMPLEX);
        current = { kind: 'FunctionCall', name: this.identifierOf(id), arguments: args, range: this.rangeFrom(id) };
      } else {
        current = { kind: 'VariableAccess', name: id.value, range: { start: id.startPos(), end: id.endPos() } };
      }
      while (this.check(TokenKind.Dot)) {
        this.read();
        const member = this.identifierOrSkip('a function or property name');
        name = member.name;
        if (this.check(TokenKind.LeftParen)) {
          args = this.functionArguments(COMPLEX);
          current =
            current.kind === 'VariableAccess' && (current.name === 'sys' || current.name === 'az')
              ? {
                  kind: 'FunctionCall',
                  namespace: { kind: 'Identifier', name: current.name, range: current.range },
                  name: member,
                  arguments: args,
                  range: this.rangeFromPos(current.range.start),
                }
              : { kind: 'InstanceFunctionCall', base: current, name: member, arguments: args, range: this.rangeFromPos(current.range.start) };
        } else {
          args = [];
          current = { kind: 'PropertyAccess', base: current, property: member, safe: false, range: this.rangeFromPos(current.range.start) };
        }
      }
      return current;
    }, M_NEWLINE);
    return { kind: 'Decorator', expression, name, arguments: args, range: this.rangeFrom(at) };
  }
}
