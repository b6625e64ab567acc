import { findEntry, type Entry, type ObjectNode } from '../model/tree';

/** Objects with more properties than this get an index; smaller ones are searched in place. */
const INDEXED = 16;

interface Index {
  /** The number of entries indexed: an object that grew since is indexed again. */
  count: number;
  byLower: Map<string, Entry[]>;
  byKey: Map<string, Entry>;
}

const indexes = new WeakMap<ObjectNode, Index>();

/**
 * `findEntry` in constant time for large objects (an ARM template with thousands of variables, a value with a
 * hundred thousand properties): the same answer — the last entry of that name, names compared as
 * `findEntry` compares them.
 */
export function lookupEntry(obj: ObjectNode, key: string, caseInsensitive: boolean): Entry | undefined {
  if (obj.entries.length <= INDEXED) return findEntry(obj, key, caseInsensitive);
  let index = indexes.get(obj);
  if (!index || index.count !== obj.entries.length) {
    index = { count: obj.entries.length, byLower: new Map(), byKey: new Map() };
    for (const e of obj.entries) {
      const lower = e.key.toLowerCase();
      const list = index.byLower.get(lower);
      if (list) list.push(e);
      else index.byLower.set(lower, [e]);
      index.byKey.set(e.key, e);
    }
    indexes.set(obj, index);
  }
  if (!caseInsensitive) return index.byKey.get(key);
  const list = index.byLower.get(key.toLowerCase());
  if (!list) return undefined;
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.key.length === key.length) return list[i];
  return undefined;
}
