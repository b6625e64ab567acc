import type { Scope } from '../evaluate/scope';
import type { Resource } from '../model/resource';
import { lookupEntry } from '../evaluate/entryIndex';
import { findEntry, getValue, locationOf, type ArrayNode, type Entry, type Location, type Node } from '../model/tree';
import type { Segment } from './path';

/** What a rule looks at: a resource, an element of one (`forEach`), or a template declaration. */
export interface Subject {
  node: Node;
  scope: Scope;
  /** The resource the subject is (or belongs to): `$name`, `parent`, `anyChild` and API-version defaults use it. */
  resource?: Resource;
  /** Where a finding goes when nothing below the subject exists. */
  anchor: Location;
  /** Path of the subject inside its resource (`properties.securityRules[2]`), empty for the resource itself. */
  basePath: string;
  /** `basePath` as fingerprints see it: a named element by its name (`properties.securityRules[allow-ssh]`). */
  stableBasePath?: string;
  caseInsensitive: boolean;
  type: string;
  name: string;
  address: string;
}

export type Match =
  | {
      state: 'found';
      /** The value, with expressions resolved (never an expression node). */
      node: Node;
      scope: Scope;
      path: string;
      /** The property in the subject's file (key to value), or the expression it came through. */
      location: Location;
      via: Location[];
      /** The literal node at `location`, when the value was written there (a mechanical fix can replace it). */
      literal?: Node;
    }
  | { state: 'missing'; path: string; location: Location; via: Location[] }
  | { state: 'unknown'; path: string; reason: string };

/**
 * Follows `segments` from the subject; wildcards give one match per element (possibly none). With `raw`,
 * the value reached is returned as written (an expression stays an expression), for operators that read
 * the expression itself.
 */
export function navigate(subject: Subject, segments: Segment[], raw = false): Match[] {
  const out: Match[] = [];
  const walker = new Walker(segments, subject.caseInsensitive, out, raw);
  walker.walk(subject.node, subject.scope, 0, subject.basePath, subject.anchor, undefined, []);
  return out;
}

class Walker {
  constructor(
    private readonly segments: Segment[],
    private readonly caseInsensitive: boolean,
    private readonly out: Match[],
    private readonly raw: boolean,
  ) {}

  /**
   * `here` is where the current value is written; `frozen` is set once the walk went through an
   * expression, since everything after that lives elsewhere (a variable, a parameter default) and the
   * reviewer must be sent to the expression in the resource.
   */
  walk(node: Node, scope: Scope, i: number, path: string, here: Location, frozen: Location | undefined, via: Location[]): void {
    if (this.raw && i === this.segments.length && node.kind === 'expression') {
      this.out.push({ state: 'found', node, scope, path, location: frozen ?? here, via });
      return;
    }
    const resolved = scope.resolve(node);
    if (!resolved.known) {
      this.out.push({ state: 'unknown', path, reason: resolved.reason });
      return;
    }
    const value = resolved.node;
    let site = frozen;
    let trail = via;
    if (value !== node) {
      site ??= here;
      trail = resolved.via.length ? [...via, ...resolved.via] : via;
    }
    const at = site ?? here;
    if (i === this.segments.length) {
      this.out.push({ state: 'found', node: value, scope: resolved.scope, path, location: at, via: trail, literal: site ? undefined : value });
      return;
    }
    const segment = this.segments[i]!;
    const next = (child: Node, childPath: string, childHere: Location): void =>
      this.walk(child, resolved.scope, i + 1, childPath, childHere, site, trail);
    switch (segment.kind) {
      case 'name': {
        if (value.kind !== 'object') {
          this.out.push({ state: 'missing', path: this.rest(path, i), location: at, via: trail });
          return;
        }
        const entry = lookupEntry(value, segment.name, this.caseInsensitive) ?? copyLoopEntry(value, segment.name, this.caseInsensitive);
        if (!entry) {
          this.out.push({ state: 'missing', path: this.rest(path, i), location: at, via: trail });
          return;
        }
        next(entry.value, join(path, entry.key), propertyLocation(entry));
        return;
      }
      case 'anyKey':
        if (value.kind === 'object') for (const entry of value.entries) next(entry.value, join(path, entry.key), propertyLocation(entry));
        return;
      case 'anyIndex':
        if (value.kind === 'array') value.items.forEach((item, n) => next(item, `${path}[${n}]`, itemLocation(item)));
        else if (this.blockAsObject(value)) next(value, `${path}[0]`, at);
        return;
      case 'index': {
        if (segment.index === 0 && this.blockAsObject(value)) {
          next(value, `${path}[0]`, at);
          return;
        }
        const item = value.kind === 'array' ? value.items[segment.index] : undefined;
        if (item) next(item, `${path}[${segment.index}]`, itemLocation(item));
        else this.out.push({ state: 'missing', path: this.rest(path, i), location: at, via: trail });
        return;
      }
    }
  }

  /**
   * Terraform: a nested block written as an attribute with one object (`encryption_settings = { … }`,
   * Terraform 0.11 style, still found in old modules) reads as a list of that one block.
   */
  private blockAsObject(value: Node): boolean {
    return !this.caseInsensitive && value.kind === 'object';
  }

  /** The path of a missing property: where the walk stopped, plus the segments it did not reach. */
  private rest(path: string, from: number): string {
    let out = path;
    for (const segment of this.segments.slice(from)) {
      if (segment.kind === 'name') out = join(out, segment.name);
      else if (segment.kind === 'anyKey') out = join(out, '*');
      else out += segment.kind === 'anyIndex' ? '[*]' : `[${segment.index}]`;
    }
    return out;
  }
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** A property's region: from its key to the end of a one-line value, else the key alone. */
export function propertyLocation(entry: Entry): Location {
  const k = entry.keyLocation;
  const v = entry.value;
  if (v.kind === 'object' || v.kind === 'array' || v.endLine !== k.line) return locationOf(k);
  return { file: k.file, line: k.line, column: k.column, endLine: v.endLine, endColumn: v.endColumn };
}

/** An array element: a scalar's own region, or the opening line of an object or array. */
function itemLocation(item: Node): Location {
  if (item.kind !== 'object' && item.kind !== 'array') return locationOf(item);
  return { file: item.file, line: item.line, column: item.column, endLine: item.line, endColumn: item.column + 1 };
}

/**
 * ARM property copy loops: `"copy": [{"name": "securityRules", "count": …, "input": {…}}]` declares
 * the property `securityRules` as an array of `input`s. The body is judged once, as one element.
 */
function copyLoopEntry(obj: Extract<Node, { kind: 'object' }>, name: string, caseInsensitive: boolean): Entry | undefined {
  if (!caseInsensitive) return undefined;
  const copy = getValue(obj, 'copy');
  if (copy?.kind !== 'array') return undefined;
  for (const loop of copy.items) {
    if (loop.kind !== 'object') continue;
    const loopName = getValue(loop, 'name');
    const input = getValue(loop, 'input');
    if (loopName?.kind === 'string' && input && loopName.value.toLowerCase() === name.toLowerCase()) {
      const array: ArrayNode = { ...locationOf(loop), offset: loop.offset, length: loop.length, kind: 'array', items: [input] };
      const nameEntry = findEntry(loop, 'name', true)!;
      return { key: loopName.value, keyLocation: nameEntry.keyLocation, value: array };
    }
  }
  return undefined;
}
