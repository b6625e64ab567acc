import type { Diagnostic } from '../../src/model/diagnostic';
import type { Finding } from '../../src/model/finding';
import type { Severity } from '../../src/model/severity';
import type { Location } from '../../src/model/tree';
import type { Rule } from '../../src/rules/rule';
import type { ScanResult } from '../../src/scan/result';
import { fingerprintFor } from '../../src/report/fingerprint';

export const ROOT = '/scans/repo';

export function rule(id: string, severity: Severity, title: string, extra: Partial<Rule> = {}): Rule {
  return {
    id,
    title,
    severity,
    description: `Why ${title.toLowerCase()} matters.`,
    remediation: { arm: `Fix ${id} in the template.`, bicep: `Fix ${id} in the Bicep file.`, terraform: `Fix ${id} in the configuration.` },
    helpUri: `https://example.com/rules/${id}`,
    crosswalk: [],
    peers: {},
    tags: [],
    azure: [],
    terraform: [],
    examples: {},
    sourceFile: `/rules/${id}.yaml`,
    ...extra,
  };
}

export function loc(file: string, line: number, column: number, endLine: number, endColumn: number): Location {
  return { file, line, column, endLine, endColumn };
}

export function finding(
  r: Rule,
  location: Location,
  subject: { name: string; address: string },
  propertyPath: string,
  extra: Partial<Finding> = {},
): Finding {
  return {
    ruleId: r.id,
    severity: r.severity,
    message: `${r.title}: ${subject.name}`,
    detail: subject.name,
    location,
    related: [],
    subject: { type: 'Microsoft.Storage/storageAccounts', ...subject },
    propertyPath,
    defaultApplied: false,
    fingerprint: fingerprintFor({ ruleId: r.id, file: location.file, address: subject.address, propertyPath }),
    ...extra,
  };
}

export const TLS = rule('IAC-STG-001', 'high', 'Storage account accepts TLS versions below 1.2', {
  description: 'Old TLS versions have known weaknesses; clients can be downgraded.',
  remediation: { arm: 'Set minimumTlsVersion to TLS1_2.', bicep: 'Set minimumTlsVersion to TLS1_2.', terraform: 'Set min_tls_version = "TLS1_2".' },
  helpUri: 'https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-minimum-version',
  crosswalk: ['STG-01'],
  peers: { checkov: ['CKV_AZURE_44'], trivy: ['AVD-AZU-0011'] },
  tags: ['storage', 'tls', 'security'],
});
export const PUBLIC = rule('IAC-STG-002', 'critical', 'Storage account allows public blob access', {
  crosswalk: ['STG-02'],
  peers: { kics: ['dd5230f8-a577-4ad4-8a59-b5c2b8d3a5d1'] },
  tags: ['storage'],
});
export const LOGS = rule('IAC-MON-003', 'medium', 'Key vault has no diagnostic settings', { tags: ['monitoring'] });

export const STORAGE_FILE = 'infra/storage.json';
export const SPACE_FILE = 'my templates/key vault.json';
export const BROKEN_FILE = 'infra/broken.json';

/** Source lines of the fixture files (1-based: index 0 is line 1). */
export const SOURCES: Record<string, string[]> = {
  [STORAGE_FILE]: [
    '{',
    '  "parameters": {',
    '    "tls": { "type": "string", "defaultValue": "TLS1_0" }',
    '  },',
    '  "resources": [',
    '    {',
    '      "type": "Microsoft.Storage/storageAccounts",',
    '      "name": "alpha",',
    '      "properties": {',
    '        "minimumTlsVersion": "TLS1_0",',
    '        "allowBlobPublicAccess": true',
    '      }',
    '    },',
    '    {',
    '      "type": "Microsoft.Storage/storageAccounts",',
    '      "name": "beta",',
    '      "properties": {',
    '          "minimumTlsVersion":   "TLS1_0",',
    '        "allowBlobPublicAccess": true',
    '      }',
    '    }',
    '  ]',
    '}',
  ],
  [SPACE_FILE]: ['{', '  "resources": [', '    { "type": "Microsoft.KeyVault/vaults", "name": "kv" }', '  ]', '}'],
};

export function readLine(file: string, line: number): string | undefined {
  return SOURCES[file]?.[line - 1];
}

export const ALPHA = { name: 'alpha', address: 'Microsoft.Storage/storageAccounts[alpha]' };
export const BETA = { name: 'beta', address: 'Microsoft.Storage/storageAccounts[beta]' };
export const KV = { name: 'kv', address: 'Microsoft.KeyVault/vaults[kv]' };

export function findings(): Finding[] {
  return [
    finding(TLS, loc(STORAGE_FILE, 10, 30, 10, 38), ALPHA, 'properties.minimumTlsVersion', {
      related: [{ location: loc(STORAGE_FILE, 3, 47, 3, 55), message: 'Value comes from the default of parameter tls' }],
      fix: {
        description: 'Set minimumTlsVersion to TLS1_2',
        replacements: [{ location: loc(STORAGE_FILE, 10, 30, 10, 38), text: '"TLS1_2"' }],
      },
    }),
    finding(PUBLIC, loc(STORAGE_FILE, 11, 34, 11, 38), ALPHA, 'properties.allowBlobPublicAccess'),
    finding(TLS, loc(STORAGE_FILE, 18, 34, 18, 42), BETA, 'properties.minimumTlsVersion'),
    finding(PUBLIC, loc(STORAGE_FILE, 19, 34, 19, 38), BETA, 'properties.allowBlobPublicAccess'),
    finding(LOGS, loc(SPACE_FILE, 3, 5, 3, 60), KV, '', {
      subject: { type: 'Microsoft.KeyVault/vaults', ...KV },
      defaultApplied: true,
    }),
  ];
}

export const DIAGNOSTIC: Diagnostic = {
  kind: 'parse-error',
  severity: 'error',
  file: BROKEN_FILE,
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 6,
  message: 'Property name expected.',
};

export function scanResult(overrides: Partial<ScanResult> = {}): ScanResult {
  return {
    root: ROOT,
    findings: findings(),
    diagnostics: [DIAGNOSTIC],
    rules: [PUBLIC, TLS, LOGS],
    stats: { filesConsidered: 3, filesScanned: 2, bytesScanned: 1234, resources: 3, durationMs: 5 },
    ...overrides,
  };
}
