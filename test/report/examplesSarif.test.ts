import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSarif } from '../../src/report/sarif';
import { labelledRemediations } from '../../src/rules/rule';
import { scan } from '../../src/scan/scan';
import { validateSarif } from './sarifValidators';

describe('SARIF of a real scan (examples/)', () => {
  const result = scan({ path: path.resolve(__dirname, '..', '..', 'examples') });
  const log = toSarif(result, { toolVersion: '1.2.3', informationUri: 'https://example.com/iac-scan' });
  const run = log.runs[0]!;

  it('validates against both SARIF 2.1.0 schemas', () => {
    expect(validateSarif(log, 'oasis')).toEqual({ valid: true, errors: [] });
    expect(validateSarif(log, 'sdk')).toEqual({ valid: true, errors: [] });
  });

  it('lists every loaded rule with the metadata code-scanning consumers need', () => {
    expect(run.tool.driver.rules!.map((r) => r.id)).toEqual(result.rules.map((r) => r.id));
    run.tool.driver.rules!.forEach((r, i) => {
      const rule = result.rules[i]!;
      expect(rule.title, r.id).toMatch(/\S/);
      expect(rule.description, r.id).toMatch(/\S/);
      expect(r.shortDescription?.text, r.id).toBe(rule.title);
      expect(r.fullDescription?.text, r.id).toBe(rule.description);
      // One "How to fix" per format the rule checks (ARM and Bicep share one when their texts are equal).
      const fixes = labelledRemediations(rule);
      expect(fixes.map((f) => f.label).join(' · '), r.id).toBe(rule.terraform.length ? 'ARM · Bicep · Terraform' : 'ARM · Bicep');
      if (rule.terraform.length) expect(rule.remediation.terraform, r.id).toMatch(/`azurerm_/);
      for (const f of fixes) {
        expect(r.help?.text, r.id).toContain(`How to fix (${f.label}): ${f.text}`);
        expect(r.help?.markdown, r.id).toContain(`**${f.label}.** ${f.text}`);
      }
      expect(r.helpUri, r.id).toMatch(/^https:\/\//);
      expect(r.properties?.['security-severity'], r.id).toMatch(/^\d+\.\d$/);
      expect((r.properties?.crosswalk as string[]).length, r.id).toBeGreaterThan(0);
    });
  });

  it('reports the example findings at their lines, with levels by severity', () => {
    expect(
      run.results!.map((r) => [
        r.ruleId,
        r.level,
        r.locations![0]!.physicalLocation!.artifactLocation!.uri,
        r.locations![0]!.physicalLocation!.region!.startLine,
        r.relatedLocations?.map((l) => l.physicalLocation!.region!.startLine) ?? [],
        r.suppressions?.map((s) => `${s.kind}: ${s.justification} @${s.location?.physicalLocation?.region?.startLine}`) ?? [],
      ]),
    ).toEqual([
      ['IAC-NSG-001', 'error', 'arm/network.json', 22, [], []],
      ['IAC-STG-004', 'error', 'arm/storage.json', 29, [], []],
      ['IAC-APP-001', 'error', 'arm/webapp.json', 31, [], []],
      ['IAC-APP-002', 'error', 'arm/webapp.json', 34, [8], []],
      ['IAC-TPL-001', 'error', 'bicep/keyvault.bicep', 5, [], []],
      ['IAC-KV-001', 'warning', 'bicep/keyvault.bicep', 17, [], []],
      ['IAC-STG-002', 'error', 'terraform/main.tf', 14, [5], []],
      // Suppressed by its comment, and still listed.
      ['IAC-REDIS-001', 'error', 'terraform/main.tf', 38, [], ['inSource: the 2014 session library cannot use TLS; replaced in OPS-311 @38']],
    ]);
  });
});
