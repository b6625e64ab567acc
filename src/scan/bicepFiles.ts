import * as path from 'node:path';
import type { Candidate } from '../discover/discover';
import type { Diagnostic } from '../model/diagnostic';
import { buildBicepTemplate, localModuleCalls } from '../model/bicep/bicepModel';
import type { Template } from '../model/resource';
import type { Program } from '../parse/bicep/ast';
import { parseBicep } from '../parse/bicep/parseBicep';

export interface BicepFile {
  candidate: Candidate;
  template: Template;
}

/**
 * Bicep files are read together so that a local module (`module m './network.bicep' = { params: … }`) is
 * scanned with the parameter values its caller passes (the first call found, when there are several).
 * A file with a syntax error is reported (its first error) and not scanned.
 */
export function bicepFiles(candidates: Candidate[], read: (c: Candidate) => string | undefined, diagnostics: Diagnostic[]): BicepFile[] {
  const parsed = new Map<string, { candidate: Candidate; program: Program; source: string }>();
  for (const c of candidates) {
    const text = read(c);
    if (text === undefined) continue;
    const result = parseBicep(text, c.file);
    if (result.diagnostics.length) {
      const first = result.diagnostics[0]!;
      const more = result.diagnostics.length - 1;
      diagnostics.push({ ...first, message: `${first.message} The file was not scanned; fix this error${more ? ` (${more} more follow)` : ''} and scan again.` });
      continue;
    }
    parsed.set(c.file, { candidate: c, program: result.program, source: text.replace(/^\uFEFF/, '') });
  }
  const files = new Map<string, BicepFile>();
  for (const [file, p] of parsed) files.set(file, { candidate: p.candidate, template: buildBicepTemplate(p.program, file, p.source) });
  const bound = new Set<string>();
  for (const [file, p] of parsed) {
    for (const call of localModuleCalls(p.program, file, p.source)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), call.path));
      const callee = parsed.get(target);
      if (!callee || bound.has(target) || target === file) continue;
      bound.add(target);
      const scope = files.get(file)!.template.scope;
      const inputs = new Map([...call.params].map(([name, node]) => [name, { node, scope }]));
      files.set(target, { candidate: callee.candidate, template: buildBicepTemplate(callee.program, target, callee.source, inputs) });
    }
  }
  return [...files.values()];
}
