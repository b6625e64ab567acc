/**
 * Bicep type expressions (after `param name`, `output name`, `type name =`, `var name`, in `func` signatures):
 * references (`string`, `sys.int`, `myType`), literals (`'Standard'`, `-1`, `true`, `null`), unions (optionally
 * starting with `|`, members may continue on the next line), `T[]`, `T?`, `T!`, object types with decorated
 * properties and `*:` matchers, tuples, parentheses, `T.prop`, `T[0]`, `T[*]`, `T.*`, `resourceInput<'…'>` and
 * `resource 'type@version'`.
 */
import type { Decorator, ObjectTypeProperty, StringExpression, TupleTypeItem, TypeExpression } from './ast';
import { ParseError } from './cursor';
import { ExpressionParser, M_CLOSERS, M_NEWLINE, M_OBJECT_ELEMENT, NONE } from './expressions';
import { TokenKind, bit } from './tokens';

const M_PROPERTY_KEY = M_OBJECT_ELEMENT | bit(TokenKind.Colon);
const M_TYPE_ARGUMENT = M_NEWLINE | bit(TokenKind.Comma) | bit(TokenKind.RightChevron);
const M_TUPLE_ITEM = M_NEWLINE | bit(TokenKind.RightSquare);
const M_RESOURCE_TYPE = bit(TokenKind.Assignment) | M_NEWLINE;

export abstract class TypeParser extends ExpressionParser {
  /** A type; `resource 'type@version'` is accepted too (its string optional when `optionalResourceType`). */
  protected type(optionalResourceType: boolean): TypeExpression {
    if (this.checkKeyword('resource') && this.peekAt(1)?.kind !== TokenKind.LeftChevron) {
      const kw = this.read();
      const t = this.peek();
      if (optionalResourceType && t.kind !== TokenKind.StringComplete && t.kind !== TokenKind.StringLeftPiece) {
        return { kind: 'ResourceType', range: this.rangeFrom(kw) };
      }
      const typeString = this.recover(() => this.requiredString('a resource type string'), M_RESOURCE_TYPE);
      return { kind: 'ResourceType', typeString, range: this.rangeFrom(kw) };
    }
    return this.typeExpression();
  }

  /** A type expression; on a ParseError reports it, skips to a token in `mask` and returns an Error node. */
  protected recoverType(mask: number): TypeExpression {
    const startIndex = this.pos;
    const depth = this.depth;
    try {
      return this.typeExpression();
    } catch (e) {
      return this.recovered(e, startIndex, depth, mask);
    }
  }

  private unionSeparatorNext(): boolean {
    return this.check(TokenKind.Pipe) || (this.check(TokenKind.NewLine) && this.peekAt(1)?.kind === TokenKind.Pipe);
  }

  protected typeExpression(): TypeExpression {
    this.enter();
    const start = this.peek();
    let members: TypeExpression[] | undefined;
    if (this.unionSeparatorNext()) {
      this.readNewLines();
      this.read(); // leading |
      members = [];
    }
    const candidate = this.unaryType();
    if (members === undefined && !this.unionSeparatorNext()) {
      this.leave();
      return candidate;
    }
    members ??= [];
    members.push(candidate);
    while (this.unionSeparatorNext()) {
      this.readNewLines();
      this.read(); // |
      if (this.check(TokenKind.NewLine) || this.atEnd()) {
        const range = this.emptyAt();
        this.report(range, "Expected a type after '|'.");
        members.push({ kind: 'Error', range });
      } else {
        members.push(this.recover(() => this.unaryType(), M_NEWLINE));
      }
    }
    this.leave();
    return { kind: 'UnionType', members, range: this.rangeFrom(start) };
  }

  /** `-1`, `!x` (literal operands only), then postfix `?` (nullable) and `!` (non-nullable). */
  private unaryType(): TypeExpression {
    let candidate: TypeExpression;
    const t = this.peek();
    if (t.kind === TokenKind.Minus || t.kind === TokenKind.Exclamation) {
      this.read();
      const operand = this.recover(() => this.memberType(), M_CLOSERS);
      const literal = operand.kind === 'LiteralType' && (operand.value.kind === 'Integer' || operand.value.kind === 'Boolean') ? operand.value : undefined;
      if (!literal && operand.kind !== 'Error') {
        this.report(operand.range, `Expected a literal after '${t.kind === TokenKind.Minus ? '-' : '!'}' in a type.`);
      }
      const range = this.rangeFrom(t);
      candidate = {
        kind: 'LiteralType',
        value: { kind: 'Unary', operator: t.kind === TokenKind.Minus ? '-' : '!', operand: literal ?? { kind: 'Error', range: operand.range }, range },
        range,
      };
    } else {
      candidate = this.memberType();
    }
    for (;;) {
      if (this.check(TokenKind.Question)) {
        this.read();
        candidate = { kind: 'NullableType', base: candidate, range: this.rangeFromPos(candidate.range.start) };
      } else if (this.check(TokenKind.Exclamation)) {
        this.read();
        candidate = { kind: 'NonNullableType', base: candidate, range: this.rangeFromPos(candidate.range.start) };
      } else {
        return candidate;
      }
    }
  }

  private memberType(): TypeExpression {
    let current = this.primaryType();
    for (;;) {
      if (this.check(TokenKind.LeftSquare)) {
        this.read();
        if (this.check(TokenKind.RightSquare)) {
          this.read();
          current = { kind: 'ArrayType', item: current, range: this.rangeFromPos(current.range.start) };
        } else if (this.check(TokenKind.Asterisk)) {
          this.read();
          this.expect(TokenKind.RightSquare, "']'");
          current = { kind: 'TypeIndexAccess', base: current, index: '*', range: this.rangeFromPos(current.range.start) };
        } else {
          const index = this.expression(NONE);
          this.expect(TokenKind.RightSquare, "']'");
          current = { kind: 'TypeIndexAccess', base: current, index, range: this.rangeFromPos(current.range.start) };
        }
        continue;
      }
      if (this.check(TokenKind.Dot)) {
        this.read();
        if (this.check(TokenKind.Asterisk)) {
          this.read();
          current = { kind: 'TypePropertyAccess', base: current, property: '*', range: this.rangeFromPos(current.range.start) };
          continue;
        }
        const name = this.identifierOrSkip('a property name');
        if (this.check(TokenKind.LeftChevron)) {
          const args = this.typeArguments();
          current = { kind: 'ParameterizedType', base: current, name, arguments: args, range: this.rangeFromPos(current.range.start) };
        } else {
          current = { kind: 'TypePropertyAccess', base: current, property: name.name, range: this.rangeFromPos(current.range.start) };
        }
        continue;
      }
      return current;
    }
  }

  private primaryType(): TypeExpression {
    const t = this.peek();
    switch (t.kind) {
      case TokenKind.Integer: {
        const value = this.integer();
        return { kind: 'LiteralType', value, range: value.range };
      }
      case TokenKind.TrueKeyword:
      case TokenKind.FalseKeyword: {
        this.read();
        const range = { start: t.startPos(), end: t.endPos() };
        return { kind: 'LiteralType', value: { kind: 'Boolean', value: t.kind === TokenKind.TrueKeyword, range }, range };
      }
      case TokenKind.NullKeyword: {
        this.read();
        const range = { start: t.startPos(), end: t.endPos() };
        return { kind: 'LiteralType', value: { kind: 'Null', range }, range };
      }
      case TokenKind.StringComplete:
      case TokenKind.StringLeftPiece: {
        const value = this.string();
        return { kind: 'LiteralType', value, range: value.range };
      }
      case TokenKind.LeftBrace:
        return this.objectType();
      case TokenKind.LeftSquare:
        return this.tupleType();
      case TokenKind.LeftParen: {
        const list = this.parenList(() => this.typeExpression(), false);
        let inner: TypeExpression;
        if (list.items.length === 1 && list.commas === 0) {
          inner = list.items[0]!;
        } else {
          const range = this.rangeFrom(list.open);
          this.report(range, 'Parentheses must contain exactly one type.');
          inner = { kind: 'Error', range };
        }
        return { kind: 'ParenthesizedType', type: inner, range: this.rangeFrom(list.open) };
      }
      case TokenKind.Identifier: {
        this.read();
        if (this.check(TokenKind.LeftChevron)) {
          const args = this.typeArguments();
          return { kind: 'ParameterizedType', name: this.identifierOf(t), arguments: args, range: this.rangeFrom(t) };
        }
        return { kind: 'TypeReference', name: t.value, range: { start: t.startPos(), end: t.endPos() } };
      }
      default:
        throw new ParseError(this.errorRange(t), `Expected a type but found ${this.describe(t)}.`);
    }
  }

  /** `<` type (`,` type)* `>`. */
  private typeArguments(): TypeExpression[] {
    this.read(); // <
    const args: TypeExpression[] = [];
    if (!this.check(TokenKind.RightChevron)) {
      this.readNewLines();
      while (!this.atEnd() && !this.check(TokenKind.RightChevron)) {
        args.push(this.recoverType(M_TYPE_ARGUMENT));
        if (this.atEnd() || this.check(TokenKind.RightChevron) || !this.callSeparator(TokenKind.RightChevron)) break;
      }
    }
    this.closeCall(TokenKind.RightChevron);
    return args;
  }

  private objectType(): TypeExpression {
    const open = this.read(); // {
    const properties: ObjectTypeProperty[] = [];
    if (!this.check(TokenKind.RightBrace)) {
      this.readNewLines();
      while (!this.atEnd() && !this.check(TokenKind.RightBrace)) {
        properties.push(this.objectTypeProperty());
        if (this.atEnd() || this.check(TokenKind.RightBrace)) break;
        this.blockSeparator();
      }
    }
    this.expect(TokenKind.RightBrace, "'}'");
    return { kind: 'ObjectType', properties, range: this.rangeFrom(open) };
  }

  private objectTypeProperty(): ObjectTypeProperty {
    const decorators: Decorator[] = this.decorators();
    const t = this.peek();
    let keyName: string | undefined;
    let key: ObjectTypeProperty['key'];
    if (t.kind === TokenKind.Identifier) {
      this.read();
      keyName = t.value;
      key = this.identifierOf(t);
    } else if (t.kind === TokenKind.StringComplete || t.kind === TokenKind.StringLeftPiece) {
      key = this.recover((): StringExpression => this.string(), M_PROPERTY_KEY);
      if (key.kind === 'String' || key.kind === 'MultilineString') keyName = key.value;
    } else if (t.kind === TokenKind.Asterisk) {
      this.read();
      key = '*';
    } else {
      key = this.recovered(this.unexpected(t, "a property name or '*'"), this.pos, this.depth, M_PROPERTY_KEY);
    }
    let type: TypeExpression;
    if (this.check(TokenKind.Colon)) {
      this.read();
      type = this.recoverType(M_OBJECT_ELEMENT);
    } else {
      type = this.recovered(this.unexpected(this.peek(), "':'"), this.pos, this.depth, M_OBJECT_ELEMENT);
    }
    const start = decorators.length > 0 ? decorators[0]!.range.start : t.startPos();
    const property: ObjectTypeProperty = { kind: 'ObjectTypeProperty', decorators, key, type, range: this.rangeFromPos(start) };
    if (keyName !== undefined) property.keyName = keyName;
    return property;
  }

  private tupleType(): TypeExpression {
    const open = this.read(); // [
    const items: TupleTypeItem[] = [];
    if (!this.check(TokenKind.RightSquare)) {
      this.readNewLines();
      while (!this.atEnd() && !this.check(TokenKind.RightSquare)) {
        const start = this.peek();
        const decorators = this.decorators();
        const type = this.recoverType(M_TUPLE_ITEM);
        items.push({ kind: 'TupleTypeItem', decorators, type, range: this.rangeFrom(start) });
        if (this.atEnd() || this.check(TokenKind.RightSquare)) break;
        this.blockSeparator();
      }
    }
    this.expect(TokenKind.RightSquare, "']'");
    return { kind: 'TupleType', items, range: this.rangeFrom(open) };
  }
}

