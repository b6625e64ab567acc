/**
 * Line endings and byte-order marks through the real scan: a file saved with CRLF, with a UTF-8 BOM, or with
 * mixed LF / CRLF / lone CR line ends must give the findings (and suppressions, and syntax errors) of its LF
 * version at the same lines and columns, as editors and Azure DevOps count them. HCL counts only LF as a line
 * end, as Terraform does, and refuses a lone CR outside comments and strings: asserted below.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/scan/result';
import { checkResult, corpus, scanFolder, scanName, Scratch, type Format } from '../parse/fuzz/harness';

const scratch = new Scratch();
afterAll(() => scratch.done());

/** Corpus files per format compared in every line-ending variant (the first ones, in name order, with findings). */
const PER_FORMAT = 12;

type Variant = { name: string; apply: (lf: string) => string };

/**
 * Line ends: each line's `\n` becomes `ends[i % ends.length]`, except that a lone CR is never followed by an
 * LF (after an empty line): that pair is one CRLF for every reader, so it would be one line break fewer.
 */
const withEnds =
  (...ends: string[]) =>
  (lf: string): string => {
    const lines = lf.split('\n');
    let out = lines[0]!;
    for (let i = 1; i < lines.length; i++) {
      const end = ends[(i - 1) % ends.length]!;
      out += (end.startsWith('\n') && out.endsWith('\r') ? '\r\n' : end) + lines[i];
    }
    return out;
  };

const VARIANTS: Variant[] = [
  { name: 'CRLF', apply: withEnds('\r\n') },
  { name: 'BOM', apply: (t) => '\uFEFF' + t },
  { name: 'BOM + CRLF', apply: (t) => '\uFEFF' + withEnds('\r\n')(t) },
  { name: 'mixed LF / CRLF', apply: withEnds('\n', '\r\n', '\r\n', '\n', '\n') },
];
/** JSON and Bicep also end a line at a lone CR (old Mac files), as editors do. */
const LONE_CR: Variant[] = [
  { name: 'CR only', apply: withEnds('\r') },
  { name: 'mixed LF / CRLF / CR', apply: withEnds('\n', '\r\n', '\r') },
  { name: 'BOM + mixed LF / CRLF / CR', apply: (t) => '\uFEFF' + withEnds('\r', '\r\n', '\n', '\n')(t) },
];

/** Findings and diagnostics as compared: positions, rule, property, suppression. */
function outcome(result: ScanResult): string[] {
  return [
    ...result.findings.map(
      (f) =>
        `${f.ruleId} ${f.location.file}:${f.location.line}:${f.location.column}-${f.location.endLine}:${f.location.endColumn} ${f.propertyPath}` +
        (f.suppression ? ` suppressed by ${f.suppression.source} at ${f.suppression.location?.line}:${f.suppression.location?.column}` : ''),
    ),
    ...result.diagnostics.map((d) => `${d.kind} ${d.file}:${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.message}`),
  ];
}

function scanOne(format: Format, file: string, text: string): ScanResult {
  const result = scanFolder(scratch.folder({ [file]: text }));
  expect(checkResult(result, { [file]: { format, text } })).toEqual([]);
  return result;
}

/** Handwritten files with findings, a suppression comment above a line and one at the end of a line, and (in `broken`) a syntax error. */
const HANDWRITTEN: Record<Format, { file: string; text: string; broken: string }> = {
  arm: {
    file: 'template.json',
    text: [
      '{',
      '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",',
      '  "contentVersion": "1.0.0.0",',
      '  // A comment before the resources.',
      '  "resources": [',
      '    {',
      '      "type": "Microsoft.Storage/storageAccounts",',
      '      "apiVersion": "2023-01-01",',
      '      "name": "[concat(\'st\', uniqueString(resourceGroup().id))]",',
      '      "location": "westeurope",',
      '      "kind": "StorageV2",',
      '      "sku": { "name": "Standard_LRS" },',
      '      "properties": {',
      '        /* A block comment',
      '           over two lines. */',
      '        "supportsHttpsTrafficOnly": false, // iac-scan:ignore IAC-STG-001 legacy clients, until the migration',
      '        // iac-scan:ignore IAC-STG-002 legacy clients still need TLS 1.0',
      '        "minimumTlsVersion": "TLS1_0",',
      '        "allowBlobPublicAccess": true',
      '      }',
      '    }',
      '  ]',
      '}',
      '',
    ].join('\n'),
    broken: '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "contentVersion": "1.0.0.0",\n  "resources": [\n    { "type": "a" "name": "b" }\n  ]\n}\n',
  },
  bicep: {
    file: 'main.bicep',
    text: [
      '// A storage account.',
      "param location string = 'westeurope'",
      '',
      '/* A block comment',
      '   over two lines. */',
      "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {",
      "  name: 'st${uniqueString(resourceGroup().id)}'",
      '  location: location',
      "  kind: 'StorageV2'",
      "  sku: { name: 'Standard_LRS' }",
      '  properties: {',
      '    supportsHttpsTrafficOnly: false // iac-scan:ignore IAC-STG-001 legacy clients, until the migration',
      '    // iac-scan:ignore IAC-STG-002 legacy clients still need TLS 1.0',
      "    minimumTlsVersion: 'TLS1_0'",
      '    allowBlobPublicAccess: true',
      '  }',
      '  tags: {',
      "    note: '''",
      'a multi-line',
      "string'''",
      '  }',
      '}',
      '',
    ].join('\n'),
    broken: "var a = 1\nvar b = {\n  c: 2\n}\nvar d = (1 +\nvar e = 3\n",
  },
  terraform: {
    file: 'main.tf',
    text: [
      '# A storage account.',
      'variable "location" {',
      '  default = "westeurope"',
      '}',
      '',
      '/* A block comment',
      '   over two lines. */',
      'resource "azurerm_storage_account" "sa" {',
      '  name                       = "st${var.location}"',
      '  resource_group_name        = "rg"',
      '  location                   = var.location',
      '  account_tier               = "Standard"',
      '  account_replication_type   = "LRS"',
      '  https_traffic_only_enabled = false # iac-scan:ignore IAC-STG-001 legacy clients, until the migration',
      '  // iac-scan:ignore IAC-STG-002 legacy clients still need TLS 1.0',
      '  min_tls_version            = "TLS1_0"',
      '  allow_nested_items_to_be_public = true',
      '  tags = {',
      '    note = <<-EOT',
      '      a heredoc',
      '    EOT',
      '  }',
      '}',
      '',
    ].join('\n'),
    broken: 'locals {\n  a = 1\n}\n\nlocals {\n  b = (1 +\n}\n',
  },
};

const FORMATS: Format[] = ['arm', 'bicep', 'terraform'];

describe.each(FORMATS)('%s: line endings and BOM keep lines and columns', (format) => {
  const variants = format === 'terraform' ? VARIANTS : [...VARIANTS, ...LONE_CR];
  const hand = HANDWRITTEN[format];
  const base = scanOne(format, hand.file, hand.text);

  it('the handwritten file has findings, suppressed ones among them, and no diagnostics', () => {
    expect(base.diagnostics).toEqual([]);
    expect(base.findings.filter((f) => !f.suppression).length).toBeGreaterThan(0);
    expect(base.findings.filter((f) => f.suppression).map((f) => [f.ruleId, f.suppression!.location!.line])).toEqual(
      format === 'arm' ? [['IAC-STG-001', 16], ['IAC-STG-002', 17]] : format === 'bicep' ? [['IAC-STG-001', 12], ['IAC-STG-002', 13]] : [['IAC-STG-001', 14], ['IAC-STG-002', 15]],
    );
  });

  for (const v of variants) {
    it(`${v.name}: findings and suppressions`, () => {
      expect(outcome(scanOne(format, hand.file, v.apply(hand.text)))).toEqual(outcome(base));
    });
    it(`${v.name}: syntax errors`, () => {
      const lf = outcome(scanOne(format, hand.file, hand.broken));
      expect(lf.length).toBeGreaterThan(0);
      expect(outcome(scanOne(format, hand.file, v.apply(hand.broken)))).toEqual(lf);
    });
  }

  it(`corpus files: ${variants.map((v) => v.name).join(', ')}`, () => {
    let compared = 0;
    let findings = 0;
    for (const source of corpus(format, 30_000)) {
      if (compared >= PER_FORMAT) break;
      if (format === 'bicep' && source.name.startsWith('bicep-syntax-baselines/')) continue;
      if (source.text.includes('\r') && !/^[^\r]*(\r\n[^\r]*)*$/.test(source.text)) continue; // lone CRs: not a clean LF version
      const lf = source.text.replace(/\r\n/g, '\n').replace(/^\uFEFF/, '');
      const file = scanName(format, source.name);
      if (file !== 'main.tf' && format === 'terraform') continue;
      const expected = scanOne(format, file, lf);
      if (expected.diagnostics.length || expected.findings.length === 0) continue;
      compared++;
      findings += expected.findings.length;
      for (const v of variants) {
        expect(outcome(scanOne(format, file, v.apply(lf))), `${source.name} ${v.name}`).toEqual(outcome(expected));
      }
    }
    console.log(`${format}: ${compared} corpus files with ${findings} findings compared in ${variants.length} line-ending variants`);
    expect(compared).toBe(PER_FORMAT);
  }, 60_000);
});

describe('HCL: a lone CR is not a line end', () => {
  const hand = HANDWRITTEN.terraform;
  const base = scanOne('terraform', hand.file, hand.text);
  const lines = hand.text.split('\n');

  it('outside comments and strings it is a syntax error at the CR, and the items before it are still scanned', () => {
    // The CR ends line 13 (account_replication_type); HCL joins it with line 14 and refuses it.
    const text = lines.slice(0, 13).join('\n') + '\r' + lines.slice(13).join('\n');
    const result = scanOne('terraform', hand.file, text);
    expect(result.diagnostics.map((d) => [d.kind, d.line, d.column, d.endLine, d.endColumn, d.message])).toEqual([
      ['parse-error', 13, lines[12]!.length + 1, 13, lines[12]!.length + 2, 'HCL syntax error: a carriage return (CR) must be followed by a line feed (LF).'],
    ]);
    // The resource holding the error is dropped, with its findings; the file is still read (the variable before it).
    expect(result.findings).toEqual([]);
    expect(result.stats.filesScanned).toBe(1);
  });

  it('a lone CR after the resource leaves the resource and its finding lines alone', () => {
    const text = hand.text + 'locals {\r}\n';
    const result = scanOne('terraform', hand.file, text);
    expect(result.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([[lines.length, 9, 'HCL syntax error: a carriage return (CR) must be followed by a line feed (LF).']]);
    expect(outcome({ ...result, diagnostics: [] })).toEqual(outcome(base));
  });

  // A lone CR inside a comment does not end it: HCL's lines (and so the findings' lines) do not move.
  const inComment = lines[0] + '\rstill the comment\n' + lines.slice(1).join('\n');

  it('in a comment it is part of the comment: finding lines after it do not move', () => {
    const findings = (r: ScanResult) => outcome({ ...r, findings: r.findings.map((f) => ({ ...f, suppression: undefined })) });
    expect(findings(scanOne('terraform', hand.file, inComment))).toEqual(findings(base));
  });

  // KNOWN BUG (src/suppress/directives.ts, reported): readDirectives splits the source at lone CRs too, so in an
  // HCL file its line table is one line ahead of the parser's after such a comment, and the own-line comment
  // `// iac-scan:ignore IAC-STG-002 …` above min_tls_version is no longer seen as one: the finding is not
  // suppressed. Flip to `it` when fixed.
  it('in a comment it is part of the comment: suppressions after it still apply', () => {
    expect(outcome(scanOne('terraform', hand.file, inComment))).toEqual(outcome(base));
  });
});
