/** Operations that walk whole values: equality, JSON text, and conversion from and to tree nodes. */

import { locationOf, synthesize } from '../../model/tree';
import { lookupEntry } from '../entryIndex';
import type { ArrayNode, Node, ObjectNode } from '../../model/tree';
import { unknown } from '../scope';
import type { Scope, Unknown } from '../scope';
import { MAX_BUILT_NODES, MAX_STRING_LENGTH, MAX_VALUE_DEPTH, NODE_COST, spendWork, stringTooLong, valueTooLarge } from './limits';
import {
  arrayLength,
  arrayValue,
  distinctKeys,
  entriesOf,
  isUnknown,
  itemsOf,
  keysOf,
  kindOf,
  limitReached,
  nullValue,
  objectValue,
  propertyOf,
  scalarOf,
} from './values';
import type { ArmValue, ObjectEntry, Via } from './values';

/**
 * Deep equality as ARM's equals(): strings are case-sensitive, property names are not. The
 * provenance of every element compared is pushed to `sink`.
 */
export function deepEquals(a: ArmValue, b: ArmValue, sink: Via[], depth = 0): boolean | Unknown {
  if (depth > MAX_VALUE_DEPTH) return unknown('value is nested too deeply');
  if (!spendWork(1)) return limitReached();
  sink.push(a.via, b.via);
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return false;
  if (ka === 'array') {
    if (arrayLength(a) !== arrayLength(b)) return false;
    const ia = itemsOf(a);
    if (isUnknown(ia)) return ia;
    const ib = itemsOf(b);
    if (isUnknown(ib)) return ib;
    for (let i = 0; i < ia.length; i++) {
      const eq = deepEquals(ia[i]!, ib[i]!, sink, depth + 1);
      if (eq !== true) return eq;
    }
    return true;
  }
  if (ka === 'object') {
    const ea = entriesOf(a);
    if (isUnknown(ea)) return ea;
    if (ea.length !== keysOf(b).length) return false;
    for (const e of ea) {
      const other = propertyOf(b, e.key);
      if (other === undefined) return false;
      if (isUnknown(other)) return other;
      const eq = deepEquals(e.value, other, sink, depth + 1);
      if (eq !== true) return eq;
    }
    return true;
  }
  return scalarOf(a) === scalarOf(b);
}

/**
 * Compact JSON text of a value, as string() writes objects and arrays. `total` counts the characters of the
 * scalars and keys written so far, so that an array holding one long string many times stops at
 * MAX_STRING_LENGTH instead of writing every copy first.
 */
export function toJsonText(v: ArmValue, sink: Via[], depth = 0, total = { chars: 0 }): string | Unknown {
  if (depth > MAX_VALUE_DEPTH) return unknown('value is nested too deeply');
  if (!spendWork(1)) return limitReached();
  sink.push(v.via);
  const kind = kindOf(v);
  if (kind === 'array') {
    const items = itemsOf(v);
    if (isUnknown(items)) return items;
    const parts: string[] = [];
    for (const item of items) {
      const t = toJsonText(item, sink, depth + 1, total);
      if (isUnknown(t)) return t;
      parts.push(t);
    }
    return checkLength(`[${parts.join(',')}]`);
  }
  if (kind === 'object') {
    const entries = entriesOf(v);
    if (isUnknown(entries)) return entries;
    const parts: string[] = [];
    for (const e of entries) {
      const key = counted(JSON.stringify(e.key), total);
      if (isUnknown(key)) return key;
      const t = toJsonText(e.value, sink, depth + 1, total);
      if (isUnknown(t)) return t;
      parts.push(`${key}:${t}`);
    }
    return checkLength(`{${parts.join(',')}}`);
  }
  const scalar = scalarOf(v);
  // Measured before it is quoted: a long string is not copied only to be refused.
  if (typeof scalar === 'string' && total.chars + scalar.length > MAX_STRING_LENGTH) return unknown(stringTooLong);
  return counted(JSON.stringify(scalar), total);
}

function counted(text: string, total: { chars: number }): string | Unknown {
  total.chars += text.length;
  if (total.chars > MAX_STRING_LENGTH) return unknown(stringTooLong);
  return spendWork(text.length) ? text : limitReached();
}

function checkLength(s: string): string | Unknown {
  if (s.length > MAX_STRING_LENGTH) return unknown(stringTooLong);
  return spendWork(s.length) ? s : limitReached();
}

/** A computed value from a literal tree that has no scope (the result of json()). */
export function fromLiteral(node: Node, via: Via, depth = 0): ArmValue | Unknown {
  if (depth > MAX_VALUE_DEPTH) return unknown('value is nested too deeply');
  if (!spendWork(1)) return limitReached();
  switch (node.kind) {
    case 'string':
    case 'bool':
      return { t: node.kind, value: node.value, via } as ArmValue;
    case 'number':
      return { t: 'number', value: node.value, via };
    case 'null':
      return nullValue(via);
    case 'expression':
      return unknown('unexpected expression in a literal value');
    case 'array': {
      const items: ArmValue[] = [];
      for (const n of node.items) {
        const item = fromLiteral(n, via, depth + 1);
        if (isUnknown(item)) return item;
        items.push(item);
      }
      return arrayValue(items, via);
    }
    case 'object': {
      const entries: ObjectEntry[] = [];
      for (const key of distinctKeys(node.entries)) {
        const value = fromLiteral(lookupEntry(node, key, true)!.value, via, depth + 1);
        if (isUnknown(value)) return value;
        entries.push({ key, value });
      }
      return objectValue(entries, via);
    }
  }
}

function hasExpression(node: Node, depth: number): boolean | Unknown {
  if (depth > MAX_VALUE_DEPTH) return unknown('value is nested too deeply');
  if (!spendWork(1)) return limitReached();
  if (node.kind === 'expression') return true;
  const children = node.kind === 'object' ? node.entries.map((e) => e.value) : node.kind === 'array' ? node.items : [];
  for (const c of children) {
    const r = hasExpression(c, depth + 1);
    if (r !== false) return r;
  }
  return false;
}

/**
 * The tree node for a value, for handing out of the scope. Existing nodes are returned as they are
 * when `home` (the scope handed out with the result) can evaluate their expressions; computed values
 * are synthesized at `at`. Provenance found while rebuilding is pushed to `sink`.
 */
export function toNode(v: ArmValue, at: Node, home: Scope, sink: Via[], depth = 0, built = { nodes: 0 }): Node | Unknown {
  if (depth > MAX_VALUE_DEPTH) return unknown('value is nested too deeply');
  if (v.t !== 'ref' && ++built.nodes > MAX_BUILT_NODES) return unknown(valueTooLarge);
  if (!spendWork(v.t === 'ref' ? 1 : NODE_COST)) return limitReached();
  if (v.t === 'ref') {
    if (v.scope === home) return v.node;
    const foreign = hasExpression(v.node, 0);
    if (foreign !== true) return isUnknown(foreign) ? foreign : v.node;
    // Expressions of another template inside: rebuild the container with them evaluated.
    const kind = v.node.kind;
    if (kind === 'array') {
      const items = itemsOf(v);
      if (isUnknown(items)) return items;
      return buildArray(items, v.node, home, sink, depth, built);
    }
    const entries = entriesOf(v);
    if (isUnknown(entries)) return entries;
    return buildObject(entries, v.node, home, sink, depth, built);
  }
  sink.push(v.via);
  // A computed container's elements as they are: the container's path goes to `sink` once rather than
  // into every element's provenance.
  if (v.t === 'array') {
    sink.push(v.path);
    return buildArray(v.items, at, home, sink, depth, built);
  }
  if (v.t === 'object') {
    sink.push(v.path);
    const entries = entriesOf({ ...v, path: [] });
    return isUnknown(entries) ? entries : buildObject(entries, at, home, sink, depth, built);
  }
  return synthesize(v.t === 'null' ? null : v.value, at);
}

function buildArray(items: readonly ArmValue[], at: Node, home: Scope, sink: Via[], depth: number, built: { nodes: number }): Node | Unknown {
  const nodes: Node[] = [];
  for (const item of items) {
    sink.push(item.via);
    const n = toNode(item, at, home, sink, depth + 1, built);
    if (isUnknown(n)) return n;
    nodes.push(n);
  }
  const arr = synthesize([], at) as ArrayNode;
  arr.items = nodes;
  return arr;
}

function buildObject(entries: readonly ObjectEntry[], at: Node, home: Scope, sink: Via[], depth: number, built: { nodes: number }): Node | Unknown {
  const obj = synthesize({}, at) as ObjectNode;
  for (const e of entries) {
    sink.push(e.value.via);
    const n = toNode(e.value, at, home, sink, depth + 1, built);
    if (isUnknown(n)) return n;
    obj.entries.push({ key: e.key, keyLocation: locationOf(at), value: n });
  }
  return obj;
}
