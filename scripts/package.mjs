// Builds the Marketplace extension, offline:  npm run package [-- --publisher NAME] [-- --out DIR]
//   1. checks the versions (package.json = task.json = vss-extension.json, never down);
//   2. validates tasks/IacScanV1/task.json against the task schema;
//   3. bundles the task (one minified file + the built-in rules);
//   4. runs `tfx extension create`, failing on any tfx warning;
//   5. checks the .vsix against the size budget.
// The publisher defaults to vss-extension.json's; forks pass --publisher (or IAC_SCAN_PUBLISHER).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { check as checkVersions } from './version.mjs';

export const SIZE_BUDGET_BYTES = 2 * 1024 * 1024;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { values } = parseArgs({
  options: {
    publisher: { type: 'string', default: process.env.IAC_SCAN_PUBLISHER },
    out: { type: 'string', default: path.join(root, 'dist') },
  },
});

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

const versionProblem = checkVersions();
if (versionProblem) fail(versionProblem);

const Ajv = require('ajv-draft-04');
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
const validateTask = ajv.compile(JSON.parse(fs.readFileSync(path.join(root, 'scripts', 'schemas', 'tasks.schema.json'), 'utf8')));
const task = JSON.parse(fs.readFileSync(path.join(root, 'tasks', 'IacScanV1', 'task.json'), 'utf8'));
if (!validateTask(task)) {
  fail(`tasks/IacScanV1/task.json does not validate against the task schema:\n${validateTask.errors.map((e) => `  ${e.instancePath || '/'} ${e.message}`).join('\n')}`);
}

execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'vss-extension.json'), 'utf8'));
const publisher = values.publisher ?? manifest.publisher;
const outDir = path.resolve(values.out);
fs.mkdirSync(outDir, { recursive: true });
const vsix = path.join(outDir, `${publisher}.${manifest.id}-${manifest.version}.vsix`);
fs.rmSync(vsix, { force: true });

const tfx = path.join(path.dirname(require.resolve('tfx-cli/package.json')), '_build', 'tfx-cli.js');
const args = ['extension', 'create', '--root', root, '--manifest-globs', 'vss-extension.json', '--output-path', vsix, '--no-prompt', '--no-color'];
if (values.publisher) args.push('--publisher', values.publisher);
let output;
try {
  output = execFileSync(process.execPath, [tfx, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TFX_TRACE: '' } });
} catch (err) {
  fail(`tfx extension create failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
}
const warnings = output.split('\n').filter((line) => /warning:/i.test(line));
if (warnings.length) fail(`tfx reported warnings (fix them; an invalid package still "succeeds"):\n${warnings.join('\n')}`);
if (!fs.existsSync(vsix)) fail(`tfx did not write ${vsix}:\n${output}`);

const size = fs.statSync(vsix).size;
if (size > SIZE_BUDGET_BYTES) fail(`${path.basename(vsix)} is ${(size / 1024).toFixed(0)} KiB, over the ${SIZE_BUDGET_BYTES / 1024} KiB budget.`);
console.log(`package: ${path.relative(root, vsix) || vsix} (${(size / 1024).toFixed(0)} KiB of the ${SIZE_BUDGET_BYTES / 1024} KiB budget), publisher ${publisher}, version ${manifest.version}.`);
