import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { readValidatedYaml } from '../config/validatedYaml';
import { LEAF_OPERATORS, type Condition } from './condition';
import { hasWildcard, parsePath, PathSyntaxError } from './path';
import { ruleFormats, type ExampleFormat, type Remediation, type Rule, type Target } from './rule';
import { exponentialAmbiguity } from './regexAmbiguity';
import { ruleSchema } from './ruleSchema';
import { compileRegex, RegexError } from './safeRegex';

/** A rule file that cannot be used; the scan stops (a configuration error, exit code 2). */
export class RuleLoadError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(`Invalid rule file ${file}${line ? `:${line}` : ''}: ${where ? `${where}: ` : ''}${reason}`);
    this.name = 'RuleLoadError';
  }
}

/** The rules shipped with iac-scan: `<package>/rules`, or `rules/` beside the task bundle's `dist/`. */
export function builtinRulesDir(): string {
  const candidates = [path.resolve(__dirname, '..', '..', 'rules'), path.resolve(__dirname, '..', 'rules')];
  return candidates.find((dir) => fs.existsSync(dir)) ?? candidates[0]!;
}

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(data: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, allowUnionTypes: true }).compile(ruleSchema);
  return validator(data) ? [] : (validator.errors ?? []);
}

/** Loads every `*.yml` / `*.yaml` under the given folders; ids must be unique across all of them. */
export function loadRules(dirs: string[]): Rule[] {
  const rules: Rule[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    let files: string[];
    try {
      files = ruleFiles(dir);
    } catch (err) {
      if (err instanceof RuleLoadError) throw err;
      throw new RuleLoadError(dir, '', `the rules folder cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); check the rules folder given (--rules, the task input rulesPath, or rules.folders of the configuration file)`);
    }
    for (const file of files) {
      const size = fs.statSync(file).size;
      if (size > MAX_RULE_FILE_BYTES) throw new RuleLoadError(file, '', `the rule file is ${size} bytes, more than the ${MAX_RULE_FILE_BYTES} a rule file may have`);
      const text = fs.readFileSync(file, 'utf8');
      const rule = parseRuleFile(text, file);
      const other = seen.get(rule.id.toLowerCase());
      if (other) {
        const line = text.split('\n').findIndex((l) => /^id\s*:/.test(l)) + 1;
        throw new RuleLoadError(file, 'id', `rule id '${rule.id}' is already defined in ${other}; give the rule another id`, line || undefined);
      }
      seen.set(rule.id.toLowerCase(), file);
      rules.push(rule);
    }
  }
  return rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Files and folders read under one rules folder at most: a rules folder can come from a configuration file in
 * the repository scanned, and one given by mistake (or on purpose) as `/` fails fast instead of reading the disk.
 */
export const MAX_RULE_FOLDER_ENTRIES = 20_000;
/** Bytes of one rule file at most (the largest built-in rule has about 34 KB). */
export const MAX_RULE_FILE_BYTES = 1024 * 1024;

/** The rule files under `dir`, sorted; links are not followed. */
function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  const pending = [dir];
  let entries = 0;
  while (pending.length > 0) {
    const folder = pending.pop()!;
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      if (++entries > MAX_RULE_FOLDER_ENTRIES) {
        throw new RuleLoadError(
          dir,
          '',
          `the rules folder holds more than ${MAX_RULE_FOLDER_ENTRIES} files and folders; give the folder that holds the rule files (--rules, the task input rulesPath, or rules.folders of the configuration file)`,
        );
      }
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) out.push(full);
    }
  }
  return out.sort();
}

/** Parses and validates one rule file. */
export function parseRuleFile(text: string, file: string): Rule {
  const read = readValidatedYaml(text, validate);
  if (!('data' in read)) throw new RuleLoadError(file, read.where, read.reason, read.line);
  const { data, lineOf } = read;
  const fail = (where: (string | number)[], reason: string): never => {
    throw new RuleLoadError(file, where.join('.'), reason, lineOf(where));
  };
  const rule: Rule = {
    id: data.id as string,
    title: data.title as string,
    severity: data.severity as Rule['severity'],
    description: (data.description as string).trim(),
    remediation: { arm: '', bicep: '', terraform: '' },
    helpUri: data.helpUri as string,
    crosswalk: (data.crosswalk as string[] | undefined) ?? [],
    peers: (data.peers as Record<string, string[]> | undefined) ?? {},
    tags: (data.tags as string[] | undefined) ?? [],
    azure: targets(data.azure, ['azure'], fail),
    terraform: targets(data.terraform, ['terraform'], fail),
    examples: (data.examples as Rule['examples']) ?? {},
    sourceFile: file,
  };
  if (rule.azure.length === 0 && rule.terraform.length === 0) fail([], 'a rule needs an `azure` or a `terraform` check');
  rule.remediation = remediation(data.remediation as string | Partial<Remediation>, rule, fail);
  if (rule.azure.length && !rule.examples.arm) fail(['examples'], 'a rule with an `azure` check needs `arm` examples (bad and good)');
  if (rule.terraform.length && !rule.examples.terraform)
    fail(['examples'], 'a rule with a `terraform` check needs `terraform` examples (bad and good)');
  return rule;
}

type Fail = (where: (string | number)[], reason: string) => never;

function targets(raw: unknown, where: (string | number)[], fail: Fail): Target[] {
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((t: Record<string, unknown>, i) => {
    const at = Array.isArray(raw) ? [...where, i] : where;
    if ((t.resourceType === undefined) === (t.declarations === undefined))
      fail(at, 'a check needs exactly one of `resourceType` or `declarations`');
    if (t.forEach !== undefined) {
      checkPath(t.forEach as string, [...at, 'forEach'], fail);
      if (!hasWildcard(parsePath(t.forEach as string))) fail([...at, 'forEach'], '`forEach` needs a wildcard path such as `properties.securityRules[*]`');
    }
    if (t.where) checkCondition(t.where as Condition, [...at, 'where'], fail);
    checkCondition(t.check as Condition, [...at, 'check'], fail);
    const location = t.location === undefined ? undefined : ([] as string[]).concat(t.location as string | string[]);
    location?.forEach((p, n) => checkPath(p, [...at, 'location', n], fail));
    return {
      resourceTypes: t.resourceType === undefined ? undefined : ([] as string[]).concat(t.resourceType as string | string[]),
      declarations: t.declarations as Target['declarations'],
      where: t.where as Condition | undefined,
      forEach: t.forEach as string | undefined,
      check: t.check as Condition,
      location,
      message: t.message as string | undefined,
      hideValue: t.hideValue === true ? true : undefined,
      fix: t.fix as Target['fix'],
    };
  });
}

const COMBINATORS = ['allOf', 'anyOf', 'not', 'parent', 'anyChild', 'referencedBy'] as const;

function checkCondition(c: Condition, where: (string | number)[], fail: Fail): void {
  const keys = Object.keys(c);
  const combinators = COMBINATORS.filter((k) => keys.includes(k));
  const operators = LEAF_OPERATORS.filter((k) => keys.includes(k));
  if (combinators.length > 1) fail(where, `a condition has one of ${COMBINATORS.join(', ')}; found ${combinators.join(' and ')}`);
  if (combinators.length === 1) {
    const extra = keys.filter((k) => k !== combinators[0]);
    if (extra.length) fail(where, `'${combinators[0]}' cannot be combined with ${extra.join(', ')} in one condition; nest them`);
    if ('allOf' in c) c.allOf.forEach((x, i) => checkCondition(x, [...where, 'allOf', i], fail));
    if ('anyOf' in c) c.anyOf.forEach((x, i) => checkCondition(x, [...where, 'anyOf', i], fail));
    if ('not' in c) checkCondition(c.not, [...where, 'not'], fail);
    if ('parent' in c) checkCondition(c.parent, [...where, 'parent'], fail);
    if ('anyChild' in c && c.anyChild.check) checkCondition(c.anyChild.check, [...where, 'anyChild', 'check'], fail);
    if ('referencedBy' in c && c.referencedBy.check) checkCondition(c.referencedBy.check, [...where, 'referencedBy', 'check'], fail);
    return;
  }
  if (!('path' in c)) fail(where, `a condition needs a \`path\` and one operator, or one of ${COMBINATORS.join(', ')}`);
  const leaf = c as Extract<Condition, { path: string }>;
  if (operators.length !== 1)
    fail(where, operators.length ? `one operator per condition; found ${operators.join(' and ')}` : `no operator; use one of ${LEAF_OPERATORS.join(', ')}`);
  checkPath(leaf.path, [...where, 'path'], fail);
  if (leaf.quantifier && !hasWildcard(parsePath(leaf.path))) fail([...where, 'quantifier'], '`quantifier` needs a wildcard path ([*] or .*)');
  if (leaf.regex !== undefined) checkRegex(leaf.regex, [...where, 'regex'], fail);
}

/**
 * A rule's regular expression must compile, fit the linear-time engine that matches it (no backreferences or
 * lookarounds, at most MAX_REGEX_PROGRAM steps once expanded), and not be one that takes exponential time on a
 * backtracking engine (nested repetitions, ambiguous alternatives under a repetition): users' rule folders
 * are read as given, and a rule is likely to be reused with other tools.
 */
function checkRegex(source: string, where: (string | number)[], fail: Fail): void {
  try {
    new RegExp(source, 'i');
  } catch (err) {
    fail(where, `the regular expression does not compile: ${(err as Error).message}`);
  }
  try {
    const ambiguity = exponentialAmbiguity(compileRegex(source, 'i').parsed);
    if (ambiguity) {
      fail(where, `the regular expression can take exponential time on a backtracking engine: ${ambiguity}; rewrite it so that any text can be matched in only one way`);
    }
  } catch (err) {
    if (err instanceof RegexError) fail(where, `the regular expression cannot be used: ${err.reason}`);
    throw err;
  }
}

function checkPath(text: string, where: (string | number)[], fail: Fail): void {
  try {
    parsePath(text);
  } catch (err) {
    if (err instanceof PathSyntaxError) fail(where, `invalid path '${text}': ${err.message}`);
    throw err;
  }
}

/**
 * One text for every format, or one per format: then every format the rule checks needs its own
 * (ARM and Bicep for `azure`, Terraform for `terraform`), and no other.
 */
function remediation(value: string | Partial<Remediation>, rule: Rule, fail: (where: (string | number)[], reason: string) => never): Remediation {
  if (typeof value === 'string') {
    const text = value.trim();
    return { arm: text, bicep: text, terraform: text };
  }
  const formats = ruleFormats(rule);
  for (const format of formats) {
    if (value[format] === undefined) fail(['remediation'], `missing the ${format} remediation (the rule checks ${formats.join(', ')})`);
  }
  for (const format of Object.keys(value)) {
    if (!formats.includes(format as ExampleFormat)) fail(['remediation', format], `the rule has no ${format} check, so no ${format} remediation`);
  }
  return { arm: value.arm?.trim() ?? '', bicep: value.bicep?.trim() ?? '', terraform: value.terraform?.trim() ?? '' };
}
