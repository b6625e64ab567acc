import type { Diagnostic } from '../model/diagnostic';
import type { Finding, Suppression } from '../model/finding';
import type { Resource, Template } from '../model/resource';
import { findEntry, locationOf, type Node } from '../model/tree';
import type { Rule } from '../rules/rule';
import type { Directive } from './directives';

const SOURCES: Record<Directive['tool'], string> = {
  'iac-scan': 'iac-scan:ignore comment',
  checkov: 'checkov:skip comment',
  tfsec: 'tfsec:ignore comment',
  trivy: 'trivy:ignore comment',
  kics: 'kics-scan comment',
};

/**
 * Marks the findings of these templates that an inline suppression covers (they stay in the list).
 *
 * A comment covers a finding of a rule it names (ours by id; Checkov's and Trivy's by the peer ids the
 * rule records; KICS comments name no rule and cover the rules that have a KICS equivalent) when it is
 * - at the end of the finding's line, or on the line(s) right above it;
 * - at the end of, or right above, the resource's first line or its `name` line (ARM): the whole resource;
 * - `checkov:skip` anywhere inside the resource, as Checkov reads it;
 * - `kics-scan ignore-line` right above the line, `kics-scan ignore-block` right above the block holding it.
 * ARM resources may also carry `"metadata": { "iac-scan": { "ignore": { "RULE-ID": "reason" } } }`, for
 * teams whose tools do not allow comments in JSON.
 */
export function suppressInline(
  findings: Finding[],
  templates: readonly Template[],
  directivesOf: (file: string) => readonly Directive[],
  /** The loaded rules by upper-case id. */
  rules: ReadonlyMap<string, Rule>,
  diagnostics: Diagnostic[],
): void {
  const resources = new Map<string, Resource>();
  for (const t of templates) for (const r of t.resources) if (!resources.has(r.address)) resources.set(r.address, r);
  // A bad metadata entry is reported whether or not its resource has findings (as bad comments are).
  for (const resource of resources.values()) reportBadMetadata(resource, rules, diagnostics);
  for (const finding of findings) {
    if (finding.suppression) continue;
    const rule = rules.get(finding.ruleId.toUpperCase());
    const resource = resourceOf(finding.subject.address, resources);
    const sameFile = resource?.file === finding.location.file;
    const fromMetadata = resource && sameFile ? metadataSuppression(resource, finding.ruleId) : undefined;
    if (fromMetadata) {
      finding.suppression = fromMetadata;
      continue;
    }
    const directive = directivesOf(finding.location.file).find((d) => names(d, finding.ruleId, rule) && covers(d, finding, sameFile ? resource : undefined));
    if (directive) finding.suppression = fromDirective(directive);
  }
}

/**
 * The resource a finding is about. A rule that checks each item of a list (`forEach`) reports the item, whose
 * address is the resource's followed by the item's path (`….nsg.security_rule[0]`): the longest resource
 * address that the finding's address starts with.
 */
function resourceOf(address: string, resources: ReadonlyMap<string, Resource>): Resource | undefined {
  for (let a = address; ; ) {
    const resource = resources.get(a);
    if (resource) return resource;
    const dot = a.lastIndexOf('.');
    if (dot <= 0) return undefined;
    a = a.slice(0, dot);
  }
}

function names(d: Directive, ruleId: string, rule: Rule | undefined): boolean {
  switch (d.tool) {
    case 'iac-scan':
      return d.ids.includes(ruleId.toUpperCase());
    case 'checkov':
      return (rule?.peers.checkov ?? []).some((id) => d.ids.includes(id.toUpperCase()));
    case 'tfsec':
    case 'trivy':
      return (rule?.peers.trivy ?? []).some((id) => d.ids.includes(id.toUpperCase()));
    case 'kics':
      return (rule?.peers.kics ?? []).length > 0;
  }
}

function covers(d: Directive, finding: Finding, resource: Resource | undefined): boolean {
  const line = finding.location.line;
  const span = resource ? resourceSpan(resource) : undefined;
  if (d.tool === 'kics') {
    if (d.kics === 'line') return d.nextLine === line;
    const block = span && blockStartingAt(resource!, d.nextLine);
    return block !== undefined && line >= block.line && line <= block.endLine;
  }
  const at = d.trailing ? d.location.line : d.nextLine;
  if (at === line) return true;
  if (span && span.headers.includes(at)) return true;
  return d.tool === 'checkov' && span !== undefined && d.location.line >= span.line && d.location.line <= span.endLine;
}

/** The resource's lines, and the lines a comment may sit at to cover all of it (first line, ARM `name` line). */
function resourceSpan(resource: Resource): { line: number; endLine: number; headers: number[] } {
  const line = Math.min(resource.node.line, resource.anchor.line);
  return { line, endLine: resource.node.endLine, headers: [line, resource.anchor.line] };
}

/** The resource, or an object or array inside it, that starts on `line` (the block a KICS comment precedes). */
function blockStartingAt(resource: Resource, line: number): { line: number; endLine: number } | undefined {
  const span = resourceSpan(resource);
  if (span.headers.includes(line)) return span;
  const visit = (node: Node): { line: number; endLine: number } | undefined => {
    if (node.kind !== 'object' && node.kind !== 'array') return undefined;
    if (node.line === line) return { line: node.line, endLine: node.endLine };
    if (node.line > line || node.endLine < line) return undefined;
    for (const child of node.kind === 'object' ? node.entries.map((e) => e.value) : node.items) {
      const found = visit(child);
      if (found) return found;
    }
    return undefined;
  };
  return visit(resource.node);
}

function fromDirective(d: Directive): Suppression {
  const fallback = d.tool === 'iac-scan' ? '' : `no reason given in the ${SOURCES[d.tool]}`;
  return { kind: 'inSource', justification: d.reason ?? fallback, source: SOURCES[d.tool], location: d.location, expires: d.expires };
}

/** `metadata["iac-scan"].ignore` of an ARM resource: rule id → reason. */
function ignoreObject(resource: Resource): Node | undefined {
  const metadata = findEntry(resource.node, 'metadata', true)?.value;
  const ours = metadata?.kind === 'object' ? findEntry(metadata, 'iac-scan', true)?.value : undefined;
  return ours?.kind === 'object' ? findEntry(ours, 'ignore', true)?.value : undefined;
}

function metadataSuppression(resource: Resource, ruleId: string): Suppression | undefined {
  const ignore = ignoreObject(resource);
  if (ignore?.kind !== 'object') return undefined;
  const entry = findEntry(ignore, ruleId, true);
  if (entry?.value.kind !== 'string' || entry.value.value.trim() === '') return undefined;
  return { kind: 'inSource', justification: entry.value.value.trim(), source: 'iac-scan metadata of the resource', location: locationOf(entry.value) };
}

/** A metadata ignore entry without a reason, or for a rule that is not loaded, is reported and not applied. */
function reportBadMetadata(resource: Resource, rules: ReadonlyMap<string, Rule>, diagnostics: Diagnostic[]): void {
  const ignore = ignoreObject(resource);
  if (!ignore) return;
  const report = (node: Node, message: string): void => {
    diagnostics.push({ kind: 'suppression', severity: 'warning', file: resource.file, line: node.line, column: node.column, endLine: node.endLine, endColumn: node.endColumn, message });
  };
  if (ignore.kind !== 'object') {
    report(ignore, `"metadata": { "iac-scan": { "ignore": … } } must be an object of rule id → reason, e.g. { "IAC-STG-006": "why it is accepted" }; it is not applied.`);
    return;
  }
  for (const entry of ignore.entries) {
    if (!rules.has(entry.key.toUpperCase())) {
      report(entry.value, `The metadata suppression names '${entry.key}', which is not a loaded rule; it suppresses nothing. Check the rule id.`);
    } else if (entry.value.kind !== 'string' || entry.value.value.trim() === '') {
      report(entry.value, `The metadata suppression of '${entry.key}' has no reason, so it does not suppress anything. Give the reason as the value.`);
    }
  }
}
