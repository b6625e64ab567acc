/**
 * Regular expressions in rule files, users' included, cannot run away: a catastrophic pattern is refused when
 * its file is loaded (with the file, line and why), and every pattern is matched by a linear-time engine on at
 * most MAX_REGEX_INPUT (64 KiB) characters of a value. Timeouts here only guard against hangs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArmTemplates } from '../../src/model/arm/armModel';
import { findArmTemplate } from '../../src/model/arm/detect';
import { parseJson } from '../../src/parse/json/parseJson';
import { applyRules } from '../../src/rules/applyRules';
import type { Condition } from '../../src/rules/condition';
import { builtinRulesDir, loadRules, RuleLoadError } from '../../src/rules/loadRules';
import { MatchCache, MAX_REGEX_INPUT } from '../../src/rules/operators';
import { MAX_AMBIGUITY_WORK } from '../../src/rules/regexAmbiguity';
import type { Rule } from '../../src/rules/rule';
import { MAX_REGEX_PROGRAM } from '../../src/rules/safeRegex';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A folder with one user rule whose check is `regex: <pattern>` (written on line 10 of the file). */
function userRuleFolder(pattern: string): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-rules-'));
  temps.push(dir);
  const file = path.join(dir, 'custom.yaml');
  fs.writeFileSync(
    file,
    [
      'id: CUSTOM-001',
      'title: Names follow the convention',
      'severity: low',
      'description: Resource names follow the naming convention.',
      'remediation: Rename the resource.',
      'helpUri: https://example.com/naming',
      'azure:',
      '  resourceType: Microsoft.Storage/storageAccounts',
      '  check:',
      `    regex: ${JSON.stringify(pattern)}`,
      '    path: name',
      'examples:',
      '  arm: { bad: ["{}"], good: ["{}"] }',
      '',
    ].join('\n'),
  );
  return { dir, file };
}

function loadError(pattern: string): string {
  const { dir, file } = userRuleFolder(pattern);
  try {
    loadRules([builtinRulesDir(), dir]);
  } catch (err) {
    expect(err).toBeInstanceOf(RuleLoadError);
    expect((err as RuleLoadError).file).toBe(file);
    expect((err as RuleLoadError).line).toBe(10);
    return (err as RuleLoadError).message.replace(file, '<file>');
  }
  throw new Error(`/${pattern}/ was accepted`);
}

it('states the limits', () => {
  expect({ MAX_REGEX_INPUT, MAX_REGEX_PROGRAM, MAX_AMBIGUITY_WORK }).toEqual({ MAX_REGEX_INPUT: 65_536, MAX_REGEX_PROGRAM: 10_000, MAX_AMBIGUITY_WORK: 2_000_000 });
});

describe('patterns refused when a rule file is loaded', () => {
  const EXPONENTIAL = 'the regular expression can take exponential time on a backtracking engine';
  const REWRITE = 'rewrite it so that any text can be matched in only one way';

  it('nested repetitions and ambiguous alternatives under a repetition, with the file, line and why', () => {
    expect(loadError('^(a+)+$')).toBe(`Invalid rule file <file>:10: azure.check.regex: ${EXPONENTIAL}: '(a+)+' repeats 'a+', and both can match the same text (nested repetition); ${REWRITE}`);
    expect(loadError('^(a|a)*$')).toBe(`Invalid rule file <file>:10: azure.check.regex: ${EXPONENTIAL}: in the repetition '(a|a)*', 'a' and 'a' can match the same text; ${REWRITE}`);
    expect(loadError('(\\w+\\s?)*$')).toBe(
      `Invalid rule file <file>:10: azure.check.regex: ${EXPONENTIAL}: '(\\w+\\s?)*' repeats '\\w+', and both can match the same text (nested repetition); ${REWRITE}`,
    );
    expect(loadError('^([a-z0-9]+-?)+$')).toBe(
      `Invalid rule file <file>:10: azure.check.regex: ${EXPONENTIAL}: '([a-z0-9]+-?)+' repeats '[a-z0-9]+', and both can match the same text (nested repetition); ${REWRITE}`,
    );
  });

  it('what the linear-time engine cannot match', () => {
    const cannot = (why: string): string => `Invalid rule file <file>:10: azure.check.regex: the regular expression cannot be used: ${why}`;
    const linear = 'which rule and glob patterns do not support (they are matched in linear time)';
    expect(loadError('^(a)\\1$')).toBe(cannot(`it uses a backreference '\\1', ${linear}`));
    expect(loadError('^(?!test-).*')).toBe(cannot(`it uses a lookahead '(?!…)', ${linear}`));
    expect(loadError('(?<=x)y')).toBe(cannot(`it uses a lookbehind '(?<=…)', ${linear}`));
    expect(loadError('(?:[a-z]{100}){200}')).toBe(cannot('it is too large: its repetitions expand to more than 10000 steps'));
  });

  it('accepts the same intent written safely', () => {
    for (const ok of ['^[a-z0-9]+(-[a-z0-9]+)*$', '^(\\w+\\s)*\\w+$', '^st[a-z0-9]{3,22}$']) {
      const { dir } = userRuleFolder(ok);
      expect(loadRules([dir]).map((r) => r.id)).toEqual(['CUSTOM-001']);
    }
  });
});

describe('built-in rules', () => {
  const files = fs
    .readdirSync(builtinRulesDir(), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name));
  const rules = loadRules([builtinRulesDir()]);

  it('all load, their patterns included', () => {
    expect(files.length).toBe(78);
    expect(rules.length).toBe(files.length);
  });

  /** Every `regex` of every built-in rule. */
  function patterns(): string[] {
    const out = new Set<string>();
    const walk = (c: Condition | undefined): void => {
      if (!c) return;
      if ('regex' in c && c.regex !== undefined) out.add(c.regex);
      if ('allOf' in c) c.allOf.forEach(walk);
      if ('anyOf' in c) c.anyOf.forEach(walk);
      if ('not' in c) walk(c.not);
      if ('parent' in c) walk(c.parent);
      if ('anyChild' in c) walk(c.anyChild.check);
      if ('referencedBy' in c) walk(c.referencedBy.check);
    };
    for (const r of rules) for (const t of [...r.azure, ...r.terraform]) [t.where, t.check].forEach(walk);
    return [...out];
  }

  it('long adversarial values against every built-in pattern answer at once', { timeout: 30_000 }, () => {
    const found = patterns();
    expect(found.length).toBeGreaterThan(5);
    const n = MAX_REGEX_INPUT + 10_000;
    // Runs a backtracking engine spends quadratic time on: one character, separators, near-misses of the secrets.
    const adversarial = [
      'a'.repeat(n),
      ' '.repeat(n),
      '1'.repeat(n),
      `://${'a'.repeat(n)}`,
      'password='.repeat(n / 9),
      'AccountKey='.repeat(n / 11),
      'v1.'.repeat(n / 3),
      ',TLSv1'.repeat(n / 6),
      '0.0.0.0/'.repeat(n / 8),
    ];
    const cache = new MatchCache();
    for (const pattern of found) {
      for (const text of adversarial) {
        const result = cache.regex(pattern, text);
        expect([true, false, undefined], `/${pattern}/ on ${text.slice(0, 12)}…`).toContain(result);
      }
    }
  });

  it('a secret is found in the first 64 KiB of a long value; past them a value without one is unknown', () => {
    const secret = rules.find((r) => r.id === 'IAC-VM-004')!;
    const cache = new MatchCache();
    const pattern = (JSON.stringify(secret.azure).match(/"regex":"((?:[^"\\]|\\.)*)"/) ?? [])[1];
    const regex = JSON.parse(`"${pattern}"`) as string;
    expect(cache.regex(regex, `#!/bin/sh\nexport DB_PASSWORD=hunter2hunter2\n${'x'.repeat(100_000)}`)).toBe(true);
    expect(cache.regex(regex, `${'x'.repeat(100_000)}\nexport DB_PASSWORD=hunter2hunter2\n`)).toBeUndefined();
    expect(cache.regex(regex, `${'x'.repeat(1000)}\n`)).toBe(false);
  });
});

describe('values past 64 KiB in rules', () => {
  const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

  function findings(rule: Rule, name: string): string[] {
    const text = JSON.stringify({ $schema: SCHEMA, resources: [{ type: 'Microsoft.Test/things', apiVersion: '2023-01-01', name, properties: {} }] });
    const parsed = parseJson(text, 't.json', { armExpressions: true });
    return applyRules(buildArmTemplates(findArmTemplate(parsed.root)!, 't.json'), [rule]).map((f) => f.ruleId);
  }

  function rule(check: Condition): Rule {
    return {
      id: 'T-RE',
      title: 'Test rule',
      severity: 'high',
      description: 'test',
      remediation: { arm: 'x', bicep: 'x', terraform: 'x' },
      helpUri: 'https://example.com',
      crosswalk: [],
      peers: {},
      tags: [],
      azure: [{ resourceTypes: ['Microsoft.Test/things'], check }],
      terraform: [],
      examples: {},
      sourceFile: 'test.yaml',
    };
  }

  it('make no finding unless the first 64 KiB decide', () => {
    const mustMatch = rule({ path: 'name', regex: '^[a-z]+$' });
    const mustNotContain = rule({ not: { path: 'name', regex: 'forbidden' } });
    const long = 'a'.repeat(MAX_REGEX_INPUT + 1);
    expect(findings(mustMatch, 'abc')).toEqual([]);
    expect(findings(mustMatch, 'ABC')).toEqual([]); // case-insensitive, as rules always are
    expect(findings(mustMatch, 'abc-1')).toEqual(['T-RE']);
    expect(findings(mustMatch, long)).toEqual([]); // unknown: `$` is past what is read
    expect(findings(mustNotContain, `forbidden${long}`)).toEqual(['T-RE']);
    expect(findings(mustNotContain, `${long}forbidden`)).toEqual([]); // unknown
  });
});
