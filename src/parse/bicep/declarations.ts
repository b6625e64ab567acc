/**
 * Bicep declarations and the program: `targetScope`, `metadata`, `param`, `var`, `output`, `resource`, `module`,
 * `import`, `extension`, `using`, `type`, `func`, `test`, `assert`, with their decorators. Each declaration must
 * end at a line break (or the end of the file); a statement that fails is skipped up to the next line break.
 */
import type {
  Decorator,
  ErrorNode,
  ExtensionDeclaration,
  ImportDeclaration,
  ImportedSymbol,
  MissingDeclaration,
  ObjectExpression,
  Position,
  Program,
  ResourceBody,
  ResourceDeclaration,
  Statement,
  StringExpression,
  TypedLambda,
  TypedLambdaParameter,
  UsingDeclaration,
} from './ast';
import { DepthError, MAX_DEPTH } from './cursor';
import { COMPLEX, M_NEWLINE, RESOURCES } from './expressions';
import { TypeParser } from './types';
import { TokenKind, bit } from './tokens';

const M_ASSIGNMENT = bit(TokenKind.Assignment) | M_NEWLINE;
const M_IDENT_NEXT = bit(TokenKind.Identifier) | M_NEWLINE;
const M_STRING_NEXT = bit(TokenKind.StringComplete) | bit(TokenKind.StringLeftPiece) | M_NEWLINE;
const M_BODY_START = bit(TokenKind.LeftBrace) | M_NEWLINE;
const M_PARAM_TYPE = bit(TokenKind.Assignment) | bit(TokenKind.LeftBrace) | M_NEWLINE;
const M_LAMBDA = M_NEWLINE | bit(TokenKind.RightParen);
const M_TYPED_PARAM = M_NEWLINE | bit(TokenKind.Comma) | bit(TokenKind.RightParen);
const M_IMPORT_ALIAS = bit(TokenKind.Comma) | M_NEWLINE;

const STATEMENT_KEYWORDS = new Set([
  'targetScope', 'metadata', 'param', 'var', 'output', 'resource', 'module', 'import', 'extension', 'using', 'type', 'func', 'test', 'assert',
]);

export class DeclarationParser extends TypeParser {
  program(): Program {
    const statements: Statement[] = [];
    while (!this.atEnd()) {
      const startIndex = this.pos;
      try {
        const decl = this.recover(() => this.declaration(false), M_NEWLINE);
        if (decl === null || decl.kind === 'Error') continue;
        statements.push(decl);
        this.endOfStatement();
      } catch (e) {
        // Nesting deeper than MAX_DEPTH, or (defensively) an engine stack overflow before that.
        if (!(e instanceof DepthError) && !(e instanceof RangeError)) throw e;
        const at = e instanceof DepthError ? e.token : this.peek();
        this.depth = 0;
        this.report(this.errorRange(at), `The expression is nested more than ${MAX_DEPTH} levels deep; the rest of this statement was not parsed.`);
        this.skipStatement(startIndex);
      }
    }
    // The whole text: from its first character (comments and blank lines included) to its end.
    const end = this.peek().endPos();
    return { kind: 'Program', statements, comments: [], directives: [], range: { start: { line: 1, column: 1, offset: 0 }, end } };
  }

  /** A declaration must be followed by a line break or the end of the file. */
  private endOfStatement(): void {
    if (this.atEnd()) return;
    if (this.check(TokenKind.NewLine)) {
      this.read();
      return;
    }
    this.reportUnexpected(this.peek(), 'a new line after the declaration');
    this.synchronize(M_NEWLINE);
    if (this.check(TokenKind.NewLine)) this.read();
  }

  /**
   * After a nesting overflow: skips to the line break that ends the statement begun at `startIndex`: where its
   * brackets are balanced, or (brackets left open) before a line that starts with a declaration keyword in column 1.
   */
  private skipStatement(startIndex: number): void {
    let balance = 0;
    let i = startIndex;
    const tokens = this.tokens;
    for (; i < this.pos; i++) balance += bracketDelta(tokens[i]!.kind);
    for (; tokens[i]!.kind !== TokenKind.EndOfFile; i++) {
      const k = tokens[i]!.kind;
      if (k === TokenKind.NewLine) {
        if (balance <= 0) break;
        const next = tokens[i + 1]!;
        if (next.column === 1 && next.kind === TokenKind.Identifier && STATEMENT_KEYWORDS.has(next.value)) break;
      }
      balance += bracketDelta(k);
    }
    this.pos = i;
    if (i > 0) this.lastEnd = tokens[i - 1]!.endPos();
  }

  /** A declaration; null when the statement was an empty line. `childOnly`: inside a resource body. */
  private declaration(childOnly: boolean): Statement | null {
    const decorators = this.decorators();
    const t = this.peek();
    const start = decorators.length > 0 ? decorators[0]!.range.start : t.startPos();
    if (t.kind === TokenKind.Identifier) {
      switch (childOnly ? (t.value === 'resource' ? t.value : '') : t.value) {
        case 'targetScope':
          return this.targetScope(decorators, start);
        case 'metadata':
          return this.metadata(decorators, start);
        case 'param':
          return this.parameter(decorators, start);
        case 'var':
          return this.variable(decorators, start);
        case 'output':
          return this.output(decorators, start);
        case 'resource':
          return this.resource(decorators, start);
        case 'module':
          return this.module(decorators, start);
        case 'import':
          return this.importDeclaration(decorators, start);
        case 'extension':
          this.read();
          return this.extension(decorators, start);
        case 'using':
          return this.using(decorators, start);
        case 'type':
          return this.typeDeclaration(decorators, start);
        case 'func':
          return this.functionDeclaration(decorators, start);
        case 'test':
          return this.test(decorators, start);
        case 'assert':
          return this.assert(decorators, start);
      }
    } else if (t.kind === TokenKind.NewLine && decorators.length === 0) {
      this.read();
      return null;
    }
    if (decorators.length > 0) {
      this.reportUnexpected(t, 'a declaration after the decorator');
      return { kind: 'MissingDeclaration', decorators, range: this.rangeFromPos(start) };
    }
    throw this.unexpected(
      t,
      childOnly ? "'resource'" : 'a declaration (param, var, resource, module, output, type, func, import, metadata, targetScope)',
    );
  }

  protected childDeclaration(): ResourceDeclaration | MissingDeclaration {
    this.enter();
    const d = this.declaration(true);
    this.leave();
    if (d && (d.kind === 'Resource' || d.kind === 'MissingDeclaration')) return d;
    // declaration(true) throws for anything else; an empty line cannot start an element.
    return { kind: 'MissingDeclaration', decorators: [], range: this.emptyAt() };
  }

  // -------------------------------------------------------------------------------------------------------------

  private assignment(): void {
    this.recover(() => this.expect(TokenKind.Assignment, "'='"), M_NEWLINE);
  }

  private value() {
    return this.recover(() => this.expression(COMPLEX), M_NEWLINE);
  }

  private targetScope(decorators: Decorator[], start: Position): Statement {
    this.read();
    this.assignment();
    const value = this.value();
    return { kind: 'TargetScope', decorators, value, range: this.rangeFromPos(start) };
  }

  private metadata(decorators: Decorator[], start: Position): Statement {
    this.read();
    const name = this.identifierWithRecovery('a metadata name', M_ASSIGNMENT);
    this.assignment();
    const value = this.value();
    return { kind: 'Metadata', decorators, name, value, range: this.rangeFromPos(start) };
  }

  private parameter(decorators: Decorator[], start: Position): Statement {
    this.read();
    const name = this.identifierWithRecovery('a parameter name', M_IDENT_NEXT);
    const type = this.recover(() => this.type(false), M_PARAM_TYPE);
    const t = this.peek();
    if (t.kind === TokenKind.Assignment) {
      this.read();
      const defaultValue = this.value();
      return { kind: 'Parameter', decorators, name, type, defaultValue, range: this.rangeFromPos(start) };
    }
    if (t.kind !== TokenKind.NewLine && t.kind !== TokenKind.EndOfFile) {
      this.reportUnexpected(t, "'=' or a new line after the parameter type");
      this.synchronize(M_NEWLINE);
    }
    return { kind: 'Parameter', decorators, name, type, range: this.rangeFromPos(start) };
  }

  private variable(decorators: Decorator[], start: Position): Statement {
    this.read();
    const name = this.identifierWithRecovery('a variable name', M_IDENT_NEXT);
    const k = this.peek().kind;
    const type =
      k === TokenKind.EndOfFile || k === TokenKind.NewLine || k === TokenKind.Assignment
        ? undefined
        : this.recover(() => this.type(false), M_ASSIGNMENT);
    this.assignment();
    const value = this.value();
    return type
      ? { kind: 'Variable', decorators, name, type, value, range: this.rangeFromPos(start) }
      : { kind: 'Variable', decorators, name, value, range: this.rangeFromPos(start) };
  }

  private output(decorators: Decorator[], start: Position): Statement {
    this.read();
    const name = this.identifierWithRecovery('an output name', M_IDENT_NEXT);
    const type = this.recover(() => this.type(true), M_ASSIGNMENT);
    this.assignment();
    const value = this.value();
    return { kind: 'Output', decorators, name, type, value, range: this.rangeFromPos(start) };
  }

  /** The body of a resource or module: `{…}`, `if (…) {…}` or `[for …: …]`. */
  private body(flags: number): ResourceBody {
    const startIndex = this.pos;
    const depth = this.depth;
    try {
      const t = this.peek();
      if (t.kind === TokenKind.LeftBrace) return this.object(flags);
      if (t.kind === TokenKind.Identifier && t.value === 'if') return this.ifCondition(flags, false);
      if (t.kind === TokenKind.LeftSquare) return this.forExpression(flags, true);
      throw this.unexpected(t, "'{', 'if' or '[for'");
    } catch (e) {
      return this.recovered(e, startIndex, depth, M_NEWLINE);
    }
  }

  private resource(decorators: Decorator[], start: Position): ResourceDeclaration {
    this.read();
    const name = this.identifierWithRecovery('a resource name', M_STRING_NEXT);
    const typeString = this.recover(() => this.requiredString('a resource type string'), M_ASSIGNMENT);
    const existing = this.checkKeyword('existing') && !!this.read();
    const assign = this.recover(() => this.expect(TokenKind.Assignment, "'='"), M_BODY_START);
    if (assign.kind !== 'Error') this.newLinesBeforeIf();
    const value = this.body(RESOURCES | COMPLEX);
    const node: ResourceDeclaration = { kind: 'Resource', decorators, name, typeString, existing, value, range: this.rangeFromPos(start) };
    if (typeString.kind === 'String') {
      const at = typeString.value.indexOf('@');
      node.resourceType = at < 0 ? typeString.value : typeString.value.slice(0, at);
      if (at >= 0) node.apiVersion = typeString.value.slice(at + 1);
    }
    return node;
  }

  private newLinesBeforeIf(): void {
    if (!this.check(TokenKind.NewLine)) return;
    const next = this.peekSkippingNewLines();
    if (next.kind === TokenKind.Identifier && next.value === 'if') this.readNewLines();
  }

  private module(decorators: Decorator[], start: Position): Statement {
    this.read();
    const name = this.identifierWithRecovery('a module name', M_STRING_NEXT);
    const path = this.recover(() => this.requiredString('a module path string'), M_ASSIGNMENT);
    this.recover(() => this.expect(TokenKind.Assignment, "'='"), M_BODY_START);
    this.newLinesBeforeIf();
    const value = this.body(COMPLEX);
    return path.kind === 'String'
      ? { kind: 'Module', decorators, name, path, pathValue: path.value, value, range: this.rangeFromPos(start) }
      : { kind: 'Module', decorators, name, path, value, range: this.rangeFromPos(start) };
  }

  private test(decorators: Decorator[], start: Position): Statement {
    this.read();
    const name = this.identifierWithRecovery('a test name', M_STRING_NEXT);
    const path = this.recover(() => this.requiredString('a test path string'), M_ASSIGNMENT);
    this.recover(() => this.expect(TokenKind.Assignment, "'='"), M_BODY_START);
    const value = this.recover(() => this.object(COMPLEX), M_NEWLINE);
    return { kind: 'Test', decorators, name, path, value, range: this.rangeFromPos(start) };
  }

  private assert(decorators: Decorator[], start: Position): Statement {
    this.read();
    const name = this.identifierWithRecovery('an assertion name', M_ASSIGNMENT);
    this.assignment();
    const value = this.value();
    return { kind: 'Assert', decorators, name, value, range: this.rangeFromPos(start) };
  }

  private typeDeclaration(decorators: Decorator[], start: Position): Statement {
    this.read();
    const name = this.identifierWithRecovery('a type name', M_ASSIGNMENT);
    this.assignment();
    const value = this.recover(() => this.typeExpression(), M_PARAM_TYPE);
    return { kind: 'TypeDeclaration', decorators, name, value, range: this.rangeFromPos(start) };
  }

  private functionDeclaration(decorators: Decorator[], start: Position): Statement {
    this.read();
    const name = this.identifierWithRecovery('a function name', M_ASSIGNMENT);
    const lambda = this.recover(() => this.typedLambda(), M_NEWLINE);
    return { kind: 'FunctionDeclaration', decorators, name, lambda, range: this.rangeFromPos(start) };
  }

  private typedLambda(): TypedLambda {
    const list = this.parenList((): TypedLambdaParameter => {
      const t = this.peek();
      const name = this.identifierOrSkip('a parameter name');
      const type = this.recover(() => this.type(false), M_TYPED_PARAM);
      return { kind: 'TypedLambdaParameter', name, type, range: this.rangeFrom(t) };
    }, true);
    const parameters = list.items.filter((p): p is TypedLambdaParameter => p.kind === 'TypedLambdaParameter');
    const returnType = this.recover(() => this.type(false), M_LAMBDA);
    const arrow = this.recover(() => this.expect(TokenKind.Arrow, "'=>'"), M_LAMBDA);
    if (arrow.kind !== 'Error') this.newLinesBeforeBody();
    const body = this.recover(() => this.expression(COMPLEX), M_LAMBDA);
    return { kind: 'TypedLambda', parameters, returnType, body, range: this.rangeFrom(list.open) };
  }

  // -------------------------------------------------------------------------------------------------------------
  // import / extension / using

  private importDeclaration(decorators: Decorator[], start: Position): Statement {
    const kw = this.read();
    const t = this.peek();
    // `import 'spec'` is the former spelling of `extension 'spec'`.
    if (t.kind === TokenKind.StringComplete || t.kind === TokenKind.StringLeftPiece) return this.extension(decorators, start);
    const node: ImportDeclaration = { kind: 'Import', decorators, from: { kind: 'Error', range: { start: kw.endPos(), end: kw.endPos() } }, range: this.rangeFrom(kw) };
    if (t.kind === TokenKind.LeftBrace) {
      node.symbols = this.importedSymbols();
    } else if (t.kind === TokenKind.Asterisk) {
      const alias = this.recover(() => {
        this.read();
        this.expectKeyword('as');
        return this.identifierOf(this.expect(TokenKind.Identifier, 'a namespace name'));
      }, M_NEWLINE);
      if (alias.kind === 'Identifier') node.wildcardAlias = alias;
    } else {
      this.reportUnexpected(t, "'{' or '*' after 'import'");
      if (t.kind !== TokenKind.EndOfFile && t.kind !== TokenKind.NewLine && t.kind !== TokenKind.Identifier) this.read();
    }
    node.from = this.recover(() => {
      this.expectKeyword('from');
      return this.recover(() => this.requiredString('a path string'), M_NEWLINE);
    }, M_NEWLINE);
    node.range = this.rangeFromPos(start);
    return node;
  }

  private importedSymbols(): ImportedSymbol[] {
    this.read(); // {
    const symbols: ImportedSymbol[] = [];
    this.elementsOfBlock(TokenKind.RightBrace, () => {
      const t = this.peek();
      let name: ImportedSymbol['name'];
      if (t.kind === TokenKind.Identifier) {
        this.read();
        name = this.identifierOf(t);
      } else if (t.kind === TokenKind.StringComplete || t.kind === TokenKind.StringLeftPiece) {
        name = this.string();
        if (name.kind === 'InterpolatedString') this.report(name.range, 'An imported name must be a constant string.');
      } else {
        this.read();
        name = { kind: 'Error', range: { start: t.startPos(), end: t.endPos() } };
        this.reportUnexpected(t, 'the name of an exported symbol');
      }
      const symbol: ImportedSymbol = { kind: 'ImportedSymbol', name, range: this.rangeFrom(t) };
      if (this.checkKeyword('as')) {
        this.read();
        symbol.alias = this.identifierWithRecovery('an alias name', M_IMPORT_ALIAS);
        symbol.range = this.rangeFrom(t);
      } else if (name.kind === 'String' || name.kind === 'MultilineString') {
        this.report(name.range, "An imported name given as a string needs an alias ('as name').");
      }
      symbols.push(symbol);
    });
    this.expect(TokenKind.RightBrace, "'}'");
    return symbols;
  }

  /** After `extension` (or `import` followed by a string). */
  private extension(decorators: Decorator[], start: Position): ExtensionDeclaration {
    const t = this.peek();
    let specification: ExtensionDeclaration['specification'];
    if (t.kind === TokenKind.Identifier) {
      this.read();
      specification = this.identifierOf(t);
    } else {
      specification = this.recover(() => this.requiredString('an extension name or specification string'), M_NEWLINE);
    }
    const node: ExtensionDeclaration = { kind: 'Extension', decorators, specification, range: this.rangeFromPos(start) };
    let k = this.peek();
    if (k.kind !== TokenKind.EndOfFile && k.kind !== TokenKind.NewLine && !(k.kind === TokenKind.Identifier && k.value === 'as')) {
      node.config = this.recover((): ObjectExpression | ErrorNode => {
        const w = this.peek();
        if (!(w.kind === TokenKind.Identifier && w.value === 'with')) throw this.unexpected(w, "'with', 'as' or a new line");
        this.read();
        return this.recover(() => this.object(COMPLEX), M_NEWLINE);
      }, M_NEWLINE);
    }
    k = this.peek();
    if (k.kind !== TokenKind.EndOfFile && k.kind !== TokenKind.NewLine) {
      const alias = this.recover(() => {
        const a = this.peek();
        if (!(a.kind === TokenKind.Identifier && a.value === 'as')) throw this.unexpected(a, "'as' or a new line");
        this.read();
        return this.identifierWithRecovery('an alias name', M_NEWLINE);
      }, M_NEWLINE);
      if (alias.kind === 'Identifier') node.alias = alias;
    }
    node.range = this.rangeFromPos(start);
    return node;
  }

  private using(decorators: Decorator[], start: Position): UsingDeclaration {
    this.read();
    const t = this.peek();
    let path: UsingDeclaration['path'];
    if (t.kind === TokenKind.Identifier && t.value === 'none') {
      this.read();
      path = this.identifierOf(t);
    } else {
      path = this.recover((): StringExpression => this.requiredString("a path string or 'none'"), M_NEWLINE);
    }
    const node: UsingDeclaration = { kind: 'Using', decorators, path, range: this.rangeFromPos(start) };
    if (this.checkKeyword('with')) {
      this.read();
      node.config = this.recover(() => this.object(COMPLEX), M_NEWLINE);
    }
    node.range = this.rangeFromPos(start);
    return node;
  }
}

function bracketDelta(kind: TokenKind): number {
  switch (kind) {
    case TokenKind.LeftBrace:
    case TokenKind.LeftParen:
    case TokenKind.LeftSquare:
      return 1;
    case TokenKind.RightBrace:
    case TokenKind.RightParen:
    case TokenKind.RightSquare:
      return -1;
    default:
      return 0;
  }
}

