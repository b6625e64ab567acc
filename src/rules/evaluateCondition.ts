import type { Resource } from '../model/resource';
import type { Scope } from '../evaluate/scope';
import { nodeSize } from '../evaluate/plainValue';
import { synthesize, toPlain, type Location, type Node } from '../model/tree';
import { LEAF_OPERATORS, type Condition, type Leaf, type LeafOperator } from './condition';
import { navigate, type Match, type Subject } from './navigate';
import { applyOperator, type MatchCache, type Operand, type Truth } from './operators';
import { hasWildcard, parsePath } from './path';

/** Why a condition passed or failed: the properties that decided it. */
export interface Evidence {
  /** Path relative to the resource, e.g. `properties.securityRules[0].properties.access`. */
  path: string;
  location: Location;
  via: Location[];
  /** `found`: the value was there; `missing`: absent (judged by its default if any); `child`: a child resource is missing. */
  state: 'found' | 'missing' | 'child';
  /** The value as shown in messages (`"1.0"`, `false`, `not set`). */
  shown: string;
  defaultApplied: boolean;
  /** The literal written at `location`, when a mechanical fix can replace it. */
  literal?: Node;
}

export interface Outcome {
  status: 'pass' | 'fail' | 'unknown';
  evidence: Evidence[];
}

export interface EvaluationContext {
  /** Compiled patterns and work on long strings, kept for the run. */
  matching: MatchCache;
  /** Builds the subject for a related resource (parent, child). */
  subjectOf(resource: Resource): Subject;
}

export function evaluateCondition(condition: Condition, subject: Subject, ctx: EvaluationContext): Outcome {
  if ('allOf' in condition) return allOf(condition.allOf.map((c) => evaluateCondition(c, subject, ctx)));
  if ('anyOf' in condition) return anyOf(condition.anyOf.map((c) => evaluateCondition(c, subject, ctx)));
  if ('not' in condition) {
    const inner = evaluateCondition(condition.not, subject, ctx);
    if (inner.status === 'unknown') return inner;
    return { status: inner.status === 'pass' ? 'fail' : 'pass', evidence: inner.evidence };
  }
  if ('parent' in condition) {
    const parent = subject.resource?.parent;
    if (!parent) return { status: 'unknown', evidence: [] };
    return evaluateCondition(condition.parent, ctx.subjectOf(parent), ctx);
  }
  if ('anyChild' in condition) return anyChild(condition.anyChild, subject, ctx);
  if ('referencedBy' in condition) return referencedBy(condition.referencedBy, subject, ctx);
  return leaf(condition, subject, ctx);
}

function allOf(outcomes: Outcome[]): Outcome {
  const failed = outcomes.filter((o) => o.status === 'fail');
  if (failed.length) return { status: 'fail', evidence: failed.flatMap((o) => o.evidence) };
  if (outcomes.some((o) => o.status === 'unknown')) return { status: 'unknown', evidence: [] };
  return { status: 'pass', evidence: outcomes.flatMap((o) => o.evidence) };
}

function anyOf(outcomes: Outcome[]): Outcome {
  const passed = outcomes.filter((o) => o.status === 'pass');
  if (passed.length) return { status: 'pass', evidence: passed.flatMap((o) => o.evidence) };
  if (outcomes.some((o) => o.status === 'unknown')) return { status: 'unknown', evidence: [] };
  return { status: 'fail', evidence: outcomes.flatMap((o) => o.evidence) };
}

function anyChild(spec: { type: string; check?: Condition }, subject: Subject, ctx: EvaluationContext): Outcome {
  const type = spec.type.toLowerCase();
  const children = (subject.resource?.children ?? []).filter((c) => !c.existing && c.type.toLowerCase() === type);
  return anyRelated(children, spec.type, spec.check, subject, ctx);
}

function referencedBy(spec: { type: string; attribute: string; check?: Condition }, subject: Subject, ctx: EvaluationContext): Outcome {
  const type = spec.type.toLowerCase();
  const related = (subject.resource?.referencedBy ?? []).filter((r) => r.attribute === spec.attribute && r.from.type.toLowerCase() === type);
  return anyRelated(related.map((r) => r.from), spec.type, spec.check, subject, ctx);
}

/** Passes when one of `related` passes `check` (or exists, without one); fails at the subject when there is none. */
function anyRelated(related: Resource[], type: string, check: Condition | undefined, subject: Subject, ctx: EvaluationContext): Outcome {
  const outcomes = related.map((r) => (check ? evaluateCondition(check, ctx.subjectOf(r), ctx) : { status: 'pass' as const, evidence: [] }));
  const passed = outcomes.find((o) => o.status === 'pass');
  if (passed) return passed;
  if (outcomes.some((o) => o.status === 'unknown')) return { status: 'unknown', evidence: [] };
  const failedEvidence = outcomes.flatMap((o) => o.evidence);
  if (failedEvidence.length) return { status: 'fail', evidence: failedEvidence };
  return {
    status: 'fail',
    evidence: [{ path: type, location: subject.anchor, via: [], state: 'child', shown: `no ${type} resource`, defaultApplied: false }],
  };
}

export function operatorOf(leaf: Leaf): LeafOperator {
  for (const op of LEAF_OPERATORS) if (op in leaf) return op;
  throw new Error(`condition on '${leaf.path}' has no operator`);
}

function leaf(condition: Leaf, subject: Subject, ctx: EvaluationContext): Outcome {
  const op = operatorOf(condition);
  const path = parsePath(condition.path);
  const matches: Match[] = path.virtual ? [virtualMatch(subject, path.virtual)] : navigate(subject, path.segments, op === 'readsSecret');
  const judged = matches.map((m) => judge(m, condition, op, subject, ctx));
  const truths = judged.map((j) => j.truth);
  if (!hasWildcard(path)) {
    const only = judged[0]!;
    if (only.truth === undefined) return { status: 'unknown', evidence: [] };
    return { status: only.truth ? 'pass' : 'fail', evidence: [only.evidence!] };
  }
  if ((condition.quantifier ?? 'all') === 'all') {
    const failed = judged.filter((j) => j.truth === false);
    if (failed.length) return { status: 'fail', evidence: failed.map((j) => j.evidence!) };
    if (truths.includes(undefined)) return { status: 'unknown', evidence: [] };
    return { status: 'pass', evidence: judged.map((j) => j.evidence!) };
  }
  const passed = judged.filter((j) => j.truth === true);
  if (passed.length) return { status: 'pass', evidence: passed.map((j) => j.evidence!) };
  if (truths.includes(undefined)) return { status: 'unknown', evidence: [] };
  const evidence = judged.map((j) => j.evidence!);
  if (!evidence.length)
    evidence.push({ path: condition.path, location: subject.anchor, via: [], state: 'missing', shown: 'not set', defaultApplied: false });
  return { status: 'fail', evidence };
}

function judge(
  match: Match,
  condition: Leaf,
  op: LeafOperator,
  subject: Subject,
  ctx: EvaluationContext,
): { truth: Truth; evidence?: Evidence } {
  if (match.state === 'unknown') return { truth: undefined };
  let operand: Operand;
  let defaultApplied = false;
  let via = match.via;
  if (match.state === 'missing') {
    const fallback = 'default' in condition ? defaultFor(condition.default, subject.resource) : undefined;
    if (fallback === 'unknown') return { truth: undefined };
    if (fallback) {
      const node = synthesize(fallback.value, { ...match.location, offset: 0, length: 0 });
      operand = { node, scope: subject.scope };
      defaultApplied = true;
    } else operand = 'absent';
  } else {
    operand = { node: match.node, scope: match.scope };
    via = match.via;
  }
  const truth = applyOperator(op, condition, operand, ctx.matching);
  const evidence: Evidence = {
    path: match.path,
    location: match.location,
    via,
    state: match.state,
    shown: operand === 'absent' ? 'not set' : op === 'readsSecret' ? secretShown(operand) : show(operand.node, defaultApplied),
    defaultApplied,
    literal: match.state === 'found' ? match.literal : undefined,
  };
  return { truth, evidence };
}

function virtualMatch(subject: Subject, name: '$name' | '$type' | '$apiVersion'): Match {
  const r = subject.resource;
  const value = name === '$name' ? r?.leafName : name === '$type' ? r?.type : r?.apiVersion;
  if (value === undefined) return { state: 'unknown', path: name, reason: `${name} is not known` };
  const node = synthesize(value, { ...subject.anchor, offset: 0, length: 0 });
  return { state: 'found', node, scope: subject.scope, path: name, location: subject.anchor, via: [] };
}

/**
 * A default is a value, or `{byApiVersion: [{before: '2019-04-01', value: false}, {value: true}]}`:
 * the first entry whose range holds the resource's API version wins (`from` inclusive, `before`
 * exclusive). An unknown API version makes the default unknown.
 */
function defaultFor(spec: unknown, resource: Resource | undefined): { value: unknown } | 'unknown' | undefined {
  if (spec && typeof spec === 'object' && !Array.isArray(spec) && 'byApiVersion' in spec) {
    const api = resource?.apiVersion;
    if (api === undefined) return 'unknown';
    for (const range of (spec as { byApiVersion: { from?: string; before?: string; value: unknown }[] }).byApiVersion) {
      if (range.from !== undefined && api < range.from) continue;
      if (range.before !== undefined && api >= range.before) continue;
      return { value: range.value };
    }
    return undefined;
  }
  return { value: spec };
}

function secretShown(operand: { node: Node; scope: Scope }): string {
  const read = operand.scope.secretRead?.(operand.node);
  return read ? `a value that ${read}` : 'a value that reads no secret';
}

function show(node: Node, defaultApplied: boolean): string {
  let text = preview(node);
  if (text.length > 80) text = `${text.slice(0, 77)}...`;
  return defaultApplied ? `not set (default ${text})` : text;
}

/** Values up to this size are written exactly; larger ones only as far as a message shows them. */
const SMALL_VALUE = 1024;

/**
 * The value as JSON, for a message: exact for small values; a large one (a template can compute an array of
 * a hundred thousand long strings) is written only up to a little past what is shown.
 */
function preview(node: Node): string {
  if (nodeSize(node, SMALL_VALUE) <= SMALL_VALUE) {
    const plain = toPlain(node);
    return plain === undefined ? 'an expression' : JSON.stringify(plain);
  }
  const out: string[] = [];
  let length = 0;
  const write = (text: string): boolean => {
    out.push(text);
    length += text.length;
    return length <= 100;
  };
  const walk = (n: Node): boolean => {
    switch (n.kind) {
      case 'object': {
        if (!write('{')) return false;
        let first = true;
        for (const e of n.entries) {
          if (e.value.kind === 'expression') continue;
          if (!write(`${first ? '' : ','}${JSON.stringify(e.key.slice(0, 100))}:`) || !walk(e.value)) return false;
          first = false;
        }
        return write('}');
      }
      case 'array':
        if (!write('[')) return false;
        for (let i = 0; i < n.items.length; i++) {
          if (i > 0 && !write(',')) return false;
          if (!walk(n.items[i]!)) return false;
        }
        return write(']');
      case 'string':
        return write(JSON.stringify(n.value.slice(0, 100)).slice(0, n.value.length > 100 ? -1 : undefined));
      case 'expression':
        return write('null');
      case 'null':
        return write('null');
      default:
        return write(JSON.stringify(n.value));
    }
  };
  walk(node);
  return out.join('');
}
