import { describe, expect, it } from 'vitest';
import type * as sarif from 'sarif';
import { encodeRelativeUri, toSarif, type SarifOptions } from '../../src/report/sarif';
import { lineHash } from '../../src/report/fingerprint';
import type { Severity } from '../../src/model/severity';
import { SCHEMAS, validateSarif } from './sarifValidators';
import {
  ALPHA,
  BROKEN_FILE,
  DIAGNOSTIC,
  LOGS,
  PUBLIC,
  ROOT,
  SPACE_FILE,
  STORAGE_FILE,
  TLS,
  finding,
  loc,
  readLine,
  rule,
  scanResult,
} from './fixtures';

const OPTIONS: SarifOptions = {
  toolVersion: '0.1.0',
  informationUri: 'https://github.com/example/iac-scan',
  readLine,
};

function run(log: sarif.Log): sarif.Run {
  expect(log.runs).toHaveLength(1);
  return log.runs[0]!;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('toSarif: schema validity', () => {
  const cases: { name: string; log: () => sarif.Log }[] = [
    { name: 'full fixture', log: () => toSarif(scanResult(), OPTIONS) },
    {
      name: 'with version control and automation properties',
      log: () =>
        toSarif(scanResult(), {
          ...OPTIONS,
          automationId: 'azuredevops/pipeline/build/org/proj/12/Job/main/345',
          automationProperties: { 'azuredevops/pipeline/build/buildDefinitionId': '12' },
          versionControl: { repositoryUri: 'https://dev.azure.com/org/proj/_git/repo', revisionId: 'a'.repeat(40), branch: 'main' },
        }),
    },
    { name: 'without readLine', log: () => toSarif(scanResult(), { toolVersion: '1.2.3', informationUri: 'https://example.com' }) },
    { name: 'empty scan', log: () => toSarif(scanResult({ findings: [], diagnostics: [] }), OPTIONS) },
  ];
  for (const c of cases) {
    for (const schema of SCHEMAS) {
      it(`${c.name} is valid against the ${schema} schema`, () => {
        const check = validateSarif(c.log(), schema);
        expect(check.errors).toEqual([]);
        expect(check.valid).toBe(true);
      });
    }
  }

  // Negative controls: the validator must be able to fail.
  for (const schema of SCHEMAS) {
    it(`rejects level "critical" (${schema})`, () => {
      const log = clone(toSarif(scanResult(), OPTIONS));
      (log.runs[0]!.results![0] as { level: string }).level = 'critical';
      const check = validateSarif(log, schema);
      expect(check.valid).toBe(false);
      expect(check.errors.join('\n')).toContain('/runs/0/results/0/level');
    });

    it(`rejects an unencoded space in an artifact URI (${schema})`, () => {
      const log = clone(toSarif(scanResult(), OPTIONS));
      const result = log.runs[0]!.results!.find((r) => r.ruleId === LOGS.id)!;
      result.locations![0]!.physicalLocation!.artifactLocation!.uri = SPACE_FILE;
      const check = validateSarif(log, schema);
      expect(check.valid).toBe(false);
      expect(check.errors.join('\n')).toContain('uri-reference');
    });
  }
});

describe('toSarif: log and run', () => {
  const log = toSarif(scanResult(), OPTIONS);
  const r = run(log);

  it('has the schema, version and tool driver', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    const { rules, notifications, ...driver } = r.tool.driver;
    expect(driver).toEqual({
      name: 'iac-scan',
      fullName: 'iac-scan: Infrastructure-as-Code scanner for Azure',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: 'https://github.com/example/iac-scan',
    });
    expect(rules!.map((x) => x.id)).toEqual(['IAC-STG-002', 'IAC-STG-001', 'IAC-MON-003']);
    expect(notifications!.map((n) => n.id)).toEqual(['parse-error', 'skipped-file', 'unreadable-file', 'evaluation', 'suppression', 'config']);
  });

  it('describes each rule for GitHub and the Scans tab', () => {
    const tls = r.tool.driver.rules![1]!;
    expect(tls).toEqual({
      id: 'IAC-STG-001',
      name: 'StorageAccountAcceptsTLSVersionsBelow12',
      shortDescription: { text: 'Storage account accepts TLS versions below 1.2' },
      fullDescription: { text: 'Old TLS versions have known weaknesses; clients can be downgraded.' },
      help: {
        text:
          'Old TLS versions have known weaknesses; clients can be downgraded.\n\n' +
          'How to fix (ARM and Bicep): Set minimumTlsVersion to TLS1_2.\n\n' +
          'How to fix (Terraform): Set min_tls_version = "TLS1_2".\n\n' +
          'More information: ' + TLS.helpUri,
        markdown: expect.stringContaining('## How to fix\n\n**ARM and Bicep.** Set minimumTlsVersion to TLS1_2.') as unknown as string,
      },
      helpUri: TLS.helpUri,
      defaultConfiguration: { level: 'error' },
      properties: {
        'security-severity': '8.0',
        tags: ['security', 'storage', 'tls'],
        precision: 'high',
        severity: 'high',
        crosswalk: ['STG-01'],
        peers: { checkov: ['CKV_AZURE_44'], trivy: ['AVD-AZU-0011'] },
      },
    });
    const md = tls.help!.markdown!;
    for (const heading of ['## What is wrong', '## Why it matters', '## How to fix', '## Learn more']) {
      expect(md).toContain(heading);
    }
    expect(md).toBe(
      [
        '## What is wrong',
        '',
        'Storage account accepts TLS versions below 1.2',
        '',
        'Rule `IAC-STG-001`, severity **high**.',
        '',
        '## Why it matters',
        '',
        'Old TLS versions have known weaknesses; clients can be downgraded.',
        '',
        '## How to fix',
        '',
        '**ARM and Bicep.** Set minimumTlsVersion to TLS1_2.',
        '',
        '**Terraform.** Set min_tls_version = "TLS1_2".',
        '',
        '## Learn more',
        '',
        `<${TLS.helpUri}>`,
      ].join('\n'),
    );
  });

  it('lists one artifact per file with a finding or diagnostic, relative to %SRCROOT%', () => {
    expect(r.artifacts).toEqual([
      { location: { uri: 'infra/broken.json', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] },
      { location: { uri: 'infra/storage.json', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] },
      { location: { uri: 'my%20templates/key%20vault.json', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] },
    ]);
    expect(r.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///scans/repo/' } });
  });

  it('has automation details, invocation, notifications and column kind', () => {
    expect(r.automationDetails).toEqual({ id: 'iac-scan/' });
    expect(r.columnKind).toBe('utf16CodeUnits');
    expect(r.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: 'Property name expected.' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: BROKEN_FILE, uriBaseId: '%SRCROOT%', index: 0 },
                  region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 6 },
                },
              },
            ],
            descriptor: { id: 'parse-error', index: 0 },
          },
        ],
      },
    ]);
    expect(DIAGNOSTIC.kind).toBe('parse-error');
  });

  it('has no versionControlProvenance unless a repository URI is given', () => {
    expect(r.versionControlProvenance).toBeUndefined();
    expect(run(toSarif(scanResult(), { ...OPTIONS, versionControl: {} })).versionControlProvenance).toBeUndefined();
    expect(run(toSarif(scanResult(), { ...OPTIONS, versionControl: { revisionId: 'abc', branch: 'main' } })).versionControlProvenance).toBeUndefined();
    const withVc = run(
      toSarif(scanResult(), { ...OPTIONS, versionControl: { repositoryUri: 'https://example.com/x.git', revisionId: 'b'.repeat(40), branch: 'main' } }),
    );
    expect(withVc.versionControlProvenance).toEqual([
      { repositoryUri: 'https://example.com/x.git', revisionId: 'b'.repeat(40), branch: 'main', mappedTo: { uriBaseId: '%SRCROOT%' } },
    ]);
  });

  it('passes the automation id and properties through', () => {
    const a = run(toSarif(scanResult(), { ...OPTIONS, automationId: 'iac-scan/nightly', automationProperties: { k: 'v' } }));
    expect(a.automationDetails).toEqual({ id: 'iac-scan/nightly', properties: { k: 'v' } });
  });

  it('is deterministic and holds no absolute path outside originalUriBaseIds', () => {
    const again = JSON.stringify(toSarif(scanResult(), OPTIONS));
    expect(again).toBe(JSON.stringify(log));
    const { originalUriBaseIds, ...rest } = r;
    expect(originalUriBaseIds).toBeDefined();
    expect(JSON.stringify(rest)).not.toContain(ROOT);
    expect(JSON.stringify(rest)).not.toContain('file://');
    for (const x of [PUBLIC, TLS, LOGS]) expect(JSON.stringify(rest)).not.toContain(x.sourceFile);
  });
});

describe('toSarif: results', () => {
  const r = run(toSarif(scanResult(), OPTIONS));
  const results = r.results!;

  it('has one result per finding with rule id, rule index and level', () => {
    expect(results.map((x) => [x.ruleId, x.ruleIndex, x.level])).toEqual([
      ['IAC-STG-001', 1, 'error'],
      ['IAC-STG-002', 0, 'error'],
      ['IAC-STG-001', 1, 'error'],
      ['IAC-STG-002', 0, 'error'],
      ['IAC-MON-003', 2, 'warning'],
    ]);
    for (const x of results) expect(r.tool.driver.rules![x.ruleIndex!]!.id).toBe(x.ruleId);
  });

  it('places the first result exactly, with logical location, related location, fingerprints and fix', () => {
    expect(results[0]).toEqual({
      ruleId: 'IAC-STG-001',
      ruleIndex: 1,
      level: 'error',
      message: { text: 'Storage account accepts TLS versions below 1.2: alpha' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'infra/storage.json', uriBaseId: '%SRCROOT%', index: 1 },
            region: { startLine: 10, startColumn: 30, endLine: 10, endColumn: 38 },
          },
          logicalLocations: [{ kind: 'resource', name: 'alpha', fullyQualifiedName: 'Microsoft.Storage/storageAccounts[alpha]' }],
        },
      ],
      relatedLocations: [
        {
          id: 1,
          physicalLocation: {
            artifactLocation: { uri: 'infra/storage.json', uriBaseId: '%SRCROOT%', index: 1 },
            region: { startLine: 3, startColumn: 47, endLine: 3, endColumn: 55 },
          },
          message: { text: 'Value comes from the default of parameter tls' },
        },
      ],
      partialFingerprints: {
        'iacScan/v1': scanResult().findings[0]!.fingerprint,
        primaryLocationLineHash: `${lineHash('"minimumTlsVersion":"TLS1_0",')}:1`,
      },
      properties: { severity: 'high', propertyPath: 'properties.minimumTlsVersion', defaultApplied: false },
      fixes: [
        {
          description: { text: 'Set minimumTlsVersion to TLS1_2' },
          artifactChanges: [
            {
              artifactLocation: { uri: 'infra/storage.json', uriBaseId: '%SRCROOT%', index: 1 },
              replacements: [
                { deletedRegion: { startLine: 10, startColumn: 30, endLine: 10, endColumn: 38 }, insertedContent: { text: '"TLS1_2"' } },
              ],
            },
          ],
        },
      ],
    });
  });

  it('percent-encodes a file name with a space', () => {
    const kv = results[4]!;
    expect(kv.locations![0]!.physicalLocation!.artifactLocation).toEqual({
      uri: 'my%20templates/key%20vault.json',
      uriBaseId: '%SRCROOT%',
      index: 2,
    });
    expect(kv.properties).toEqual({ severity: 'medium', propertyPath: '', defaultApplied: true });
    expect(kv.relatedLocations).toBeUndefined();
    expect(kv.fixes).toBeUndefined();
  });

  it('counts primaryLocationLineHash occurrences per rule and file', () => {
    const hashes = results.map((x) => x.partialFingerprints!['primaryLocationLineHash']);
    const tlsHash = lineHash('"minimumTlsVersion": "TLS1_0",');
    const publicHash = lineHash('"allowBlobPublicAccess": true');
    expect(hashes).toEqual([
      `${tlsHash}:1`,
      `${publicHash}:1`,
      `${tlsHash}:2`, // same text, other indentation and spacing
      `${publicHash}:2`,
      `${lineHash('{ "type": "Microsoft.KeyVault/vaults", "name": "kv" }')}:1`,
    ]);
    expect(tlsHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('omits primaryLocationLineHash when the line cannot be read', () => {
    const noLines = run(toSarif(scanResult(), { ...OPTIONS, readLine: () => undefined })).results!;
    for (const x of noLines) expect(Object.keys(x.partialFingerprints!)).toEqual(['iacScan/v1']);
    const throwing = run(
      toSarif(scanResult(), {
        ...OPTIONS,
        readLine: () => {
          throw new Error('gone');
        },
      }),
    ).results!;
    expect(throwing[0]!.partialFingerprints).toEqual({ 'iacScan/v1': results[0]!.partialFingerprints!['iacScan/v1'] });
  });

  it('keeps iacScan/v1 when the finding moves to other lines', () => {
    const moved = scanResult();
    const f = moved.findings[0]!;
    const shifted = finding(TLS, loc(STORAGE_FILE, 40, 30, 40, 38), ALPHA, 'properties.minimumTlsVersion');
    expect(shifted.fingerprint).toBe(f.fingerprint);
    const movedRun = run(toSarif({ ...moved, findings: [shifted] }, OPTIONS));
    expect(movedRun.results![0]!.partialFingerprints!['iacScan/v1']).toBe(results[0]!.partialFingerprints!['iacScan/v1']);
  });

  it('omits ruleIndex for a finding whose rule was not loaded, and stays valid', () => {
    const stray = rule('IAC-XYZ-999', 'low', 'Not loaded');
    const res = scanResult();
    res.findings.push(finding(stray, loc(STORAGE_FILE, 1, 1, 1, 2), ALPHA, 'x'));
    const log = toSarif(res, OPTIONS);
    const last = run(log).results!.at(-1)!;
    expect(last.ruleId).toBe('IAC-XYZ-999');
    expect(last.ruleIndex).toBeUndefined();
    expect(last.level).toBe('warning');
    for (const schema of SCHEMAS) expect(validateSarif(log, schema).errors).toEqual([]);
  });

  it('groups fix replacements per file and adds every referenced file to the artifacts', () => {
    const res = scanResult({ diagnostics: [] });
    res.findings = [
      finding(PUBLIC, loc('a.json', 2, 3, 2, 7), ALPHA, 'p', {
        related: [{ location: loc('params/a.parameters.json', 5, 1, 5, 9), message: 'parameter value' }],
        fix: {
          description: 'Turn it off',
          replacements: [
            { location: loc('a.json', 2, 3, 2, 7), text: 'false' },
            { location: loc('params/a.parameters.json', 5, 1, 5, 9), text: 'false' },
            { location: loc('a.json', 9, 3, 9, 7), text: 'false' },
          ],
        },
      }),
    ];
    const x = run(toSarif(res, OPTIONS));
    expect(x.artifacts!.map((a) => a.location!.uri)).toEqual(['a.json', 'params/a.parameters.json']);
    const changes = x.results![0]!.fixes![0]!.artifactChanges;
    expect(changes.map((c) => [c.artifactLocation.uri, c.artifactLocation.index, c.replacements.length])).toEqual([
      ['a.json', 0, 2],
      ['params/a.parameters.json', 1, 1],
    ]);
    expect(x.results![0]!.relatedLocations![0]!.physicalLocation!.artifactLocation!.index).toBe(1);
  });
});

describe('toSarif: severity mapping', () => {
  const table: { severity: Severity; level: sarif.Result.level; securitySeverity: string }[] = [
    { severity: 'critical', level: 'error', securitySeverity: '9.5' },
    { severity: 'high', level: 'error', securitySeverity: '8.0' },
    { severity: 'medium', level: 'warning', securitySeverity: '5.5' },
    { severity: 'low', level: 'warning', securitySeverity: '3.0' },
    { severity: 'info', level: 'note', securitySeverity: '1.0' },
  ];
  const rules = table.map((t, i) => rule(`IAC-SEV-00${i}`, t.severity, `Severity ${t.severity}`));
  const res = scanResult({
    rules,
    findings: rules.map((r, i) => finding(r, loc('sev.json', i + 1, 1, i + 1, 5), ALPHA, `p${i}`)),
    diagnostics: [],
  });
  const log = toSarif(res, OPTIONS);
  const x = run(log);

  for (const [i, t] of table.entries()) {
    it(`${t.severity} → level ${t.level}, security-severity ${t.securitySeverity}`, () => {
      const d = x.tool.driver.rules![i]!;
      expect(d.defaultConfiguration).toEqual({ level: t.level });
      expect(d.properties!['security-severity']).toBe(t.securitySeverity);
      expect(d.properties!['severity']).toBe(t.severity);
      expect(x.results![i]!.level).toBe(t.level);
      expect(x.results![i]!.ruleIndex).toBe(i);
    });
  }

  it('never emits note for medium or above', () => {
    for (const res of x.results!) {
      if (res.level === 'note') expect(res.properties!['severity']).toBe('info');
    }
  });

  it('keeps security-severity within GitHub bands', () => {
    const band = (s: number): Severity | 'low' =>
      s > 9 ? 'critical' : s >= 7 ? 'high' : s >= 4 ? 'medium' : 'low';
    for (const t of table) {
      const value = Number(t.securitySeverity);
      expect(value).toBeGreaterThanOrEqual(0.1);
      expect(value).toBeLessThanOrEqual(10);
      expect(band(value)).toBe(t.severity === 'info' ? 'low' : t.severity);
    }
  });

  for (const schema of SCHEMAS) {
    it(`all severities validate (${schema})`, () => {
      expect(validateSarif(log, schema).errors).toEqual([]);
    });
  }
});

describe('toSarif: source root', () => {
  it('makes URIs relative to a sourceRoot that contains the scan root', () => {
    const x = run(toSarif(scanResult({ root: '/repo/infra/azure' }), { ...OPTIONS, sourceRoot: '/repo' }));
    expect(x.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
    expect(x.artifacts!.map((a) => a.location!.uri)).toEqual([
      'infra/azure/infra/broken.json',
      'infra/azure/infra/storage.json',
      'infra/azure/my%20templates/key%20vault.json',
    ]);
    expect(x.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('infra/azure/infra/storage.json');
  });

  it('ignores a sourceRoot that does not contain the scan root', () => {
    const x = run(toSarif(scanResult({ root: '/elsewhere' }), { ...OPTIONS, sourceRoot: '/repo' }));
    expect(x.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///elsewhere/' } });
    expect(x.artifacts![1]!.location!.uri).toBe('infra/storage.json');
  });

  it('encodes the root as a file URI', () => {
    const x = run(toSarif(scanResult({ root: '/home/a b/repo#1' }), OPTIONS));
    expect(x.originalUriBaseIds!['%SRCROOT%']!.uri).toBe('file:///home/a%20b/repo%231/');
  });
});

describe('encodeRelativeUri', () => {
  const table: [string, string][] = [
    ['infra/main.bicep', 'infra/main.bicep'],
    ['my templates/key vault.json', 'my%20templates/key%20vault.json'],
    ['a#b?c.json', 'a%23b%3Fc.json'],
    ['100%/x.json', '100%25/x.json'],
    ['c:/x.json', 'c%3A/x.json'],
    ['ünï/ç.tf', '%C3%BCn%C3%AF/%C3%A7.tf'],
    ['a[1]/b+c.json', 'a%5B1%5D/b%2Bc.json'],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} → ${expected}`, () => {
      expect(encodeRelativeUri(input)).toBe(expected);
      expect(decodeURIComponent(expected)).toBe(input);
    });
  }
});
