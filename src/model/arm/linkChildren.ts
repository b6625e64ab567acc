import type { Resource } from '../resource';
import { getValue } from '../tree';
import { nameSegments } from './names';

/**
 * Links child resources declared at the top level (`Microsoft.Web/sites/config` named `app/web`) to
 * their parent in the same template, so a rule on the parent can see them and a rule on the child
 * can see its parent. Nested children are linked when they are collected.
 */
export function linkChildResources(resources: Resource[]): void {
  const byType = new Map<string, Resource[]>();
  for (const r of resources) {
    const key = r.type.toLowerCase();
    const list = byType.get(key);
    if (list) list.push(r);
    else byType.set(key, [r]);
  }
  for (const child of resources) {
    if (child.parent) continue;
    const slash = child.type.lastIndexOf('/');
    if (child.type.indexOf('/') === slash) continue; // a top-level type has no parent
    const candidates = byType.get(child.type.slice(0, slash).toLowerCase());
    if (!candidates?.length) continue;
    const parent = pickParent(child, candidates);
    if (parent) {
      child.parent = parent;
      parent.children.push(child);
    }
  }
}

function pickParent(child: Resource, candidates: Resource[]): Resource | undefined {
  const dependsOn = dependencies(child);
  const bySymbol = candidates.find((c) => c.symbolicName && dependsOn.includes(c.symbolicName.toLowerCase()));
  if (bySymbol) return bySymbol;
  const childSegments = child.nameNode ? nameSegments(child.nameNode, child.scope) : undefined;
  if (childSegments && childSegments.length > 1) {
    const prefix = childSegments.slice(0, -1).join('/');
    const byName = candidates.filter((c) => c.nameNode && nameSegments(c.nameNode, c.scope)?.join('/') === prefix);
    if (byName.length === 1) return byName[0];
  }
  // A single candidate is the parent only when the names cannot tell otherwise (a parameter without a
  // default on either side); two known names that differ are two different resources.
  if (candidates.length !== 1) return undefined;
  const only = candidates[0]!;
  const childName = literalName(child);
  const parentName = literalName(only);
  if (childName === undefined || parentName === undefined) return only;
  return childName.slice(0, childName.lastIndexOf('/')) === parentName ? only : undefined;
}

/** The evaluated name, lower-cased, when it is a known string. */
function literalName(resource: Resource): string | undefined {
  if (!resource.nameNode) return undefined;
  const resolved = resource.scope.resolve(resource.nameNode);
  return resolved.known && resolved.node.kind === 'string' ? resolved.node.value.toLowerCase() : undefined;
}

function dependencies(resource: Resource): string[] {
  const node = getValue(resource.node, 'dependsOn');
  if (node?.kind !== 'array') return [];
  return node.items.flatMap((item) => (item.kind === 'string' ? [item.value.toLowerCase()] : []));
}
