import * as path from 'node:path';
import type { Candidate } from '../discover/discover';
import type { Diagnostic } from '../model/diagnostic';
import type { Template } from '../model/resource';
import { terraformJsonBody, terraformJsonVariables } from '../model/terraform/fromTerraformJson';
import { buildTerraformModule, localModuleCalls, type HclFile, type ModuleInputs } from '../model/terraform/terraformModel';
import { parseHcl } from '../parse/hcl/parseHcl';
import type { SourceComment } from '../parse/comment';
import { parseJson } from '../parse/json/parseJson';
import { append, guarded } from './guard';
import { callersFirst } from './moduleOrder';
import { peek } from './peek';

/** `source = "./x"` in a module block, found without parsing, to order folders callers first. */
const MODULE_SOURCE = /\bsource\s*=\s*"(\.{1,2}\/[^"$]*)"/g;

/**
 * Scans Terraform a folder at a time: the `.tf` files of a folder are one module, sharing variables and
 * locals; `terraform.tfvars` and `*.auto.tfvars` in it set variables, as `terraform plan` would. A module
 * called from another folder of the scan (`source = "./network"`) is scanned after its callers, with the
 * arguments of the first call as variable values. Each module is handed to `consume` and then dropped.
 */
export function scanTerraformModules(
  candidates: Candidate[],
  read: (c: Candidate) => string | undefined,
  diagnostics: Diagnostic[],
  consume: (files: Candidate[], template: Template) => void,
  comments: (file: string, comments: SourceComment[], source: string) => void = () => {},
): void {
  const byDir = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const dir = path.posix.dirname(c.file);
    const list = byDir.get(dir);
    if (list) list.push(c);
    else byDir.set(dir, [c]);
  }
  const dirs = callersFirst(
    [...byDir.keys()],
    (dir) => dir,
    (dir) =>
      byDir
        .get(dir)!
        .filter((c) => c.kind === 'terraform')
        .flatMap((c) => [...peek(c).matchAll(MODULE_SOURCE)].map((m) => path.posix.normalize(path.posix.join(dir, m[1]!)))),
  );
  const inputs = new Map<string, ModuleInputs>();
  for (const dir of dirs) {
    const files: HclFile[] = [];
    const tfvars: HclFile[] = [];
    const scanned: Candidate[] = [];
    for (const c of byDir.get(dir)!) {
      const autoVars = c.kind === 'tfvars' && /(^|\/)(terraform\.tfvars|[^/]+\.auto\.tfvars)(\.json)?$/.test(c.file);
      if (c.kind === 'tfvars' && !autoVars) continue; // other .tfvars are chosen per run with -var-file
      const text = read(c);
      if (text === undefined) continue;
      const result = guarded(c.file, diagnostics, () => (c.file.endsWith('.json') ? parseTerraformJson(text, c.file) : parseHcl(text, c.file)));
      if (!result) continue;
      append(diagnostics, result.diagnostics);
      if (!result.body) continue;
      if (c.kind === 'terraform') comments(c.file, result.comments, result.source);
      (c.kind === 'tfvars' ? tfvars : files).push({ file: c.file, body: result.body, source: result.source });
      if (c.kind === 'terraform') scanned.push(c);
    }
    if (!files.length) continue;
    const built = guarded(files[0]!.file, diagnostics, () => ({ template: buildTerraformModule(files, tfvars, inputs.get(dir), dir), calls: localModuleCalls(files) }));
    if (!built) continue;
    const { template, calls } = built;
    for (const call of calls) {
      const target = path.posix.normalize(path.posix.join(dir, call.source));
      if (target === dir || inputs.has(target)) continue;
      inputs.set(target, new Map([...call.arguments].map(([name, node]) => [name, { node, scope: template.scope }])));
    }
    consume(scanned, template);
  }
}

/** A `.tf.json` / `.tfvars.json` file, read as the same syntax tree as HCL. */
function parseTerraformJson(text: string, file: string): { body: HclFile['body'] | undefined; diagnostics: Diagnostic[]; source: string; comments: SourceComment[] } {
  const parsed = parseJson(text, file, { armExpressions: false });
  if (parsed.diagnostics.length) return { body: undefined, diagnostics: parsed.diagnostics.slice(0, 1), source: text, comments: [] };
  if (parsed.root?.kind !== 'object') return { body: undefined, diagnostics: [], source: text, comments: [] };
  const body = file.endsWith('.tfvars.json') ? terraformJsonVariables(parsed.root) : terraformJsonBody(parsed.root);
  return { body, diagnostics: [], source: text.replace(/^\uFEFF/, ''), comments: parsed.comments };
}
