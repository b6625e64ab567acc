import { getString, getValue, type Node, type ObjectNode } from '../tree';

/** Cheap test on the raw text, so that package.json and friends are never parsed. */
export function mayBeArmTemplate(text: string): boolean {
  return /deploymentTemplate\.json/i.test(text);
}

const TEMPLATE_SCHEMA = /\/(subscription|managementGroup|tenant)?deploymentTemplate\.json/i;

/**
 * Finds the template in a parsed JSON file, by its `$schema` (a deployment template, not a
 * parameter file). Also reads Azure Blueprints template artifacts, which wrap a template in
 * `{"kind": "template", "properties": {"template": {…}}}`.
 */
export function findArmTemplate(root: Node | undefined): ObjectNode | undefined {
  if (root?.kind !== 'object') return undefined;
  if (isTemplateObject(root)) return root;
  const kind = getString(root, 'kind');
  const properties = getValue(root, 'properties');
  if (kind?.toLowerCase() === 'template' && properties?.kind === 'object') {
    const inner = getValue(properties, 'template');
    if (inner?.kind === 'object' && isTemplateObject(inner)) return inner;
  }
  return undefined;
}

function isTemplateObject(obj: ObjectNode): boolean {
  const schema = getString(obj, '$schema');
  return schema !== undefined && TEMPLATE_SCHEMA.test(schema);
}
