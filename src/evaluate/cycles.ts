import type { Node } from '../model/tree';

/**
 * Variables that refer to themselves, directly or through others (`a = b`, `b = a`). ARM, the Bicep compiler
 * and Terraform all refuse such templates, and following the references never ends — through an expression,
 * or lazily through an array or object that holds the variable again (`c = [c, c]`) — so the evaluators
 * treat them as unknown (LIMIT_REASON), like any evaluation that reaches a bound, instead of walking them
 * until a bound stops them.
 *
 * `references` lists, per name, the names its definition uses. Returns the names on a cycle.
 */
export function cyclicNames(references: Map<string, Set<string>>): Set<string> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out = new Set<string>();
  let counter = 0;
  for (const root of references.keys()) {
    if (index.has(root)) continue;
    const work: { name: string; next: string[]; i: number }[] = [];
    const open = (name: string): void => {
      index.set(name, counter);
      low.set(name, counter++);
      stack.push(name);
      onStack.add(name);
      work.push({ name, next: [...(references.get(name) ?? [])].filter((n) => references.has(n)), i: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.next.length) {
        const w = frame.next[frame.i++]!;
        if (!index.has(w)) open(w);
        else if (onStack.has(w)) low.set(frame.name, Math.min(low.get(frame.name)!, index.get(w)!));
        continue;
      }
      work.pop();
      const v = frame.name;
      if (work.length > 0) {
        const parent = work[work.length - 1]!.name;
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || references.get(v)!.has(v)) for (const n of component) out.add(n);
      }
    }
  }
  return out;
}

/** Calls `visit` on every expression node in a value tree (objects and arrays of the template). */
export function forEachExpression(node: Node, visit: (expr: Node & { kind: 'expression' }) => void): void {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === 'expression') visit(n);
    else if (n.kind === 'object') for (const e of n.entries) stack.push(e.value);
    else if (n.kind === 'array') for (const item of n.items) stack.push(item);
  }
}

/**
 * Calls `visit` on every object of a syntax tree (parsed expressions are plain objects), skipping those for
 * which `skip` says so (and what is under them).
 */
export function forEachSyntaxNode(root: unknown, visit: (node: Record<string, unknown>) => void, skip: (node: Record<string, unknown>) => boolean = () => false): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const x = stack.pop();
    if (!x || typeof x !== 'object') continue;
    if (Array.isArray(x)) {
      for (const item of x) stack.push(item);
      continue;
    }
    const obj = x as Record<string, unknown>;
    if (skip(obj)) continue;
    visit(obj);
    for (const [key, value] of Object.entries(obj)) if (key !== 'range' && value && typeof value === 'object') stack.push(value);
  }
}
