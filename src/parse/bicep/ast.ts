/**
 * Abstract syntax tree of a Bicep file.
 *
 * Every node has a `range`: `start` is the first character of the node, `end` the position just after its last
 * character (exclusive). Lines and columns are 1-based, columns count UTF-16 code units, offsets are 0-based UTF-16
 * offsets into the text without its byte-order mark (the same convention as `model/tree.ts`).
 *
 * Position objects are shared between nodes that start or end at the same token: treat them as read-only.
 */

import type { Location } from '../../model/tree';

export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

interface NodeBase {
  range: Range;
}

/** A name. `name` is '' when the source had no identifier there (a diagnostic was reported). */
export interface Identifier extends NodeBase {
  kind: 'Identifier';
  name: string;
}

/** Source that could not be parsed (a diagnostic was reported); zero-length when nothing was skipped. */
export interface ErrorNode extends NodeBase {
  kind: 'Error';
}

// ---------------------------------------------------------------------------------------------------------------
// Program and declarations

export interface Comment extends NodeBase {
  kind: 'Comment';
  /** The comment with its delimiters (`// …` or `/* … *\/`). */
  text: string;
}

/** `#disable-next-line code…`, `#disable-diagnostics code…`, `#restore-diagnostics code…`. */
export interface Directive extends NodeBase {
  kind: 'Directive';
  name: 'disable-next-line' | 'disable-diagnostics' | 'restore-diagnostics';
  codes: string[];
}

export interface Program extends NodeBase {
  kind: 'Program';
  /** Top-level declarations in source order (statements that failed to parse at all are left out). */
  statements: Statement[];
  comments: Comment[];
  directives: Directive[];
}

export type Statement =
  | TargetScopeDeclaration
  | MetadataDeclaration
  | ParameterDeclaration
  | VariableDeclaration
  | OutputDeclaration
  | ResourceDeclaration
  | ModuleDeclaration
  | ImportDeclaration
  | ExtensionDeclaration
  | UsingDeclaration
  | TypeDeclaration
  | FunctionDeclaration
  | TestDeclaration
  | AssertDeclaration
  | MissingDeclaration;

/** `@name(args)` or `@ns.name(args)`; `expression` is a FunctionCall, VariableAccess, PropertyAccess or Error. */
export interface Decorator extends NodeBase {
  kind: 'Decorator';
  expression: Expression;
  /** Name of the decorator (`description` for `@sys.description(…)`); '' when malformed. */
  name: string;
  /** Arguments when the decorator is a call, else []. */
  arguments: Expression[];
}

interface DeclarationBase extends NodeBase {
  decorators: Decorator[];
}

export interface TargetScopeDeclaration extends DeclarationBase {
  kind: 'TargetScope';
  value: Expression;
}

export interface MetadataDeclaration extends DeclarationBase {
  kind: 'Metadata';
  name: Identifier;
  value: Expression;
}

export interface ParameterDeclaration extends DeclarationBase {
  kind: 'Parameter';
  name: Identifier;
  type: TypeExpression;
  defaultValue?: Expression;
}

export interface VariableDeclaration extends DeclarationBase {
  kind: 'Variable';
  name: Identifier;
  type?: TypeExpression;
  value: Expression;
}

export interface OutputDeclaration extends DeclarationBase {
  kind: 'Output';
  name: Identifier;
  type: TypeExpression;
  value: Expression;
}

/** String expressions allowed where Bicep expects a (possibly interpolated) string. */
export type StringExpression = StringLiteral | InterpolatedString | MultilineString;

export type ResourceBody = ObjectExpression | IfCondition | ForExpression | ErrorNode;

export interface ResourceDeclaration extends DeclarationBase {
  kind: 'Resource';
  name: Identifier;
  /** `'Microsoft.Storage/storageAccounts@2023-01-01'` (or an Error node). */
  typeString: StringExpression | ErrorNode;
  /** The part before `@` when the type string is a literal (`Microsoft.Storage/storageAccounts`). */
  resourceType?: string;
  /** The part after `@` when the type string is a literal (`2023-01-01`). */
  apiVersion?: string;
  existing: boolean;
  value: ResourceBody;
}

export interface ModuleDeclaration extends DeclarationBase {
  kind: 'Module';
  name: Identifier;
  path: StringExpression | ErrorNode;
  /** Literal value of `path` when it has no interpolation. */
  pathValue?: string;
  value: ResourceBody;
}

export interface ImportedSymbol extends NodeBase {
  kind: 'ImportedSymbol';
  /** Identifier, or a string for names that are not identifiers (`'foo.bar' as foo`). */
  name: Identifier | StringExpression | ErrorNode;
  alias?: Identifier;
}

/** `import {a, b as c} from 'path'` or `import * as ns from 'path'`. */
export interface ImportDeclaration extends DeclarationBase {
  kind: 'Import';
  symbols?: ImportedSymbol[];
  /** Alias of a wildcard import (`* as ns`). */
  wildcardAlias?: Identifier;
  from: StringExpression | ErrorNode;
}

/** `extension 'spec' [with {…}] [as alias]`, also the legacy `import 'spec'` and `extension az`. */
export interface ExtensionDeclaration extends DeclarationBase {
  kind: 'Extension';
  specification: Identifier | StringExpression | ErrorNode;
  config?: ObjectExpression | ErrorNode;
  alias?: Identifier;
}

/** `using 'main.bicep'` / `using none` (Bicep parameter files); optional `with {…}`. */
export interface UsingDeclaration extends DeclarationBase {
  kind: 'Using';
  /** The path string, or `none`. */
  path: StringExpression | Identifier | ErrorNode;
  config?: ObjectExpression | ErrorNode;
}

export interface TypeDeclaration extends DeclarationBase {
  kind: 'TypeDeclaration';
  name: Identifier;
  value: TypeExpression;
}

export interface FunctionDeclaration extends DeclarationBase {
  kind: 'FunctionDeclaration';
  name: Identifier;
  lambda: TypedLambda | ErrorNode;
}

/** `test name 'path' = {…}` (Bicep test framework). */
export interface TestDeclaration extends DeclarationBase {
  kind: 'Test';
  name: Identifier;
  path: StringExpression | ErrorNode;
  value: ObjectExpression | ErrorNode;
}

/** `assert name = condition`. */
export interface AssertDeclaration extends DeclarationBase {
  kind: 'Assert';
  name: Identifier;
  value: Expression;
}

/** Decorators that are not followed by a declaration (a diagnostic was reported). */
export interface MissingDeclaration extends DeclarationBase {
  kind: 'MissingDeclaration';
}

// ---------------------------------------------------------------------------------------------------------------
// Expressions

export type Expression =
  | StringLiteral
  | InterpolatedString
  | MultilineString
  | IntegerLiteral
  | BooleanLiteral
  | NullLiteral
  | ArrayExpression
  | ObjectExpression
  | VariableAccess
  | PropertyAccess
  | ArrayAccess
  | ResourceAccess
  | FunctionCall
  | InstanceFunctionCall
  | TernaryExpression
  | BinaryExpression
  | UnaryExpression
  | NonNullAssertion
  | LambdaExpression
  | ForExpression
  | ParenthesizedExpression
  | ErrorNode;

/** `'text'` without interpolation (escapes decoded). */
export interface StringLiteral extends NodeBase {
  kind: 'String';
  value: string;
}

/** `'''…'''` or `$'''…'''` without holes; a first line break after the opening quotes is not part of the value. */
export interface MultilineString extends NodeBase {
  kind: 'MultilineString';
  value: string;
}

/**
 * `'a${x}b${y}c'` (or `$'''…${x}…'''`): `segments.length === expressions.length + 1`; the value is
 * segments[0] + expressions[0] + segments[1] + … .
 */
export interface InterpolatedString extends NodeBase {
  kind: 'InterpolatedString';
  segments: string[];
  expressions: Expression[];
  multiline: boolean;
}

export interface IntegerLiteral extends NodeBase {
  kind: 'Integer';
  /** The value (may be inexact above 2^53; see `raw`). */
  value: number;
  raw: string;
}

export interface BooleanLiteral extends NodeBase {
  kind: 'Boolean';
  value: boolean;
}

export interface NullLiteral extends NodeBase {
  kind: 'Null';
}

export interface SpreadExpression extends NodeBase {
  kind: 'Spread';
  expression: Expression;
}

export interface ArrayExpression extends NodeBase {
  kind: 'Array';
  items: (Expression | SpreadExpression)[];
}

export interface ObjectProperty extends NodeBase {
  kind: 'ObjectProperty';
  key: Identifier | StringExpression | ErrorNode;
  /** The key as text when it is an identifier or a string without interpolation. */
  keyName?: string;
  value: Expression;
}

export interface ObjectExpression extends NodeBase {
  kind: 'Object';
  /** Properties and spreads (`...expr`) in source order. */
  properties: (ObjectProperty | SpreadExpression)[];
  /** Child resources declared in a resource body (`resource child 'type' = {…}`), in source order. */
  resources: ResourceDeclaration[];
}

export interface VariableAccess extends NodeBase {
  kind: 'VariableAccess';
  name: string;
}

/** `base.name`, `base.?name` (`safe`). */
export interface PropertyAccess extends NodeBase {
  kind: 'PropertyAccess';
  base: Expression;
  property: Identifier;
  safe: boolean;
}

/** `base[index]`, `base[?index]` (`safe`), `base[^index]` (`fromEnd`). */
export interface ArrayAccess extends NodeBase {
  kind: 'ArrayAccess';
  base: Expression;
  index: Expression;
  safe: boolean;
  fromEnd: boolean;
}

/** `parent::child`. */
export interface ResourceAccess extends NodeBase {
  kind: 'ResourceAccess';
  base: Expression;
  name: Identifier;
}

/** `name(args)`, or `az.name(args)` / `sys.name(args)` with `namespace`. */
export interface FunctionCall extends NodeBase {
  kind: 'FunctionCall';
  namespace?: Identifier;
  name: Identifier;
  arguments: Expression[];
}

/** `base.name(args)` (`storage.listKeys()`, `ns.func()` of an imported namespace). */
export interface InstanceFunctionCall extends NodeBase {
  kind: 'InstanceFunctionCall';
  base: Expression;
  name: Identifier;
  arguments: Expression[];
}

export interface TernaryExpression extends NodeBase {
  kind: 'Ternary';
  condition: Expression;
  whenTrue: Expression;
  whenFalse: Expression;
}

export type BinaryOperator =
  | '??'
  | '||'
  | '&&'
  | '=='
  | '!='
  | '=~'
  | '!~'
  | '<'
  | '<='
  | '>'
  | '>='
  | '+'
  | '-'
  | '*'
  | '/'
  | '%';

export interface BinaryExpression extends NodeBase {
  kind: 'Binary';
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
}

export interface UnaryExpression extends NodeBase {
  kind: 'Unary';
  operator: '!' | '-';
  operand: Expression;
}

/** Postfix `expr!`. */
export interface NonNullAssertion extends NodeBase {
  kind: 'NonNullAssertion';
  base: Expression;
}

/** `x => body`, `(a, b) => body`, `() => body`. */
export interface LambdaExpression extends NodeBase {
  kind: 'Lambda';
  parameters: Identifier[];
  body: Expression;
}

export interface TypedLambdaParameter extends NodeBase {
  kind: 'TypedLambdaParameter';
  name: Identifier;
  type: TypeExpression;
}

/** `(a string, b int) string => body` of a `func` declaration. */
export interface TypedLambda extends NodeBase {
  kind: 'TypedLambda';
  parameters: TypedLambdaParameter[];
  returnType: TypeExpression;
  body: Expression;
}

/** `if (condition) {…}`: resource/module bodies and loop filters. */
export interface IfCondition extends NodeBase {
  kind: 'IfCondition';
  /** The expression inside the parentheses. */
  condition: Expression;
  body: ObjectExpression | ErrorNode;
}

/**
 * `[for item in iterable: body]`, `[for (item, index) in iterable: body]`; a filtered resource loop has an
 * IfCondition body (`[for x in xs: if (x.enabled) {…}]`).
 */
export interface ForExpression extends NodeBase {
  kind: 'For';
  item: Identifier;
  index?: Identifier;
  iterable: Expression;
  body: Expression | IfCondition;
}

export interface ParenthesizedExpression extends NodeBase {
  kind: 'Parenthesized';
  expression: Expression;
}

// ---------------------------------------------------------------------------------------------------------------
// Type expressions (param, output, type, var, func)

export type TypeExpression =
  | TypeReference
  | TypePropertyAccess
  | TypeIndexAccess
  | ParameterizedType
  | LiteralType
  | UnionType
  | ArrayType
  | NullableType
  | NonNullableType
  | ObjectType
  | TupleType
  | ParenthesizedType
  | ResourceType
  | ErrorNode;

/** `string`, `int`, `myType`, `sys.string` is a TypePropertyAccess on `sys`. */
export interface TypeReference extends NodeBase {
  kind: 'TypeReference';
  name: string;
}

/** `base.name`, `base.*` (`name` '*': the additional-properties type). */
export interface TypePropertyAccess extends NodeBase {
  kind: 'TypePropertyAccess';
  base: TypeExpression;
  property: string;
}

/** `base[0]`, `base[*]` (`index` '*': the items type). */
export interface TypeIndexAccess extends NodeBase {
  kind: 'TypeIndexAccess';
  base: TypeExpression;
  index: Expression | '*';
}

/** `resourceInput<'Microsoft.X/y@v'>`, `sys.resourceOutput<…>` (with `base`). */
export interface ParameterizedType extends NodeBase {
  kind: 'ParameterizedType';
  base?: TypeExpression;
  name: Identifier;
  arguments: TypeExpression[];
}

/** `'Standard'`, `1`, `-1`, `true`, `null` used as a type. */
export interface LiteralType extends NodeBase {
  kind: 'LiteralType';
  value: StringExpression | IntegerLiteral | BooleanLiteral | NullLiteral | UnaryExpression;
}

/** `'a' | 'b' | null`. */
export interface UnionType extends NodeBase {
  kind: 'UnionType';
  members: TypeExpression[];
}

/** `string[]`. */
export interface ArrayType extends NodeBase {
  kind: 'ArrayType';
  item: TypeExpression;
}

/** `string?`. */
export interface NullableType extends NodeBase {
  kind: 'NullableType';
  base: TypeExpression;
}

/** `type!`. */
export interface NonNullableType extends NodeBase {
  kind: 'NonNullableType';
  base: TypeExpression;
}

export interface ObjectTypeProperty extends NodeBase {
  kind: 'ObjectTypeProperty';
  decorators: Decorator[];
  /** Identifier or string name; '*' for the additional-properties matcher (`*: string`). */
  key: Identifier | StringExpression | ErrorNode | '*';
  keyName?: string;
  type: TypeExpression;
}

export interface ObjectType extends NodeBase {
  kind: 'ObjectType';
  properties: ObjectTypeProperty[];
}

export interface TupleTypeItem extends NodeBase {
  kind: 'TupleTypeItem';
  decorators: Decorator[];
  type: TypeExpression;
}

export interface TupleType extends NodeBase {
  kind: 'TupleType';
  items: TupleTypeItem[];
}

export interface ParenthesizedType extends NodeBase {
  kind: 'ParenthesizedType';
  type: TypeExpression;
}

/** `resource 'Microsoft.X/y@v'` as a parameter or output type (`typeString` optional for outputs). */
export interface ResourceType extends NodeBase {
  kind: 'ResourceType';
  typeString?: StringExpression | ErrorNode;
}

export type AnyNode =
  | Program
  | Statement
  | Decorator
  | Expression
  | SpreadExpression
  | ObjectProperty
  | IfCondition
  | TypedLambda
  | TypedLambdaParameter
  | ImportedSymbol
  | TypeExpression
  | ObjectTypeProperty
  | TupleTypeItem
  | Identifier;

/** The model's Location (1-based line/column, endColumn after the last character) of a node range. */
export function toLocation(range: Range, file: string): Location {
  return { file, line: range.start.line, column: range.start.column, endLine: range.end.line, endColumn: range.end.column };
}

/** Source text of a node. */
export function textOf(range: Range, text: string): string {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return src.slice(range.start.offset, range.end.offset);
}
