import * as path from 'node:path';
import type { Candidate } from '../discover/discover';
import type { Diagnostic } from '../model/diagnostic';
import type { Template } from '../model/resource';
import { buildTerraformModule, localModuleCalls, type HclFile, type ModuleInputs } from '../model/terraform/terraformModel';
import { terraformJsonBody, terraformJsonVariables } from '../model/terraform/fromTerraformJson';
import { parseHcl } from '../parse/hcl/parseHcl';
import { parseJson } from '../parse/json/parseJson';

export interface TerraformModule {
  dir: string;
  files: Candidate[];
  template: Template;
}

/**
 * Terraform is read a folder at a time: the `.tf` files of a folder are one module, sharing variables and
 * locals; `terraform.tfvars` and `*.auto.tfvars` in it set variables, as `terraform plan` would. A module
 * called from another folder of the scan (`source = "./network"`) gets the caller's arguments as variable
 * values (the first call found, when there are several).
 */
export function terraformModules(candidates: Candidate[], read: (c: Candidate) => string | undefined, diagnostics: Diagnostic[]): TerraformModule[] {
  const byDir = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const dir = path.posix.dirname(c.file);
    const list = byDir.get(dir);
    if (list) list.push(c);
    else byDir.set(dir, [c]);
  }
  const parsed = new Map<string, { files: HclFile[]; tfvars: HclFile[]; candidates: Candidate[] }>();
  for (const [dir, list] of byDir) {
    const files: HclFile[] = [];
    const tfvars: HclFile[] = [];
    const scanned: Candidate[] = [];
    for (const c of list) {
      const autoVars = c.kind === 'tfvars' && /(^|\/)(terraform\.tfvars|[^/]+\.auto\.tfvars)(\.json)?$/.test(c.file);
      if (c.kind === 'tfvars' && !autoVars) continue; // other .tfvars are chosen per run with -var-file
      const text = read(c);
      if (text === undefined) continue;
      const result = c.file.endsWith('.json') ? parseTerraformJson(text, c.file) : parseHcl(text, c.file);
      diagnostics.push(...result.diagnostics);
      if (!result.body) continue;
      (c.kind === 'tfvars' ? tfvars : files).push({ file: c.file, body: result.body, source: result.source });
      if (c.kind === 'terraform') scanned.push(c);
    }
    if (files.length) parsed.set(dir, { files, tfvars, candidates: scanned });
  }

  const modules = new Map<string, TerraformModule>();
  for (const [dir, p] of parsed) modules.set(dir, { dir, files: p.candidates, template: buildTerraformModule(p.files, p.tfvars, undefined, dir) });
  // Second pass: modules called with arguments are built again with those values bound.
  const bound = new Set<string>();
  for (const [dir, p] of parsed) {
    for (const call of localModuleCalls(p.files)) {
      const target = path.posix.normalize(path.posix.join(dir, call.source));
      const targetFiles = parsed.get(target);
      if (!targetFiles || bound.has(target) || target === dir) continue;
      bound.add(target);
      const inputs: ModuleInputs = new Map();
      for (const [name, node] of call.arguments) inputs.set(name, { node, scope: modules.get(dir)!.template.scope });
      modules.set(target, { dir: target, files: targetFiles.candidates, template: buildTerraformModule(targetFiles.files, targetFiles.tfvars, inputs, target) });
    }
  }
  return [...modules.values()];
}

/** A `.tf.json` / `.tfvars.json` file, read as the same syntax tree as HCL. */
function parseTerraformJson(text: string, file: string): { body: HclFile['body'] | undefined; diagnostics: Diagnostic[]; source: string } {
  const parsed = parseJson(text, file, { armExpressions: false });
  if (parsed.diagnostics.length) return { body: undefined, diagnostics: parsed.diagnostics.slice(0, 1), source: text };
  if (parsed.root?.kind !== 'object') return { body: undefined, diagnostics: [], source: text };
  const body = file.endsWith('.tfvars.json') ? terraformJsonVariables(parsed.root) : terraformJsonBody(parsed.root);
  return { body, diagnostics: [], source: text.replace(/^\uFEFF/, '') };
}
