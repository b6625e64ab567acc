/**
 * Enum tables of git 7.1 (names from the spec's x-ms-enum lists, numbers from ado-rest-api.md §2) and the
 * conversions the service performs: requests carry numbers or case-insensitive names (flag enums also as
 * comma-separated names); responses carry camelCase names, flag enums joined with ", ".
 */

export interface EnumDef {
  name: string;
  /** camelCase name → number, in declaration order. */
  values: ReadonlyArray<readonly [string, number]>;
  flags: boolean;
}

function sequential(name: string, names: string[]): EnumDef {
  return { name, values: names.map((n, i) => [n, i] as const), flags: false };
}

/** Flag enums in the spec: the first name is 0, the next ones are successive bits; `all` (if present) is every bit. */
function flagged(name: string, names: string[]): EnumDef {
  const values: Array<readonly [string, number]> = [];
  let bit = 1;
  names.forEach((n, i) => {
    if (i === 0) values.push([n, 0]);
    else if (n === 'all') values.push([n, bit - 1]);
    else {
      values.push([n, bit]);
      bit *= 2;
    }
  });
  return { name, values, flags: true };
}

export const CommentThreadStatus = sequential('CommentThreadStatus', [
  'unknown', 'active', 'fixed', 'wontFix', 'closed', 'byDesign', 'pending',
]);
export const CommentType = sequential('CommentType', ['unknown', 'text', 'codeChange', 'system']);
/** 7.1 ends at notApplicable (7.2 adds partiallySucceeded = 6). */
export const GitStatusState = sequential('GitStatusState', [
  'notSet', 'pending', 'succeeded', 'failed', 'error', 'notApplicable',
]);
export const PullRequestStatus = sequential('PullRequestStatus', ['notSet', 'active', 'abandoned', 'completed', 'all']);
export const PullRequestAsyncStatus = sequential('PullRequestAsyncStatus', [
  'notSet', 'queued', 'conflicts', 'succeeded', 'rejectedByPolicy', 'failure',
]);
export const VersionControlChangeType = flagged('VersionControlChangeType', [
  'none', 'add', 'edit', 'encoding', 'rename', 'delete', 'undelete', 'branch', 'merge', 'lock', 'rollback',
  'sourceRename', 'targetRename', 'property', 'all',
]);
export const IterationReason = flagged('IterationReason', [
  'push', 'forcePush', 'create', 'rebase', 'unknown', 'retarget', 'resolveConflicts',
]);

/** Enums whose numbers are known; any other spec enum is numbered by position (see `enumFromSpec`). */
export const KNOWN_ENUMS: Readonly<Record<string, EnumDef>> = Object.fromEntries(
  [CommentThreadStatus, CommentType, GitStatusState, PullRequestStatus, PullRequestAsyncStatus,
    VersionControlChangeType, IterationReason].map((d) => [d.name, d]),
);

const FLAG_ENUMS = new Set(['VersionControlChangeType', 'IterationReason']);

/** The definition for a spec enum: the known table when there is one, else numbered by position. */
export function enumFromSpec(name: string, names: string[]): EnumDef {
  return KNOWN_ENUMS[name] ?? (FLAG_ENUMS.has(name) ? flagged(name, names) : sequential(name, names));
}

export type EnumParse = { ok: true; value: number; name: string } | { ok: false; message: string };

function allBits(def: EnumDef): number {
  return def.values.reduce((acc, [, v]) => acc | v, 0);
}

function lookupName(def: EnumDef, text: string): number | undefined {
  const exact = def.values.find(([n]) => n === text);
  if (exact) return exact[1];
  const folded = def.values.find(([n]) => n.toLowerCase() === text.toLowerCase());
  return folded?.[1];
}

export function describeEnum(def: EnumDef): string {
  return `${def.name} (${def.values.map(([n, v]) => `${n}=${v}`).join(', ')})`;
}

/** Parses a request value: a number, a case-insensitive name, a numeric string, or (flags) comma-separated names. */
export function parseEnum(def: EnumDef, input: unknown): EnumParse {
  const bad = (): EnumParse => ({ ok: false, message: `must be a ${describeEnum(def)} value; got ${JSON.stringify(input)}` });
  let value: number | undefined;
  if (typeof input === 'number') value = input;
  else if (typeof input === 'string') {
    const text = input.trim();
    if (/^-?\d+$/.test(text)) value = Number(text);
    else if (def.flags) {
      const parts = text.split(',').map((p) => p.trim());
      if (parts.some((p) => p === '')) return bad();
      let acc = 0;
      for (const p of parts) {
        const v = lookupName(def, p);
        if (v === undefined) return bad();
        acc |= v;
      }
      value = acc;
    } else value = lookupName(def, text);
  } else return bad();
  if (value === undefined || !Number.isInteger(value)) return bad();
  if (def.flags) {
    if (value < 0 || (value & ~allBits(def)) !== 0) return bad();
  } else if (!def.values.some(([, v]) => v === value)) return bad();
  return { ok: true, value, name: formatEnum(def, value) };
}

/** The response form: the camelCase name; for flags the set names in ascending order joined with ", ". */
export function formatEnum(def: EnumDef, value: number): string {
  const exact = def.values.find(([, v]) => v === value);
  if (exact) return exact[0];
  if (!def.flags) throw new Error(`${value} is not a ${def.name} value`);
  const names = def.values.filter(([, v]) => v !== 0 && v !== allBits(def) && (value & v) === v).map(([n]) => n);
  return names.join(', ');
}

/** True when `text` is exactly what the service would emit for some value of the enum. */
export function isWireEnum(def: EnumDef, text: unknown): boolean {
  if (typeof text !== 'string') return false;
  const parts = def.flags ? text.split(', ') : [text];
  if (parts.length > 1 && parts.some((p) => p === def.values[0]?.[0] || p === 'all')) return false;
  return parts.every((p) => def.values.some(([n]) => n === p));
}

/** Parses an enum input for seeding; throws on invalid values (a test bug, not a request error). */
export function seedEnum(def: EnumDef, input: unknown): string {
  const parsed = parseEnum(def, Array.isArray(input) ? input.join(', ') : input);
  if (!parsed.ok) throw new Error(`emulator seed: ${parsed.message}`);
  return parsed.name;
}
