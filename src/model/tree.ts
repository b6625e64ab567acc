/**
 * One positioned value tree for every format (ARM JSON, and later Bicep and HCL).
 *
 * Lines and columns are 1-based; columns count UTF-16 code units (what editors and
 * Azure DevOps show). `endColumn` is the column just after the last character, as in SARIF.
 */

export interface Location {
  /** Path of the file, relative to the scan root, with forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

interface NodeBase extends Location {
  /** 0-based UTF-16 offset of the first character in the file text. */
  offset: number;
  /** Length in UTF-16 code units. */
  length: number;
}

export interface ObjectNode extends NodeBase {
  kind: 'object';
  /** In source order; duplicate keys are kept. */
  entries: Entry[];
}

export interface Entry {
  key: string;
  keyLocation: Location;
  value: Node;
}

export interface ArrayNode extends NodeBase {
  kind: 'array';
  items: Node[];
}

export interface StringNode extends NodeBase {
  kind: 'string';
  value: string;
}

export interface NumberNode extends NodeBase {
  kind: 'number';
  value: number;
}

export interface BoolNode extends NodeBase {
  kind: 'bool';
  value: boolean;
}

export interface NullNode extends NodeBase {
  kind: 'null';
}

/** A value that must be evaluated (ARM `[...]`, later Bicep and HCL expressions). */
export interface ExpressionNode extends NodeBase {
  kind: 'expression';
  lang: 'arm' | 'bicep' | 'hcl';
  /** The expression source, without the ARM brackets. */
  text: string;
  /** Parsed form, cached by the evaluator of `lang`. */
  ast?: unknown;
}

export type ScalarNode = StringNode | NumberNode | BoolNode | NullNode;
export type Node = ObjectNode | ArrayNode | ScalarNode | ExpressionNode;

export function locationOf(node: Location): Location {
  return { file: node.file, line: node.line, column: node.column, endLine: node.endLine, endColumn: node.endColumn };
}

/** Entries whose key matches `key` (ARM keys compare case-insensitively). */
export function findEntry(obj: ObjectNode, key: string, caseInsensitive: boolean): Entry | undefined {
  if (caseInsensitive) {
    const lower = key.toLowerCase();
    // Last one wins, as in JSON.parse and the ARM engine.
    for (let i = obj.entries.length - 1; i >= 0; i--) {
      const e = obj.entries[i]!;
      if (e.key.length === key.length && e.key.toLowerCase() === lower) return e;
    }
    return undefined;
  }
  for (let i = obj.entries.length - 1; i >= 0; i--) {
    if (obj.entries[i]!.key === key) return obj.entries[i];
  }
  return undefined;
}

export function getValue(obj: ObjectNode, key: string, caseInsensitive = true): Node | undefined {
  return findEntry(obj, key, caseInsensitive)?.value;
}

/** A string property's literal value, or undefined when absent or not a plain string. */
export function getString(obj: ObjectNode, key: string, caseInsensitive = true): string | undefined {
  const v = getValue(obj, key, caseInsensitive);
  return v?.kind === 'string' ? v.value : undefined;
}

/** Converts a literal subtree to a plain JS value; expressions become `undefined`. */
export function toPlain(node: Node): unknown {
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) out[e.key] = toPlain(e.value);
      return out;
    }
    case 'array':
      return node.items.map(toPlain);
    case 'string':
    case 'number':
    case 'bool':
      return node.value;
    case 'null':
      return null;
    case 'expression':
      return undefined;
  }
}

/** Builds a literal node that stands at `at` (used for values computed by an evaluator). */
export function synthesize(value: unknown, at: NodeBase): Node {
  const base = {
    file: at.file,
    line: at.line,
    column: at.column,
    endLine: at.endLine,
    endColumn: at.endColumn,
    offset: at.offset,
    length: at.length,
  };
  if (value === null || value === undefined) return { ...base, kind: 'null' };
  if (typeof value === 'string') return { ...base, kind: 'string', value };
  if (typeof value === 'number') return { ...base, kind: 'number', value };
  if (typeof value === 'boolean') return { ...base, kind: 'bool', value };
  if (Array.isArray(value)) return { ...base, kind: 'array', items: value.map((v) => synthesize(v, at)) };
  if (typeof value === 'object' && isNode(value)) return value;
  const entries: Entry[] = Object.entries(value as Record<string, unknown>).map(([key, v]) => ({
    key,
    keyLocation: locationOf(at),
    value: synthesize(v, at),
  }));
  return { ...base, kind: 'object', entries };
}

export function isNode(value: unknown): value is Node {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    typeof (value as { line?: unknown }).line === 'number' &&
    typeof (value as { file?: unknown }).file === 'string'
  );
}

/** A parser's range: start and exclusive end, each with 1-based line and column and 0-based offset. */
export interface SourceRange {
  start: { line: number; column: number; offset: number };
  end: { line: number; column: number; offset: number };
}

/** The position fields of a node that spans `range` in `file`. */
export function spanOf(range: SourceRange, file: string) {
  return {
    file,
    line: range.start.line,
    column: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
    offset: range.start.offset,
    length: range.end.offset - range.start.offset,
  };
}

export function locationOfRange(range: SourceRange, file: string): Location {
  return { file, line: range.start.line, column: range.start.column, endLine: range.end.line, endColumn: range.end.column };
}
