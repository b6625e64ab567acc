import type { Location, Node } from '../model/tree';
import type { Scope } from './scope';

/** A value computed by an evaluator (Bicep, Terraform) from known inputs. */
export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/** The value cannot be known statically. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Value = Plain | typeof UNKNOWN;

/** What an evaluation collects on the way: the locations the value came through, and why it is unknown. */
export interface EvalTrail {
  via: Location[];
  reason: string | undefined;
}

/** A node's plain value, evaluating the expressions inside it with `scope`. */
export function plainOf(node: Node, scope: Scope, trail: EvalTrail): Value {
  const resolved = scope.resolve(node);
  if (!resolved.known) {
    trail.reason ??= resolved.reason;
    return UNKNOWN;
  }
  trail.via.push(...resolved.via);
  const value = resolved.node;
  switch (value.kind) {
    case 'object': {
      const out: Record<string, Plain> = {};
      for (const e of value.entries) {
        const v = plainOf(e.value, resolved.scope, trail);
        if (v === UNKNOWN) return UNKNOWN;
        out[e.key] = v;
      }
      return out;
    }
    case 'array': {
      const out: Plain[] = [];
      for (const item of value.items) {
        const v = plainOf(item, resolved.scope, trail);
        if (v === UNKNOWN) return UNKNOWN;
        out.push(v);
      }
      return out;
    }
    case 'null':
      return null;
    case 'expression':
      trail.reason ??= 'an expression could not be evaluated';
      return UNKNOWN;
    default:
      return value.value;
  }
}
