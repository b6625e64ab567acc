import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules, parseRuleFile, RuleLoadError } from '../../src/rules/loadRules';
import { labelledRemediations, remediationFor } from '../../src/rules/rule';

const HEAD = `id: T-001
title: A test rule
severity: high
description: A rule used by the loader tests.
remediation: Set the property to the right value.
helpUri: https://example.com/t
`;
const EXAMPLES = `examples:
  arm: { bad: ["{}"], good: ["{}"] }
`;

function rule(body: string, head = HEAD, examples = EXAMPLES): string {
  return head + body + examples;
}

function error(text: string): string {
  try {
    parseRuleFile(text, 'r.yaml');
  } catch (err) {
    if (err instanceof RuleLoadError) return err.message;
    throw err;
  }
  throw new Error('expected the rule to be rejected');
}

describe('rule loader', () => {
  it('accepts a valid rule and normalises its targets', () => {
    const r = parseRuleFile(
      rule(`azure:\n  resourceType: Microsoft.Web/sites\n  check: { path: properties.httpsOnly, equals: true }\n`),
      'r.yaml',
    );
    expect(r.azure).toEqual([
      {
        resourceTypes: ['Microsoft.Web/sites'],
        declarations: undefined,
        where: undefined,
        forEach: undefined,
        check: { path: 'properties.httpsOnly', equals: true },
        location: undefined,
        message: undefined,
        hideValue: undefined,
        fix: undefined,
      },
    ]);
    expect(r.terraform).toEqual([]);
  });

  const invalid: [string, string, string][] = [
    ['YAML syntax', 'azure: [\n', 'Invalid rule file r.yaml:8: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    [
      'a missing field',
      `azure:\n  resourceType: X/y\n  check: { path: a, exists: true }\n`,
      "Invalid rule file r.yaml:1: (top): missing required property 'remediation'",
    ],
    [
      'an unknown property',
      `azure:\n  resourceType: X/y\n  check: { path: a, equal: true }\n`,
      "Invalid rule file r.yaml:9: azure.check: unknown property 'equal'",
    ],
    [
      'two operators',
      `azure:\n  resourceType: X/y\n  check:\n    path: a\n    equals: 1\n    in: [1]\n`,
      'Invalid rule file r.yaml:10: azure.check: one operator per condition; found equals and in',
    ],
    [
      'no operator',
      `azure:\n  resourceType: X/y\n  check: { path: a }\n`,
      'Invalid rule file r.yaml:9: azure.check: no operator; use one of exists, hasValue, equals, notEquals, in, notIn, regex, less, lessOrEquals, greater, greaterOrEquals, contains, coversPort, readsSecret',
    ],
    [
      'a combinator mixed with a leaf',
      `azure:\n  resourceType: X/y\n  check: { path: a, equals: 1, not: { path: b, exists: true } }\n`,
      "Invalid rule file r.yaml:9: azure.check: 'not' cannot be combined with path, equals in one condition; nest them",
    ],
    [
      'a bad path',
      `azure:\n  resourceType: X/y\n  check: { path: "properties..x", exists: true }\n`,
      "Invalid rule file r.yaml:9: azure.check.path: invalid path 'properties..x': unexpected '.' at position 12",
    ],
    [
      'a regex that does not compile',
      `azure:\n  resourceType: X/y\n  check: { path: a, regex: "(" }\n`,
      'Invalid rule file r.yaml:9: azure.check.regex: the regular expression does not compile: Invalid regular expression: /(/i: Unterminated group',
    ],
    [
      'a quantifier without a wildcard',
      `azure:\n  resourceType: X/y\n  check: { path: a.b, quantifier: any, equals: 1 }\n`,
      'Invalid rule file r.yaml:9: azure.check.quantifier: `quantifier` needs a wildcard path ([*] or .*)',
    ],
    [
      'forEach without a wildcard',
      `azure:\n  resourceType: X/y\n  forEach: properties.rules\n  check: { path: a, exists: true }\n`,
      'Invalid rule file r.yaml:9: azure.forEach: `forEach` needs a wildcard path such as `properties.securityRules[*]`',
    ],
    [
      'both resourceType and declarations',
      `azure:\n  resourceType: X/y\n  declarations: parameters\n  check: { path: a, exists: true }\n`,
      'Invalid rule file r.yaml:8: azure: a check needs exactly one of `resourceType` or `declarations`',
    ],
    [
      'a severity that does not exist',
      `azure:\n  resourceType: X/y\n  check: { path: a, exists: true }\n`,
      'Invalid rule file r.yaml:3: severity: must be one of "critical", "high", "medium", "low", "info"',
    ],
    ['no check at all', '', 'Invalid rule file r.yaml:1: a rule needs an `azure` or a `terraform` check'],
  ];
  for (const [name, body, message] of invalid) {
    it(`rejects ${name}`, () => {
      let text = rule(body);
      if (name === 'a missing field') text = text.replace(/remediation: .*\n/, '');
      if (name === 'a severity that does not exist') text = text.replace('severity: high', 'severity: severe');
      const got = error(text);
      expect(got).toBe(message);
    });
  }

  describe('remediation per format', () => {
    const azure = `azure:\n  resourceType: X/y\n  check: { path: a, exists: true }\n`;
    const withRemediation = (r: string) => rule(azure, HEAD.replace(/remediation: .*\n/, r));

    it('uses one text for every format when the rule gives a string', () => {
      const r = parseRuleFile(rule(azure), 'r.yaml');
      expect(r.remediation).toEqual({ arm: 'Set the property to the right value.', bicep: 'Set the property to the right value.', terraform: 'Set the property to the right value.' });
    });

    it('reads one text per format and picks it by file name', () => {
      const r = parseRuleFile(withRemediation('remediation:\n  arm: Set "a" to true in the template.\n  bicep: Set a to true in the Bicep file.\n'), 'r.yaml');
      expect(r.remediation.arm).toBe('Set "a" to true in the template.');
      expect(remediationFor(r, 'infra/main.bicep')).toBe('Set a to true in the Bicep file.');
      expect(remediationFor(r, 'infra/azuredeploy.json')).toBe('Set "a" to true in the template.');
      expect(labelledRemediations(r)).toEqual([
        { label: 'ARM', text: 'Set "a" to true in the template.' },
        { label: 'Bicep', text: 'Set a to true in the Bicep file.' },
      ]);
    });

    it('rejects a missing format and a format the rule does not check', () => {
      expect(error(withRemediation('remediation:\n  arm: Set "a" to true in the template.\n'))).toBe(
        'Invalid rule file r.yaml:6: remediation: missing the bicep remediation (the rule checks arm, bicep)',
      );
      expect(error(withRemediation('remediation:\n  arm: Set "a" to true in the template.\n  bicep: Set a to true in Bicep.\n  terraform: Set a = true in Terraform.\n'))).toBe(
        'Invalid rule file r.yaml:8: remediation.terraform: the rule has no terraform check, so no terraform remediation',
      );
    });
  });

  it('requires ARM examples for an azure check', () => {
    expect(error(rule(`azure:\n  resourceType: X/y\n  check: { path: a, exists: true }\n`, HEAD, 'examples:\n  terraform: { bad: ["x"], good: ["y"] }\n'))).toBe(
      'Invalid rule file r.yaml:11: examples: a rule with an `azure` check needs `arm` examples (bad and good)',
    );
  });

  it('rejects the same id in two folders, naming both files', () => {
    const text = rule(`azure:\n  resourceType: X/y\n  check: { path: a, exists: true }\n`);
    const a = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-a-'));
    const b = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-b-'));
    fs.writeFileSync(path.join(a, 'one.yaml'), text);
    fs.writeFileSync(path.join(b, 'two.yml'), text.replace('T-001', 't-001'));
    expect(() => loadRules([a, b])).toThrow(
      `Invalid rule file ${path.join(b, 'two.yml')}:1: id: rule id 't-001' is already defined in ${path.join(a, 'one.yaml')}; give the rule another id`,
    );
  });

  it('says so when a rules folder cannot be read', () => {
    const missing = path.join(os.tmpdir(), 'no-such-rules-folder');
    expect(() => loadRules([missing])).toThrow(`Invalid rule file ${missing}: the rules folder cannot be read (ENOENT); check the rules folder given (--rules, the task input rulesPath, or rules.folders of the configuration file)`);
  });
});
