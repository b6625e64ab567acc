import type { Location, Node } from '../model/tree';

/**
 * The result of evaluating a node: a value node that is not an expression, or unknown.
 *
 * `via` lists where the value came from when that is not the node itself (a parameter's default,
 * a variable's definition), in the order they were followed. `scope` evaluates the expressions
 * found inside the value (an object from a variable can hold expressions of its own).
 */
export type Resolution = Known | Unknown;

export interface Known {
  known: true;
  node: Node;
  scope: Scope;
  via: Location[];
}

export interface Unknown {
  known: false;
  /** Why the value cannot be known statically, e.g. "parameter 'sku' has no default value". */
  reason: string;
}

/** Evaluates the expressions of one template (ARM, later Bicep and HCL modules). */
export interface Scope {
  /** Non-expression nodes come back as they are (known, no provenance). */
  resolve(node: Node): Resolution;
  /**
   * What secret the value reads as written, before evaluation — a `list*()` call (`listKeys()`), a secure
   * parameter, or a variable that reads one — in words (`calls listKeys()`), or undefined when it reads none.
   */
  secretRead?(node: Node): string | undefined;
  /**
   * How many evaluations in this scope stopped at an evaluation limit (see `limits.ts`), leaving a value unknown:
   * a template written to exhaust them (self-referencing variables, values that double at each step) has its
   * values unknown, and a scan should say so rather than look clean.
   */
  limitHits?(): number;
}

export function unknown(reason: string): Unknown {
  return { known: false, reason };
}

/** A scope for literal trees: every expression is unknown. */
export const literalScope: Scope = {
  resolve(node: Node): Resolution {
    if (node.kind === 'expression') return unknown('expressions are not evaluated here');
    return { known: true, node, scope: literalScope, via: [] };
  },
};
