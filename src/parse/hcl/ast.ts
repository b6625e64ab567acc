/**
 * The syntax tree of an HCL2 native-syntax file (Terraform `.tf`, `.tfvars`), as `parseHcl` builds it.
 *
 * Every node has a `range`: 1-based line and column (columns count UTF-16 code units, as editors and
 * Azure DevOps do), 0-based UTF-16 `offset`, and an exclusive end (the position just after the last
 * character). Offsets are relative to the text without its byte-order mark, which `parseHcl` returns as
 * `source`; `source.slice(range.start.offset, range.end.offset)` is the exact source text of any node
 * (see `sourceText`).
 */

export interface Position {
  /** 1-based line; only LF (and CRLF) end a line, as in HCL. */
  line: number;
  /** 1-based column in UTF-16 code units. */
  column: number;
  /** 0-based UTF-16 offset into `source`. */
  offset: number;
}

export interface Range {
  start: Position;
  /** Exclusive: the position just after the last character. */
  end: Position;
}

// ---------------------------------------------------------------------------------------------------
// Structure

export interface Body {
  /** In source order; names are unique within a body (a repeated name is a syntax error). */
  attributes: Attribute[];
  /** In source order. */
  blocks: Block[];
  /** A block's body spans its braces; the file's body spans the whole file. */
  range: Range;
}

export interface Attribute {
  name: string;
  nameRange: Range;
  expr: Expression;
  /** From the name to the end of the value. */
  range: Range;
}

export interface Block {
  type: string;
  typeRange: Range;
  labels: BlockLabel[];
  body: Body;
  /** From the type name to the closing brace. */
  range: Range;
  openBraceRange: Range;
  closeBraceRange: Range;
}

export interface BlockLabel {
  /** The label's value (escapes decoded for a quoted label). */
  value: string;
  range: Range;
  /** `"label"` rather than a bare identifier. */
  quoted: boolean;
}

/** A name that an expression declares or reads: a for-expression variable, a template-for variable. */
export interface Identifier {
  name: string;
  range: Range;
}

// ---------------------------------------------------------------------------------------------------
// Expressions

export type Expression =
  | LiteralExpr
  | TemplateExpr
  | TupleExpr
  | ObjectExpr
  | ScopeTraversalExpr
  | FunctionCallExpr
  | ConditionalExpr
  | BinaryOpExpr
  | UnaryOpExpr
  | ForTupleExpr
  | ForObjectExpr
  | SplatExpr
  | SplatItemExpr
  | IndexExpr
  | GetAttrExpr
  | ParenthesizedExpr;

/**
 * A number, `true`, `false` or `null`; and, as a part of a template, a run of literal text (`string`),
 * with escapes decoded, strip markers and `<<-` indentation already applied.
 */
export interface LiteralExpr {
  kind: 'Literal';
  value: string | number | boolean | null;
  /** The source text of a number literal (exact digits, beyond what a double holds). */
  raw?: string;
  range: Range;
}

/**
 * A quoted string (`"…"`) or a heredoc (`<<EOT` / `<<-EOT`). A string without interpolations or
 * directives has only literal parts (none at all when empty); see `templateLiteralValue`.
 */
export interface TemplateExpr {
  kind: 'Template';
  parts: TemplatePart[];
  /** Set for a heredoc: its marker and whether it is the indented form `<<-`. */
  heredoc?: { marker: string; indented: boolean };
  range: Range;
}

export type TemplatePart = LiteralExpr | TemplateInterpolation | TemplateIf | TemplateFor;

/** `${ expr }`; `~` strip markers are recorded (and already applied to the neighbouring literals). */
export interface TemplateInterpolation {
  kind: 'TemplateInterpolation';
  expr: Expression;
  stripLeft: boolean;
  stripRight: boolean;
  range: Range;
}

/** The `%{ … }` sequence of a directive. */
export interface DirectiveMarker {
  range: Range;
  stripLeft: boolean;
  stripRight: boolean;
}

/** `%{if c}…%{else}…%{endif}`. */
export interface TemplateIf {
  kind: 'TemplateIf';
  condition: Expression;
  then: TemplatePart[];
  /** Undefined without an `%{else}`. */
  else: TemplatePart[] | undefined;
  ifMarker: DirectiveMarker;
  elseMarker: DirectiveMarker | undefined;
  endifMarker: DirectiveMarker;
  range: Range;
}

/** `%{for k, v in coll}…%{endfor}`. */
export interface TemplateFor {
  kind: 'TemplateFor';
  keyVar: Identifier | undefined;
  valueVar: Identifier;
  collection: Expression;
  body: TemplatePart[];
  forMarker: DirectiveMarker;
  endforMarker: DirectiveMarker;
  range: Range;
}

export interface TupleExpr {
  kind: 'Tuple';
  items: Expression[];
  range: Range;
}

export interface ObjectExpr {
  kind: 'Object';
  /** In source order; a repeated key is kept (the last one wins when evaluated). */
  items: ObjectItem[];
  range: Range;
}

export interface ObjectItem {
  /**
   * The key as written. A bare identifier (a `ScopeTraversal` without steps) names the key literally, as
   * in HCL; `(expr)` (a `Parenthesized` key) is always evaluated.
   */
  key: Expression;
  value: Expression;
  separator: '=' | ':';
  range: Range;
}

/** A static reference from a root variable: `var.x.y[0]`, `local.tags["env"]`, `module.m.0`. */
export interface ScopeTraversalExpr {
  kind: 'ScopeTraversal';
  root: string;
  rootRange: Range;
  steps: TraversalStep[];
  range: Range;
}

export type TraversalStep = TraverseAttr | TraverseIndex;

export interface TraverseAttr {
  kind: 'attr';
  name: string;
  /** From the dot to the end of the name. */
  range: Range;
}

/** `[0]`, `["key"]` (a literal key), or the legacy `.0`. */
export interface TraverseIndex {
  kind: 'index';
  key: string | number | boolean | null;
  /** The key expression; absent for the legacy `.0` form. */
  keyExpr?: LiteralExpr | TemplateExpr;
  legacy: boolean;
  range: Range;
}

/** `f(a, b)`, `f(list...)`, `provider::ns::fn(x)` (the name holds the whole `::` path, without spaces). */
export interface FunctionCallExpr {
  kind: 'FunctionCall';
  name: string;
  nameRange: Range;
  args: Expression[];
  /** The last argument is followed by `...`. */
  expandFinal: boolean;
  openParenRange: Range;
  closeParenRange: Range;
  range: Range;
}

export interface ConditionalExpr {
  kind: 'Conditional';
  condition: Expression;
  trueExpr: Expression;
  falseExpr: Expression;
  range: Range;
}

export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryOpExpr {
  kind: 'BinaryOp';
  op: BinaryOperator;
  left: Expression;
  right: Expression;
  opRange: Range;
  range: Range;
}

export interface UnaryOpExpr {
  kind: 'UnaryOp';
  op: '-' | '!';
  operand: Expression;
  opRange: Range;
  range: Range;
}

/** `[for k, v in coll : value if cond]`. */
export interface ForTupleExpr {
  kind: 'ForTuple';
  keyVar: Identifier | undefined;
  valueVar: Identifier;
  collection: Expression;
  value: Expression;
  condition: Expression | undefined;
  range: Range;
}

/** `{for k, v in coll : key => value... if cond}`. */
export interface ForObjectExpr {
  kind: 'ForObject';
  keyVar: Identifier | undefined;
  valueVar: Identifier;
  collection: Expression;
  key: Expression;
  value: Expression;
  /** `...` after the value: values with the same key are grouped into tuples. */
  grouping: boolean;
  condition: Expression | undefined;
  range: Range;
}

/**
 * `source.*.attr` (attribute-only, `full: false`) or `source[*].attr[0]` (`full: true`). `each` is applied
 * to every element; it is built on a `SplatItem` that stands for the element (`each` is the `SplatItem`
 * itself when nothing follows the splat).
 */
export interface SplatExpr {
  kind: 'Splat';
  full: boolean;
  source: Expression;
  each: Expression;
  range: Range;
}

/** The element a splat's `each` is applied to; its range is the `.*` or `[*]`. */
export interface SplatItemExpr {
  kind: 'SplatItem';
  range: Range;
}

/** `collection[key]` where the key is not a literal or the collection is not a static reference. */
export interface IndexExpr {
  kind: 'Index';
  collection: Expression;
  key: Expression;
  /** The legacy `.0` form. */
  legacy: boolean;
  range: Range;
}

/** `source.name` where `source` is not a static reference (`f(x).id`, `x[var.i].name`). */
export interface GetAttrExpr {
  kind: 'GetAttr';
  source: Expression;
  name: string;
  nameRange: Range;
  range: Range;
}

export interface ParenthesizedExpr {
  kind: 'Parenthesized';
  expr: Expression;
  range: Range;
}

// ---------------------------------------------------------------------------------------------------
// Helpers

/** The exact source text of a node (`source` is what `parseHcl` returns: the text without a BOM). */
export function sourceText(node: { range: Range }, source: string): string {
  return source.slice(node.range.start.offset, node.range.end.offset);
}

/** The value of a template made only of literal text (`"abc"`, a heredoc without `${}`), else undefined. */
export function templateLiteralValue(t: TemplateExpr): string | undefined {
  let out = '';
  for (const p of t.parts) {
    if (p.kind !== 'Literal') return undefined;
    out += p.value as string;
  }
  return out;
}

/**
 * A template that is exactly one interpolation (`"${var.x}"`): HCL returns the interpolated value itself,
 * not a string.
 */
export function isTemplateWrap(t: TemplateExpr): t is TemplateExpr & { parts: [TemplateInterpolation] } {
  return t.parts.length === 1 && t.parts[0]!.kind === 'TemplateInterpolation';
}
