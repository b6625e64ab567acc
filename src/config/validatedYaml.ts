import type { ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isNode as isYamlNode } from 'yaml';

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
  const data = (doc.toJS({ maxAliasCount: 0 }) ?? {}) as Record<string, unknown>;
  const lineOf = (pointer: (string | number)[]): number | undefined => {
    const node = doc.getIn(pointer, true);
    return isYamlNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : undefined;
  };
  const errors = validate(data);
  if (errors.length) {
    const e = pickError(errors);
    const pointer = e.instancePath.split('/').slice(1).map(unescapePointer);
    return { where: pointer.join('.') || '(top)', reason: schemaMessage(e), line: lineOf(pointer) };
  }
  return { data, lineOf };
}

/** The most specific error: Ajv reports every branch of an anyOf; the deepest path says most. */
function pickError(errors: ErrorObject[]): ErrorObject {
  return [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length || (a.keyword === 'anyOf' ? 1 : -1))[0]!;
}

function schemaMessage(e: ErrorObject): string {
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

function unescapePointer(part: string): string | number {
  const s = part.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(s) ? Number(s) : s;
}
