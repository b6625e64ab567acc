import * as path from 'node:path';
import type { Candidate } from '../discover/discover';
import type { FileValues } from '../evaluate/bicep/bicepScope';
import type { Diagnostic } from '../model/diagnostic';
import { buildBicepTemplate, localModuleCalls } from '../model/bicep/bicepModel';
import type { Template } from '../model/resource';
import { parseBicep } from '../parse/bicep/parseBicep';
import type { SourceComment } from '../parse/comment';
import { guarded } from './guard';
import { callersFirst } from './moduleOrder';
import { peek } from './peek';

/**
 * `module name 'path' =`, found without parsing, to order files callers first. Spaces only within the line:
 * `^\s*` would let every line start of a long blank stretch scan to its end (quadratic; minutes on a 5 MB file).
 */
const MODULE_PATH = /^[ \t]*module[ \t]+\w+[ \t]+'([^'$\r\n]+\.bicep)'/gm;

/**
 * Scans Bicep files one at a time, each handed to `consume` and then dropped. A local module
 * (`module m './network.bicep' = { params: … }`) is scanned after its callers, with the parameter values of
 * the first call. A file with a syntax error is reported (its first error) and not scanned.
 */
export function scanBicepFiles(
  candidates: Candidate[],
  read: (c: Candidate) => string | undefined,
  diagnostics: Diagnostic[],
  consume: (candidate: Candidate, template: Template) => void,
  comments: (file: string, comments: SourceComment[], source: string) => void = () => {},
): void {
  const target = (from: string, modulePath: string) => path.posix.normalize(path.posix.join(path.posix.dirname(from), modulePath));
  const ordered = callersFirst(
    candidates,
    (c) => c.file,
    (c) => [...peek(c).matchAll(MODULE_PATH)].map((m) => target(c.file, m[1]!)),
  );
  const inputs = new Map<string, FileValues['bindings']>();
  for (const c of ordered) {
    const text = read(c);
    if (text === undefined) continue;
    const built = guarded(c.file, diagnostics, () => {
      const result = parseBicep(text, c.file);
      if (result.diagnostics.length) {
        const first = result.diagnostics[0]!;
        const more = result.diagnostics.length - 1;
        diagnostics.push({ ...first, message: `${first.message} The file was not scanned; fix this error${more ? ` (${more} more follow)` : ''} and scan again.` });
        return undefined;
      }
      const source = text.replace(/^\uFEFF/, '');
      const template = buildBicepTemplate(result.program, c.file, source, inputs.get(c.file));
      const calls = localModuleCalls(result.program, c.file, source);
      return { result, source, template, calls };
    });
    if (!built) continue;
    const { result, source, template, calls } = built;
    comments(c.file, result.program.comments.map((k) => ({ line: k.range.start.line, column: k.range.start.column, endLine: k.range.end.line, text: k.text })), source);
    for (const call of calls) {
      const callee = target(c.file, call.path);
      if (!inputs.has(callee)) inputs.set(callee, new Map([...call.params].map(([name, node]) => [name, { node, scope: template.scope }])));
    }
    consume(c, template);
  }
}
