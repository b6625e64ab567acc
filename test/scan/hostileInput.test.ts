/**
 * Hostile input through the real scan (a pull request is untrusted): nesting 100,000 levels deep in every
 * format, files over the size cap, binary and invalid UTF-8 files. Each must end in a positioned diagnostic for
 * that file, never an exception or a stack overflow, and must cost nothing else: the good files beside it are
 * scanned and report the same findings as when they are scanned alone.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_BYTES } from '../../src/discover/discover';
import { parseBicep } from '../../src/parse/bicep/parseBicep';
import { parseHcl } from '../../src/parse/hcl/parseHcl';
import { parseJson } from '../../src/parse/json/parseJson';
import type { ScanResult } from '../../src/scan/result';
import { checkResult, linesOf, scanFolder, Scratch, type Format } from '../parse/fuzz/harness';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const N = 100_000;

/** One storage account per format, with findings (HTTP allowed, TLS 1.0). */
const GOOD: Record<string, string> = {
  'good.json': JSON.stringify(
    {
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.Storage/storageAccounts',
          apiVersion: '2023-01-01',
          name: 'goodarm',
          location: 'westeurope',
          kind: 'StorageV2',
          sku: { name: 'Standard_LRS' },
          properties: { supportsHttpsTrafficOnly: false, minimumTlsVersion: 'TLS1_0' },
        },
      ],
    },
    null,
    2,
  ),
  'good.bicep': [
    "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {",
    "  name: 'goodbicep'",
    "  location: 'westeurope'",
    "  kind: 'StorageV2'",
    "  sku: { name: 'Standard_LRS' }",
    '  properties: {',
    '    supportsHttpsTrafficOnly: false',
    "    minimumTlsVersion: 'TLS1_0'",
    '  }',
    '}',
    '',
  ].join('\n'),
  'good.tf': [
    'resource "azurerm_storage_account" "good" {',
    '  name                       = "goodtf"',
    '  resource_group_name        = "rg"',
    '  location                   = "westeurope"',
    '  account_tier               = "Standard"',
    '  account_replication_type   = "LRS"',
    '  https_traffic_only_enabled = false',
    '  min_tls_version            = "TLS1_0"',
    '}',
    '',
  ].join('\n'),
};

const FORMAT_OF: Record<string, Format> = { json: 'arm', bicep: 'bicep', tf: 'terraform', tfvars: 'terraform' };
const formatOf = (file: string): Format => FORMAT_OF[file.split('.').pop()!] ?? 'arm';

const scratch = new Scratch();
afterAll(() => scratch.done());

/** Findings as compared: rule, file and span. */
const summary = (r: ScanResult): string[] =>
  r.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}:${f.location.column}-${f.location.endLine}:${f.location.endColumn}`);

const goodAlone = summary(scanFolder(scratch.folder(GOOD)));

/** Scans the good files plus `extra`; checks every result invariant and that the good files lost nothing. */
function scanWithGood(extra: Record<string, string | Buffer>, options?: { maxFileBytes?: number }): ScanResult {
  const result = scanFolder(scratch.folder({ ...GOOD, ...extra }), options);
  const texts = Object.fromEntries(
    Object.entries({ ...GOOD, ...extra }).map(([file, content]) => [file, { format: formatOf(file), text: typeof content === 'string' ? content : undefined }]),
  );
  expect(checkResult(result, texts)).toEqual([]);
  const good = new Set(Object.keys(GOOD));
  expect(summary({ ...result, findings: result.findings.filter((f) => good.has(f.location.file)) })).toEqual(goodAlone);
  expect(result.diagnostics.filter((d) => good.has(d.file))).toEqual([]);
  return result;
}

/** 0-based offset of a 1-based line and column, as the format counts lines. */
function offsetOf(format: Format, text: string, line: number, column: number): number {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const breaks = format === 'terraform' ? /\n/g : /\r\n|\r|\n/g;
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const m = breaks.exec(src);
    if (!m) throw new Error(`no line ${line}`);
    offset = m.index + m[0].length;
  }
  return offset + column - 1;
}

describe('scan: the good files give findings', () => {
  it('in every format', () => {
    for (const file of Object.keys(GOOD)) expect(goodAlone.filter((s) => s.includes(` ${file}:`)).length, file).toBeGreaterThan(1);
  });
});

interface DeepCase {
  name: string;
  file: string;
  /** The text before the nesting, the opening repeated N times, the middle, the closing repeated N times, the rest. */
  parts: [before: string, open: string, middle: string, close: string, after: string];
  /**
   * Whether the file is still scanned: an ARM template with an invalid expression is (that value is unknown),
   * and so is an HCL file with syntax errors (its top-level items that parsed).
   */
  scanned?: boolean;
  /** What the diagnostic says; by default, that the input is nested too deeply. */
  message?: RegExp;
}

const armTemplate = (resourceName: string, variables = '{}'): [string, string] => {
  const head = `{"$schema":"${SCHEMA}","contentVersion":"1.0.0.0","variables":`;
  if (resourceName === '') return [head, ',"resources":[]}'];
  return [
    `${head}${variables},"resources":[{"type":"Microsoft.Storage/storageAccounts","apiVersion":"2023-01-01","location":"westeurope","name":"`,
    `"}]}`,
  ];
};
const [armHead, armTail] = armTemplate('');
const [exprHead, exprTail] = armTemplate('x');
const bicepResource = "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'deep'\n  location: 'westeurope'\n  properties: ";
const tfResource = 'resource "azurerm_storage_account" "deep" {\n  name     = "deep"\n  location = "westeurope"\n  tags     = ';

const DEEP: DeepCase[] = [
  // ARM (JSON): arrays, objects, both mixed, unclosed; expressions nested in calls, parentheses and member chains.
  { name: 'ARM arrays', file: 'deep.json', parts: [armHead.replace('"variables":', '"variables":{"x":'), '[', '1', ']', '}' + armTail] },
  { name: 'ARM objects', file: 'deep.json', parts: [armHead, '{"a":', '1', '}', armTail] },
  { name: 'ARM objects and arrays', file: 'deep.json', parts: [armHead, '{"a":[', '1', ']}', armTail] },
  { name: 'ARM unclosed arrays', file: 'deep.json', parts: [armHead, '[', '', '', ''] },
  { name: 'ARM expression concat(concat(…))', file: 'deep.json', parts: [exprHead + '[', 'concat(', "'a'", ')', ']' + exprTail], scanned: true },
  // ARM expressions have no parentheses of their own: the first one is the error.
  { name: 'ARM expression ((…))', file: 'deep.json', parts: [exprHead + '[', '(', "'a'", ')', ']' + exprTail], scanned: true, message: /found character '\('/ },
  { name: 'ARM expression createArray(createArray(…))', file: 'deep.json', parts: [exprHead + '[', 'createArray(', '1', ')', ']' + exprTail], scanned: true },
  { name: 'ARM expression member chain', file: 'deep.json', parts: [exprHead + "[variables('v')", '.a', '', '', ']' + exprTail], scanned: true },
  { name: 'ARM expression index chain', file: 'deep.json', parts: [exprHead + "[variables('v')", '[0]', '', '', ']' + exprTail], scanned: true },
  { name: 'ARM expression unclosed calls', file: 'deep.json', parts: [exprHead + '[', 'concat(', '', '', ']' + exprTail], scanned: true },
  // Terraform JSON reads the same JSON parser, then its own model.
  { name: 'Terraform JSON objects', file: 'deep.tf.json', parts: ['{"resource":{"azurerm_storage_account":{"s":{"name":"a","tags":', '{"a":', '1', '}', '}}}}'] },
  // Bicep: arrays, objects, parentheses, calls, interpolations, unclosed; in a variable and in a resource body.
  { name: 'Bicep arrays', file: 'deep.bicep', parts: ['var x = ', '[', '1', ']', '\n'] },
  { name: 'Bicep objects', file: 'deep.bicep', parts: ['var x = ', '{\na: ', '1', '\n}', '\n'] },
  { name: 'Bicep parentheses', file: 'deep.bicep', parts: ['var x = ', '(', '1', ')', '\n'] },
  { name: 'Bicep calls', file: 'deep.bicep', parts: ['var x = ', 'concat(', "'a'", ')', '\n'] },
  { name: 'Bicep interpolations', file: 'deep.bicep', parts: ['var x = ', "'${", '1', "}'", '\n'] },
  { name: 'Bicep unclosed arrays', file: 'deep.bicep', parts: ['var x = ', '[', '', '', ''] },
  { name: 'Bicep resource body objects', file: 'deep.bicep', parts: [bicepResource, '{\na: ', '1', '\n}', '\n}\n'] },
  { name: 'Bicep object types', file: 'deep.bicep', parts: ['type t = ', '{\na: ', 'string', '\n}', '\n'] },
  // HCL: lists, objects, parentheses, calls, interpolations, blocks, unclosed; in locals and in a resource.
  { name: 'HCL lists', file: 'deep.tf', parts: ['locals {\n  x = ', '[', '1', ']', '\n}\n'], scanned: true },
  { name: 'HCL objects', file: 'deep.tf', parts: ['locals {\n  x = ', '{ a = ', '1', ' }', '\n}\n'], scanned: true },
  { name: 'HCL parentheses', file: 'deep.tf', parts: ['locals {\n  x = ', '(', '1', ')', '\n}\n'], scanned: true },
  { name: 'HCL calls', file: 'deep.tf', parts: ['locals {\n  x = ', 'max(', '1', ')', '\n}\n'], scanned: true },
  { name: 'HCL interpolations', file: 'deep.tf', parts: ['locals {\n  x = ', '"${', '1', '}"', '\n}\n'], scanned: true },
  { name: 'HCL blocks', file: 'deep.tf', parts: ['', 'a {\n', '', '}\n', ''], scanned: true },
  { name: 'HCL unclosed lists', file: 'deep.tf', parts: ['locals {\n  x = ', '[', '', '', ''], scanned: true },
  { name: 'HCL resource argument objects', file: 'deep.tf', parts: [tfResource, '{ a = ', '1', ' }', '\n}\n'], scanned: true },
  { name: 'HCL variables file lists', file: 'terraform.tfvars', parts: ['x = ', '[', '1', ']', '\n'] },
];

describe(`scan: nesting ${N.toLocaleString('en')} levels deep fails cleanly, with a positioned diagnostic`, () => {
  for (const c of DEEP) {
    it(c.name, () => {
      const [before, open, middle, close, after] = c.parts;
      const text = before + open.repeat(N) + middle + close.repeat(N) + after;
      const result = scanWithGood({ [c.file]: text });
      const mine = result.diagnostics.filter((d) => d.file === c.file);
      expect(mine.length, JSON.stringify(result.diagnostics)).toBeGreaterThan(0);
      const deep = mine.find((d) => (c.message ?? /nested (too deeply|more than \d+ levels)/).test(d.message));
      expect(deep, JSON.stringify(mine)).toBeDefined();
      expect(['parse-error', 'evaluation']).toContain(deep!.kind);
      // The position is inside the nesting, not a placeholder at the top of the file.
      const at = offsetOf(formatOf(c.file), text, deep!.line, deep!.column);
      expect(at).toBeGreaterThanOrEqual(before.length);
      expect(at).toBeLessThanOrEqual(text.length);
      expect(result.stats.filesScanned).toBe(Object.keys(GOOD).length + (c.scanned ? 1 : 0));
    });
  }
});

describe(`scan: operator and member chains ${N.toLocaleString('en')} long (deep trees without brackets)`, () => {
  const chains: Record<string, string> = {
    'Bicep operators': `${bicepResource}{\n    a: 1${' + 1'.repeat(N)}\n    b: true${' && true'.repeat(N)}\n    c: 'a'${" ?? 'b'".repeat(N)}\n  }\n}\n`,
    'Bicep members and indexes': `var v = {}\n${bicepResource}{\n    a: v${'.a'.repeat(N)}\n    b: v${'[0]'.repeat(N)}\n    c: v${'.?a'.repeat(N)}\n  }\n}\n`,
    'HCL operators': `${tfResource}{ a = 1${' + 1'.repeat(N)} }\n}\n`,
    'HCL traversals': `${tfResource}{ a = var.v${'.a'.repeat(N)} }\n}\n`,
  };
  for (const [name, text] of Object.entries(chains)) {
    it(name, () => {
      const file = name.startsWith('Bicep') ? 'chain.bicep' : 'chain.tf';
      const result = scanWithGood({ [file]: text });
      // Either scanned (the evaluator gives up on the value) or refused with a positioned diagnostic.
      const mine = result.diagnostics.filter((d) => d.file === file);
      if (mine.length) expect(mine[0]!.message).toMatch(/nested (too deeply|more than \d+ levels)/);
      else expect(result.stats.filesScanned).toBe(Object.keys(GOOD).length + 1);
    });
  }
});

describe('scan: nesting as deep as the parsers accept is scanned to the end (model, evaluation, rules)', () => {
  /** The deepest nesting `accepted` takes, by bisection below `hi`. */
  const deepest = (accepted: (n: number) => boolean, hi: number): number => {
    let lo = 1;
    expect(accepted(lo)).toBe(true);
    expect(accepted(hi)).toBe(false);
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (accepted(mid)) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  const cases: { name: string; file: string; text: (n: number) => string; parses: (text: string) => boolean }[] = [
    {
      name: 'ARM resource properties',
      file: 'deep.json',
      text: (n) =>
        `{"$schema":"${SCHEMA}","contentVersion":"1.0.0.0","parameters":{"p":{"type":"object","defaultValue":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}},"resources":[{"type":"Microsoft.Storage/storageAccounts","apiVersion":"2023-01-01","name":"deep","location":"westeurope","tags":"[parameters('p')]","properties":${'{"a":['.repeat(n >> 1)}"[parameters('p')]"${']}'.repeat(n >> 1)}}],"outputs":{"o":{"type":"object","value":"[parameters('p')]"}}}`,
      parses: (t) => parseJson(t, 'deep.json', { armExpressions: true }).diagnostics.length === 0,
    },
    {
      name: 'Terraform JSON resource arguments',
      file: 'deep.tf.json',
      text: (n) => `{"resource":{"azurerm_storage_account":{"s":{"name":"a","tags":${'{"a":'.repeat(n)}"\${var.x}"${'}'.repeat(n)}}}},"variable":{"x":{"default":${'['.repeat(n + 1)}1${']'.repeat(n + 1)}}}}`,
      parses: (t) => parseJson(t, 'deep.tf.json', { armExpressions: false }).diagnostics.length === 0,
    },
    {
      name: 'Bicep resource body, parameter and output',
      file: 'deep.bicep',
      text: (n) =>
        `param p object = ${'{\na: '.repeat(n)}1${'\n}'.repeat(n)}\n${bicepResource}${'{\na: ['.repeat(n >> 1)}p${']\n}'.repeat(n >> 1)}\n  tags: p\n}\noutput o object = ${'{\na: '.repeat(n)}p${'\n}'.repeat(n)}\n`,
      parses: (t) => parseBicep(t, 'deep.bicep').diagnostics.length === 0,
    },
    {
      name: 'HCL resource arguments, variable and locals',
      file: 'deep.tf',
      text: (n) =>
        `variable "x" {\n  default = ${'{ a = '.repeat(n)}1${' }'.repeat(n)}\n}\nlocals {\n  l = ${'[('.repeat(n >> 1)}var.x${')]'.repeat(n >> 1)}\n}\n${tfResource}${'{ a = '.repeat(n)}local.l${' }'.repeat(n)}\n}\n`,
      parses: (t) => parseHcl(t, 'deep.tf').diagnostics.length === 0,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const n = deepest((k) => c.parses(c.text(k)), 5000);
      const result = scanWithGood({ [c.file]: c.text(n) });
      expect(result.diagnostics, `nesting ${n}`).toEqual([]);
      expect(result.findings.filter((f) => f.location.file === c.file).length, `nesting ${n}`).toBeGreaterThan(0);
    });
  }
});

describe('scan: a file over the size cap is skipped with a diagnostic, and the scan goes on', () => {
  const MB = 1024 * 1024;
  it(`skips 50 MB one-line .json, .bicep and .tf files at the default cap (${DEFAULT_MAX_FILE_BYTES / MB} MB)`, () => {
    const size = 50 * MB;
    const big: Record<string, string> = {
      'big.json': `{"$schema":"${SCHEMA}","contentVersion":"1.0.0.0","variables":{"x":"${'a'.repeat(size - 120)}"},"resources":[]}`,
      'big.bicep': `var x = '${'a'.repeat(size - 10)}'`,
      'big.tf': `locals { x = "${'a'.repeat(size - 16)}" }`,
    };
    const result = scanWithGood(big);
    expect(result.diagnostics.map((d) => [d.kind, d.severity, d.file, d.line, d.column, d.message])).toEqual(
      Object.entries(big)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([file, text]) => [
          'skipped-file',
          'warning',
          file,
          1,
          1,
          `File is ${(Buffer.byteLength(text) / MB).toFixed(1).replace(/\.0$/, '')} MB, over the 5 MB size limit; it was not scanned. Raise the limit (--max-file-size) or exclude the file.`,
        ]),
    );
    expect(result.stats).toMatchObject({ filesConsidered: 3, filesScanned: 3 });
  });
});

describe('scan: binary and invalid UTF-8 files are reported, not read, and the scan goes on', () => {
  const BINARY = 'The file looks binary (it contains NUL bytes); it was not scanned.';
  const NOT_UTF8 = 'The file is not valid UTF-8; it was not scanned. Save it as UTF-8.';
  const content: Record<string, string> = { json: armHead + '{"x":"é"}' + armTail, bicep: "var x = 'é'\n", tf: 'locals {\n  x = "é"\n}\n' };
  const cases: { name: string; bytes: (text: string) => Buffer; kind: string; message: string }[] = [
    { name: 'a NUL byte', bytes: (t) => Buffer.concat([Buffer.from(t), Buffer.from([0])]), kind: 'skipped-file', message: BINARY },
    { name: 'random binary', bytes: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), kind: 'skipped-file', message: BINARY },
    { name: 'UTF-16 LE with its BOM', bytes: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]), kind: 'skipped-file', message: BINARY },
    { name: 'Latin-1 (é as one byte)', bytes: (t) => Buffer.from(t, 'latin1'), kind: 'unreadable-file', message: NOT_UTF8 },
    { name: 'an overlong encoding', bytes: (t) => Buffer.concat([Buffer.from(t), Buffer.from([0xc0, 0xaf])]), kind: 'unreadable-file', message: NOT_UTF8 },
    { name: 'an encoded surrogate (CESU-8)', bytes: (t) => Buffer.concat([Buffer.from(t), Buffer.from([0xed, 0xa0, 0x80])]), kind: 'unreadable-file', message: NOT_UTF8 },
    { name: 'a sequence cut at the end', bytes: (t) => Buffer.concat([Buffer.from(t), Buffer.from([0xe2, 0x82])]), kind: 'unreadable-file', message: NOT_UTF8 },
    { name: 'a lone continuation byte', bytes: (t) => Buffer.concat([Buffer.from([0x80]), Buffer.from(t)]), kind: 'unreadable-file', message: NOT_UTF8 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const files = Object.fromEntries(Object.entries(content).map(([ext, text]) => [`bad.${ext}`, c.bytes(text)]));
      const result = scanWithGood(files);
      expect(result.diagnostics.map((d) => [d.kind, d.severity, d.file, d.line, d.column, d.message])).toEqual(
        ['bad.bicep', 'bad.json', 'bad.tf'].map((file) => [c.kind, 'warning', file, 1, 1, c.message]),
      );
      expect(result.stats).toMatchObject({ filesConsidered: 6, filesScanned: 3 });
    });
  }
});

describe('scan: one-line files just under the size cap are scanned in time', () => {
  // A long line must cost linear time in every stage (lexers, line tables, comment and module look-ups).
  const size = DEFAULT_MAX_FILE_BYTES - 1024;
  const cases: Record<string, string> = {
    'long.json': `{"$schema":"${SCHEMA}","contentVersion":"1.0.0.0","variables":{"x":"${'a'.repeat(size - 120)}"},"resources":[]}`,
    'long.bicep': `var x = '${'a'.repeat(size - 10)}'`,
    'long.tf': `locals { x = "${'a'.repeat(size - 16)}" }`,
    'spaces.bicep': ' '.repeat(size),
    'blank.bicep': ' \n'.repeat(size / 2),
    'blank.tf': ' \n'.repeat(size / 2),
    'comment.tf': `# ${'x'.repeat(size)}\n`,
    'array.json': `{"$schema":"${SCHEMA}","contentVersion":"1.0.0.0","variables":{"x":[${'1,'.repeat(size / 2 - 100)}1]},"resources":[]}`,
  };
  for (const [file, text] of Object.entries(cases)) {
    it(file, () => {
      const started = performance.now();
      const result = scanWithGood({ [file]: text });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(performance.now() - started).toBeLessThan(15_000);
    }, 60_000);
  }
});

describe('harness: offsetOf', () => {
  it('counts lines as each format does', () => {
    expect(offsetOf('arm', 'a\r\nb\rc\nd', 4, 1)).toBe(7);
    expect(offsetOf('terraform', 'a\r\nb\rc\nd', 2, 3)).toBe(5);
    expect(linesOf('terraform', '\uFEFFa\r\nb')).toEqual(['a\r', 'b']);
  });
});
