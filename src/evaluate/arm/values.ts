import { locationOf } from '../../model/tree';
import { lookupEntry } from '../entryIndex';
import type { ArrayNode, ExpressionNode, Location, Node, ObjectNode } from '../../model/tree';
import { unknown } from '../scope';
import type { Scope, Unknown } from '../scope';
import { LIMIT_REASON, MAX_COLLECTION_SIZE, MAX_STRING_LENGTH, MAX_VIA, spendWork, stringTooLong } from './limits';

/**
 * Values of the ARM evaluator. A value is either a node that exists in some template (`ref`, kept
 * so results keep their real position and are not copied) or a value computed by a function.
 *
 * `via` is the provenance of the whole value. Containers also carry `path`: the provenance of
 * reaching the container (a variable's definition, an `if` condition), which an element taken
 * out of the container inherits; the element's own provenance is its `via`.
 */
export type LiteralNode = Exclude<Node, ExpressionNode>;
export type Via = readonly Location[];
export type Kind = LiteralNode['kind'];

export interface RefValue {
  readonly t: 'ref';
  readonly node: LiteralNode;
  /** Evaluates the expressions inside `node`. */
  readonly scope: Scope;
  readonly via: Via;
}
export interface StringValue {
  readonly t: 'string';
  readonly value: string;
  readonly via: Via;
}
export interface NumberValue {
  readonly t: 'number';
  readonly value: number;
  readonly via: Via;
}
export interface BoolValue {
  readonly t: 'bool';
  readonly value: boolean;
  readonly via: Via;
}
export interface NullValue {
  readonly t: 'null';
  readonly via: Via;
}
export interface ArrayValue {
  readonly t: 'array';
  readonly items: readonly ArmValue[];
  readonly path: Via;
  readonly via: Via;
}
export interface ObjectEntry {
  readonly key: string;
  readonly value: ArmValue;
}
export interface ObjectValue {
  readonly t: 'object';
  readonly entries: readonly ObjectEntry[];
  readonly path: Via;
  readonly via: Via;
}

export type ArmValue = RefValue | StringValue | NumberValue | BoolValue | NullValue | ArrayValue | ObjectValue;
export type Outcome = ArmValue | Unknown;

/** A scope that can hand back evaluator values directly (computed values stay computed). */
export interface ValueScope extends Scope {
  evaluateNode(node: ExpressionNode): Outcome;
}

const NO_VIA: Via = [];

export function isUnknown(x: unknown): x is Unknown {
  return typeof x === 'object' && x !== null && (x as { known?: unknown }).known === false;
}

export function limitReached(): Unknown {
  return unknown(LIMIT_REASON);
}

// ---------------------------------------------------------------- provenance

/** Keys of locations, computed once per location object (provenance lists share their locations). */
const viaKeys = new WeakMap<Location, string>();

function viaKey(l: Location): string {
  let key = viaKeys.get(l);
  if (key === undefined) {
    key = `${l.file}\u0000${l.line}\u0000${l.column}\u0000${l.endLine}\u0000${l.endColumn}`;
    viaKeys.set(l, key);
  }
  return key;
}

/** Concatenates provenance lists, keeping the first occurrence of each location. */
export function mergeVia(...lists: Via[]): Via {
  return mergeViaLists(lists);
}

/**
 * Concatenates provenance lists (any number: one per element of an array), keeping the first occurrence of
 * each location and at most MAX_VIA of them.
 */
export function mergeViaLists(lists: readonly Via[]): Via {
  let nonEmpty = 0;
  let only: Via = NO_VIA;
  for (const l of lists) {
    if (l.length > 0 && l !== only) {
      nonEmpty++;
      only = l;
    }
  }
  if (nonEmpty <= 1) return only.length > MAX_VIA ? only.slice(0, MAX_VIA) : only;
  const seen = new Set<string>();
  const out: Location[] = [];
  // Lists are often shared (every element of an array built from one value): each is read once.
  const read = new Set<Via>();
  for (const l of lists) {
    if (l.length === 0 || read.has(l)) continue;
    read.add(l);
    for (const loc of l) {
      const k = viaKey(loc);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(loc);
        if (out.length >= MAX_VIA) return out;
      }
    }
  }
  return out;
}

/** Adds provenance before and after a value's own (and its path, for containers). */
export function extendVia(v: ArmValue, before: Via, after: Via = NO_VIA): ArmValue {
  if (before.length === 0 && after.length === 0) return v;
  const via = mergeVia(before, v.via, after);
  if (v.t === 'array' || v.t === 'object') return { ...v, path: mergeVia(before, v.path, after), via };
  return { ...v, via };
}

// ---------------------------------------------------------------- constructors

export function stringValue(value: string, via: Via): StringValue | Unknown {
  if (value.length > MAX_STRING_LENGTH) return unknown(stringTooLong);
  if (!spendWork(1 + value.length)) return limitReached();
  return { t: 'string', value, via };
}

export function numberValue(value: number, via: Via): NumberValue | Unknown {
  if (!Number.isSafeInteger(value)) return unknown(`integer result ${value} is out of range`);
  // Math.trunc and % can give -0, which is not an ARM integer.
  return { t: 'number', value: value === 0 ? 0 : value, via };
}

export function boolValue(value: boolean, via: Via): BoolValue {
  return { t: 'bool', value, via };
}

export function nullValue(via: Via): NullValue {
  return { t: 'null', via };
}

export function arrayValue(items: readonly ArmValue[], inputs: Via): ArrayValue | Unknown {
  if (items.length > MAX_COLLECTION_SIZE) return unknown(`array result has more than ${MAX_COLLECTION_SIZE} items`);
  if (!spendWork(1 + items.length)) return limitReached();
  return { t: 'array', items, path: NO_VIA, via: mergeViaLists([inputs, ...items.map((i) => i.via)]) };
}

export function objectValue(entries: readonly ObjectEntry[], inputs: Via): ObjectValue | Unknown {
  if (entries.length > MAX_COLLECTION_SIZE) return unknown(`object result has more than ${MAX_COLLECTION_SIZE} properties`);
  if (!spendWork(1 + entries.length)) return limitReached();
  return { t: 'object', entries, path: NO_VIA, via: mergeViaLists([inputs, ...entries.map((e) => e.value.via)]) };
}

// ---------------------------------------------------------------- following tree nodes

function isValueScope(scope: Scope): scope is ValueScope {
  return typeof (scope as Partial<ValueScope>).evaluateNode === 'function';
}

/**
 * The value of `node` (found in `scope`'s template) reached with provenance `via`. `record` adds the
 * node's own location even when it is a literal: wanted when one value is picked out (a parameter
 * default, a property), not when whole containers are walked.
 */
export function follow(node: Node, scope: Scope, via: Via, record: boolean): Outcome {
  if (node.kind !== 'expression') {
    return { t: 'ref', node, scope, via: record ? mergeVia(via, [locationOf(node)]) : via };
  }
  const here = mergeVia(via, [locationOf(node)]);
  if (isValueScope(scope)) {
    const r = scope.evaluateNode(node);
    return isUnknown(r) ? r : extendVia(r, here);
  }
  const r = scope.resolve(node);
  if (!r.known) return r;
  if (r.node.kind === 'expression') return unknown('the template scope returned an unevaluated expression');
  return { t: 'ref', node: r.node, scope: r.scope, via: mergeVia(here, r.via) };
}

// ---------------------------------------------------------------- reading values

export function kindOf(v: ArmValue): Kind {
  return v.t === 'ref' ? v.node.kind : v.t;
}

const kindNames: Record<Kind, string> = {
  string: 'a string',
  number: 'an integer',
  bool: 'a boolean',
  null: 'null',
  array: 'an array',
  object: 'an object',
};

export function describeKind(v: ArmValue): string {
  const kind = kindOf(v);
  // json() can produce fractions, which ARM functions do not take as integers.
  if (kind === 'number' && !Number.isInteger(scalarOf(v))) return 'a number with a fraction';
  return kindNames[kind];
}

export function scalarOf(v: ArmValue): string | number | boolean | null | undefined {
  if (v.t === 'ref') {
    const n = v.node;
    if (n.kind === 'string' || n.kind === 'number' || n.kind === 'bool') return n.value;
    return n.kind === 'null' ? null : undefined;
  }
  if (v.t === 'string' || v.t === 'number' || v.t === 'bool') return v.value;
  return v.t === 'null' ? null : undefined;
}

export function arrayLength(v: ArmValue): number {
  if (v.t === 'ref') return v.node.kind === 'array' ? v.node.items.length : 0;
  return v.t === 'array' ? v.items.length : 0;
}

/** One element of an array value, with the array's path and the element's own location. */
export function itemAt(v: ArmValue, index: number): Outcome {
  if (v.t === 'ref') {
    const node = (v.node as ArrayNode).items[index]!;
    return follow(node, v.scope, v.via, true);
  }
  const arr = v as ArrayValue;
  return extendVia(arr.items[index]!, arr.path);
}

/** The elements of an array value (from `start` to before `end`). */
export function itemsOf(v: ArmValue, start = 0, end?: number): readonly ArmValue[] | Unknown {
  if (v.t === 'ref') {
    const nodes = (v.node as ArrayNode).items.slice(start, end);
    if (!spendWork(nodes.length)) return limitReached();
    const out: ArmValue[] = [];
    for (const n of nodes) {
      const r = follow(n, v.scope, v.via, false);
      if (isUnknown(r)) return r;
      out.push(r);
    }
    return out;
  }
  const arr = v as ArrayValue;
  const items = start === 0 && end === undefined ? arr.items : arr.items.slice(start, end);
  return arr.path.length === 0 ? items : items.map((i) => extendVia(i, arr.path));
}

function findComputedEntry(entries: readonly ObjectEntry[], key: string): ObjectEntry | undefined {
  const lower = key.toLowerCase();
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.key.length === key.length && e.key.toLowerCase() === lower) return e;
  }
  return undefined;
}

/** A property of an object value (names compare case-insensitively), or undefined when absent. */
export function propertyOf(v: ArmValue, key: string): Outcome | undefined {
  if (v.t === 'ref') {
    const entry = lookupEntry(v.node as ObjectNode, key, true);
    return entry ? follow(entry.value, v.scope, v.via, true) : undefined;
  }
  const obj = v as ObjectValue;
  const entry = findComputedEntry(obj.entries, key);
  return entry ? extendVia(entry.value, obj.path) : undefined;
}

/** Property names, one per case-insensitive name (the last duplicate wins, as in findEntry). */
export function keysOf(v: ArmValue): string[] {
  return distinctKeys(v.t === 'ref' ? (v.node as ObjectNode).entries : (v as ObjectValue).entries);
}

export function distinctKeys(entries: readonly { key: string }[]): string[] {
  const byLower = new Map<string, string>();
  for (const e of entries) {
    const lower = e.key.toLowerCase();
    byLower.delete(lower);
    byLower.set(lower, e.key);
  }
  return [...byLower.values()];
}

/** All properties of an object value. */
export function entriesOf(v: ArmValue): readonly ObjectEntry[] | Unknown {
  const keys = keysOf(v);
  if (!spendWork(keys.length)) return limitReached();
  if (v.t !== 'ref' && (v as ObjectValue).path.length === 0 && keys.length === (v as ObjectValue).entries.length) {
    return (v as ObjectValue).entries;
  }
  const out: ObjectEntry[] = [];
  for (const key of keys) {
    let value: Outcome;
    if (v.t === 'ref') value = follow(lookupEntry(v.node as ObjectNode, key, true)!.value, v.scope, v.via, false);
    else value = extendVia(findComputedEntry((v as ObjectValue).entries, key)!.value, (v as ObjectValue).path);
    if (isUnknown(value)) return value;
    out.push({ key, value });
  }
  return out;
}

/**
 * How ARM turns a scalar into text (string(), format(), concat()): booleans are .NET's "True" and
 * "False". Undefined for null, arrays and objects.
 */
export function displayString(v: ArmValue): string | undefined {
  const s = scalarOf(v);
  if (typeof s === 'string') return s;
  if (typeof s === 'number') return String(s);
  if (typeof s === 'boolean') return s ? 'True' : 'False';
  return undefined;
}
