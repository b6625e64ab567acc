// Writes the rule documentation from the rule files: docs/rules/<ID>.md (one page per rule, with its
// examples), the index table in docs/rules.md, and the configuration file's JSON schema
// (docs/iac-scan.schema.json, for editors).   npm run docs
// test/report/ruleDocs.test.ts fails when these files are stale.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { builtinRulesDir, loadRules } = require('../dist/rules/loadRules.js');
const { rulePage, withIndex } = require('../dist/report/ruleDocs.js');

const rules = loadRules([builtinRulesDir()]);
const pagesDir = path.join(root, 'docs', 'rules');
fs.rmSync(pagesDir, { recursive: true, force: true });
fs.mkdirSync(pagesDir, { recursive: true });
for (const rule of rules) fs.writeFileSync(path.join(pagesDir, `${rule.id}.md`), rulePage(rule));
const index = path.join(root, 'docs', 'rules.md');
fs.writeFileSync(index, withIndex(fs.readFileSync(index, 'utf8'), rules));
const { configSchemaJson } = require('../dist/config/configFile.js');
fs.writeFileSync(path.join(root, 'docs', 'iac-scan.schema.json'), configSchemaJson());
console.log(`docs: ${rules.length} rule pages in docs/rules/, index in docs/rules.md, docs/iac-scan.schema.json.`);
