import type { Scope } from '../../evaluate/scope';
import type { Node } from '../tree';

/** The resource name for people: its value when it can be evaluated, else its source text. */
export function nameText(node: Node, scope: Scope): string {
  const resolved = scope.resolve(node);
  if (resolved.known && resolved.node.kind === 'string') return resolved.node.value;
  if (node.kind === 'expression') return `[${node.text}]`;
  return '';
}

/**
 * The segments of a `parent/child` name, as comparable keys: evaluated text when known, otherwise the
 * normalised source text of each part of a `concat(…)` / `format('{0}/{1}', …)` name. This links
 * `[concat(parameters('site'), '/web')]` to the site named `[parameters('site')]` even when the
 * parameter has no default.
 */
export function nameSegments(node: Node, scope: Scope): string[] | undefined {
  const resolved = scope.resolve(node);
  if (resolved.known && resolved.node.kind === 'string') return resolved.node.value.toLowerCase().split('/');
  if (node.kind !== 'expression') return undefined;
  return symbolicSegments(node.text);
}

/** The last name segment (`web` for `app/web`), when it can be known. */
export function leafNameOf(node: Node, scope: Scope): string | undefined {
  const resolved = scope.resolve(node);
  if (resolved.known && resolved.node.kind === 'string') {
    const value = resolved.node.value;
    return value.slice(value.lastIndexOf('/') + 1);
  }
  if (node.kind !== 'expression') return undefined;
  const segments = symbolicSegments(node.text);
  const last = segments?.[segments.length - 1];
  return last !== undefined && isLiteralSegment(last) ? last.slice(1, -1) : undefined;
}

function isLiteralSegment(segment: string): boolean {
  return segment.startsWith("'") && segment.endsWith("'") && !segment.slice(1, -1).includes("'");
}

/** Splits `concat(a, '/b')` or `format('{0}/{1}', a, 'b')` into normalised segments. */
function symbolicSegments(text: string): string[] | undefined {
  const call = /^\s*(concat|format)\s*\(([\s\S]*)\)\s*$/i.exec(text);
  if (!call) return [normalise(text)];
  const args = splitArguments(call[2]!);
  if (!args) return undefined;
  if (call[1]!.toLowerCase() === 'format') {
    const pattern = literal(args[0]);
    if (pattern === undefined) return undefined;
    return pattern.split('/').map((part) => {
      const hole = /^\{(\d+)\}$/.exec(part);
      if (!hole) return `'${part.toLowerCase()}'`;
      const arg = args[Number(hole[1]) + 1];
      return arg === undefined ? '?' : segmentOf(arg);
    });
  }
  // concat: literal pieces carry the '/' separators.
  const segments: string[] = [];
  let current = '';
  for (const arg of args) {
    const lit = literal(arg);
    if (lit === undefined) {
      current += normalise(arg);
      continue;
    }
    const parts = lit.split('/');
    current += parts[0] ? `'${parts[0].toLowerCase()}'` : '';
    for (let i = 1; i < parts.length; i++) {
      segments.push(current);
      current = parts[i] ? `'${parts[i]!.toLowerCase()}'` : '';
    }
  }
  segments.push(current);
  return segments;
}

function segmentOf(arg: string): string {
  const lit = literal(arg);
  return lit === undefined ? normalise(arg) : `'${lit.toLowerCase()}'`;
}

function literal(arg: string | undefined): string | undefined {
  if (arg === undefined) return undefined;
  const m = /^\s*'((?:[^']|'')*)'\s*$/.exec(arg);
  return m ? m[1]!.replace(/''/g, "'") : undefined;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}

/** Top-level comma-separated arguments, respecting quotes and brackets. */
function splitArguments(text: string): string[] | undefined {
  const args: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "'") {
        if (text[i + 1] === "'") i++;
        else inString = false;
      }
      continue;
    }
    if (c === "'") inString = true;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return undefined;
  }
  if (inString || depth !== 0) return undefined;
  args.push(text.slice(start));
  return args;
}
