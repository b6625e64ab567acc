import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configFor, loadConfigFile, parseConfig, type IacScanConfig } from '../../src/config/configFile';
import { parseRuleFile, RuleLoadError } from '../../src/rules/loadRules';
import { tempTree } from '../suppress/fixtures';

const FILE = path.resolve('/cfg/project/.iac-scan.yml');

/** The message of the ConfigError that parsing the text throws. */
function configError(text: string, file = FILE): string {
  try {
    parseConfig(text, file);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected the configuration to be rejected');
}

function errorOf(action: () => unknown): Error {
  try {
    action();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

/** Everything but the `lineOf` function, for toEqual. */
function plain(config: IacScanConfig | undefined): Omit<IacScanConfig, 'lineOf'> | undefined {
  if (!config) return undefined;
  const { lineOf: _lineOf, ...rest } = config;
  return rest;
}

const FULL = `# The project's scan settings.
include:
  - "infra/**"
  - "modules/**/*.tf"
exclude: ["infra/legacy/**"]
rules:
  folders:
    - custom-rules
    - ../shared/rules
    - /opt/company-rules
  disable: [IAC-STG-002, iac-kv-001]
  severity:
    IAC-STG-001: low
    IAC-APP-001: critical
suppressions:
  - rule: IAC-STG-001
    path: "infra/**/*.json"
    resource: data1
    reason: "  Old clients still use HTTP; migration ticket 4711.  "
    expires: 2027-01-31
  - rule: IAC-KV-001
    path: main.bicep
    reason: Test vault, deleted every night.
failOnSeverity: high
baseline: baselines/accepted.json
annotations:
  enabled: true
  scope: changedFiles
  minSeverity: medium
  max: 20
  postStatus: false
`;

describe('parseConfig: a valid file', () => {
  it('reads every key; folders and the baseline are absolute, relative to the file', () => {
    const config = parseConfig(FULL, FILE);
    expect(plain(config)).toEqual({
      file: FILE,
      include: ['infra/**', 'modules/**/*.tf'],
      exclude: ['infra/legacy/**'],
      ruleFolders: [path.resolve('/cfg/project/custom-rules'), path.resolve('/cfg/shared/rules'), path.resolve('/opt/company-rules')],
      disable: ['IAC-STG-002', 'iac-kv-001'],
      severity: { 'IAC-STG-001': 'low', 'IAC-APP-001': 'critical' },
      suppressions: [
        {
          rule: 'IAC-STG-001',
          path: 'infra/**/*.json',
          resource: 'data1',
          // Trimmed; an unquoted date stays a string (YAML 1.2 core schema).
          reason: 'Old clients still use HTTP; migration ticket 4711.',
          expires: '2027-01-31',
          origin: '.iac-scan.yml:16',
          line: 16,
          index: 0,
        },
        {
          rule: 'IAC-KV-001',
          path: 'main.bicep',
          reason: 'Test vault, deleted every night.',
          origin: '.iac-scan.yml:21',
          line: 21,
          index: 1,
        },
      ],
      failOnSeverity: 'high',
      baseline: path.resolve('/cfg/project/baselines/accepted.json'),
      annotations: { enabled: true, scope: 'changedFiles', minSeverity: 'medium', max: 20, postStatus: false },
    });
  });

  it('knows the line of every value (for diagnostics about rule ids)', () => {
    const config = parseConfig(FULL, FILE);
    expect(config.lineOf(['rules', 'disable', 0])).toBe(11);
    expect(config.lineOf(['rules', 'disable', 1])).toBe(11);
    expect(config.lineOf(['rules', 'severity', 'IAC-APP-001'])).toBe(14);
    expect(config.lineOf(['suppressions', 1, 'reason'])).toBe(23);
    expect(config.lineOf(['failOnSeverity'])).toBe(24);
    expect(config.lineOf(['nothing', 'here'])).toBeUndefined();
  });

  it('a relative file name is made absolute; the origin uses the file name', () => {
    const config = parseConfig('suppressions:\n  - { rule: IAC-STG-001, path: a.json, reason: ok }\nbaseline: b.json\n', 'conf/scan.yaml');
    expect(config.file).toBe(path.resolve('conf/scan.yaml'));
    expect(config.baseline).toBe(path.resolve('conf/b.json'));
    expect(config.suppressions.map((s) => s.origin)).toEqual(['scan.yaml:2']);
  });

  it('an empty file, or one with comments only, is the default configuration', () => {
    const empty = {
      file: FILE,
      include: [],
      exclude: [],
      ruleFolders: [],
      disable: [],
      severity: {},
      suppressions: [],
      failOnSeverity: undefined,
      baseline: undefined,
      annotations: {},
    };
    expect(plain(parseConfig('', FILE))).toEqual(empty);
    expect(plain(parseConfig('# nothing configured yet\n', FILE))).toEqual(empty);
  });

  it("accepts failOnSeverity 'none'", () => {
    expect(parseConfig('failOnSeverity: none\n', FILE).failOnSeverity).toBe('none');
  });
});

describe('parseConfig: errors name the file, the line and the field', () => {
  const cases: [string, string, string][] = [
    ['an unknown top-level key (at its own line)', 'include:\n  - "a/**"\nfoo: 1\n', `${FILE}:3: (top): unknown property 'foo'`],
    [
      'an unknown key inside rules (at its own line)',
      'rules:\n  folders: [x]\n  disabled: [IAC-STG-001]\n',
      `${FILE}:3: rules: unknown property 'disabled'`,
    ],
    [
      'an unknown key of a suppression',
      'suppressions:\n  - rule: IAC-STG-001\n    path: a.json\n    reason: r\n    until: 2026-01-01\n',
      `${FILE}:5: suppressions.0: unknown property 'until'`,
    ],
    ['an unknown key in a flow mapping', 'annotations: { enabled: true, scop: all }\n', `${FILE}:1: annotations: unknown property 'scop'`],
    [
      'a bad severity',
      'rules:\n  severity:\n    IAC-STG-001: severe\n',
      `${FILE}:3: rules.severity.IAC-STG-001: must be one of "critical", "high", "medium", "low", "info"`,
    ],
    [
      'a bad rule id as a severity key (at the key)',
      'rules:\n  severity:\n    IAC-STG-001: low\n    1bad: low\n',
      `${FILE}:4: rules.severity: property name '1bad' must be a rule id (a letter, then letters, digits, _ . -)`,
    ],
    [
      'a bad failOnSeverity',
      'failOnSeverity: severe\n',
      `${FILE}:1: failOnSeverity: must be one of "critical", "high", "medium", "low", "info", "none"`,
    ],
    [
      'a month that does not exist',
      'suppressions:\n  - rule: IAC-STG-001\n    path: a.json\n    reason: ok\n    expires: 2026-13-01\n',
      `${FILE}:5: suppressions.0.expires: must be a date written YYYY-MM-DD`,
    ],
    [
      'a day that does not exist',
      'suppressions:\n  - rule: IAC-STG-001\n    path: a.json\n    reason: ok\n    expires: 2026-02-30\n',
      `${FILE}:5: suppressions.0.expires: 2026-02-30 is not a day of the calendar`,
    ],
    [
      'a date in another format',
      'suppressions:\n  - rule: IAC-STG-001\n    path: a.json\n    reason: ok\n    expires: 31.12.2026\n',
      `${FILE}:5: suppressions.0.expires: must be a date written YYYY-MM-DD`,
    ],
    [
      'a missing reason (at the entry)',
      'suppressions:\n  - rule: IAC-STG-001\n    path: a.json\n',
      `${FILE}:2: suppressions.0: missing required property 'reason'`,
    ],
    [
      'a blank reason',
      'suppressions:\n  - rule: IAC-STG-001\n    path: a.json\n    reason: "  "\n',
      `${FILE}:4: suppressions.0.reason: must not be blank: say why the finding is accepted`,
    ],
    [
      'a reason that is not text',
      'suppressions:\n  - rule: IAC-STG-001\n    path: a.json\n    reason: 5\n',
      `${FILE}:4: suppressions.0.reason: must be string`,
    ],
    ['include not a list', 'include: "infra/**"\n', `${FILE}:1: include: must be array`],
    ['an empty glob', 'include:\n  - ""\n', `${FILE}:2: include.0: must NOT have fewer than 1 characters`],
    ['a negative annotations.max', 'annotations:\n  max: -1\n', `${FILE}:2: annotations.max: must be >= 0`],
    ['a list instead of a mapping', '- a\n- b\n', `${FILE}:1: (top): must be object`],
    [
      'a YAML syntax error (unclosed quote)',
      'include:\n  - "a/**\nexclude: []\n',
      `${FILE}:4: YAML syntax error: Missing closing "quote`,
    ],
    [
      'a YAML syntax error (unclosed flow sequence)',
      'include: [a\n',
      `${FILE}:2: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ],
    ['a duplicate key', 'failOnSeverity: high\nfailOnSeverity: low\n', `${FILE}:2: YAML syntax error: Map keys must be unique`],
    ['an alias', 'include: &globs ["x/**"]\nexclude: *globs\n', `${FILE}:2: YAML aliases (*globs) are not allowed; write the value out`],
    [
      'an invalid include glob (at its line)',
      'include:\n  - "ok/**"\n  - "infra/[abc"\n',
      `${FILE}:3: include.1: Invalid glob pattern "infra/[abc": Missing closing: "]" - use "\\\\]" to match literal characters`,
    ],
    [
      'an invalid exclude glob',
      'exclude:\n  - "   "\n',
      `${FILE}:2: exclude.0: Invalid glob pattern "   ": the pattern is empty`,
    ],
    [
      'an invalid suppression path glob (at its line)',
      'suppressions:\n  - rule: IAC-STG-001\n    reason: r\n    path: "x/{a,b"\n',
      `${FILE}:4: suppressions.0.path: Invalid glob pattern "x/{a,b": Missing closing: "}" - use "\\\\}" to match literal characters`,
    ],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      expect(configError(text)).toBe(`Invalid configuration file ${expected}`);
    });
  }

  it('the error is a ConfigError', () => {
    const err = errorOf(() => parseConfig('foo: 1\n', FILE));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.name).toBe('ConfigError');
  });
});

describe('loadConfigFile', () => {
  it('reads a file from disk', () => {
    const dir = tempTree({ 'conf/scan.yml': 'failOnSeverity: medium\nbaseline: ../accepted.json\n' });
    const config = loadConfigFile(path.join(dir, 'conf/scan.yml'));
    expect(config.file).toBe(path.join(dir, 'conf/scan.yml'));
    expect(config.failOnSeverity).toBe('medium');
    expect(config.baseline).toBe(path.join(dir, 'accepted.json'));
  });

  it('a missing file is a ConfigError that says so', () => {
    const file = path.join(tempTree(), 'missing.yml');
    const err = errorOf(() => loadConfigFile(file));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(`The configuration file ${file} cannot be read (ENOENT); check the path.`);
  });

  it('a folder cannot be read as a configuration file', () => {
    const dir = tempTree({ 'sub/x.tf': '' });
    const err = errorOf(() => loadConfigFile(path.join(dir, 'sub')));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(`The configuration file ${path.join(dir, 'sub')} cannot be read (EISDIR); check the path.`);
  });

  it('an invalid file on disk names its path and line', () => {
    const dir = tempTree({ '.iac-scan.yml': 'include: []\nrules:\n  disable: IAC-STG-001\n' });
    const err = errorOf(() => loadConfigFile(path.join(dir, '.iac-scan.yml')));
    expect(err.message).toBe(`Invalid configuration file ${path.join(dir, '.iac-scan.yml')}:3: rules.disable: must be array`);
  });
});

describe('configFor', () => {
  it('uses the explicit file, even when the scan root has its own', () => {
    const dir = tempTree({ '.iac-scan.yml': 'failOnSeverity: low\n', 'other/strict.yml': 'failOnSeverity: info\n' });
    const config = configFor(dir, path.join(dir, 'other/strict.yml'));
    expect(config?.file).toBe(path.join(dir, 'other/strict.yml'));
    expect(config?.failOnSeverity).toBe('info');
  });

  it('an explicit file that does not exist is an error, not "no configuration"', () => {
    const dir = tempTree({ '.iac-scan.yml': 'failOnSeverity: low\n' });
    const err = errorOf(() => configFor(dir, path.join(dir, 'nope.yml')));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(`The configuration file ${path.join(dir, 'nope.yml')} cannot be read (ENOENT); check the path.`);
  });

  it('finds .iac-scan.yml at the scan root', () => {
    const dir = tempTree({ '.iac-scan.yml': 'failOnSeverity: low\n' });
    expect(configFor(dir)?.file).toBe(path.join(dir, '.iac-scan.yml'));
  });

  it('finds .iac-scan.yaml at the scan root', () => {
    const dir = tempTree({ '.iac-scan.yaml': 'failOnSeverity: medium\n' });
    const config = configFor(dir);
    expect(config?.file).toBe(path.join(dir, '.iac-scan.yaml'));
    expect(config?.failOnSeverity).toBe('medium');
  });

  it('prefers .iac-scan.yml when both exist', () => {
    const dir = tempTree({ '.iac-scan.yml': 'failOnSeverity: low\n', '.iac-scan.yaml': 'failOnSeverity: medium\n' });
    expect(configFor(dir)?.failOnSeverity).toBe('low');
  });

  it('scanning a single file looks in its folder', () => {
    const dir = tempTree({ 'infra/.iac-scan.yml': 'failOnSeverity: high\n', 'infra/main.tf': '' });
    const config = configFor(path.join(dir, 'infra/main.tf'));
    expect(config?.file).toBe(path.join(dir, 'infra/.iac-scan.yml'));
    expect(config?.failOnSeverity).toBe('high');
  });

  it('looks at the root only: neither parents nor sub-folders count', () => {
    const dir = tempTree({ '.iac-scan.yml': 'failOnSeverity: low\n', 'infra/main.tf': '', 'infra/sub/.iac-scan.yml': 'failOnSeverity: high\n' });
    expect(configFor(path.join(dir, 'infra'))).toBeUndefined();
  });

  it('none when the root has no configuration file', () => {
    const dir = tempTree({ 'main.tf': '' });
    expect(configFor(dir)).toBeUndefined();
  });

  it('none when the scan path does not exist (discovery reports that)', () => {
    expect(configFor(path.join(tempTree(), 'missing'))).toBeUndefined();
  });

  it('an invalid file found at the root is an error', () => {
    const dir = tempTree({ '.iac-scan.yml': 'failOnSeverity: sometimes\n' });
    expect(errorOf(() => configFor(dir)).message).toBe(
      `Invalid configuration file ${path.join(dir, '.iac-scan.yml')}:1: failOnSeverity: must be one of "critical", "high", "medium", "low", "info", "none"`,
    );
  });

  it('a folder named .iac-scan.yml is not taken for the file', () => {
    const dir = tempTree({ '.iac-scan.yml/readme.txt': 'not a config', '.iac-scan.yaml': 'failOnSeverity: low\n' });
    fs.writeFileSync(path.join(dir, 'main.tf'), '');
    expect(configFor(dir)?.file).toBe(path.join(dir, '.iac-scan.yaml'));
  });
});

describe('the shared YAML reader in rule files', () => {
  const rule = (extra: string) =>
    `id: T-001\ntitle: A test rule\nseverity: high\ndescription: A rule used by the loader tests.\nremediation: Set the property to the right value.\nhelpUri: https://example.com/t\n${extra}examples:\n  arm: { bad: ["{}"], good: ["{}"] }\n`;

  it('an alias is a RuleLoadError with its line, not a crash', () => {
    const err = errorOf(() => parseRuleFile(rule('tags: &t [a]\ncrosswalk: *t\n'), 'r.yaml'));
    expect(err).toBeInstanceOf(RuleLoadError);
    expect(err.message).toBe('Invalid rule file r.yaml:8: YAML aliases (*t) are not allowed; write the value out');
  });

  it('an unknown property is reported at its key', () => {
    const err = errorOf(() => parseRuleFile(rule('tags: [a]\nseverty: low\n'), 'r.yaml'));
    expect(err.message).toBe("Invalid rule file r.yaml:8: (top): unknown property 'severty'");
  });
});
