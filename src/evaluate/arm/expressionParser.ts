/**
 * Parser for the text inside an ARM template expression `[...]`.
 *
 * Grammar (whitespace allowed between tokens):
 *   expression := primary postfix*
 *   primary    := string | integer | call
 *   call       := name ('.' name)* '(' (expression (',' expression)*)? ')'
 *   postfix    := '.' name | '?.' name | '[' expression ']' | '?[' expression ']'
 *   string     := "'" ( any character except "'" | "''" )* "'"
 *   integer    := '-'? digit+
 */

export type ArmAst = StringLiteral | IntegerLiteral | Call | Member | Index;

export interface StringLiteral {
  kind: 'string';
  value: string;
  offset: number;
}

export interface IntegerLiteral {
  kind: 'integer';
  /** May be outside the safe integer range; the evaluator checks. */
  value: number;
  offset: number;
}

export interface Call {
  kind: 'call';
  /** As written; a user-defined function is `namespace.name`. */
  name: string;
  args: ArmAst[];
  offset: number;
}

export interface Member {
  kind: 'member';
  target: ArmAst;
  name: string;
  /** `?.name`: null instead of an error when the property is missing. */
  safe: boolean;
  offset: number;
}

export interface Index {
  kind: 'index';
  target: ArmAst;
  index: ArmAst;
  safe: boolean;
  offset: number;
}

export class ExpressionSyntaxError extends Error {
  /** 0-based offset in the expression text (without the ARM brackets). */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'ExpressionSyntaxError';
    this.offset = offset;
  }
}

/** Deeper nesting is not written by people or by Bicep; the limit keeps recursion off the stack limit. */
const MAX_NESTING = 256;

export function parseArmExpression(text: string): ArmAst {
  const parser = new Parser(text);
  const ast = parser.expression(0);
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail(`unexpected ${parser.describeCurrent()}`);
  return ast;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 /* _ */ || c === 36 /* $ */;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || isDigit(c);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && isSpace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  fail(message: string, offset = this.pos): never {
    throw new ExpressionSyntaxError(message, offset);
  }

  describeCurrent(): string {
    if (this.atEnd()) return 'end of expression';
    return `character '${this.text[this.pos]}'`;
  }

  expression(depth: number): ArmAst {
    if (depth > MAX_NESTING) this.fail('expression is nested too deeply');
    let node = this.primary(depth);
    // Each postfix nests the tree one level deeper, and the evaluator recurses on that depth.
    for (let level = depth + 1; ; level++) {
      if (level > MAX_NESTING) this.fail('expression is nested too deeply');
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 46 /* . */) {
        this.pos++;
        node = this.member(node, false);
      } else if (c === 63 /* ? */) {
        const next = this.text.charCodeAt(this.pos + 1);
        if (next === 46) {
          this.pos += 2;
          node = this.member(node, true);
        } else if (next === 91) {
          this.pos += 2;
          node = this.index(node, true, level);
        } else {
          this.fail("expected '.' or '[' after '?'", this.pos + 1);
        }
      } else if (c === 91 /* [ */) {
        this.pos++;
        node = this.index(node, false, level);
      } else {
        return node;
      }
    }
  }

  private member(target: ArmAst, safe: boolean): Member {
    this.skipSpace();
    const offset = this.pos;
    const name = this.name();
    if (name === undefined) this.fail(`expected a property name but found ${this.describeCurrent()}`);
    return { kind: 'member', target, name, safe, offset };
  }

  private index(target: ArmAst, safe: boolean, depth: number): Index {
    const offset = this.pos;
    this.skipSpace();
    const index = this.expression(depth + 1);
    this.skipSpace();
    this.expect(93 /* ] */, ']');
    return { kind: 'index', target, index, safe, offset };
  }

  private primary(depth: number): ArmAst {
    this.skipSpace();
    const offset = this.pos;
    const c = this.text.charCodeAt(this.pos);
    if (c === 39 /* ' */) return this.string();
    if (isDigit(c) || c === 45 /* - */) return this.integer();
    const first = this.name();
    if (first === undefined) this.fail(`expected a function call, string or integer but found ${this.describeCurrent()}`);
    let name = first;
    while (this.text.charCodeAt(this.pos) === 46 /* . */) {
      this.pos++;
      const part = this.name();
      if (part === undefined) this.fail(`expected a function name after '${name}.'`);
      name += '.' + part;
    }
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) !== 40 /* ( */) this.fail(`expected '(' after function name '${name}'`);
    this.pos++;
    const args: ArmAst[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 41 /* ) */) {
      this.pos++;
      return { kind: 'call', name, args, offset };
    }
    for (;;) {
      args.push(this.expression(depth + 1));
      this.skipSpace();
      const d = this.text.charCodeAt(this.pos);
      if (d === 44 /* , */) {
        this.pos++;
        continue;
      }
      if (d === 41 /* ) */) {
        this.pos++;
        return { kind: 'call', name, args, offset };
      }
      this.fail(`expected ',' or ')' in the arguments of '${name}' but found ${this.describeCurrent()}`);
    }
  }

  private name(): string | undefined {
    const start = this.pos;
    if (!isNameStart(this.text.charCodeAt(start))) return undefined;
    let end = start + 1;
    while (end < this.text.length && isNameChar(this.text.charCodeAt(end))) end++;
    this.pos = end;
    return this.text.slice(start, end);
  }

  private string(): StringLiteral {
    const offset = this.pos;
    let value = '';
    let from = this.pos + 1;
    for (;;) {
      const quote = this.text.indexOf("'", from);
      if (quote < 0) this.fail('string is not closed', offset);
      value += this.text.slice(from, quote);
      if (this.text.charCodeAt(quote + 1) === 39) {
        value += "'";
        from = quote + 2;
        continue;
      }
      this.pos = quote + 1;
      return { kind: 'string', value, offset };
    }
  }

  private integer(): IntegerLiteral {
    const offset = this.pos;
    let end = this.pos;
    if (this.text.charCodeAt(end) === 45) end++;
    const digitsStart = end;
    while (end < this.text.length && isDigit(this.text.charCodeAt(end))) end++;
    if (end === digitsStart) this.fail("expected digits after '-'", digitsStart);
    if (this.text.charCodeAt(end) === 46 && isDigit(this.text.charCodeAt(end + 1))) {
      this.fail('only integer numbers are allowed', offset);
    }
    this.pos = end;
    return { kind: 'integer', value: Number(this.text.slice(offset, end)), offset };
  }

  private expect(code: number, what: string): void {
    if (this.text.charCodeAt(this.pos) !== code) this.fail(`expected '${what}' but found ${this.describeCurrent()}`);
    this.pos++;
  }
}
