// Compares the resources our Bicep model reads from each module's main.bicep with the resources the Bicep
// compiler emitted into the main.json beside it (shared corpus, bicep-registry-modules):
//   npm run build && node bench/bicep-vs-arm.mjs
// A module matches when both give the same multiset of resource types (deployments of modules and
// `existing` references left out on both sides). Prints the match rate and every difference.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { sharedDir } from './shared.mjs';

const require = createRequire(import.meta.url);
const { parseBicep } = require('../dist/parse/bicep/parseBicep.js');
const { buildBicepTemplate } = require('../dist/model/bicep/bicepModel.js');

export function compareModules(root) {
  const results = [];
  for (const file of fs.readdirSync(root, { recursive: true })) {
    if (path.basename(file) !== 'main.bicep') continue;
    const json = path.join(root, path.dirname(file), 'main.json');
    if (!fs.existsSync(json)) continue;
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const parsed = parseBicep(text, file);
    if (parsed.diagnostics.length) {
      results.push({ file, ok: false, diagnostics: parsed.diagnostics.length });
      continue;
    }
    const ours = buildBicepTemplate(parsed.program, file, text.replace(/^\uFEFF/, ''))
      .resources.filter((r) => !r.existing && r.type.toLowerCase() !== 'microsoft.resources/deployments')
      .map((r) => r.type.toLowerCase())
      .sort();
    const compiled = JSON.parse(fs.readFileSync(json, 'utf8'));
    const list = Array.isArray(compiled.resources) ? compiled.resources : Object.values(compiled.resources ?? {});
    const theirs = list
      .filter((r) => !r.existing && typeof r.type === 'string' && r.type.toLowerCase() !== 'microsoft.resources/deployments')
      .map((r) => r.type.toLowerCase())
      .sort();
    results.push({ file, ok: JSON.stringify(ours) === JSON.stringify(theirs), ours, theirs });
  }
  return results;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const results = compareModules(path.join(sharedDir(), 'data', 'corpus', 'bicep-registry-modules'));
  const matched = results.filter((r) => r.ok).length;
  console.log(`${matched} of ${results.length} modules match (${((100 * matched) / results.length).toFixed(1)} %)`);
  for (const r of results.filter((x) => !x.ok)) {
    if (r.diagnostics) console.log(`- ${r.file}: ${r.diagnostics} syntax diagnostic(s)`);
    else {
      const missing = r.theirs.filter((t) => !r.ours.includes(t));
      const extra = r.ours.filter((t) => !r.theirs.includes(t));
      console.log(`- ${r.file}: ours ${r.ours.length}, compiled ${r.theirs.length}; only compiled: ${missing.join(', ') || '—'}; only ours: ${extra.join(', ') || '—'}`);
    }
  }
}
