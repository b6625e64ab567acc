/**
 * Recursive-descent parser for HCL2 native syntax: bodies, blocks and attributes, and expressions with
 * operator precedence (`||` < `&&` < `== !=` < `< <= > >=` < `+ -` < `* / %` < unary `- !` < postfix
 * `.attr [index] .* [*]`), conditionals, for expressions, function calls (`provider::ns::fn(...)`) and
 * templates (see `template.ts`).
 *
 * The accepted language is HCL's (hashicorp/hcl `hclsyntax`), checked by differential tests against its
 * Go implementation: newlines end arguments and separate object items, and are ignored inside `()`, `[]`,
 * `${}` and `for` expressions; a single-line block holds at most one argument; an argument can be set once
 * per body.
 */
import type {
  Attribute,
  BinaryOperator,
  Block,
  BlockLabel,
  Body,
  Expression,
  ForObjectExpr,
  ForTupleExpr,
  FunctionCallExpr,
  Identifier,
  LiteralExpr,
  ObjectExpr,
  ObjectItem,
  Range,
  ScopeTraversalExpr,
  SplatItemExpr,
  TemplateExpr,
  TupleExpr,
} from './ast';
import { templateLiteralValue } from './ast';
import { MAX_NESTING, ParseFailure } from './errors';
import {
  isIdentStart,
  isValidNumber,
  Lexer,
  scanIdent,
  T_AND,
  T_COLON,
  T_COMMA,
  T_DCOLON,
  T_DOT,
  T_ELLIPSIS,
  T_EOF,
  T_EQ,
  T_EQEQ,
  T_FATARROW,
  T_GE,
  T_GT,
  T_HEREDOC,
  T_IDENT,
  T_INVALID,
  T_LBRACE,
  T_LBRACK,
  T_LE,
  T_LPAREN,
  T_LT,
  T_MINUS,
  T_BANG,
  T_NE,
  T_NEWLINE,
  T_NUMBER,
  T_OQUOTE,
  T_OR,
  T_PERCENT,
  T_PLUS,
  T_QUESTION,
  T_RBRACE,
  T_RBRACK,
  T_RPAREN,
  T_SLASH,
  T_STAR,
  tokenText,
} from './lexer';
import { LineIndex } from './lineIndex';
import { parseHeredoc, parseQuotedLabel, parseQuotedTemplate } from './template';

/** Binding power of binary operators by token kind (0: not a binary operator). */
const LEVEL = new Uint8Array(40);
const OPERATOR: BinaryOperator[] = [];
function op(kind: number, level: number, text: BinaryOperator): void {
  LEVEL[kind] = level;
  OPERATOR[kind] = text;
}
op(T_OR, 1, '||');
op(T_AND, 2, '&&');
op(T_EQEQ, 3, '==');
op(T_NE, 3, '!=');
op(T_LT, 4, '<');
op(T_LE, 4, '<=');
op(T_GT, 4, '>');
op(T_GE, 4, '>=');
op(T_PLUS, 5, '+');
op(T_MINUS, 5, '-');
op(T_STAR, 6, '*');
op(T_SLASH, 6, '/');
op(T_PERCENT, 6, '%');

/** Postfix modes: outside a splat, inside an attribute-only splat (`.*`), inside a full splat (`[*]`). */
const PLAIN = 0;
const IN_ATTR_SPLAT = 1;
const IN_FULL_SPLAT = 2;

export class Parser {
  readonly lex: Lexer;
  readonly lines: LineIndex;
  /** Syntax errors, in the order found. */
  readonly failures: ParseFailure[] = [];

  /** The peeked token. */
  tokKind = T_EOF;
  tokStart = 0;
  tokEnd = 0;
  private peeked = false;
  private peekedWithNewlines = false;
  /** Offset after the last consumed token (or where a template ended). */
  private pos = 0;
  /** Whether newlines are tokens here (bodies, objects) or skipped (parentheses, brackets, templates). */
  private newlines = true;
  private readonly newlineStack: boolean[] = [];
  private depth = 0;
  private readonly attributeIndex = new WeakMap<Attribute[], Map<string, Attribute>>();

  constructor(readonly src: string) {
    this.lex = new Lexer(src);
    this.lines = new LineIndex(src);
  }

  // -------------------------------------------------------------------------------------------------
  // Tokens

  peek(): number {
    if (this.peeked && this.peekedWithNewlines === this.newlines) return this.tokKind;
    const L = this.lex;
    L.scan(this.pos, this.newlines);
    this.tokKind = L.kind;
    this.tokStart = L.start;
    this.tokEnd = L.end;
    this.peeked = true;
    this.peekedWithNewlines = this.newlines;
    return L.kind;
  }

  /** Consumes the peeked token. */
  take(): void {
    this.pos = this.tokEnd;
    this.peeked = false;
  }

  tokenText(): string {
    return this.src.slice(this.tokStart, this.tokEnd);
  }

  setPos(pos: number): void {
    this.pos = pos;
    this.peeked = false;
  }

  pushNewlines(significant: boolean): void {
    this.newlineStack.push(this.newlines);
    this.newlines = significant;
  }

  popNewlines(): void {
    this.newlines = this.newlineStack.pop()!;
  }

  range(start: number, end: number): Range {
    return this.lines.range(start, end);
  }

  /** "line 3, column 7" for messages. */
  where(offset: number): string {
    const p = this.lines.position(offset);
    return `line ${p.line}, column ${p.column}`;
  }

  fail(start: number, end: number, message: string, resumeAt?: number): never {
    throw new ParseFailure(start, end, message, resumeAt);
  }

  /** Fails at the peeked token: "<expected>, found <token>" (or the scanner's reason for an invalid one). */
  failToken(expected: string): never {
    if (this.tokKind === T_INVALID) {
      // An unterminated '/*' comment runs to the end of the file: nothing after it can be read.
      const toEnd = this.src.startsWith('/*', this.tokStart) ? this.src.length : undefined;
      this.fail(this.tokStart, this.tokEnd, this.lex.message, toEnd);
    }
    let found: string;
    if (this.tokKind === T_IDENT || this.tokKind === T_NUMBER) found = `'${this.tokenText()}'`;
    else found = tokenText(this.tokKind);
    this.fail(this.tokStart, this.tokEnd, `${expected}, found ${found}`);
  }

  private tooDeep(at: number): never {
    this.fail(at, at + 1, `the expression is nested too deeply (more than ${MAX_NESTING} levels)`);
  }

  /** The current nesting depth. */
  get nesting(): number {
    return this.depth;
  }

  /** One more level of nesting (templates call it once more: their stack frames are larger). */
  enter(at: number): void {
    if (++this.depth > MAX_NESTING) this.tooDeep(at);
  }

  leave(): void {
    this.depth--;
  }

  /** Whether the next token is the identifier `word` (peeks). */
  private isKeyword(word: string): boolean {
    this.peek();
    return this.tokKind === T_IDENT && this.tokEnd - this.tokStart === word.length && this.src.startsWith(word, this.tokStart);
  }

  // -------------------------------------------------------------------------------------------------
  // Structure

  /** Parses the whole file; syntax errors go to `failures` and parsing resumes at the next top-level item. */
  parseFile(): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    for (;;) {
      try {
        const k = this.peek();
        if (k === T_EOF) break;
        if (k === T_NEWLINE) {
          this.take();
          continue;
        }
        if (k === T_RBRACE) this.fail(this.tokStart, this.tokEnd, "unexpected '}': there is no open block to close");
        this.parseItem(attributes, blocks);
      } catch (e) {
        if (!(e instanceof ParseFailure)) throw e;
        this.failures.push(e);
        this.resynchronise(e);
      }
    }
    return { attributes, blocks, range: this.range(0, this.src.length) };
  }

  /**
   * After an error, continues at the next line that starts (column 1) with what looks like a top-level
   * argument or block: a name followed by `=`, `{`, a label.
   */
  private resynchronise(e: ParseFailure): void {
    this.newlineStack.length = 0;
    this.newlines = true;
    this.depth = 0;
    const s = this.src;
    let nl = e.resumeAt !== undefined ? (e.resumeAt >= s.length ? -1 : s.lastIndexOf('\n', e.resumeAt - 1)) : s.indexOf('\n', e.start);
    while (nl !== -1) {
      const start = nl + 1;
      if (start < s.length && isIdentStart(s, start)) {
        let j = scanIdent(s, start);
        while (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9) j++;
        const c = s.charCodeAt(j);
        if ((c === 61 && s.charCodeAt(j + 1) !== 61) || c === 123 || c === 34 || isIdentStart(s, j)) {
          this.setPos(start);
          return;
        }
      }
      nl = s.indexOf('\n', start);
    }
    this.setPos(s.length);
  }

  /** One argument or block; the name is the peeked token. */
  private parseItem(attributes: Attribute[], blocks: Block[]): void {
    if (this.peek() !== T_IDENT) this.failToken('expected an argument name or a block type');
    const nameStart = this.tokStart;
    const nameEnd = this.tokEnd;
    const name = this.tokenText();
    this.take();
    const k = this.peek();
    if (k === T_EQ) {
      const attr = this.parseAttribute(name, nameStart, nameEnd);
      const k2 = this.peek();
      if (k2 === T_NEWLINE) this.take();
      else if (k2 === T_COMMA) {
        this.fail(this.tokStart, this.tokEnd, `unexpected ',' after the argument '${name}': arguments are separated by new lines, not commas`);
      } else if (k2 !== T_EOF) this.failToken(`expected a new line after the value of the argument '${name}'`);
      this.addAttribute(attr, attributes);
      return;
    }
    if (k === T_OQUOTE || k === T_IDENT || k === T_LBRACE) {
      blocks.push(this.parseBlock(name, nameStart, nameEnd));
      return;
    }
    this.failToken(`expected '=' or a block after the name '${name}'`);
  }

  private addAttribute(attr: Attribute, attributes: Attribute[]): void {
    let previous: Attribute | undefined;
    const n = attributes.length;
    if (n < 64) {
      for (let i = 0; i < n; i++) {
        if (attributes[i]!.name === attr.name) {
          previous = attributes[i];
          break;
        }
      }
    } else {
      // Large bodies (.tfvars): an index by name, built once and kept in step.
      let index = this.attributeIndex.get(attributes);
      if (!index) {
        index = new Map(attributes.map((a) => [a.name, a]));
        this.attributeIndex.set(attributes, index);
      }
      previous = index.get(attr.name);
      if (!previous) index.set(attr.name, attr);
    }
    if (previous) {
      // Not fatal: the syntax is fine, the second definition is left out.
      this.failures.push(
        new ParseFailure(
          attr.nameRange.start.offset,
          attr.nameRange.end.offset,
          `the argument '${attr.name}' is already set at ${this.where(previous.nameRange.start.offset)}; an argument can be set only once in a block`,
        ),
      );
      return;
    }
    attributes.push(attr);
  }

  /** `name = expr` (the `=` is peeked); does not consume the line end. */
  private parseAttribute(name: string, nameStart: number, nameEnd: number): Attribute {
    this.take();
    const expr = this.parseExpression();
    const nameRange = this.range(nameStart, nameEnd);
    return { name, nameRange, expr, range: { start: nameRange.start, end: expr.range.end } };
  }

  /** A block; its type name is consumed, the first label or `{` is peeked. */
  private parseBlock(type: string, typeStart: number, typeEnd: number): Block {
    const labels: BlockLabel[] = [];
    for (;;) {
      const k = this.peek();
      if (k === T_LBRACE) break;
      if (k === T_OQUOTE) {
        const q = this.tokStart;
        this.take();
        const value = parseQuotedLabel(this, q);
        labels.push({ value, range: this.range(q, this.pos), quoted: true });
      } else if (k === T_IDENT) {
        labels.push({ value: this.tokenText(), range: this.range(this.tokStart, this.tokEnd), quoted: false });
        this.take();
      } else {
        this.failToken(`expected a label or '{' in the header of the block '${type}'`);
      }
    }
    const openStart = this.tokStart;
    const openBraceRange = this.range(openStart, this.tokEnd);
    this.take();
    if (++this.depth > MAX_NESTING) {
      // Everything after is inside this block: nothing more can be read.
      this.fail(openStart, openStart + 1, `the blocks are nested too deeply (more than ${MAX_NESTING} levels); the rest of the file was not parsed`, this.src.length);
    }
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    let k = this.peek();
    if (k === T_NEWLINE || k === T_EOF || k === T_RBRACE) {
      for (;;) {
        k = this.peek();
        if (k === T_RBRACE) break;
        if (k === T_NEWLINE) {
          this.take();
          continue;
        }
        if (k === T_EOF) {
          this.fail(openStart, openStart + 1, `unclosed block: the '{' of the block '${type}' at ${this.where(openStart)} has no matching '}'`, this.src.length);
        }
        this.parseItem(attributes, blocks);
      }
    } else {
      this.parseSingleLineBody(type, attributes);
    }
    const closeStart = this.tokStart;
    const closeBraceRange = this.range(closeStart, this.tokEnd);
    this.take();
    this.depth--;
    k = this.peek();
    if (k === T_NEWLINE) this.take();
    else if (k !== T_EOF) this.failToken(`expected a new line after the '}' that closes the block '${type}'`);
    const typeRange = this.range(typeStart, typeEnd);
    return {
      type,
      typeRange,
      labels,
      body: { attributes, blocks, range: { start: openBraceRange.start, end: closeBraceRange.end } },
      range: { start: typeRange.start, end: closeBraceRange.end },
      openBraceRange,
      closeBraceRange,
    };
  }

  /** `{ name = value }` on one line: at most one argument, no nested block. Leaves the `}` peeked. */
  private parseSingleLineBody(type: string, attributes: Attribute[]): void {
    if (this.peek() !== T_IDENT) this.failToken(`expected an argument name, a new line or '}' after the '{' of the block '${type}'`);
    const nameStart = this.tokStart;
    const nameEnd = this.tokEnd;
    const name = this.tokenText();
    this.take();
    const k = this.peek();
    if (k === T_OQUOTE || k === T_IDENT || k === T_LBRACE) {
      this.fail(
        nameStart,
        nameEnd,
        `a single-line block can hold one argument only; to nest the block '${name}' inside '${type}', put it on its own line`,
      );
    }
    if (k !== T_EQ) this.failToken(`expected '=' after the name '${name}'`);
    attributes.push(this.parseAttribute(name, nameStart, nameEnd));
    const k2 = this.peek();
    if (k2 === T_RBRACE) return;
    if (k2 === T_COMMA) {
      this.fail(this.tokStart, this.tokEnd, `a single-line block can hold one argument only; put each argument of '${type}' on its own line`);
    }
    if (k2 === T_NEWLINE) {
      this.fail(this.tokStart, this.tokEnd, `a block that has an argument on the line of its '{' must be closed on that line; put the argument '${name}' on its own line or close the block with '}' after it`);
    }
    this.failToken(`expected '}' to close the single-line block '${type}'`);
  }

  // -------------------------------------------------------------------------------------------------
  // Expressions

  parseExpression(): Expression {
    if (++this.depth > MAX_NESTING) this.tooDeep(this.pos);
    const condition = this.parseBinary(0);
    if (this.peek() !== T_QUESTION) {
      this.depth--;
      return condition;
    }
    this.take();
    const trueExpr = this.parseExpression();
    if (this.peek() !== T_COLON) this.failToken("expected ':' and the false result of the conditional '?'");
    this.take();
    const falseExpr = this.parseExpression();
    this.depth--;
    return { kind: 'Conditional', condition, trueExpr, falseExpr, range: { start: condition.range.start, end: falseExpr.range.end } };
  }

  /** Operators binding tighter than `min`, left-associative. */
  private parseBinary(min: number): Expression {
    let left = this.parseUnary();
    let chain = this.depth;
    for (;;) {
      const k = this.peek();
      const level = LEVEL[k]!;
      if (level <= min) return left;
      const opRange = this.range(this.tokStart, this.tokEnd);
      this.take();
      const right = this.parseBinary(level);
      if (++chain > MAX_NESTING) this.tooDeep(opRange.start.offset);
      left = { kind: 'BinaryOp', op: OPERATOR[k]!, left, right, opRange, range: { start: left.range.start, end: right.range.end } };
    }
  }

  private parseUnary(): Expression {
    const k = this.peek();
    if (k !== T_MINUS && k !== T_BANG) return this.parsePostfix(this.parseTerm(), PLAIN);
    const opRange = this.range(this.tokStart, this.tokEnd);
    this.take();
    if (++this.depth > MAX_NESTING) this.tooDeep(opRange.start.offset);
    const operand = this.parseUnary();
    this.depth--;
    return { kind: 'UnaryOp', op: k === T_MINUS ? '-' : '!', operand, opRange, range: { start: opRange.start, end: operand.range.end } };
  }

  /** Attribute access, indexes and splats after a term. */
  private parsePostfix(e: Expression, mode: number): Expression {
    let chain = this.depth;
    for (;;) {
      const k = this.peek();
      if (k === T_DOT) {
        const dot = this.tokStart;
        this.take();
        const k2 = this.peek();
        if (k2 === T_IDENT) {
          e = this.attrStep(e, dot);
        } else if (k2 === T_NUMBER) {
          e = this.legacyIndexStep(e, dot);
        } else if (k2 === T_STAR) {
          if (mode === IN_ATTR_SPLAT) {
            this.fail(this.tokStart, this.tokEnd, "nested splat: '.*' cannot follow another '.*' (use [*] to splat inside a splat)");
          }
          const item: SplatItemExpr = { kind: 'SplatItem', range: this.range(dot, this.tokEnd) };
          this.take();
          if (++this.depth > MAX_NESTING) this.tooDeep(dot);
          const each = this.parsePostfix(item, IN_ATTR_SPLAT);
          this.depth--;
          e = { kind: 'Splat', full: false, source: e, each, range: { start: e.range.start, end: each.range.end } };
        } else {
          this.failToken("expected an attribute name after '.'");
        }
      } else if (k === T_LBRACK) {
        if (mode === IN_ATTR_SPLAT) return e;
        const open = this.tokStart;
        this.take();
        this.pushNewlines(false);
        if (this.peek() === T_STAR) {
          this.take();
          if (this.peek() !== T_RBRACK) this.failToken("expected ']' after '[*'");
          const item: SplatItemExpr = { kind: 'SplatItem', range: this.range(open, this.tokEnd) };
          this.take();
          this.popNewlines();
          if (++this.depth > MAX_NESTING) this.tooDeep(open);
          const each = this.parsePostfix(item, IN_FULL_SPLAT);
          this.depth--;
          e = { kind: 'Splat', full: true, source: e, each, range: { start: e.range.start, end: each.range.end } };
        } else {
          const key = this.parseExpression();
          if (this.peek() !== T_RBRACK) this.failToken(`expected ']' to close the index '[' at ${this.where(open)}`);
          const close = this.tokEnd;
          this.take();
          this.popNewlines();
          e = this.indexStep(e, key, open, close);
        }
      } else {
        return e;
      }
      // A static reference grows flat (its steps); anything else nests one node deeper.
      if (e.kind !== 'ScopeTraversal' && ++chain > MAX_NESTING) this.tooDeep(this.pos);
    }
  }

  private attrStep(e: Expression, dot: number): Expression {
    const name = this.tokenText();
    const nameRange = this.range(this.tokStart, this.tokEnd);
    this.take();
    if (e.kind === 'ScopeTraversal') {
      const step = { kind: 'attr' as const, name, range: { start: this.lines.position(dot), end: nameRange.end } };
      e.steps.push(step);
      e.range.end = nameRange.end;
      return e;
    }
    return { kind: 'GetAttr', source: e, name, nameRange, range: { start: e.range.start, end: nameRange.end } };
  }

  /** `.0`: the legacy index form. */
  private legacyIndexStep(e: Expression, dot: number): Expression {
    const raw = this.tokenText();
    if (raw.includes('.')) {
      this.fail(this.tokStart, this.tokEnd, `legacy index syntax cannot be chained ('.${raw}'); write the indexes in brackets, like [0][1]`);
    }
    if (!isValidNumber(raw)) this.fail(this.tokStart, this.tokEnd, `invalid number '${raw}'`);
    const value = Number(raw);
    const keyRange = this.range(this.tokStart, this.tokEnd);
    this.take();
    if (e.kind === 'ScopeTraversal') {
      e.steps.push({ kind: 'index', key: value, legacy: true, range: { start: this.lines.position(dot), end: keyRange.end } });
      e.range.end = keyRange.end;
      return e;
    }
    const key: LiteralExpr = { kind: 'Literal', value, raw, range: keyRange };
    return { kind: 'Index', collection: e, key, legacy: true, range: { start: e.range.start, end: keyRange.end } };
  }

  /** `[key]`: a literal key extends a static reference; anything else is an `Index`. */
  private indexStep(e: Expression, key: Expression, open: number, close: number): Expression {
    const end = this.lines.position(close);
    if (e.kind === 'ScopeTraversal') {
      let value: string | number | boolean | null | undefined;
      if (key.kind === 'Literal') value = key.value;
      else if (key.kind === 'Template') value = templateLiteralValue(key);
      if (value !== undefined) {
        e.steps.push({ kind: 'index', key: value, keyExpr: key as LiteralExpr | TemplateExpr, legacy: false, range: { start: this.lines.position(open), end } });
        e.range.end = end;
        return e;
      }
    }
    return { kind: 'Index', collection: e, key, legacy: false, range: { start: e.range.start, end } };
  }

  private parseTerm(): Expression {
    const k = this.peek();
    switch (k) {
      case T_NUMBER: {
        const raw = this.tokenText();
        if (!isValidNumber(raw)) this.fail(this.tokStart, this.tokEnd, `invalid number '${raw}'`);
        const range = this.range(this.tokStart, this.tokEnd);
        this.take();
        return { kind: 'Literal', value: Number(raw), raw, range };
      }
      case T_IDENT:
        return this.parseIdentTerm();
      case T_OQUOTE: {
        const q = this.tokStart;
        this.take();
        return parseQuotedTemplate(this, q);
      }
      case T_HEREDOC: {
        const start = this.tokStart;
        const end = this.tokEnd;
        this.take();
        return parseHeredoc(this, start, end);
      }
      case T_LPAREN: {
        const open = this.tokStart;
        this.take();
        this.pushNewlines(false);
        const expr = this.parseExpression();
        if (this.peek() !== T_RPAREN) this.failToken(`expected ')' to close the '(' at ${this.where(open)}`);
        const close = this.tokEnd;
        this.take();
        this.popNewlines();
        return { kind: 'Parenthesized', expr, range: this.range(open, close) };
      }
      case T_LBRACK:
        return this.parseTupleOrFor();
      case T_LBRACE:
        return this.parseObjectOrFor();
    }
    this.failToken('expected an expression');
  }

  private parseIdentTerm(): Expression {
    const start = this.tokStart;
    const end = this.tokEnd;
    const name = this.tokenText();
    this.take();
    const k = this.peek();
    if (k === T_LPAREN || k === T_DCOLON) return this.parseCall(name, start, end);
    const range = this.range(start, end);
    if (name === 'true') return { kind: 'Literal', value: true, range };
    if (name === 'false') return { kind: 'Literal', value: false, range };
    if (name === 'null') return { kind: 'Literal', value: null, range };
    // Its own range object: steps extend it in place.
    const traversal: ScopeTraversalExpr = { kind: 'ScopeTraversal', root: name, rootRange: range, steps: [], range: { start: range.start, end: range.end } };
    return traversal;
  }

  /** `name(args)` or `ns::name(args)`; the first name is consumed, `(` or `::` is peeked. */
  private parseCall(first: string, start: number, firstEnd: number): FunctionCallExpr {
    let name = first;
    let nameEnd = firstEnd;
    while (this.peek() === T_DCOLON) {
      this.take();
      if (this.peek() !== T_IDENT) this.failToken(`expected a name after '${name}::'`);
      name += '::' + this.tokenText();
      nameEnd = this.tokEnd;
      this.take();
    }
    if (this.peek() !== T_LPAREN) this.failToken(`expected '(' after the function name '${name}'`);
    const open = this.tokStart;
    const openParenRange = this.range(open, this.tokEnd);
    this.take();
    this.pushNewlines(false);
    const args: Expression[] = [];
    let expandFinal = false;
    for (;;) {
      if (this.peek() === T_RPAREN) break;
      args.push(this.parseExpression());
      const k = this.peek();
      if (k === T_COMMA) {
        this.take();
        continue;
      }
      if (k === T_ELLIPSIS) {
        this.take();
        expandFinal = true;
        if (this.peek() !== T_RPAREN) this.failToken(`expected ')' after '...': only the last argument of '${name}' can be expanded`);
        break;
      }
      if (k !== T_RPAREN) this.failToken(`expected ',' or ')' after an argument of '${name}' (the '(' is at ${this.where(open)})`);
    }
    const closeParenRange = this.range(this.tokStart, this.tokEnd);
    this.take();
    this.popNewlines();
    const nameRange = this.range(start, nameEnd);
    return {
      kind: 'FunctionCall',
      name,
      nameRange,
      args,
      expandFinal,
      openParenRange,
      closeParenRange,
      range: { start: nameRange.start, end: closeParenRange.end },
    };
  }

  private parseTupleOrFor(): Expression {
    const open = this.tokStart;
    this.take();
    this.pushNewlines(false);
    if (this.isKeyword('for')) {
      const e = this.parseFor(open, false);
      this.popNewlines();
      return e;
    }
    const items: Expression[] = [];
    for (;;) {
      if (this.peek() === T_RBRACK) break;
      items.push(this.parseExpression());
      const k = this.peek();
      if (k === T_COMMA) {
        this.take();
        continue;
      }
      if (k !== T_RBRACK) this.failToken(`expected ',' or ']' after an item of the list that starts at ${this.where(open)}`);
    }
    const close = this.tokEnd;
    this.take();
    this.popNewlines();
    const tuple: TupleExpr = { kind: 'Tuple', items, range: this.range(open, close) };
    return tuple;
  }

  private parseObjectOrFor(): Expression {
    const open = this.tokStart;
    this.take();
    this.pushNewlines(false);
    if (this.isKeyword('for')) {
      const e = this.parseFor(open, true);
      this.popNewlines();
      return e;
    }
    this.popNewlines();
    this.pushNewlines(true);
    const items: ObjectItem[] = [];
    for (;;) {
      let k = this.peek();
      while (k === T_NEWLINE) {
        this.take();
        k = this.peek();
      }
      if (k === T_RBRACE) break;
      if (k === T_EOF) this.failToken(`expected '}' to close the object '{' at ${this.where(open)}`);
      const key = this.parseExpression();
      k = this.peek();
      if (k !== T_EQ && k !== T_COLON) this.failToken("expected '=' or ':' after the object key");
      const separator = k === T_EQ ? '=' : ':';
      this.take();
      const value = this.parseExpression();
      items.push({ key, value, separator, range: { start: key.range.start, end: value.range.end } });
      k = this.peek();
      if (k === T_COMMA || k === T_NEWLINE) {
        this.take();
        continue;
      }
      if (k !== T_RBRACE) this.failToken(`expected ',', a new line or '}' after an item of the object that starts at ${this.where(open)}`);
    }
    const close = this.tokEnd;
    this.take();
    this.popNewlines();
    const obj: ObjectExpr = { kind: 'Object', items, range: this.range(open, close) };
    return obj;
  }

  /** `[for …]` or `{for …}`; `for` is peeked, newlines are ignored. */
  private parseFor(open: number, object: boolean): ForTupleExpr | ForObjectExpr {
    this.take();
    let valueVar = this.forVariable();
    let keyVar: Identifier | undefined;
    if (this.peek() === T_COMMA) {
      this.take();
      keyVar = valueVar;
      valueVar = this.forVariable();
    }
    if (!this.isKeyword('in')) this.failToken("expected 'in' after the variable names of the 'for' expression");
    this.take();
    const collection = this.parseExpression();
    if (this.peek() !== T_COLON) this.failToken("expected ':' after the collection of the 'for' expression");
    this.take();
    let key: Expression | undefined;
    let value = this.parseExpression();
    let grouping = false;
    if (object) {
      if (this.peek() !== T_FATARROW) {
        this.failToken("expected '=>' and a value after the key: a 'for' expression in braces builds an object ({for k, v in x : k => v})");
      }
      this.take();
      key = value;
      value = this.parseExpression();
    }
    if (this.peek() === T_ELLIPSIS) {
      if (!object) this.fail(this.tokStart, this.tokEnd, "the grouping '...' is only for a 'for' expression that builds an object ({for …})");
      this.take();
      grouping = true;
    }
    let condition: Expression | undefined;
    if (this.isKeyword('if')) {
      this.take();
      condition = this.parseExpression();
    }
    const closer = object ? T_RBRACE : T_RBRACK;
    if (this.peek() !== closer) {
      this.failToken(`expected '${object ? '}' : ']'}' to end the 'for' expression that starts at ${this.where(open)}`);
    }
    const range = this.range(open, this.tokEnd);
    this.take();
    if (object) {
      return { kind: 'ForObject', keyVar, valueVar, collection, key: key!, value, grouping, condition, range };
    }
    return { kind: 'ForTuple', keyVar, valueVar, collection, value, condition, range };
  }

  private forVariable(): Identifier {
    if (this.peek() !== T_IDENT) this.failToken("expected a variable name in the 'for' expression");
    const id = { name: this.tokenText(), range: this.range(this.tokStart, this.tokEnd) };
    this.take();
    return id;
  }
}
