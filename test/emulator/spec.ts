/**
 * The official git 7.1 OpenAPI spec (MicrosoftDocs/vsts-rest-api-specs, shared folder), overlaid so ajv can check
 * real traffic (ado-rest-api.md §3):
 *
 *  1. `{count,value}` lists are checked by `validateList` (the spec declares bare arrays);
 *  2. object, array and enum fields are nullable (`threadContext: null`, `leftFileStart: null`);
 *  3. enums: requests take a number or a case-insensitive name (flag enums: comma-separated names); responses must
 *     carry the exact camelCase name (flag enums joined with ", ");
 *  4. `Change.item` is a `GitItem` (the spec says `type: string, format: "T"`);
 *  5. `PropertiesCollection` is a bag of `{$type,$value}` pairs (requests may also send plain primitives);
 *     `ReferenceLinks` is `{name: {href}}` as on the wire (the spec says `{links:{…}}`);
 *  6. an `ErrorEnvelope` definition for the error body of §1.7;
 *  7. `additionalProperties: false` on every object (`allOf` inheritance flattened first) to catch typos.
 *
 * Spec text turned into checks: CommentPosition line ≥ 1 and offset ≥ 0; GitPullRequestStatus.iterationId ≥ 1;
 * response dates must be ISO-8601 with `Z`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { sharedFile } from '../support/shared';
import { enumFromSpec, isWireEnum, parseEnum, describeEnum } from './enums';
import type { RecordedRequest } from './types';

export type Direction = 'request' | 'response';
type Schema = Record<string, unknown>;

interface SwaggerDoc {
  definitions: Record<string, Schema>;
  [key: string]: unknown;
}

const SPEC_SEGMENTS = ['data', 'schemas', 'vsts-rest-api-specs', 'specification', 'git', '7.1'];

function readJson(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
}

let specCache: SwaggerDoc | undefined;

/** git.json (BOM stripped), parsed once. */
export function loadGitSpec(): SwaggerDoc {
  specCache ??= readJson(sharedFile(...SPEC_SEGMENTS, 'git.json')) as SwaggerDoc;
  return specCache;
}

/** An httpExamples file, e.g. `pullRequestThreads/POST__…threads.json`. */
export function loadHttpExample(relative: string): { requestBody?: unknown; responseBody?: unknown; raw: Schema } {
  const raw = readJson(sharedFile(...SPEC_SEGMENTS, 'httpExamples', ...relative.split('/'))) as Schema;
  const params = (raw['parameters'] ?? {}) as Schema;
  const responses = (raw['responses'] ?? {}) as Record<string, Schema>;
  return { requestBody: params['body'], responseBody: responses['200']?.['body'], raw };
}

/** File names under one httpExamples folder. */
export function listHttpExamples(folder: string): string[] {
  const dir = path.join(sharedFile(...SPEC_SEGMENTS, 'httpExamples'), folder);
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
}

// ---- overlay -----------------------------------------------------------------------------------------------------

const REF_PREFIX = '#/definitions/';

function refName(ref: unknown): string {
  if (typeof ref !== 'string' || !ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${String(ref)}`);
  return ref.slice(REF_PREFIX.length);
}

/** Merges `allOf` inheritance into one object schema (properties of bases first). */
function flatten(defs: Record<string, Schema>, name: string, memo: Map<string, Schema>): Schema {
  const hit = memo.get(name);
  if (hit) return hit;
  const def = defs[name];
  if (!def) throw new Error(`spec has no definition ${name}`);
  let properties: Record<string, Schema> = {};
  let additional: unknown;
  let arrayForm: Schema | undefined;
  for (const part of (def['allOf'] as Schema[] | undefined) ?? []) {
    const base = part['$ref'] ? flatten(defs, refName(part['$ref']), memo) : part;
    if (base['type'] === 'array') arrayForm = base;
    properties = { ...properties, ...((base['properties'] as Record<string, Schema> | undefined) ?? {}) };
    additional ??= base['additionalProperties'];
  }
  properties = { ...properties, ...((def['properties'] as Record<string, Schema> | undefined) ?? {}) };
  const flat: Schema = arrayForm && Object.keys(properties).length === 0
    ? arrayForm
    : { type: 'object', properties, ...(additional !== undefined ? { additionalProperties: additional } : {}) };
  memo.set(name, flat);
  return flat;
}

function nullable(schema: Schema): Schema {
  return { anyOf: [schema, { type: 'null' }] };
}

const FORMATS: Record<string, string> = {
  uuid: 'uuid', byte: 'byte', int16: 'int16', int32: 'int32', int64: 'int64',
};

function convert(s: Schema, dir: Direction): Schema {
  if (s['$ref']) return nullable({ $ref: s['$ref'] });
  if (Array.isArray(s['enum'])) {
    const ms = s['x-ms-enum'] as { name?: string } | undefined;
    return { adoEnum: { name: ms?.name ?? 'enum', names: s['enum'] } };
  }
  const format = typeof s['format'] === 'string' ? s['format'] : undefined;
  switch (s['type']) {
    case 'array':
      return { type: ['array', 'null'], items: s['items'] ? convert(s['items'] as Schema, dir) : {} };
    case 'object': {
      const out: Schema = { type: ['object', 'null'] };
      if (s['properties']) {
        out['properties'] = convertProps(s['properties'] as Record<string, Schema>, dir);
        out['additionalProperties'] = false;
      }
      if (s['additionalProperties'] && typeof s['additionalProperties'] === 'object') {
        out['additionalProperties'] = convert(s['additionalProperties'] as Schema, dir);
      }
      return out;
    }
    case 'string':
      if (format === 'date-time') return { type: 'string', format: dir === 'response' ? 'ado-date-time' : 'date-time' };
      return format && FORMATS[format] ? { type: 'string', format: FORMATS[format] } : { type: 'string' };
    case 'integer':
      return format && FORMATS[format] ? { type: 'integer', format: FORMATS[format] } : { type: 'integer' };
    case 'number':
    case 'boolean':
      return { type: s['type'] };
    default:
      return {};
  }
}

function convertProps(props: Record<string, Schema>, dir: Direction): Record<string, Schema> {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, convert(v, dir)]));
}

const TYPED_PAIR_REQUEST: Schema = {
  type: 'object',
  properties: { $type: { type: 'string', minLength: 1 }, $value: {} },
  required: ['$type', '$value'],
  additionalProperties: false,
};
const TYPED_PAIR_RESPONSE: Schema = {
  type: 'object',
  properties: {
    $type: { enum: ['System.String', 'System.Int32', 'System.Double', 'System.DateTime', 'System.Byte[]'] },
    $value: { type: ['string', 'number'] },
  },
  required: ['$type', '$value'],
  additionalProperties: false,
};

/** The overlaid definitions for one direction (see the file comment). */
export function overlayDefinitions(dir: Direction): Record<string, Schema> {
  const defs = structuredClone(loadGitSpec().definitions);
  const change = defs['Change']!;
  (change['properties'] as Record<string, Schema>)['item'] = { $ref: `${REF_PREFIX}GitItem` };

  const memo = new Map<string, Schema>();
  const out: Record<string, Schema> = {};
  for (const name of Object.keys(defs)) {
    const flat = flatten(defs, name, memo);
    if (flat['type'] === 'array') {
      out[name] = { type: 'array', items: convert(flat['items'] as Schema, dir) };
      continue;
    }
    const additional = flat['additionalProperties'];
    out[name] = {
      type: 'object',
      properties: convertProps(flat['properties'] as Record<string, Schema>, dir),
      additionalProperties: additional && typeof additional === 'object' ? convert(additional as Schema, dir) : false,
    };
  }

  out['PropertiesCollection'] = {
    type: 'object',
    additionalProperties: dir === 'request'
      ? { anyOf: [TYPED_PAIR_REQUEST, { type: ['string', 'number', 'boolean'] }] }
      : TYPED_PAIR_RESPONSE,
  };
  out['ReferenceLinks'] = {
    type: 'object',
    additionalProperties: {
      type: 'object', properties: { href: { type: 'string' } }, required: ['href'], additionalProperties: false,
    },
  };
  const position = out['CommentPosition']!['properties'] as Record<string, Schema>;
  position['line'] = { type: 'integer', format: 'int32', minimum: 1 };
  position['offset'] = { type: 'integer', format: 'int32', minimum: 0 };
  const status = out['GitPullRequestStatus']!['properties'] as Record<string, Schema>;
  status['iterationId'] = { type: 'integer', format: 'int32', minimum: 1 };
  out['ErrorEnvelope'] = {
    type: 'object',
    properties: {
      $id: { type: 'string' },
      innerException: { type: ['object', 'null'] },
      message: { type: 'string', minLength: 1 },
      typeName: { type: 'string', minLength: 1 },
      typeKey: { type: 'string', minLength: 1 },
      errorCode: { type: 'integer' },
      eventId: { type: 'integer' },
    },
    required: ['message', 'typeName', 'typeKey'],
    additionalProperties: false,
  };
  return out;
}

// ---- ajv ---------------------------------------------------------------------------------------------------------

interface EnumKeyword {
  name: string;
  names: string[];
}

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/;

function makeAjv(dir: Direction): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addFormat('int16', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -32768 && n <= 32767 });
  ajv.addFormat('ado-date-time', { type: 'string', validate: (t: string) => ISO_Z.test(t) && !Number.isNaN(Date.parse(t)) });
  ajv.addKeyword({
    keyword: 'adoEnum',
    schemaType: 'object',
    errors: true,
    compile(schema: EnumKeyword) {
      const def = enumFromSpec(schema.name, schema.names);
      const check = (data: unknown): boolean => {
        if (data === null) return true;
        if (dir === 'request') return parseEnum(def, data).ok;
        return isWireEnum(def, data);
      };
      const message = dir === 'request'
        ? `must be a ${describeEnum(def)} value (a number or a name)`
        : `must be a camelCase ${def.name} name (${def.values.map(([n]) => n).join(', ')})`;
      const validate = (data: unknown): boolean => {
        const ok = check(data);
        (validate as unknown as { errors: Partial<ErrorObject>[] | null }).errors = ok
          ? null
          : [{ keyword: 'adoEnum', message: `${message}; got ${JSON.stringify(data)}`, params: { enum: def.name } }];
        return ok;
      };
      return validate;
    },
  });
  ajv.addSchema({ $id: schemaId(dir), definitions: overlayDefinitions(dir) });
  return ajv;
}

function schemaId(dir: Direction): string {
  return `https://iac-scan.test/ado-git-7.1-${dir}.json`;
}

const ajvs: Partial<Record<Direction, Ajv>> = {};
const validators = new Map<string, ValidateFunction>();

function ajvFor(dir: Direction): Ajv {
  return (ajvs[dir] ??= makeAjv(dir));
}

function validatorFor(definition: string, dir: Direction, list: boolean): ValidateFunction {
  const key = `${dir}:${definition}:${list}`;
  let v = validators.get(key);
  if (!v) {
    const ajv = ajvFor(dir);
    const ref = `${schemaId(dir)}#/definitions/${definition}`;
    if (!ajv.getSchema(ref)) throw new Error(`no overlaid definition ${definition}`);
    v = list
      ? ajv.compile({
          type: 'object',
          properties: { count: { type: 'integer', minimum: 0 }, value: { type: 'array', items: { $ref: ref } } },
          required: ['count', 'value'],
          additionalProperties: false,
        })
      : ajv.getSchema(ref)!;
    validators.set(key, v);
  }
  return v;
}

export interface SpecError {
  /** Dotted field path, e.g. `comments[0].commentType` (`` for the root). */
  field: string;
  message: string;
}

export interface SpecCheck {
  valid: boolean;
  errors: SpecError[];
}

function fieldOf(instancePath: string, child?: string): string {
  let out = '';
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

function describeErrors(errors: ErrorObject[]): SpecError[] {
  const meaningful = errors.filter((e) => e.keyword !== 'anyOf' && !(e.keyword === 'type' && e.params['type'] === 'null'));
  const picked = meaningful.length ? meaningful : errors;
  const out: SpecError[] = [];
  for (const e of picked) {
    if (e.keyword === 'additionalProperties') {
      out.push({ field: fieldOf(e.instancePath, String(e.params['additionalProperty'])), message: 'is not a field of this object' });
    } else if (e.keyword === 'required') {
      out.push({ field: fieldOf(e.instancePath, String(e.params['missingProperty'])), message: 'is required' });
    } else {
      out.push({ field: fieldOf(e.instancePath), message: e.message ?? e.keyword });
    }
  }
  const seen = new Set<string>();
  return out.filter((e) => !seen.has(`${e.field}|${e.message}`) && seen.add(`${e.field}|${e.message}`));
}

/** Validates a body against an overlaid definition (a JSON round trip first, as on the wire). */
export function validateDefinition(definition: string, body: unknown, dir: Direction, opts: { list?: boolean } = {}): SpecCheck {
  const validate = validatorFor(definition, dir, opts.list ?? false);
  const data: unknown = JSON.parse(JSON.stringify(body ?? null));
  const valid = validate(data) as boolean;
  const errors = valid ? [] : describeErrors(validate.errors ?? []);
  if (valid && opts.list) {
    const list = data as { count: number; value: unknown[] };
    if (list.count !== list.value.length) errors.push({ field: 'count', message: `is ${list.count} but value has ${list.value.length} items` });
  }
  return { valid: errors.length === 0, errors };
}

export const validateRequest = (definition: string, body: unknown): SpecCheck => validateDefinition(definition, body, 'request');
export const validateResponse = (definition: string, body: unknown, list = false): SpecCheck =>
  validateDefinition(definition, body, 'response', { list });

export function formatSpecErrors(errors: SpecError[]): string {
  return errors.map((e) => `${e.field || '(body)'} ${e.message}`).join('; ');
}

// ---- the emulator's self-check -------------------------------------------------------------------------------------

/** Response shape per route name (routes.ts); `null` = empty body. */
export const RESPONSE_SHAPES: Readonly<Record<string, { definition: string; list?: boolean } | null>> = {
  'threads.list': { definition: 'GitPullRequestCommentThread', list: true },
  'threads.get': { definition: 'GitPullRequestCommentThread' },
  'threads.create': { definition: 'GitPullRequestCommentThread' },
  'threads.update': { definition: 'GitPullRequestCommentThread' },
  'comments.list': { definition: 'Comment', list: true },
  'comments.get': { definition: 'Comment' },
  'comments.create': { definition: 'Comment' },
  'comments.update': { definition: 'Comment' },
  'comments.delete': null,
  'iterations.list': { definition: 'GitPullRequestIteration', list: true },
  'iterations.get': { definition: 'GitPullRequestIteration' },
  'iterations.changes': { definition: 'GitPullRequestIterationChanges' },
  'statuses.list': { definition: 'GitPullRequestStatus', list: true },
  'statuses.get': { definition: 'GitPullRequestStatus' },
  'statuses.create': { definition: 'GitPullRequestStatus' },
  'statuses.delete': null,
  'iterationStatuses.list': { definition: 'GitPullRequestStatus', list: true },
  'iterationStatuses.create': { definition: 'GitPullRequestStatus' },
  'pullRequests.getById': { definition: 'GitPullRequest' },
  'pullRequests.get': { definition: 'GitPullRequest' },
};

/**
 * Checks every recorded response: success bodies of the routes above against the overlaid spec, error bodies
 * against ErrorEnvelope (401 must be empty). Returns one line per problem; empty when all conform.
 */
export function checkRecordedResponses(requests: readonly RecordedRequest[]): string[] {
  const problems: string[] = [];
  for (const r of requests) {
    const where = `#${r.seq} ${r.method} ${r.path} (${r.route ?? 'no route'}) → ${r.status}`;
    if (r.status === 0) continue;
    if (r.status === 401) {
      if (r.response !== undefined && !r.fault?.body) problems.push(`${where}: 401 must have an empty body`);
      continue;
    }
    if (r.status >= 400) {
      if (r.fault?.body || r.status === 502 || r.status === 503) continue;
      const check = validateDefinition('ErrorEnvelope', r.response, 'response');
      if (!check.valid) problems.push(`${where}: ${formatSpecErrors(check.errors)}`);
      continue;
    }
    if (!r.route || !(r.route in RESPONSE_SHAPES)) continue;
    const shape = RESPONSE_SHAPES[r.route];
    if (shape === null) {
      if (r.response !== undefined) problems.push(`${where}: expected an empty body`);
      continue;
    }
    if (!shape) continue;
    const check = validateDefinition(shape.definition, r.response, 'response', { list: shape.list ?? false });
    if (!check.valid) problems.push(`${where}: ${formatSpecErrors(check.errors)}`);
  }
  return problems;
}

/** A reusable validator for one definition and direction (compiled once). */
export function specValidator(definition: string, dir: Direction, opts: { list?: boolean } = {}): (body: unknown) => SpecCheck {
  validatorFor(definition, dir, opts.list ?? false);
  return (body) => validateDefinition(definition, body, dir, opts);
}
