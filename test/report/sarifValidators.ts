import * as fs from 'node:fs';
import Ajv04 from 'ajv-draft-04';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { sharedFile } from '../support/shared';

export interface SchemaCheck {
  valid: boolean;
  errors: string[];
}

export type SchemaName = 'oasis' | 'sdk';

function readSchema(...segments: string[]): object {
  const text = fs.readFileSync(sharedFile(...segments), 'utf8');
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as object;
}

let cache: Record<SchemaName, ValidateFunction> | undefined;

/** The two SARIF 2.1.0 schemas: OASIS (draft-04, the normative one) and the sarif-sdk copy (draft 2020-12). */
function validators(): Record<SchemaName, ValidateFunction> {
  if (cache) return cache;
  const oasis = new Ajv04({ allErrors: true, strict: false });
  addFormats(oasis);
  const sdk = new Ajv2020({ allErrors: true });
  addFormats(sdk);
  cache = {
    oasis: oasis.compile(readSchema('data', 'schemas', 'sarif', 'oasis', 'sarif-schema-2.1.0.json')),
    sdk: sdk.compile(readSchema('data', 'schemas', 'sarif', 'sarif-sdk', 'sarif-2.1.0.json')),
  };
  return cache;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Validates a SARIF log (a JSON round trip first, as a consumer would read the file). */
export function validateSarif(log: unknown, schema: SchemaName): SchemaCheck {
  const validate = validators()[schema];
  const data: unknown = JSON.parse(JSON.stringify(log));
  const valid = validate(data) as boolean;
  return { valid, errors: valid ? [] : describe(validate.errors) };
}

export const SCHEMAS: SchemaName[] = ['oasis', 'sdk'];
