/**
 * Property bags (threads, statuses). Requests may send plain JSON primitives or `{$type,$value}` pairs; the service
 * stores and returns them typed. Int32, Double, DateTime, String and Byte[] keep their type; other primitives come
 * back as String, a Guid as a String without dashes (spec example statusWithProperties; ado-rest-api.md §2.1).
 */
import type { PropertyBag, TypedProperty } from './types';

export class PropertyError extends Error {
  constructor(readonly key: string, message: string) {
    super(message);
  }
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function isInt32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;
}

function dotnetString(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

function isTypedPair(v: unknown): v is { $type: unknown; $value: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && '$type' in v && '$value' in v;
}

/** One value as the service would store it; throws PropertyError for values it cannot take. */
export function typeProperty(key: string, value: unknown): TypedProperty {
  if (isTypedPair(value)) {
    const { $type, $value } = value;
    if (typeof $type !== 'string') throw new PropertyError(key, '$type must be a string');
    switch ($type) {
      case 'System.Int32':
        if (!isInt32($value)) throw new PropertyError(key, `$value ${JSON.stringify($value)} is not an Int32`);
        return { $type, $value };
      case 'System.Double':
        if (typeof $value !== 'number') throw new PropertyError(key, `$value ${JSON.stringify($value)} is not a Double`);
        return { $type, $value };
      case 'System.DateTime': {
        const ms = typeof $value === 'string' ? Date.parse($value) : NaN;
        if (Number.isNaN(ms)) throw new PropertyError(key, `$value ${JSON.stringify($value)} is not a DateTime`);
        return { $type, $value: new Date(ms).toISOString() };
      }
      case 'System.Byte[]':
        if (typeof $value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test($value) || $value.length % 4 !== 0) {
          throw new PropertyError(key, '$value is not base64');
        }
        return { $type, $value };
      case 'System.Guid': {
        const text = typeof $value === 'string' ? $value.replace(/[{}-]/g, '').toLowerCase() : '';
        if (!/^[0-9a-f]{32}$/.test(text)) throw new PropertyError(key, `$value ${JSON.stringify($value)} is not a Guid`);
        return { $type: 'System.String', $value: text };
      }
      case 'System.String':
        return { $type, $value: dotnetString($value) };
      default:
        if ($value === null || typeof $value === 'object') throw new PropertyError(key, '$value must be a primitive');
        return { $type: 'System.String', $value: dotnetString($value) };
    }
  }
  if (typeof value === 'string') return { $type: 'System.String', $value: value };
  if (isInt32(value)) return { $type: 'System.Int32', $value: value };
  if (typeof value === 'number' && !Number.isInteger(value)) return { $type: 'System.Double', $value: value };
  if (typeof value === 'number' || typeof value === 'boolean') return { $type: 'System.String', $value: dotnetString(value) };
  throw new PropertyError(key, 'a property value must be a primitive or a {$type,$value} pair');
}

/** Types every entry of a request bag. */
export function typeProperties(bag: Record<string, unknown>): PropertyBag {
  const out: PropertyBag = {};
  for (const [key, value] of Object.entries(bag)) out[key] = typeProperty(key, value);
  return out;
}

/** Merges a PATCH bag into a stored one; a `null` value removes the key ([unverified] service semantics). */
export function mergeProperties(stored: PropertyBag, patch: Record<string, unknown>): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      if (key in stored) {
        delete stored[key];
        changed = true;
      }
      continue;
    }
    const typed = typeProperty(key, value);
    const old = stored[key];
    if (!old || old.$type !== typed.$type || old.$value !== typed.$value) changed = true;
    stored[key] = typed;
  }
  return changed;
}
