import type { ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isMap, isNode as isYamlNode, isScalar, visit, type Document, type Node as YamlNode } from 'yaml';

/** Where a YAML file is wrong: a dotted path (`suppressions.2.reason`, `(top)`), the reason and the line. */
export interface YamlProblem {
  where: string;
  reason: string;
  line?: number;
}

export interface ValidatedYaml {
  data: Record<string, unknown>;
  /** The line of the value at a path (`['suppressions', 2, 'reason']`), when it is in the file. */
  lineOf(path: (string | number)[]): number | undefined;
}

/**
 * Parses a YAML file (duplicate keys and aliases refused) and checks it against a JSON schema. Returns the
 * data, or the first problem: a syntax error, or the most specific schema error, with its line.
 */
export function readValidatedYaml(text: string, validate: (data: unknown) => ErrorObject[]): ValidatedYaml | YamlProblem {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { where: '', reason: `YAML syntax error: ${message}`, line: e.linePos?.[0].line };
  }
  const lineAt = (node: unknown): number | undefined =>
    isYamlNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : undefined;
  // Aliases are refused: toJS would throw a bare ReferenceError; say where the first one is instead.
  const alias = firstAlias(doc);
  if (alias) return { where: '', reason: `YAML aliases (*${alias.source}) are not allowed; write the value out`, line: lineAt(alias) };
  const data = (doc.toJS({ maxAliasCount: 0 }) ?? {}) as Record<string, unknown>;
  const lineOf = (pointer: (string | number)[]): number | undefined => lineAt(doc.getIn(pointer, true));
  const errors = validate(data);
  if (errors.length) {
    const e = pickError(errors);
    const pointer = e.instancePath.split('/').slice(1).map(unescapePointer);
    // An unknown or invalid property name is reported at its own key, not at the start of the object holding it.
    const name = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : badPropertyName(e);
    const key = name === undefined ? undefined : keyNode(doc, pointer, name);
    return { where: pointer.join('.') || '(top)', reason: schemaMessage(e, errors), line: lineAt(key) ?? lineOf(pointer) };
  }
  return { data, lineOf };
}

/** The first alias (`*name`) of the document, if any. */
function firstAlias(doc: Document): (YamlNode & { source: string }) | undefined {
  let found: (YamlNode & { source: string }) | undefined;
  visit(doc, {
    Alias(_, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

/** The key node of `name` in the mapping at `pointer`. */
function keyNode(doc: Document, pointer: (string | number)[], name: string): unknown {
  const map = pointer.length ? doc.getIn(pointer, true) : doc.contents;
  if (!isMap(map)) return undefined;
  return map.items.find((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === name)?.key;
}

/** The most specific error: Ajv reports every branch of an anyOf; the deepest path says most. */
function pickError(errors: ErrorObject[]): ErrorObject {
  return [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length || (a.keyword === 'anyOf' ? 1 : -1))[0]!;
}

/** The key a `propertyNames` check refused (Ajv reports it twice: the keyword's error, and the reason with `propertyName` set). */
function badPropertyName(e: ErrorObject): string | undefined {
  return e.keyword === 'propertyNames' ? (e.params as { propertyName: string }).propertyName : e.propertyName;
}

function schemaMessage(e: ErrorObject, all: readonly ErrorObject[]): string {
  const name = badPropertyName(e);
  if (name !== undefined) {
    const reason = all.find((x) => x.propertyName === name && x.instancePath === e.instancePath && x.keyword !== 'propertyNames');
    return `property name '${name}' ${(reason && described(reason)) ?? reason?.message ?? 'is not valid'}`;
  }
  const text = described(e);
  if (text) return text;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown property '${(e.params as { additionalProperty: string }).additionalProperty}'`;
    case 'required':
      return `missing required property '${(e.params as { missingProperty: string }).missingProperty}'`;
    case 'enum':
      return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return e.message ?? e.keyword;
  }
}

/** A pattern's own wording (`description` next to `pattern` in the schema; Ajv needs `verbose` to report it). */
function described(e: ErrorObject): string | undefined {
  if (e.keyword !== 'pattern') return undefined;
  const description = (e.parentSchema as { description?: unknown } | undefined)?.description;
  return typeof description === 'string' ? description : undefined;
}

function unescapePointer(part: string): string | number {
  const s = part.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(s) ? Number(s) : s;
}
