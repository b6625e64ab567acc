import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { compileGlobs, GlobError } from '../discover/globs';
import { SEVERITIES, type Severity } from '../model/severity';
import { isDate } from '../suppress/directives';
import { readValidatedYaml } from './validatedYaml';

/** The names looked for at the scan root when no configuration file is given. */
export const CONFIG_FILE_NAMES = ['.iac-scan.yml', '.iac-scan.yaml'] as const;

const THRESHOLD_VALUES = [...SEVERITIES, 'none'];
const DATE = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'must be a date written YYYY-MM-DD' };
const RULE_ID = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_.-]{1,63}$', description: 'must be a rule id (a letter, then letters, digits, _ . -)' };
const globList = { type: 'array', items: { type: 'string', minLength: 1 } };

/** The JSON schema of `.iac-scan.yml` (also in docs/configuration.md). */
export const configSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'iac-scan configuration',
  type: 'object',
  additionalProperties: false,
  properties: {
    include: globList,
    exclude: globList,
    rules: {
      type: 'object',
      additionalProperties: false,
      properties: {
        folders: { type: 'array', items: { type: 'string', minLength: 1 } },
        disable: { type: 'array', items: RULE_ID },
        severity: { type: 'object', propertyNames: RULE_ID, additionalProperties: { enum: [...SEVERITIES] } },
      },
    },
    suppressions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'path', 'reason'],
        properties: {
          rule: RULE_ID,
          path: { type: 'string', minLength: 1 },
          resource: { type: 'string', minLength: 1 },
          reason: { type: 'string', pattern: '\\S', description: 'must not be blank: say why the finding is accepted' },
          expires: DATE,
        },
      },
    },
    failOnSeverity: { enum: THRESHOLD_VALUES },
    baseline: { type: 'string', minLength: 1 },
    annotations: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        scope: { enum: ['changedLines', 'changedFiles', 'all'] },
        minSeverity: { enum: [...SEVERITIES] },
        max: { type: 'integer', minimum: 0 },
        postStatus: { type: 'boolean' },
      },
    },
  },
} as const;

/** The schema as a file for editors (`# yaml-language-server: $schema=…`): docs/iac-scan.schema.json. */
export function configSchemaJson(): string {
  return JSON.stringify({ ...configSchema, $id: 'https://github.com/iac-scan/iac-scan/blob/main/docs/iac-scan.schema.json' }, null, 2) + '\n';
}

/** A suppression of the configuration file: a rule in files matching a glob (and optionally one resource). */
export interface ExternalSuppression {
  rule: string;
  /** Glob relative to the scan root. */
  path: string;
  /** A resource name (`mystorage`) or address (`Microsoft.Storage/storageAccounts[mystorage]`, `azurerm_storage_account.logs`). */
  resource?: string;
  reason: string;
  expires?: string;
  /** Where the entry is, for messages and SARIF: `.iac-scan.yml:12`. */
  origin: string;
  /** Its line in the configuration file. */
  line: number;
  /** 0-based index in `suppressions`. */
  index: number;
}

export interface IacScanConfig {
  /** Absolute path of the file. */
  file: string;
  include: string[];
  exclude: string[];
  /** Absolute folders of extra rules. */
  ruleFolders: string[];
  disable: string[];
  severity: Record<string, Severity>;
  suppressions: ExternalSuppression[];
  failOnSeverity?: Severity | 'none';
  /** Absolute path of the baseline file. */
  baseline?: string;
  /** The line of the value at a path (for checks that need the loaded rules). */
  lineOf(at: (string | number)[]): number | undefined;
  annotations: {
    enabled?: boolean;
    scope?: 'changedLines' | 'changedFiles' | 'all';
    minSeverity?: Severity;
    max?: number;
    postStatus?: boolean;
  };
}

/** The configuration file cannot be used: the scan stops with a message that names the file, line and field. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(data: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, verbose: true }).compile(configSchema);
  return validator(data) ? [] : (validator.errors ?? []);
}

/** How diagnostics name the configuration file: relative to the scan root when inside it, else absolute. */
export function configDisplayPath(config: Pick<IacScanConfig, 'file'>, root: string): string {
  const relative = path.relative(root, config.file).split(path.sep).join('/');
  return relative.startsWith('../') || path.isAbsolute(relative) ? config.file : relative;
}

/**
 * The configuration of a scan: the file given (it must exist), else `.iac-scan.yml` / `.iac-scan.yaml` at the
 * scan root (the folder scanned, or the folder of the file scanned), else none.
 */
export function configFor(scanPath: string, explicit?: string): IacScanConfig | undefined {
  if (explicit) return loadConfigFile(explicit);
  let root = scanPath;
  try {
    if (!fs.statSync(scanPath).isDirectory()) root = path.dirname(scanPath);
  } catch {
    return undefined;
  }
  const found = findConfigFile(root);
  return found ? loadConfigFile(found) : undefined;
}

/** `.iac-scan.yml` (or `.iac-scan.yaml`) in the folder, if there is one (a file; a folder of that name is not). */
export function findConfigFile(folder: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(folder, name);
    if (fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return file;
  }
  return undefined;
}

/**
 * Reads and checks a configuration file. Relative `rules.folders` and `baseline` are relative to the file's
 * folder; `include`, `exclude` and suppression paths are globs relative to the scan root.
 */
export function loadConfigFile(file: string): IacScanConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`The configuration file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); check the path.`);
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file: string): IacScanConfig {
  const name = path.basename(file);
  const fail = (where: string, reason: string, line?: number): never => {
    throw new ConfigError(`Invalid configuration file ${file}${line ? `:${line}` : ''}: ${where ? `${where}: ` : ''}${reason}`);
  };
  const read = readValidatedYaml(text, validate);
  if (!('data' in read)) return fail(read.where, read.reason, read.line);
  const { data, lineOf } = read;
  const c = data as {
    include?: string[];
    exclude?: string[];
    rules?: { folders?: string[]; disable?: string[]; severity?: Record<string, Severity> };
    suppressions?: Omit<ExternalSuppression, 'origin' | 'index'>[];
    failOnSeverity?: Severity | 'none';
    baseline?: string;
    annotations?: IacScanConfig['annotations'];
  };
  const checkGlob = (glob: string, at: (string | number)[]): void => {
    try {
      compileGlobs([glob]);
    } catch (err) {
      if (err instanceof GlobError) fail(at.join('.'), err.message, lineOf(at));
      throw err;
    }
  };
  (c.include ?? []).forEach((glob, i) => checkGlob(glob, ['include', i]));
  (c.exclude ?? []).forEach((glob, i) => checkGlob(glob, ['exclude', i]));
  const suppressions = (c.suppressions ?? []).map((s, index): ExternalSuppression => {
    checkGlob(s.path, ['suppressions', index, 'path']);
    if (s.expires !== undefined && !isDate(s.expires)) {
      fail(`suppressions.${index}.expires`, `${s.expires} is not a day of the calendar`, lineOf(['suppressions', index, 'expires']));
    }
    const line = lineOf(['suppressions', index]) ?? 1;
    return { ...s, reason: s.reason.trim(), origin: `${name}:${line}`, line, index };
  });
  const dir = path.dirname(path.resolve(file));
  return {
    file: path.resolve(file),
    include: c.include ?? [],
    exclude: c.exclude ?? [],
    ruleFolders: (c.rules?.folders ?? []).map((f) => path.resolve(dir, f)),
    disable: c.rules?.disable ?? [],
    severity: c.rules?.severity ?? {},
    suppressions,
    failOnSeverity: c.failOnSeverity,
    baseline: c.baseline === undefined ? undefined : path.resolve(dir, c.baseline),
    annotations: c.annotations ?? {},
    lineOf,
  };
}

