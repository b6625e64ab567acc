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
import { TokenKind, bit, type Token } from './tokens';

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
const M_ARGUMENT_SPREAD_ARRAY = bit(TokenKind.Comma) | M_NEWLINE | bit(TokenKind.RightSquare);
const M_ARGUMENT_SPREAD_OBJECT = bit(TokenKind.Comma) | M_NEWLINE | bit(TokenKind.RightBrace);

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
  closed: boolean;
}

export abstract class ExpressionParser extends Cursor {
  /** A child declaration inside a resource body (`resource child …`, possibly decorated). */
  protected abstract childDeclaration(): ResourceDeclaration | MissingDeclaration;

  // -------------------------------------------------------------------------------------------------------------
  // Operators

  expression(flags: number): Expression {
    this.enter();
    let candidate = this.binary(flags, 0);
    if (this.check(TokenKind.NewLine) && this.peekSkippingNewLines().kind === TokenKind.Question) this.readNewLines();
    if (this.check(TokenKind.Question)) {
      this.read();
      const whenTrue = this.recover(() => this.expression(flags), M_TERNARY_TRUE);
      if (whenTrue.kind !== 'Error' && this.check(TokenKind.NewLine) && this.peekSkippingNewLines().kind === TokenKind.Colon) {
        this.readNewLines();
      }
      this.recover(() => this.expect(TokenKind.Colon, "':'"), M_CLOSERS);
      const whenFalse = this.recover(() => this.expression(flags), M_CLOSERS);
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

  private binary(flags: number, minPrecedence: number): Expression {
    let current = this.unary(flags);
    for (;;) {
      const op = this.peek();
      const p = precedence(op.kind);
      if (p <= minPrecedence) return current;
      this.read();
      const right = this.recover(() => this.binary(flags, p), M_CLOSERS);
      current = {
        kind: 'Binary',
        operator: binaryOperator[op.kind]!,
        left: current,
        right,
        range: this.rangeFromPos(current.range.start),
      };
    }
  }

  private unary(flags: number): Expression {
    const t = this.peek();
    if (t.kind === TokenKind.Exclamation || t.kind === TokenKind.Minus) {
      this.read();
      const operand = this.recover(() => this.member(flags), M_CLOSERS);
      return { kind: 'Unary', operator: t.kind === TokenKind.Minus ? '-' : '!', operand, range: this.rangeFrom(t) };
    }
    return this.member(flags);
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
        throw new ParseError(this.errorRange(t), 'Objects and arrays are not allowed here (inside a string interpolation or an index).');
      case TokenKind.LeftSquare:
        if (flags & COMPLEX) {
          const next = this.peekSkippingNewLines(1);
          if (next.kind === TokenKind.Identifier && next.value === 'for') return this.forExpression(flags, false);
          return this.array();
        }
        throw new ParseError(this.errorRange(t), 'Objects and arrays are not allowed here (inside a string interpolation or an index).');
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
    this.report(this.errorRange(t), `Expected ${what} but found ${this.describe(t)}.`);
    return { kind: 'Identifier', name: '', range };
  }

  /** An identifier, or an Identifier with name '' after recovery to a token in `mask`. */
  protected identifierWithRecovery(what: string, mask: number): Identifier {
    const r = this.recover(() => this.identifierOf(this.expect(TokenKind.Identifier, what)), mask);
    return r.kind === 'Error' ? { kind: 'Identifier', name: '', range: r.range } : r;
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
    const body = this.recover(() => this.expression(COMPLEX), M_LAMBDA_BODY);
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
    this.elementsOfCall(TokenKind.RightParen, () => args.push(this.recover(() => this.expression(flags), M_ARGUMENT)));
    if (this.check(TokenKind.RightParen)) {
      this.read();
    } else {
      this.report(this.errorRange(this.peek()), `Expected ')' but found ${this.describe(this.peek())}.`);
      this.emptyAt();
    }
    return args;
  }

  /** Comma-separated elements up to `closing` (not consumed), as in function calls and type arguments. */
  protected elementsOfCall(closing: TokenKind, element: () => void): void {
    if (this.check(closing)) return;
    this.readNewLines();
    let expectElement = true;
    while (!this.atEnd() && !this.check(closing)) {
      if (!expectElement) {
        if (this.check(TokenKind.NewLine)) {
          let k = 1;
          while (this.peekAt(k)?.kind === TokenKind.NewLine) k++;
          const after = this.peekAt(k);
          if (!after || after.kind === TokenKind.EndOfFile) break;
          if (after.kind !== closing) this.report(this.emptyAt(), "Expected ',' between the arguments.");
          this.readNewLines();
        } else if (this.check(TokenKind.Comma)) {
          this.read();
          this.readNewLines();
          if (this.check(closing)) {
            // A trailing comma: parse (and fail on) the missing element to report it.
            element();
          }
        } else {
          this.report(this.errorRange(this.peek()), `Expected ',' or '${closing === TokenKind.RightParen ? ')' : '>'}' but found ${this.describe(this.peek())}.`);
        }
        expectElement = true;
        continue;
      }
      element();
      expectElement = false;
    }
  }

  /** `(` item (`,` item)* `)`; `permitNewLines` allows line breaks around items. */
  protected parenList<T>(item: () => T, permitNewLines: boolean): ParenList<T> {
    const open = this.expect(TokenKind.LeftParen, "'('");
    const items: (T | ErrorNode)[] = [];
    let commas = 0;
    if (permitNewLines) this.readNewLines();
    while (!this.check(TokenKind.RightParen)) {
      items.push(this.recover(item, M_PAREN_ITEM));
      if (permitNewLines) this.readNewLines();
      if (this.check(TokenKind.Comma)) {
        this.read();
        commas++;
        if (permitNewLines) this.readNewLines();
      } else {
        break;
      }
    }
    const close = this.recover(() => this.expect(TokenKind.RightParen, "')'"), M_PAREN_CLOSE);
    return { open, items, commas, closed: close.kind !== 'Error' };
  }

  /** The single expression of a parenthesised list, or an error node. */
  protected parenContent(list: ParenList<Expression>): Expression {
    if (list.items.length === 1 && list.commas === 0) return list.items[0]!;
    const range = list.items.length === 0 ? { start: list.open.endPos(), end: list.open.endPos() } : { start: list.items[0]!.range.start, end: list.items[list.items.length - 1]!.range.end };
    if (list.items.length === 0 || list.commas > 0) this.report(range, 'Parentheses must contain exactly one expression.');
    return { kind: 'Error', range };
  }

  private parenthesizedOrLambda(flags: number): Expression {
    const list = this.parenList(() => this.expression(flags), true);
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

  /** `( expression )`, as used by `if`. */
  protected parenthesized(flags: number): Expression {
    const list = this.parenList(() => this.expression(flags), true);
    return this.parenContent(list);
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
      let e = this.recover(() => this.expression(NONE), M_HOLE);
      const k = this.peek().kind;
      if (k !== TokenKind.StringMiddlePiece && k !== TokenKind.StringRightPiece && k !== TokenKind.NewLine) {
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
   * Elements up to `closing` (not consumed), separated by one comma or by line breaks (not both: a comma followed by
   * a line break is an error, as in Bicep).
   */
  protected elementsOfBlock(closing: TokenKind, element: () => void): void {
    if (this.check(closing)) return;
    this.readNewLines();
    let expectElement = true;
    while (!this.atEnd() && !this.check(closing)) {
      if (!expectElement) {
        if (this.check(TokenKind.NewLine)) {
          this.readNewLines();
        } else if (this.check(TokenKind.Comma)) {
          this.read();
          if (this.check(TokenKind.NewLine)) {
            this.report(this.emptyAt(), 'Unexpected new line after a comma: separate elements with a comma or a new line, not both.');
            this.read();
          }
        } else {
          this.report(this.errorRange(this.peek()), `Expected a new line or ',' between elements but found ${this.describe(this.peek())}.`);
        }
        expectElement = true;
        continue;
      }
      element();
      expectElement = false;
    }
  }

  protected array(): ArrayExpression {
    const open = this.read(); // [
    const items: (Expression | SpreadExpression)[] = [];
    this.elementsOfBlock(TokenKind.RightSquare, () => {
      items.push(
        this.recover((): Expression | SpreadExpression => {
          if (this.check(TokenKind.Ellipsis)) return this.spread(M_ARGUMENT_SPREAD_ARRAY);
          return this.expression(COMPLEX);
        }, M_ARRAY_ELEMENT),
      );
    });
    this.expect(TokenKind.RightSquare, "']'");
    return { kind: 'Array', items, range: this.rangeFrom(open) };
  }

  private spread(mask: number): SpreadExpression {
    const dots = this.read();
    const expression = this.recover(() => this.expression(COMPLEX), mask);
    return { kind: 'Spread', expression, range: this.rangeFrom(dots) };
  }

  protected object(flags: number): ObjectExpression {
    const open = this.expect(TokenKind.LeftBrace, "'{'");
    const properties: (ObjectProperty | SpreadExpression)[] = [];
    const resources: ResourceDeclaration[] = [];
    this.elementsOfBlock(TokenKind.RightBrace, () => {
      const r = this.recover(() => this.objectElement(flags), M_OBJECT_ELEMENT);
      if (r.kind === 'Resource') resources.push(r);
      else if (r.kind === 'ObjectProperty' || r.kind === 'Spread') properties.push(r);
    });
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
    if (t.kind === TokenKind.Ellipsis) return this.spread(M_ARGUMENT_SPREAD_OBJECT);
    let keyName: string | undefined;
    const key = this.recover((): Identifier | StringExpression => {
      if (t.kind === TokenKind.Identifier) {
        this.read();
        keyName = t.value;
        return this.identifierOf(t);
      }
      if (t.kind === TokenKind.StringComplete || t.kind === TokenKind.StringLeftPiece) {
        const s = this.string();
        if (s.kind !== 'InterpolatedString') keyName = s.value;
        return s;
      }
      throw this.unexpected(t, 'a property name');
    }, M_PROPERTY_KEY);
    this.recover(() => this.expect(TokenKind.Colon, "':'"), M_OBJECT_ELEMENT);
    const value = this.recover(() => this.expression(COMPLEX), M_OBJECT_ELEMENT);
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
      const list = this.parenList(() => this.expression(NONE), false);
      const names = list.items.map((e): Identifier => (e.kind === 'VariableAccess' ? { kind: 'Identifier', name: e.name, range: e.range } : { kind: 'Identifier', name: '', range: e.range }));
      if (list.items.length !== 2 || names.some((n) => n.name === '')) {
        this.report(this.rangeFrom(list.open), 'Expected (item, index) with two names in the loop variable block.');
      }
      item = names[0] ?? { kind: 'Identifier', name: '', range: this.rangeFrom(list.open) };
      index = names[1];
    } else {
      const range = this.emptyAt();
      this.report(this.errorRange(v), `Expected a loop item name or '(' but found ${this.describe(v)}.`);
      item = { kind: 'Identifier', name: '', range };
    }
    this.recover(() => this.expectKeyword('in'), M_FOR_CLOSE);
    const iterable = this.recover(() => this.expression(COMPLEX), M_FOR_CLOSE | bit(TokenKind.Colon));
    this.recover(() => this.expect(TokenKind.Colon, "':'"), M_FOR_CLOSE);
    const body = this.recover(() => this.forBody(flags, resourceContext), M_FOR_CLOSE);
    if (body.kind !== 'Error') this.readNewLines();
    this.recover(() => this.expect(TokenKind.RightSquare, "']'"), M_FOR_CLOSE);
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
    const condition = this.recover(
      () => this.parenthesized(flags & ~RESOURCES),
      (insideFor ? bit(TokenKind.RightSquare) : 0) | bit(TokenKind.LeftBrace) | M_NEWLINE,
    );
    const body = this.recover(() => this.object(flags), (insideFor ? bit(TokenKind.RightSquare) : 0) | M_NEWLINE);
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
        this.report(this.errorRange(this.peek()), `Expected a new line after the decorator but found ${this.describe(this.peek())}.`);
        this.synchronize(M_NEWLINE);
        this.readNewLines();
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
        args = [];
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
