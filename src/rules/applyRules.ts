import { compareFindings, type Finding, type Fix } from '../model/finding';
import type { Format, Resource, Template } from '../model/resource';
import { findEntry, type Node } from '../model/tree';
import type { Scope } from '../evaluate/scope';
import { fingerprintFor } from '../report/fingerprint';
import { evaluateCondition, type EvaluationContext, type Evidence } from './evaluateCondition';
import { navigate, type Subject } from './navigate';
import { MatchCache } from './operators';
import { parsePath } from './path';
import type { Rule, Target } from './rule';

/** Runs every rule on every template and returns the findings, sorted by file, line, column, rule. */
export function applyRules(templates: Template[], rules: Rule[]): Finding[] {
  const ctx: EvaluationContext = { matching: new MatchCache(), subjectOf: resourceSubject };
  const findings = new Map<string, Finding>();
  for (const template of templates) {
    for (const rule of rules) {
      for (const target of targetsFor(rule, template.format)) {
        for (const subject of subjectsOf(template, target)) {
          if (target.where && evaluateCondition(target.where, subject, ctx).status !== 'pass') continue;
          const outcome = evaluateCondition(target.check, subject, ctx);
          if (outcome.status !== 'fail') continue;
          const finding = toFinding(rule, target, subject, outcome.evidence, template.format);
          if (!findings.has(finding.fingerprint)) findings.set(finding.fingerprint, finding);
        }
      }
    }
  }
  return [...findings.values()].sort(compareFindings);
}

function targetsFor(rule: Rule, format: Format): Target[] {
  return format === 'terraform' ? rule.terraform : rule.azure;
}

export function resourceSubject(resource: Resource): Subject {
  return {
    node: resource.node,
    scope: resource.scope,
    resource,
    anchor: resource.anchor,
    basePath: '',
    caseInsensitive: resource.format !== 'terraform',
    type: resource.type,
    name: resource.displayName,
    address: resource.address,
  };
}

function* subjectsOf(template: Template, target: Target): Generator<Subject> {
  if (target.declarations) {
    const list = target.declarations === 'parameters' ? template.parameters : template.outputs;
    for (const d of list) {
      yield {
        node: d.node,
        scope: d.scope,
        anchor: d.keyLocation,
        basePath: '',
        caseInsensitive: template.format !== 'terraform',
        type: d.kind,
        name: d.name,
        address: d.address,
      };
    }
    return;
  }
  for (const resource of resourcesOfTypes(template, target.resourceTypes ?? [])) {
    if (resource.existing) continue;
    const subject = resourceSubject(resource);
    if (!target.forEach) {
      yield subject;
      continue;
    }
    const path = parsePath(target.forEach);
    if (path.virtual) continue;
    for (const match of navigate(subject, path.segments)) {
      if (match.state !== 'found') continue;
      const stable = stableElementPath(match.path, match.node, match.scope, subject.caseInsensitive);
      yield { ...subject, node: match.node, scope: match.scope, anchor: match.location, basePath: match.path, stableBasePath: stable, address: `${resource.address}.${stable}` };
    }
  }
}

/**
 * The path of a `forEach` element as fingerprints see it: an element that has a known `name` (a security rule)
 * is named by it (`properties.securityRules[allow-ssh]`) instead of its index, so adding or removing another
 * element before it does not make its findings new.
 */
function stableElementPath(elementPath: string, node: Node, scope: Scope, caseInsensitive: boolean): string {
  const index = /\[\d+\]$/.exec(elementPath);
  if (!index || node.kind !== 'object') return elementPath;
  const nameNode = findEntry(node, 'name', caseInsensitive)?.value;
  const resolved = nameNode && scope.resolve(nameNode);
  if (!resolved?.known || resolved.node.kind !== 'string' || resolved.node.value === '') return elementPath;
  return `${elementPath.slice(0, index.index)}[${resolved.node.value}]`;
}

const byTypeCache = new WeakMap<Template, Map<string, Resource[]>>();

/** The template's resources of the given types, in template order (indexed once per template). */
function resourcesOfTypes(template: Template, types: string[]): Resource[] {
  let index = byTypeCache.get(template);
  if (!index) {
    index = new Map();
    for (const r of template.resources) {
      const key = r.type.toLowerCase();
      const list = index.get(key);
      if (list) list.push(r);
      else index.set(key, [r]);
    }
    byTypeCache.set(template, index);
  }
  if (types.length === 1) return index.get(types[0]!.toLowerCase()) ?? [];
  const wanted = new Set(types.map((t) => t.toLowerCase()));
  return template.resources.filter((r) => wanted.has(r.type.toLowerCase()));
}

function toFinding(rule: Rule, target: Target, subject: Subject, evidence: Evidence[], format: Format): Finding {
  const decisive = evidence[0]!;
  const location = reportLocation(target, subject) ?? decisive.location;
  const shown = target.hideValue && decisive.state === 'found' ? 'set' : decisive.shown;
  const title = (target.message ?? rule.title)
    .replaceAll('{value}', shown)
    .replaceAll('{path}', decisive.path)
    .replaceAll('{name}', subject.name);
  const detail = decisive.state === 'child' ? `${shown} was found.` : `${decisive.path} is ${shown}.`;
  return {
    ruleId: rule.id,
    severity: rule.severity,
    message: `${title}: ${detail}`,
    detail,
    location,
    related: decisive.via.map((loc) => ({ location: loc, message: `The value of ${decisive.path} comes from here.` })),
    subject: { type: subject.type, name: subject.name, address: subject.address },
    propertyPath: decisive.path,
    defaultApplied: decisive.defaultApplied,
    fingerprint: fingerprintFor({ ruleId: rule.id, file: location.file, address: subject.address, propertyPath: stablePath(decisive.path, subject) }),
    fix: fixFor(target, decisive, format),
  };
}

/** A value as a literal of the format: JSON (also valid HCL for strings, numbers, booleans), or Bicep's quotes. */
function literalText(value: unknown, format: Format): string {
  if (format === 'bicep' && typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return JSON.stringify(value);
}

/** A target's `location` paths, when one of them exists on the subject. */
function reportLocation(target: Target, subject: Subject) {
  for (const text of target.location ?? []) {
    const path = parsePath(text);
    if (path.virtual) continue;
    const match = navigate(subject, path.segments).find((m) => m.state === 'found');
    if (match) return match.location;
  }
  return undefined;
}

function fixFor(target: Target, decisive: Evidence, format: Format): Fix | undefined {
  if (!target.fix || decisive.state !== 'found' || !decisive.literal) return undefined;
  const text = literalText(target.fix.value, format);
  const lit = decisive.literal;
  return {
    description: `Set ${decisive.path} to ${text}.`,
    replacements: [{ location: { file: lit.file, line: lit.line, column: lit.column, endLine: lit.endLine, endColumn: lit.endColumn }, text }],
  };
}

/** The deciding property path with the element's index replaced by its name, as in `stableElementPath`. */
function stablePath(propertyPath: string, subject: Subject): string {
  const { basePath, stableBasePath } = subject;
  if (!stableBasePath || stableBasePath === basePath || !propertyPath.startsWith(basePath)) return propertyPath;
  return stableBasePath + propertyPath.slice(basePath.length);
}
