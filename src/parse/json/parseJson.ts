import { visit, printParseErrorCode } from 'jsonc-parser';
import type { ArrayNode, Entry, Location, Node, ObjectNode } from '../../model/tree';
import type { Diagnostic } from '../../model/diagnostic';

export interface Comment extends Location {
  text: string;
}

export interface JsonParseResult {
  root: Node | undefined;
  comments: Comment[];
  diagnostics: Diagnostic[];
}

type Container = { node: ObjectNode; pendingKey?: Entry } | { node: ArrayNode; pendingKey?: undefined };

/**
 * Deepest nesting of objects and arrays accepted. No template comes near it; deeper input is refused with a
 * positioned diagnostic, because jsonc-parser and every walker of the tree after it recurse once per level.
 */
export const MAX_JSON_NESTING = 1000;

/** Thrown out of `visit()` at the first value nested deeper than {@link MAX_JSON_NESTING}. */
class TooDeep {
  constructor(
    readonly line: number,
    readonly column: number,
  ) {}
}

/**
 * Parses JSON with comments and trailing commas (what ARM accepts) into the positioned tree,
 * using jsonc-parser's `visit()` (the fastest positioned path measured in reference/parsing.md).
 *
 * ARM strings of the form `[...]` become expression nodes; a leading `[[` escapes a literal `[`.
 */
export function parseJson(text: string, file: string, options: { armExpressions: boolean }): JsonParseResult {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Editors do not count a byte-order mark as a column; offsets are relative to the text without it.
  const diagnostics: Diagnostic[] = [];
  const comments: Comment[] = [];
  const stack: Container[] = [];
  let root: Node | undefined;

  const attach = (node: Node): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      if (root === undefined) root = node;
      return;
    }
    if (top.node.kind === 'array') {
      top.node.items.push(node);
    } else if (top.pendingKey) {
      top.pendingKey.value = node;
      top.node.entries.push(top.pendingKey);
      top.pendingKey = undefined;
    }
  };

  // Where the parser was last, for the safety net below.
  let lastLine = 0;
  let lastColumn = 0;
  const open = (kind: 'object' | 'array', offset: number, line: number, ch: number): void => {
    lastLine = line;
    lastColumn = ch;
    if (stack.length >= MAX_JSON_NESTING) throw new TooDeep(line + 1, ch + 1);
    const node: ObjectNode | ArrayNode =
      kind === 'object'
        ? { kind, file, line: line + 1, column: ch + 1, endLine: line + 1, endColumn: ch + 2, offset, length: 1, entries: [] }
        : { kind, file, line: line + 1, column: ch + 1, endLine: line + 1, endColumn: ch + 2, offset, length: 1, items: [] };
    attach(node);
    stack.push(kind === 'object' ? { node: node as ObjectNode } : { node: node as ArrayNode });
  };

  const close = (offset: number, line: number, ch: number): void => {
    const top = stack.pop();
    if (!top) return;
    top.node.endLine = line + 1;
    top.node.endColumn = ch + 2;
    top.node.length = offset + 1 - top.node.offset;
  };

  try {
    visit(
      src,
      {
        onObjectBegin: (offset, _len, line, ch) => open('object', offset, line, ch),
        onObjectEnd: (offset, _len, line, ch) => close(offset, line, ch),
        onArrayBegin: (offset, _len, line, ch) => open('array', offset, line, ch),
        onArrayEnd: (offset, _len, line, ch) => close(offset, line, ch),
        onObjectProperty: (property, _offset, length, line, ch) => {
          const top = stack[stack.length - 1];
          if (!top || top.node.kind !== 'object') return;
          const keyLocation: Location = { file, line: line + 1, column: ch + 1, endLine: line + 1, endColumn: ch + 1 + length };
          // The value is filled in by the next attach(); a key without a value is dropped.
          top.pendingKey = { key: property, keyLocation, value: undefined as unknown as Node };
        },
        onLiteralValue: (value: unknown, offset, length, line, ch) => {
          attach(literal(value, file, line + 1, ch + 1, offset, length, options.armExpressions));
        },
        onComment: (offset, length, line, ch) => {
          const body = src.slice(offset, offset + length);
          const end = endOf(body, line + 1, ch + 1);
          comments.push({ file, line: line + 1, column: ch + 1, endLine: end.line, endColumn: end.column, text: body });
        },
        onError: (error, offset, length, line, ch) => {
          // An unclosed comment or string runs over lines: its end is on the last of them.
          const end = endOf(src.slice(offset, offset + Math.max(length, 1)), line + 1, ch + 1);
          diagnostics.push({
            kind: 'parse-error',
            severity: 'error',
            file,
            line: line + 1,
            column: ch + 1,
            endLine: end.line,
            endColumn: end.line === line + 1 ? Math.max(end.column, ch + 2) : end.column,
            message: `JSON syntax error: ${describeError(printParseErrorCode(error))}.`,
          });
        },
      },
      { allowTrailingComma: true, disallowComments: false },
    );
  } catch (err) {
    // RangeError is a safety net: the nesting limit should stop any input long before the stack does.
    if (!(err instanceof TooDeep) && !(err instanceof RangeError)) throw err;
    const at = err instanceof TooDeep ? err : { line: lastLine + 1, column: lastColumn + 1 };
    diagnostics.push({
      kind: 'parse-error',
      severity: 'error',
      file,
      line: at.line,
      column: at.column,
      endLine: at.line,
      endColumn: at.column + 1,
      message: `JSON syntax error: the value is nested too deeply (more than ${MAX_JSON_NESTING} levels of objects and arrays).`,
    });
    return { root: undefined, comments, diagnostics };
  }
  return { root, comments, diagnostics };
}

/**
 * The 1-based position just after `text`, which starts at `line`:`column`. CRLF, LF and a lone CR each end a
 * line, as jsonc-parser counts them.
 */
function endOf(text: string, line: number, column: number): { line: number; column: number } {
  let lineStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      line++;
      lineStart = i;
    }
  }
  return lineStart < 0 ? { line, column: column + text.length } : { line, column: text.length - lineStart };
}

/** A scalar node; ARM strings of the form `[…]` become expressions (`[[` escapes a literal `[`). */
function literal(value: unknown, file: string, line: number, column: number, offset: number, length: number, arm: boolean): Node {
  const endColumn = column + length;
  if (typeof value === 'string') {
    if (arm && value.length >= 2 && value.charCodeAt(0) === 91 /* [ */) {
      if (value.charCodeAt(1) === 91)
        return { kind: 'string', file, line, column, endLine: line, endColumn, offset, length, value: value.slice(1) };
      if (value.charCodeAt(value.length - 1) === 93 /* ] */)
        return { kind: 'expression', file, line, column, endLine: line, endColumn, offset, length, lang: 'arm', text: value.slice(1, -1) };
    }
    return { kind: 'string', file, line, column, endLine: line, endColumn, offset, length, value };
  }
  if (typeof value === 'number') return { kind: 'number', file, line, column, endLine: line, endColumn, offset, length, value };
  if (typeof value === 'boolean') return { kind: 'bool', file, line, column, endLine: line, endColumn, offset, length, value };
  return { kind: 'null', file, line, column, endLine: line, endColumn, offset, length };
}

const errorText: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: "a ':' is expected",
  CommaExpected: "a ',' is expected",
  CloseBraceExpected: "a closing '}' is expected",
  CloseBracketExpected: "a closing ']' is expected",
  EndOfFileExpected: 'the end of the file is expected',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'a comment is not closed',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is not complete',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

function describeError(code: string): string {
  return errorText[code] ?? code;
}
