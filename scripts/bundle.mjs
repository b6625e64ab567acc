// Bundles the Azure Pipelines task into one file, tasks/IacScanV1/dist/index.js, and copies the built-in
// rules beside it (tasks/IacScanV1/rules/). `node scripts/bundle.mjs [--task-dir DIR]` (default tasks/IacScanV1).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { 'task-dir': { type: 'string', default: path.join(root, 'tasks', 'IacScanV1') } } });
const taskDir = path.resolve(values['task-dir']);
const distDir = path.join(taskDir, 'dist');
const rulesDir = path.join(taskDir, 'rules');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

fs.rmSync(distDir, { recursive: true, force: true });
fs.rmSync(rulesDir, { recursive: true, force: true });

const started = Date.now();
await build({
  absWorkingDir: root,
  entryPoints: ['src/task/index.ts'],
  outfile: path.join(distDir, 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's `main` is a UMD build whose factory require() esbuild cannot follow.
  mainFields: ['module', 'main'],
  minify: true,
  legalComments: 'external',
  define: { __IAC_SCAN_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
});

fs.cpSync(path.join(root, 'rules'), rulesDir, { recursive: true });

const size = fs.statSync(path.join(distDir, 'index.js')).size;
const ruleFiles = fs.readdirSync(rulesDir, { recursive: true }).filter((f) => /\.ya?ml$/i.test(String(f))).length;
console.log(
  `Bundled ${path.relative(root, path.join(distDir, 'index.js')) || distDir} (${(size / 1024).toFixed(0)} KiB, version ${version}) ` +
    `and ${ruleFiles} rule file(s) in ${Date.now() - started} ms.`,
);
