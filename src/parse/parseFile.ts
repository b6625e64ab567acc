import type { Candidate } from '../discover/discover';
import { parsedExpression } from '../evaluate/arm/armScope';
import { ExpressionSyntaxError } from '../evaluate/arm/expressionParser';
import type { Diagnostic } from '../model/diagnostic';
import { buildArmTemplates } from '../model/arm/armModel';
import { findArmTemplate, mayBeArmTemplate } from '../model/arm/detect';
import type { Template } from '../model/resource';
import type { ExpressionNode, Node } from '../model/tree';
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
  return { templates: buildArmTemplates(root, file), diagnostics: invalidExpressions(root, text, file), comments: parsed.comments };
}

/**
 * ARM rejects a template with an invalid `[…]` expression; the scan reads the file anyway, with the value
 * unknown to the rules, and reports the first such expression (at the offending character when the string
 * has no escapes, else at the string). Parsing here also fills the evaluator's cache.
 */
function invalidExpressions(root: Node, text: string, file: string): Diagnostic[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let first: { node: ExpressionNode; error: ExpressionSyntaxError } | undefined;
  let count = 0;
  // Depth-first in source order, without recursion.
  const pending: Node[] = [root];
  while (pending.length) {
    const node = pending.pop()!;
    if (node.kind === 'object') for (let i = node.entries.length - 1; i >= 0; i--) pending.push(node.entries[i]!.value);
    else if (node.kind === 'array') for (let i = node.items.length - 1; i >= 0; i--) pending.push(node.items[i]!);
    else if (node.kind === 'expression') {
      const ast = parsedExpression(node);
      if (ast instanceof ExpressionSyntaxError) {
        count++;
        first ??= { node, error: ast };
      }
    }
  }
  if (!first) return [];
  const { node, error } = first;
  const raw = src.slice(node.offset, node.offset + node.length);
  const exact = raw === `"[${node.text}]"` && node.line === node.endLine;
  const column = exact ? node.column + 2 + Math.min(error.offset, node.text.length) : node.column;
  const reason = error.message.replace(/ at offset \d+$/, '');
  const more = count > 1 ? ` (${count - 1} more in this file)` : '';
  return [
    {
      kind: 'parse-error',
      severity: 'warning',
      file,
      line: node.line,
      column,
      endLine: node.line,
      endColumn: exact ? column + 1 : node.endColumn,
      message: `ARM expression syntax error: ${reason}${more}. Rules see this value as unknown; fix the expression, or start the string with [[ if it is not one.`,
    },
  ];
}
