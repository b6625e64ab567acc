import type { Candidate } from '../discover/discover';
import type { Diagnostic } from '../model/diagnostic';
import { buildArmTemplates } from '../model/arm/armModel';
import { findArmTemplate, mayBeArmTemplate } from '../model/arm/detect';
import type { Template } from '../model/resource';
import type { SourceComment } from './comment';
import { parseJson } from './json/parseJson';

export interface ParsedFile {
  /** Undefined when the file is not IaC this scanner reads (it is then not counted as scanned). */
  templates?: Template[];
  diagnostics: Diagnostic[];
  /** The file's comments (for suppressions), when it was scanned. */
  comments?: SourceComment[];
}

/** Parses one candidate file and builds its model. */
export function parseFile(text: string, candidate: Candidate): ParsedFile {
  if (candidate.kind === 'json') return parseArmFile(text, candidate.file);
  return { diagnostics: [] };
}

function parseArmFile(text: string, file: string): ParsedFile {
  if (!mayBeArmTemplate(text)) return { diagnostics: [] };
  const parsed = parseJson(text, file, { armExpressions: true });
  if (parsed.diagnostics.length) {
    // A file that names the template schema but does not parse is a broken template: report its first
    // error (the others usually follow from it) and skip the file, since a partial tree misleads rules.
    const first = parsed.diagnostics[0]!;
    const more = parsed.diagnostics.length - 1;
    const message = `${first.message} The file was not scanned; fix this error${more ? ` (${more} more follow from it or after it)` : ''} and scan again.`;
    return { diagnostics: [{ ...first, message }] };
  }
  const root = findArmTemplate(parsed.root);
  if (!root) return { diagnostics: [] };
  return { templates: buildArmTemplates(root, file), diagnostics: [], comments: parsed.comments };
}
