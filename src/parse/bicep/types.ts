/**
 * Bicep type expressions (after `param name`, `output name`, `type name =`, `var name`, in `func` signatures):
 * references (`string`, `sys.int`, `myType`), literals (`'Standard'`, `-1`, `true`, `null`), unions (optionally
 * starting with `|`, members may continue on the next line), `T[]`, `T?`, `T!`, object types with decorated
 * properties and `*:` matchers, tuples, parentheses, `T.prop`, `T[0]`, `T[*]`, `T.*`, `resourceInput<'…'>` and
 * `resource 'type@version'`.
 */
import type { Decorator, Identifier, ObjectTypeProperty, StringExpression, TupleTypeItem, TypeExpression } from './ast';
import { ParseError } from './cursor';
import { ExpressionParser, M_CLOSERS, M_NEWLINE, M_OBJECT_ELEMENT, NONE } from './expressions';
import { TokenKind, bit } from './tokens';

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

  private unaryType(): TypeExpression {
    let candidate = this.unaryTypeBase();
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

  private unaryTypeBase(): TypeExpression {
    const t = this.peek();
    if (t.kind !== TokenKind.Minus && t.kind !== TokenKind.Exclamation) return this.memberType();
    this.read();
    const operand = this.recover(() => this.memberType(), M_CLOSERS);
    const literal = operand.kind === 'LiteralType' && (operand.value.kind === 'Integer' || operand.value.kind === 'Boolean') ? operand.value : undefined;
    if (!literal && operand.kind !== 'Error') {
      this.report(operand.range, `Expected a literal after '${t.kind === TokenKind.Minus ? '-' : '!'}' in a type.`);
    }
    return {
      kind: 'LiteralType',
      value: {
        kind: 'Unary',
        operator: t.kind === TokenKind.Minus ? '-' : '!',
        operand: literal ?? { kind: 'Error', range: operand.range },
        range: this.rangeFrom(t),
      },
      range: this.rangeFrom(t),
    };
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
    this.elementsOfCall(TokenKind.RightChevron, () => args.push(this.recover(() => this.typeExpression(), M_TYPE_ARGUMENT)));
    if (this.check(TokenKind.RightChevron)) {
      this.read();
    } else {
      this.report(this.errorRange(this.peek()), `Expected '>' but found ${this.describe(this.peek())}.`);
      this.emptyAt();
    }
    return args;
  }

  private objectType(): TypeExpression {
    const open = this.read(); // {
    const properties: ObjectTypeProperty[] = [];
    this.elementsOfBlock(TokenKind.RightBrace, () => properties.push(this.objectTypeProperty()));
    this.expect(TokenKind.RightBrace, "'}'");
    return { kind: 'ObjectType', properties, range: this.rangeFrom(open) };
  }

  private objectTypeProperty(): ObjectTypeProperty {
    const decorators: Decorator[] = this.decorators();
    const t = this.peek();
    let keyName: string | undefined;
    const key = this.recover((): Identifier | StringExpression | '*' => {
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
      if (t.kind === TokenKind.Asterisk) {
        this.read();
        return '*';
      }
      throw this.unexpected(t, "a property name or '*'");
    }, M_OBJECT_ELEMENT | bit(TokenKind.Colon));
    this.recover(() => this.expect(TokenKind.Colon, "':'"), M_OBJECT_ELEMENT);
    const type = this.recover(() => this.typeExpression(), M_OBJECT_ELEMENT);
    const start = decorators.length > 0 ? decorators[0]!.range.start : t.startPos();
    const property: ObjectTypeProperty = { kind: 'ObjectTypeProperty', decorators, key, type, range: this.rangeFromPos(start) };
    if (keyName !== undefined) property.keyName = keyName;
    return property;
  }

  private tupleType(): TypeExpression {
    const open = this.read(); // [
    const items: TupleTypeItem[] = [];
    this.elementsOfBlock(TokenKind.RightSquare, () => {
      const start = this.peek();
      const item = this.recover((): TupleTypeItem => {
        const decorators = this.decorators();
        const type = this.typeExpression();
        return { kind: 'TupleTypeItem', decorators, type, range: this.rangeFrom(start) };
      }, M_TUPLE_ITEM);
      items.push(item.kind === 'Error' ? { kind: 'TupleTypeItem', decorators: [], type: item, range: item.range } : item);
    });
    this.expect(TokenKind.RightSquare, "']'");
    return { kind: 'TupleType', items, range: this.rangeFrom(open) };
  }
}

