import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as sarif from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/configFile';
import { lineReader } from '../../src/report/lineReader';
import { FINGERPRINT_KEY, toSarif } from '../../src/report/sarif';
import type { ScanResult } from '../../src/scan/result';
import { scan } from '../../src/scan/scan';
import { baselineOf, readBaseline } from '../../src/suppress/baseline';
import { armAccount, armTemplate, BICEP_STORAGE, tempTree, TF_STORAGE, writeFiles } from '../suppress/fixtures';
import { SCHEMAS, validateSarif } from './sarifValidators';

const TF_LOGS = TF_STORAGE.replace('"data"', '"logs"').replace('"data3"', '"logs3"').replace('"TLS1_0"', '"TLS1_2"');

const CONFIG = [
  'suppressions:', //                                                    1
  '  - rule: IAC-STG-001', //                                            2
  '    path: "bicep/**"', //                                             3
  '    reason: The Bicep account serves legacy clients.', //             4
  '  - rule: IAC-STG-002', //                                            5
  '    path: tf/main.tf', //                                             6
  '    resource: azurerm_storage_account.data', //                       7
  '    reason: TLS 1.0 until the appliance is replaced.', //             8
  '    expires: 2027-03-31', //                                          9
  '  - { rule: IAC-NOPE-001, path: "**", reason: Typo }', //             10
  '',
].join('\n');

/**
 * Yesterday: an ARM account, a Bicep account and two Terraform accounts; the baseline accepts all of it.
 * Today: the Terraform `logs` account is gone (absent), a second ARM account is new, and the configuration
 * suppresses two findings.
 */
describe('SARIF of a scan with suppressions and a baseline', () => {
  let result: ScanResult;
  let log: sarif.Log;
  let run: sarif.Run;
  let baselineFile: string;

  beforeAll(() => {
    const dir = tempTree({
      'arm/storage.json': armTemplate([armAccount('data1')], 2),
      'bicep/main.bicep': BICEP_STORAGE,
      'tf/main.tf': `${TF_LOGS}\n${TF_STORAGE}`,
    });
    baselineFile = path.join(tempTree(), 'accepted.json');
    fs.writeFileSync(baselineFile, baselineOf(scan({ path: dir }).findings, '1.0.0'));
    writeFiles(dir, {
      'arm/storage.json': armTemplate([armAccount('data1'), armAccount('data9', { tls: 'TLS1_2' })], 2),
      'tf/main.tf': TF_STORAGE,
      '.iac-scan.yml': CONFIG,
    });
    result = scan({ path: dir, config: loadConfigFile(path.join(dir, '.iac-scan.yml')), baseline: readBaseline(baselineFile), today: '2026-11-30' });
    log = toSarif(result, { toolVersion: '1.2.3', informationUri: 'https://example.com/iac-scan', readLine: lineReader(result.root) });
    run = log.runs[0]!;
  });

  for (const schema of SCHEMAS) {
    it(`validates against the ${schema} schema`, () => {
      expect(validateSarif(log, schema)).toEqual({ valid: true, errors: [] });
    });
  }

  it('every result says whether it is new, unchanged or absent', () => {
    expect(
      run.results!.map((r) => [r.ruleId, r.locations![0]!.physicalLocation!.artifactLocation!.uri, r.locations![0]!.physicalLocation!.region!.startLine, r.baselineState]),
    ).toEqual([
      ['IAC-STG-001', 'arm/storage.json', 15, 'unchanged'],
      ['IAC-STG-002', 'arm/storage.json', 16, 'unchanged'],
      ['IAC-STG-001', 'arm/storage.json', 49, 'new'],
      ['IAC-STG-001', 'bicep/main.bicep', 9, 'unchanged'],
      ['IAC-STG-002', 'bicep/main.bicep', 10, 'unchanged'],
      ['IAC-STG-001', 'tf/main.tf', 7, 'unchanged'],
      ['IAC-STG-002', 'tf/main.tf', 8, 'unchanged'],
      // The Terraform logs account of the baseline, removed since.
      ['IAC-STG-001', 'tf/main.tf', 7, 'absent'],
    ]);
  });

  it('suppressed results carry an accepted external suppression with its reason, source and expiry', () => {
    expect(run.results!.map((r) => r.suppressions ?? null)).toEqual([
      null,
      null,
      null,
      [
        {
          kind: 'external',
          status: 'accepted',
          justification: 'The Bicep account serves legacy clients.',
          properties: { source: '.iac-scan.yml:2 suppressions[0]' },
        },
      ],
      null,
      null,
      [
        {
          kind: 'external',
          status: 'accepted',
          justification: 'TLS 1.0 until the appliance is replaced.',
          properties: { source: '.iac-scan.yml:5 suppressions[1]', expires: '2027-03-31' },
        },
      ],
      null,
    ]);
  });

  it('the absent result is the baseline entry as it was', () => {
    const entry = readBaseline(baselineFile).entries.find((e) => e.resource === 'azurerm_storage_account.logs' && e.ruleId === 'IAC-STG-001')!;
    const artifacts = run.artifacts!.map((a) => a.location!.uri);
    expect(run.results![7]).toEqual({
      ruleId: 'IAC-STG-001',
      ruleIndex: result.rules.findIndex((r) => r.id === 'IAC-STG-001'),
      level: 'error',
      message: { text: 'Storage account accepts unencrypted HTTP requests: https_traffic_only_enabled is false.' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'tf/main.tf', uriBaseId: '%SRCROOT%', index: artifacts.indexOf('tf/main.tf') }, region: { startLine: 7 } } }],
      partialFingerprints: { [FINGERPRINT_KEY]: entry.fingerprint },
      baselineState: 'absent',
      properties: { severity: 'high' },
    });
    expect(result.baseline!.absent).toEqual([entry]);
  });

  it('present results keep their line-independent fingerprints, equal to the baseline ones when unchanged', () => {
    const accepted = new Set(readBaseline(baselineFile).entries.map((e) => e.fingerprint));
    expect(run.results!.slice(0, 7).map((r) => accepted.has(r.partialFingerprints![FINGERPRINT_KEY]!))).toEqual([true, true, false, true, true, true, true]);
  });

  it('the entry for an unknown rule is a notification at the configuration file', () => {
    const notifications = run.invocations![0]!.toolExecutionNotifications!;
    expect(notifications).toEqual([
      {
        level: 'warning',
        message: { text: 'The suppression suppressions[2] (IAC-NOPE-001 in **) names no loaded rule; it suppresses nothing. Check the rule id.' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: '.iac-scan.yml', uriBaseId: '%SRCROOT%', index: 0 },
              region: { startLine: 10, startColumn: 1, endLine: 10, endColumn: 1 },
            },
          },
        ],
        descriptor: { id: 'suppression', index: 4 },
      },
    ]);
    expect(run.artifacts!.map((a) => a.location!.uri)).toEqual(['.iac-scan.yml', 'arm/storage.json', 'bicep/main.bicep', 'tf/main.tf']);
  });

  it('without a baseline, results have no baselineState', () => {
    const plain = toSarif(scan({ path: result.root, today: '2026-11-30' }), { toolVersion: '1.2.3', informationUri: 'https://example.com/iac-scan' });
    expect(plain.runs[0]!.results!.map((r) => r.baselineState ?? null)).toEqual([null, null, null, null, null, null, null]);
    for (const schema of SCHEMAS) expect(validateSarif(plain, schema)).toEqual({ valid: true, errors: [] });
  });
});

describe('SARIF of a scan whose configuration file is outside the root', () => {
  it('notifications about it carry no location (its absolute path is in the message), and the log validates', () => {
    const dir = tempTree({ 'main.tf': TF_STORAGE });
    const conf = path.join(tempTree({ 'ci.yml': 'rules:\n  disable: [IAC-NOPE-1]\nsuppressions:\n  - { rule: IAC-STG-001, path: main.tf, reason: Legacy }\n' }), 'ci.yml');
    const result = scan({ path: dir, config: loadConfigFile(conf), today: '2026-11-30' });
    const log = toSarif(result, { toolVersion: '1.2.3', informationUri: 'https://example.com/iac-scan' });
    const run = log.runs[0]!;
    expect(run.invocations![0]!.toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: { text: "rules.disable.0: 'IAC-NOPE-1' is not a loaded rule, so the entry has no effect. Check the rule id." },
        descriptor: { id: 'config', index: 5 },
      },
    ]);
    expect(run.artifacts!.map((a) => a.location!.uri)).toEqual(['main.tf']);
    expect(run.results!.map((r) => [r.ruleId, r.suppressions ?? null])).toEqual([
      ['IAC-STG-001', [{ kind: 'external', status: 'accepted', justification: 'Legacy', properties: { source: 'ci.yml:4 suppressions[0]' } }]],
      ['IAC-STG-002', null],
    ]);
    for (const schema of SCHEMAS) expect(validateSarif(log, schema)).toEqual({ valid: true, errors: [] });
  });
});
