/**
 * The Terraform functions evaluated statically (on plain values); any other function is unknown.
 * Semantics from the Terraform language documentation (developer.hashicorp.com/terraform/language/functions).
 */
import { MAX_COLLECTION_SIZE, MAX_STRING_LENGTH } from '../limits';
import { joinBounded, replaceBounded, TOO_LARGE, UNKNOWN, type Plain, type Result } from '../plainValue';

/** A function on known arguments: its value, UNKNOWN, or TOO_LARGE for a result past the size bounds (not built). */
type Fn = (args: Plain[]) => Result;

const isObject = (v: Plain): v is { [key: string]: Plain } => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: Plain): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

/** Go-style `format` verbs used in practice: %s %d %v %q %%. */
function format(args: Plain[]): Result {
  const [spec, ...rest] = args;
  if (typeof spec !== 'string') return UNKNOWN;
  let i = 0;
  let failed = false;
  // The length written so far: past the string bound nothing more is written (an argument can be long).
  let length = spec.length;
  const out = spec.replace(/%([%sdvq])/g, (_, verb: string) => {
    if (failed || length > MAX_STRING_LENGTH) return '';
    if (verb === '%') return '%';
    const v = rest[i++];
    if (v === undefined) {
      failed = true;
      return '';
    }
    let text: string | undefined;
    if (verb === 'q') text = JSON.stringify(str(v) ?? '');
    else if (verb === 'v' && typeof v === 'object') text = JSON.stringify(v);
    else text = str(v);
    if (text === undefined) failed = true;
    length += text?.length ?? 0;
    return length > MAX_STRING_LENGTH ? '' : (text ?? '');
  });
  if (failed) return UNKNOWN;
  return length > MAX_STRING_LENGTH ? TOO_LARGE : out;
}

const FUNCTIONS: Record<string, Fn> = {
  lower: ([s]) => (typeof s === 'string' ? s.toLowerCase() : UNKNOWN),
  upper: ([s]) => (typeof s === 'string' ? s.toUpperCase() : UNKNOWN),
  trimspace: ([s]) => (typeof s === 'string' ? s.trim() : UNKNOWN),
  // custom_data = base64encode(file or heredoc): UTF-8 then standard base64, as Terraform documents.
  base64encode: ([s]) => (typeof s === 'string' ? Buffer.from(s, 'utf8').toString('base64') : UNKNOWN),
  base64decode: ([s]) => (typeof s === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0 ? Buffer.from(s, 'base64').toString('utf8') : UNKNOWN),
  format,
  tostring: ([v]) => (v === null ? null : (str(v as Plain) ?? UNKNOWN)),
  tonumber: ([v]) => {
    if (typeof v === 'number' || v === null) return v ?? null;
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    return Number.isFinite(n) ? n : UNKNOWN;
  },
  tobool: ([v]) => (typeof v === 'boolean' || v === null ? v : v === 'true' ? true : v === 'false' ? false : UNKNOWN),
  tolist: ([v]) => (Array.isArray(v) ? v : UNKNOWN),
  toset: ([v]) => (Array.isArray(v) ? dedupe(v) : UNKNOWN),
  tomap: ([v]) => (isObject(v) ? v : UNKNOWN),
  merge: (args) => (args.every((a) => a === null || isObject(a)) ? Object.assign({}, ...args.filter((a) => a !== null)) : UNKNOWN),
  lookup: ([m, k, fallback]) => {
    if (!isObject(m) || typeof k !== 'string') return UNKNOWN;
    if (Object.hasOwn(m, k)) return m[k]!;
    return fallback === undefined ? UNKNOWN : fallback;
  },
  coalesce: (args) => args.find((a) => a !== null && a !== '') ?? UNKNOWN,
  concat: (args) => {
    if (!args.every(Array.isArray)) return UNKNOWN;
    const count = (args as Plain[][]).reduce((n, list) => n + list.length, 0);
    return count > MAX_COLLECTION_SIZE ? TOO_LARGE : (args as Plain[][]).flat();
  },
  contains: ([list, v]) => (Array.isArray(list) ? list.some((x) => JSON.stringify(x) === JSON.stringify(v)) : UNKNOWN),
  join: ([sep, list]) => (typeof sep === 'string' && Array.isArray(list) && list.every((x) => str(x) !== undefined) ? joinBounded(list.map((x) => str(x)!), sep) : UNKNOWN),
  // One item past the bound is enough to tell the result is too large.
  split: ([sep, s]) => (typeof sep === 'string' && typeof s === 'string' ? s.split(sep, MAX_COLLECTION_SIZE + 1) : UNKNOWN),
  length: ([v]) => (typeof v === 'string' ? [...v].length : Array.isArray(v) ? v.length : isObject(v) ? Object.keys(v).length : UNKNOWN),
  replace: ([s, from, to]) => (typeof s === 'string' && typeof from === 'string' && typeof to === 'string' && !from.startsWith('/') ? replaceBounded(s, from, to) : UNKNOWN),
  substr: ([s, offset, len]) =>
    typeof s === 'string' && typeof offset === 'number' && typeof len === 'number' ? s.substr(offset, len < 0 ? undefined : len) : UNKNOWN,
  keys: ([m]) => (isObject(m) ? Object.keys(m).sort() : UNKNOWN),
  values: ([m]) => (isObject(m) ? Object.keys(m).sort().map((k) => m[k]!) : UNKNOWN),
  // Terraform wraps a non-negative whole index around the list; a negative or fractional one is an error.
  element: ([list, i]) => (Array.isArray(list) && list.length && typeof i === 'number' && Number.isInteger(i) && i >= 0 ? list[i % list.length]! : UNKNOWN),
  flatten: ([list]) => (Array.isArray(list) ? flattenDeep(list) : UNKNOWN),
  distinct: ([list]) => (Array.isArray(list) ? dedupe(list) : UNKNOWN),
  min: (args) => (args.every((a) => typeof a === 'number') ? Math.min(...(args as number[])) : UNKNOWN),
  max: (args) => (args.every((a) => typeof a === 'number') ? Math.max(...(args as number[])) : UNKNOWN),
  abs: ([n]) => (typeof n === 'number' ? Math.abs(n) : UNKNOWN),
};

function flattenDeep(list: Plain[]): Plain[] {
  const out: Plain[] = [];
  for (const item of list) {
    if (Array.isArray(item)) for (const inner of flattenDeep(item)) out.push(inner);
    else out.push(item);
  }
  return out;
}

function dedupe(list: Plain[]): Plain[] {
  const seen = new Set<string>();
  return list.filter((x) => {
    const key = JSON.stringify(x);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Calls a function on known arguments; unknown when the function is not evaluated here or its arguments do not
 * fit, TOO_LARGE when its result would pass the size bounds.
 */
export function callFunction(name: string, args: Plain[]): Result {
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  return fn ? fn(args) : UNKNOWN;
}

export function isEvaluated(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}
