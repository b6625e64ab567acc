/**
 * The rule condition language (documented in docs/rules.md).
 *
 * A condition describes what a compliant subject satisfies. Every condition evaluates to pass, fail or
 * unknown (a value that cannot be known statically); only a failure at the top makes a finding.
 */
export type Scalar = string | number | boolean | null;

export interface Leaf {
  /** Dot path relative to the subject; `[*]` and `.*` are wildcards; `$name`/`$type` are the resource's. */
  path: string;
  /** Value judged when the property is absent (the platform default), or per API-version range. */
  default?: unknown;
  /** For wildcard paths: `all` (default; no match passes) or `any` (at least one must satisfy). */
  quantifier?: 'all' | 'any';
  exists?: boolean;
  hasValue?: boolean;
  equals?: Scalar;
  notEquals?: Scalar;
  in?: Scalar[];
  notIn?: Scalar[];
  regex?: string;
  less?: number | string;
  lessOrEquals?: number | string;
  greater?: number | string;
  greaterOrEquals?: number | string;
  contains?: Scalar;
  /** The value (a port, a range `20-25`, `*`, or a list of those) includes this port. */
  coversPort?: number;
  /** The value as written (not evaluated) reads a secret: a `list*()` call or a secure parameter. */
  readsSecret?: boolean;
}

export interface AllOf {
  allOf: Condition[];
}
export interface AnyOf {
  anyOf: Condition[];
}
export interface Not {
  not: Condition;
}
/** Evaluates the condition on the subject's parent resource (unknown when it has none). */
export interface OnParent {
  parent: Condition;
}
/** Passes when some child resource of `type` satisfies `check`; fails when none does. */
export interface AnyChild {
  anyChild: { type: string; check?: Condition };
}

/**
 * Passes when some resource of `type` whose `attribute` refers to the subject satisfies `check`
 * (Terraform: an `azurerm_storage_account_network_rules` whose `storage_account_id` is this account's id).
 */
export interface ReferencedBy {
  referencedBy: { type: string; attribute: string; check?: Condition };
}

export type Condition = Leaf | AllOf | AnyOf | Not | OnParent | AnyChild | ReferencedBy;

export const LEAF_OPERATORS = [
  'exists',
  'hasValue',
  'equals',
  'notEquals',
  'in',
  'notIn',
  'regex',
  'less',
  'lessOrEquals',
  'greater',
  'greaterOrEquals',
  'contains',
  'coversPort',
  'readsSecret',
] as const;
export type LeafOperator = (typeof LEAF_OPERATORS)[number];
