/**
 * Generated edge cases for the hostile-input fuzz tests: empty and BOM-only files, unterminated strings,
 * comments, heredocs and interpolations, huge numbers, very long lines, odd characters, values of the wrong
 * type where the model expects a resource's parts, self-references and module cycles. Each case is a folder
 * (file name → content) scanned as a whole.
 */
import type { Format } from './harness';

export interface EdgeCase {
  name: string;
  files: Record<string, string | Buffer>;
}

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const LONG = 1_000_000;

/** Texts that are no format at all, scanned under each format's file name. */
const GENERIC: [string, string | Buffer][] = [
  ['empty', ''],
  ['only a BOM', '\uFEFF'],
  ['two BOMs', '\uFEFF\uFEFF'],
  ['BOM and a line end', '\uFEFF\r\n'],
  ['a space', ' '],
  ['LF', '\n'],
  ['CR', '\r'],
  ['CRLF', '\r\n'],
  ['LF CR', '\n\r'],
  ['many line ends', '\r\n\r\r\n\n\r'.repeat(10_000)],
  ['NUL', '\0'],
  ['controls', '\x01\x02\x07\b\t\v\f\x1b\x7f'],
  ['line and paragraph separators', 'a\u2028b\u2029c\u0085d'],
  ['lone high surrogate', '\ud800'],
  ['lone low surrogate then high', '\udc00\ud800'],
  ['replacement characters', '\ufffd'.repeat(1000)],
  ['emoji', '\u{1f600}'.repeat(10_000)],
  ['right-to-left override', '\u202e{"a": 1}'],
  ['a backslash', '\\'],
  ['a long line of letters', 'a'.repeat(LONG)],
  ['a long line of spaces', ' '.repeat(LONG)],
  ['a long line of tabs', '\t'.repeat(LONG)],
  ['many short lines', 'a\n'.repeat(200_000)],
  ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
  ['UTF-16 with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}', 'utf16le')])],
];

const arm = (body: string): string => `{"$schema":"${SCHEMA}","contentVersion":"1.0.0.0",${body}}`;
const armResource = (r: string): string => arm(`"resources":[${r}]`);
const storage = (extra: string): string =>
  armResource(`{"type":"Microsoft.Storage/storageAccounts","apiVersion":"2023-01-01","name":"st","location":"westeurope"${extra}}`);

const ARM: [string, string][] = [
  ['an open brace', '{'],
  ['an open bracket', '['],
  ['a quote', '"'],
  ['an unterminated escape', '"\\'],
  ['a truncated schema', `{"$schema": "${SCHEMA}`],
  ['a schema and nothing else', `{"$schema": "${SCHEMA}"}`],
  ['a template that is an array', `[{"$schema": "${SCHEMA}"}]`],
  ['an unclosed block comment', arm('"resources":[] /* no end')],
  ['an unclosed block comment over lines', arm('"resources":[] /* no end\n\r\n\rstill the comment')],
  ['an unclosed string over lines', arm('"resources":["abc\ndef\r\nghi')],
  ['a line comment at the end', arm('"resources":[]') + '//'],
  ['huge numbers', storage(',"properties":{"a":1e999,"b":-1e999,"c":123456789012345678901234567890,"d":-0,"e":0.1e-400,"f":1E+400}')],
  ['invalid numbers', storage(',"properties":{"a":0x10,"b":01,"c":.5,"d":NaN,"e":Infinity,"f":+1}')],
  ['huge integers in expressions', storage(`,"properties":{"a":"[add(9223372036854775807, 1)]","b":"[mul(99999999999999999999, 99999999999999999999)]","c":"[div(1, 0)]","d":"[mod(1, 0)]","e":"[int('99999999999999999999999')]"}`)],
  ['unterminated expressions', storage(`,"properties":{"a":"[concat('a'","b":"[","c":"[]","d":"[[","e":"[concat(]","f":"['unterminated]","g":"[parameters(]"}`)],
  ['expressions of the wrong types', storage(`,"properties":{"a":"[parameters(1)]","b":"[variables(null())]","c":"[reference()]","d":"[resourceId()]","e":"[json('{')]","f":"[first(1)]","g":"[split(1, 2)]","h":"[items(1)]"}`)],
  ['resources as an object', arm('"resources":{"a":1,"b":null,"c":[],"d":{"type":1}}')],
  ['resources of every type', arm('"resources":[1,null,"a",[],true,{},{"type":null},{"type":1,"name":[]},{"type":"a/b","name":{}}]')],
  ['resources that are not arrays', arm('"resources":"x"')],
  ['a resource without type or name', armResource('{"apiVersion":"2023-01-01"}')],
  ['properties of every wrong type', armResource(['[]', 'null', '1', '"x"', 'true'].map((p) => `{"type":"Microsoft.Storage/storageAccounts","apiVersion":"2023-01-01","name":"s","properties":${p}}`).join(','))],
  ['parameters and variables of wrong types', arm('"parameters":[],"variables":"x","outputs":1,"functions":{},"resources":[]')],
  ['parameters with odd declarations', arm(`"parameters":{"a":1,"b":{"type":1},"c":{"type":"int","defaultValue":"x"},"d":{"type":"securestring","defaultValue":"[parameters('d')]"}},"resources":[]`)],
  ['copy loops of odd counts', armResource(['-1', '"x"', '1e999', '100000000', '"[mul(100000, 100000)]"', 'null', '{}'].map((c) => `{"type":"Microsoft.Storage/storageAccounts","apiVersion":"2023-01-01","name":"[concat('s', copyIndex())]","copy":{"name":"c","count":${c}}}`).join(','))],
  ['self-referencing variables', arm(`"variables":{"a":"[variables('b')]","b":"[variables('a')]","c":"[variables('c')]"},"resources":[{"type":"Microsoft.Storage/storageAccounts","apiVersion":"2023-01-01","name":"[variables('a')]","properties":{"x":"[variables('c')]"}}]`)],
  ['nested deployments of odd shapes', armResource(['1', '"x"', '[]', 'null', `{"$schema":"${SCHEMA}","resources":"x"}`].map((t) => `{"type":"Microsoft.Resources/deployments","apiVersion":"2022-09-01","name":"d","properties":{"mode":"Incremental","template":${t}}}`).join(','))],
  ['nested deployments 60 deep', (() => {
    let t = arm('"resources":[]');
    for (let i = 0; i < 60; i++) t = armResource(`{"type":"Microsoft.Resources/deployments","apiVersion":"2022-09-01","name":"d${i}","properties":{"mode":"Incremental","expressionEvaluationOptions":{"scope":"inner"},"parameters":{"p":{"value":"[parameters('p')]"}},"template":${t}}}`);
    return t;
  })()],
  ['child resources with odd parents', armResource(`{"type":"Microsoft.Sql/servers","apiVersion":"2023-05-01-preview","name":"a","resources":[{"type":"databases","name":"a/b/c/d"},{"type":"Microsoft.Sql/servers/databases","name":"x"},1,null]},{"type":"Microsoft.Sql/servers/databases","apiVersion":"2023-05-01-preview","name":"/"}`)],
  ['language version 2.0 with odd symbolic names', arm(`"languageVersion":"2.0","resources":{"":{"type":"Microsoft.Storage/storageAccounts","apiVersion":"2023-01-01","name":"a"},"__proto__":{"type":"x","existing":true},"constructor":{"type":"a/b","name":"c","dependsOn":["__proto__"]}}`)],
  ['duplicate keys', `{"$schema":"${SCHEMA}","$schema":"x","resources":[],"resources":{}}`],
  ['a long string value', storage(`,"properties":{"a":"${'a'.repeat(LONG)}"}`)],
  ['a long expression', storage(`,"properties":{"a":"[concat(${Array.from({ length: 20_000 }, () => "'a'").join(',')})]"}`)],
  ['a long key', storage(`,"properties":{"${'k'.repeat(LONG)}":1}`)],
  ['odd metadata suppressions', storage(`,"metadata":{"iac-scan":{"ignore":{"":"","IAC-STG-002":1,"x":null}}},"properties":{}`)],
];

const BICEP: [string, string][] = [
  ['a quote', "'"],
  ['an unterminated string', "var a = 'abc"],
  ['an unterminated multi-line string', "var a = '''abc\ndef"],
  ['an unterminated interpolation', "var a = 'a${b"],
  ['an unterminated interpolation in a multi-line string', "var a = $'''a${b"],
  ['an interpolation closing nothing', "var a = '${'"],
  ['an unterminated block comment', "var a = 1 /* no end\n\n"],
  ['a line comment at the end', 'var a = 1 //'],
  ['a decorator alone', '@'],
  ['an unterminated decorator', "@description('x'"],
  ['a keyword alone', 'resource'],
  ['an unterminated resource', "resource x 'Microsoft.Storage/storageAccounts@2023-01-01' = {"],
  ['an unterminated loop', "resource x 'Microsoft.Storage/storageAccounts@2023-01-01' = [for"],
  ['huge numbers', 'var a = 99999999999999999999999999999999\nvar b = -9223372036854775809\nvar c = 9223372036854775807 + 1\nvar d = 1 / 0\nvar e = 1 % 0\n'],
  ['a float', 'var a = 1.5\n'],
  ['an escape with a huge code point', "var a = '\\u{FFFFFFFFFF}'\nvar b = '\\u{'\nvar c = '\\u{D800}'\n"],
  ['self-referencing variables', 'var a = b\nvar b = a\nvar c = c\noutput o string = a\n'],
  ['a recursive function', 'func f(x int) int => f(x)\nvar a = f(1)\n'],
  ['a recursive type', 'type t = t\ntype u = { a: u }\nparam p u\n'],
  ['resources whose parents loop', "resource a 'Microsoft.Sql/servers/databases@2023-05-01-preview' = {\n  parent: b\n  name: 'a'\n}\nresource b 'Microsoft.Sql/servers/databases@2023-05-01-preview' = {\n  parent: a\n  name: 'b'\n}\n"],
  ['a resource that is its own parent', "resource a 'Microsoft.Sql/servers@2023-05-01-preview' = {\n  parent: a\n  name: 'a'\n}\n"],
  ['values of the wrong types', "resource s 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: []\n  location: {}\n  sku: 'x'\n  properties: [1, null]\n  tags: 1\n}\n"],
  ['a resource body that is not an object', "resource s 'Microsoft.Storage/storageAccounts@2023-01-01' = 1\nresource t 'Microsoft.Storage/storageAccounts@2023-01-01' = null\n"],
  ['an odd type string', "resource s '@' = {}\nresource t '' = {}\nresource u 'a/b@' = {}\nresource v '@@@' existing = {}\n"],
  ['a huge loop', "resource s 'Microsoft.Storage/storageAccounts@2023-01-01' = [for i in range(0, 100000000): {\n  name: 's${i}'\n}]\n"],
  ['a long string', `var a = '${'a'.repeat(LONG)}'\n`],
  ['a long identifier', `var ${'a'.repeat(LONG)} = 1\n`],
  ['odd suppression comments', "// iac-scan:ignore\n// iac-scan:ignore IAC-STG-002\n#disable-next-line\n// iac-scan:ignore IAC-STG-002 reason until 9999-99-99\nvar a = 1\n"],
];

const HCL: [string, string][] = [
  ['a quote', '"'],
  ['an unterminated string', 'a = "abc'],
  ['an unterminated interpolation', 'a = "${b'],
  ['an unterminated directive', 'a = "%{ if b }'],
  ['an unterminated heredoc', 'a = <<EOT\nabc\n'],
  ['a heredoc without a name', 'a = <<\nabc\n'],
  ['a heredoc with a CR', 'a = <<EOT\nabc\rdef\nEOT\n'],
  ['a heredoc in an interpolation', 'a = "${<<EOT\nx\nEOT\n}"\n'],
  ['an unterminated block comment', 'a = 1 /* no end\n'],
  ['comments at the end', 'a = 1 #'],
  ['a keyword alone', 'resource'],
  ['an unterminated block', 'resource "azurerm_storage_account" "s" {'],
  ['an unterminated for expression', 'a = [for'],
  ['an unterminated object for expression', 'a = {for k, v in x : k => v...'],
  ['huge numbers', 'a = 99999999999999999999999999999999\nb = 1e400\nc = -1e400\nd = 0x10\ne = 1.\nf = 1 / 0\ng = 1 % 0\n'],
  ['escapes with huge code points', 'a = "\\UFFFFFFFF"\nb = "\\u"\nc = "\\uD800"\n'],
  ['self-referencing locals', 'locals {\n  a = local.b\n  b = local.a\n  c = local.c\n}\noutput "o" {\n  value = local.a\n}\n'],
  ['a self-referencing variable default', 'variable "x" {\n  default = var.x\n}\n'],
  ['odd counts and for_each', ['-1', '"x"', '1e400', '100000000', 'null', '[]'].map((c, i) => `resource "azurerm_storage_account" "s${i}" {\n  count = ${c}\n  name = "s\${count.index}"\n}\nresource "azurerm_storage_account" "f${i}" {\n  for_each = ${c}\n  name = each.key\n}\n`).join('')],
  ['dynamic blocks of odd shapes', 'resource "azurerm_storage_account" "s" {\n  dynamic "network_rules" {\n    for_each = 1\n  }\n  dynamic "x" {\n    for_each = range(100000000)\n    content {\n      a = x.value\n    }\n  }\n  dynamic {}\n}\n'],
  ['values of the wrong types', 'resource "azurerm_storage_account" "s" {\n  name = []\n  location = {}\n  min_tls_version = ["TLS1_0"]\n  network_rules = "x"\n  tags = 1\n}\n'],
  ['blocks with odd labels', 'resource {}\nresource "a" {}\nresource "" "" {}\nresource "a" "b" "c" {}\nmodule {}\nvariable {}\n'],
  ['splats and traversals', 'a = x[*].y[*].z\nb = x.*.y\nc = x[0][1][2].a.b\nd = var.nope.a[0]\n'],
  ['a long string', `a = "${'a'.repeat(LONG)}"\n`],
  ['a long identifier', `${'a'.repeat(LONG)} = 1\n`],
  ['odd suppression comments', '# iac-scan:ignore\n// iac-scan:ignore IAC-STG-002\n#checkov:skip=\n#tfsec:ignore:\n# kics-scan ignore-block\n/* iac-scan:ignore IAC-STG-002 reason until 9999-99-99 */\na = 1\n'],
];

const MAIN: Record<Format, string> = { arm: 'template.json', bicep: 'main.bicep', terraform: 'main.tf' };

/** Every edge case of one format, single files and small folders. */
export function edgeCases(format: Format): EdgeCase[] {
  const own = format === 'arm' ? ARM : format === 'bicep' ? BICEP : HCL;
  const cases: EdgeCase[] = [...GENERIC, ...own].map(([name, content]) => ({ name, files: { [MAIN[format]]: content } }));
  if (format === 'bicep') {
    cases.push(
      { name: 'a module that calls itself', files: { 'main.bicep': "module m 'main.bicep' = {\n  name: 'm'\n  params: { p: 1 }\n}\nparam p int\n" } },
      {
        name: 'modules that call each other',
        files: {
          'a.bicep': "param p string = 'x'\nmodule b 'b.bicep' = {\n  name: 'b'\n  params: { p: p }\n}\n",
          'b.bicep': "param p string\nmodule a 'a.bicep' = {\n  name: 'a'\n  params: { p: '${p}${p}' }\n}\n",
        },
      },
      { name: 'a module path out of the folder', files: { 'main.bicep': "module m '../../../../etc/passwd.bicep' = {\n  name: 'm'\n}\nmodule n '/abs.bicep' = {\n  name: 'n'\n}\n" } },
    );
  }
  if (format === 'terraform') {
    cases.push(
      { name: 'a module that calls its own folder', files: { 'main.tf': 'module "m" {\n  source = "./"\n  x = 1\n}\nvariable "x" {}\n' } },
      {
        name: 'modules that call each other',
        files: {
          'a/main.tf': 'variable "x" {\n  default = "a"\n}\nmodule "b" {\n  source = "../b"\n  x = "${var.x}${var.x}"\n}\n',
          'b/main.tf': 'variable "x" {}\nmodule "a" {\n  source = "../a"\n  x = var.x\n}\n',
        },
      },
      { name: 'variables files of odd shapes', files: { 'main.tf': 'variable "x" {}\n', 'terraform.tfvars': 'x = \ny = {\n', 'a.auto.tfvars': '"x" = 1\n' } },
      { name: 'Terraform JSON of odd shapes', files: { 'main.tf.json': '{"resource":[1,null],"variable":"x","locals":{"a":"${"}}', 'b.tf.json': '{"resource":{"azurerm_storage_account":{"s":[1,{"name":{}}]}}}' } },
    );
  }
  return cases;
}
