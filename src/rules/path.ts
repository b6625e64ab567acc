/**
 * Property paths of the rule language: `properties.siteConfig.minTlsVersion`,
 * `properties.securityRules[*].properties.access`, `properties.*.enabled`, `site_config[0].x`,
 * and the virtual `$name` (last segment of the resource name), `$type`, `$apiVersion`.
 */
export type Segment =
  | { kind: 'name'; name: string }
  | { kind: 'anyKey' }
  | { kind: 'anyIndex' }
  | { kind: 'index'; index: number };

export type ParsedPath = { virtual: '$name' | '$type' | '$apiVersion' } | { virtual?: undefined; segments: Segment[] };

export class PathSyntaxError extends Error {}

const cache = new Map<string, ParsedPath>();

export function parsePath(text: string): ParsedPath {
  const hit = cache.get(text);
  if (hit) return hit;
  const parsed = parse(text);
  cache.set(text, parsed);
  return parsed;
}

function parse(text: string): ParsedPath {
  if (text === '$name' || text === '$type' || text === '$apiVersion') return { virtual: text };
  if (text.length === 0) throw new PathSyntaxError('a path must not be empty');
  const segments: Segment[] = [];
  let i = 0;
  let expectName = true;
  while (i < text.length) {
    const c = text[i];
    if (c === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) throw new PathSyntaxError(`'[' at position ${i + 1} is not closed`);
      const inner = text.slice(i + 1, close);
      if (inner === '*') segments.push({ kind: 'anyIndex' });
      else if (/^\d+$/.test(inner)) segments.push({ kind: 'index', index: Number(inner) });
      else throw new PathSyntaxError(`'[${inner}]' at position ${i + 1} must be [*] or a number`);
      i = close + 1;
      expectName = false;
      continue;
    }
    if (c === '.') {
      if (expectName) throw new PathSyntaxError(`unexpected '.' at position ${i + 1}`);
      i++;
      expectName = true;
      continue;
    }
    if (!expectName) throw new PathSyntaxError(`expected '.' or '[' at position ${i + 1}`);
    let end = i;
    while (end < text.length && text[end] !== '.' && text[end] !== '[') end++;
    const name = text.slice(i, end);
    if (name === '*') segments.push({ kind: 'anyKey' });
    else if (/^[A-Za-z0-9_$@-]+$/.test(name)) segments.push({ kind: 'name', name });
    else throw new PathSyntaxError(`'${name}' at position ${i + 1} is not a property name`);
    i = end;
    expectName = false;
  }
  if (expectName) throw new PathSyntaxError('a path must not end with a dot');
  return { segments };
}

export function hasWildcard(path: ParsedPath): boolean {
  return !path.virtual && path.segments.some((s) => s.kind === 'anyKey' || s.kind === 'anyIndex');
}
