import { createArmScope } from '../../evaluate/arm/armScope';
import type { Scope } from '../../evaluate/scope';
import type { Declaration, Resource, Template } from '../resource';
import { findEntry, getString, getValue, locationOf, type Node, type ObjectNode } from '../tree';
import { linkChildResources } from './linkChildren';
import { leafNameOf, nameText } from './names';

const DEPLOYMENTS = 'microsoft.resources/deployments';

/**
 * Builds the templates of one ARM file: the file's own template and every inline nested deployment
 * (`Microsoft.Resources/deployments` with `properties.template`), each with its resources.
 *
 * Classic templates (`resources` as an array, child resources nested in `resources` or declared at
 * top level as `parent/child`) and languageVersion 2.0 templates (`resources` as an object keyed by
 * symbolic name, `existing` resources) are both read.
 */
export function buildArmTemplates(root: ObjectNode, file: string): Template[] {
  const templates: Template[] = [];
  buildTemplate(root, file, createArmScope(root), '', templates);
  return templates;
}

function buildTemplate(root: ObjectNode, file: string, scope: Scope, address: string, out: Template[]): void {
  const template: Template = {
    format: 'arm',
    file,
    root,
    scope,
    resources: [],
    parameters: declarations(root, 'parameters', scope, address),
    outputs: declarations(root, 'outputs', scope, address),
    address,
  };
  out.push(template);
  const seen = new Map<string, number>();
  const resourcesNode = getValue(root, 'resources');
  if (resourcesNode?.kind === 'array') {
    for (const item of resourcesNode.items) {
      if (item.kind === 'object') collect(item, undefined, undefined, file, scope, address, seen, template.resources);
    }
  } else if (resourcesNode?.kind === 'object') {
    for (const entry of resourcesNode.entries) {
      if (entry.value.kind === 'object') collect(entry.value, undefined, entry.key, file, scope, address, seen, template.resources);
    }
  }
  linkChildResources(template.resources);
  for (const resource of template.resources) {
    if (resource.type.toLowerCase() === DEPLOYMENTS) nested(resource, file, scope, out);
  }
}

/** Adds the resource declared by `node` and its nested children to `all`. */
function collect(
  node: ObjectNode,
  parent: Resource | undefined,
  symbolicName: string | undefined,
  file: string,
  scope: Scope,
  address: string,
  seen: Map<string, number>,
  all: Resource[],
): void {
  const type = resourceType(node, parent, scope);
  if (type === undefined) return;
  const nameNode = getValue(node, 'name');
  const displayName = nameNode ? nameText(nameNode, scope) : (symbolicName ?? '');
  const existingNode = getValue(node, 'existing');
  const nameEntry = findEntry(node, 'name', true) ?? findEntry(node, 'type', true);
  const base = parent ? `${parent.address}/${lastSegment(type)}` : `${address}${type}`;
  let resourceAddress = `${base}[${displayName}]`;
  const count = (seen.get(resourceAddress) ?? 0) + 1;
  seen.set(resourceAddress, count);
  if (count > 1) resourceAddress += `#${count}`;
  const resource: Resource = {
    format: 'arm',
    file,
    type,
    apiVersion: getString(node, 'apiVersion'),
    nameNode,
    displayName,
    leafName: nameNode ? leafNameOf(nameNode, scope) : undefined,
    node,
    scope,
    parent,
    children: [],
    symbolicName,
    existing: existingNode?.kind === 'bool' && existingNode.value,
    anchor: nameEntry ? nameEntry.keyLocation : locationOf(node),
    address: resourceAddress,
  };
  all.push(resource);
  parent?.children.push(resource);
  const nestedResources = getValue(node, 'resources');
  if (nestedResources?.kind === 'array') {
    for (const item of nestedResources.items) {
      if (item.kind === 'object') collect(item, resource, undefined, file, scope, address, seen, all);
    }
  }
}

function resourceType(node: ObjectNode, parent: Resource | undefined, scope: Scope): string | undefined {
  const typeNode = getValue(node, 'type');
  if (!typeNode) return undefined;
  const resolved = scope.resolve(typeNode);
  if (!resolved.known || resolved.node.kind !== 'string') return undefined;
  const type = resolved.node.value;
  // A nested child may give its type relative to the parent (`config` under `Microsoft.Web/sites`,
  // `blobServices/containers` under `Microsoft.Storage/storageAccounts`): a full type starts with a
  // provider namespace, which has a dot.
  if (parent && !type.split('/', 1)[0]!.includes('.')) return `${parent.type}/${type}`;
  return type;
}

function lastSegment(type: string): string {
  return type.slice(type.lastIndexOf('/') + 1);
}

/** An inline nested deployment is a template of its own; a linked one (templateLink) cannot be read. */
function nested(deployment: Resource, file: string, outerScope: Scope, out: Template[]): void {
  const properties = getValue(deployment.node, 'properties');
  if (properties?.kind !== 'object') return;
  const inner = getValue(properties, 'template');
  if (inner?.kind !== 'object') return;
  const options = getValue(properties, 'expressionEvaluationOptions');
  const scopeName = options?.kind === 'object' ? getString(options, 'scope') : undefined;
  let scope: Scope = outerScope;
  if (scopeName?.toLowerCase() === 'inner') {
    const parameterValues = new Map<string, { node: Node; scope: Scope }>();
    const params = getValue(properties, 'parameters');
    if (params?.kind === 'object') {
      for (const entry of params.entries) {
        if (entry.value.kind !== 'object') continue;
        const value = getValue(entry.value, 'value');
        if (value) parameterValues.set(entry.key.toLowerCase(), { node: value, scope: outerScope });
      }
    }
    scope = createArmScope(inner, { parameterValues });
  }
  buildTemplate(inner, file, scope, `${deployment.address}/template/`, out);
}

function declarations(root: ObjectNode, section: 'parameters' | 'outputs', scope: Scope, address: string): Declaration[] {
  const node = getValue(root, section);
  if (node?.kind !== 'object') return [];
  const out: Declaration[] = [];
  for (const entry of node.entries) {
    if (entry.value.kind !== 'object') continue;
    out.push({
      kind: section === 'parameters' ? 'parameter' : 'output',
      name: entry.key,
      node: entry.value,
      keyLocation: entry.keyLocation,
      scope,
      address: `${address}${section}[${entry.key}]`,
    });
  }
  return out;
}
