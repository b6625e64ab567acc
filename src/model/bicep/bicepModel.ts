import { BicepScope, type FileValues } from '../../evaluate/bicep/bicepScope';
import type { Decorator, Expression, ObjectExpression, Program, ResourceDeclaration, TypeExpression } from '../../parse/bicep/ast';
import type { Declaration, Resource, Template } from '../resource';
import { getValue, locationOfRange, spanOf, type Entry, type Location, type Node, type ObjectNode } from '../tree';
import { exprToNode, objectToNode } from './toValueTree';

/**
 * Builds the ARM-shaped model of one Bicep file, so that every `azure` rule applies unchanged: each resource
 * becomes an object with `type`, `apiVersion`, and its body (`name`, `kind`, `properties`, …); child
 * resources — nested in a body, or declared apart with `parent:` — are linked to their parent as ARM
 * children are; `existing` resources are references only. Parameters become declarations shaped like ARM
 * parameters (`type` is `secureString`/`secureObject` under `@secure()`, `defaultValue`). Resources in a
 * loop or under a condition are judged once, as written.
 */
export function buildBicepTemplate(program: Program, file: string, source: string, inputs?: FileValues['bindings']): Template {
  const values: FileValues = { params: new Map(), bindings: new Map(inputs ?? []), vars: new Map(), secureParams: new Set() };
  const scope = new BicepScope(values);
  const template: Template = { format: 'bicep', file, scope, resources: [], parameters: [], outputs: [], address: '' };
  const bySymbol = new Map<string, Resource>();
  const parentOf = new Map<Resource, string>();

  const addResource = (decl: ResourceDeclaration, parent: Resource | undefined): void => {
    const body = resourceBody(decl.value);
    if (!decl.resourceType) return;
    const relative = parent && !decl.resourceType.split('/', 1)[0]!.includes('.');
    const type = relative ? `${parent!.type}/${decl.resourceType}` : decl.resourceType;
    const node = (body && objectToNode(body, file, source)) ?? { ...spanOf(decl.range, file), kind: 'object' as const, entries: [] };
    const header = locationOfRange(decl.name.range, file);
    const entries: Entry[] = [
      { key: 'type', keyLocation: header, value: { ...spanOf(decl.typeString.range, file), kind: 'string', value: type } },
      ...(decl.apiVersion ? [{ key: 'apiVersion', keyLocation: header, value: { ...spanOf(decl.typeString.range, file), kind: 'string' as const, value: decl.apiVersion } }] : []),
      ...node.entries,
    ];
    const armNode: ObjectNode = { ...node, entries };
    const nameNode = getValue(armNode, 'name', true);
    const resolvedName = nameNode ? scope.resolve(nameNode) : undefined;
    const name = resolvedName?.known && resolvedName.node.kind === 'string' ? resolvedName.node.value : undefined;
    const resource: Resource = {
      format: 'bicep',
      file,
      type,
      apiVersion: decl.apiVersion,
      nameNode,
      displayName: name ?? decl.name.name,
      leafName: name !== undefined ? name.slice(name.lastIndexOf('/') + 1) : literalLastSegment(nameNode),
      node: armNode,
      scope,
      parent,
      children: [],
      symbolicName: decl.name.name,
      existing: decl.existing,
      // The header line (`resource name 'type@version' = {`), at the symbolic name.
      anchor: header,
      address: `${parent ? `${parent.address}/` : ''}${type}[${decl.name.name}]`,
    };
    template.resources.push(resource);
    bySymbol.set(decl.name.name, resource);
    parent?.children.push(resource);
    const parentProp = body?.properties.find((p) => p.kind === 'ObjectProperty' && p.keyName === 'parent');
    if (!parent && parentProp?.kind === 'ObjectProperty' && parentProp.value.kind === 'VariableAccess') parentOf.set(resource, parentProp.value.name);
    for (const child of body?.resources ?? []) addResource(child, resource);
  };

  for (const st of program.statements) {
    switch (st.kind) {
      case 'Parameter': {
        const defaultNode = st.defaultValue ? exprNode(st.defaultValue) : undefined;
        values.params.set(st.name.name, defaultNode);
        if (st.decorators.some((d) => d.name === 'secure')) values.secureParams.add(st.name.name);
        template.parameters.push(parameterDeclaration(st.name.name, st.type, st.decorators, defaultNode, locationOfRange(st.name.range, file), scope, file, st.range));
        break;
      }
      case 'Variable':
        values.vars.set(st.name.name, exprNode(st.value));
        break;
      case 'Output': {
        // As in the compiled template: `type` (secureString / secureObject under `@secure()`) and `value`.
        const keyLocation = locationOfRange(st.name.range, file);
        const entries: Entry[] = [
          { key: 'type', keyLocation, value: { ...spanOf(st.type.range, file), kind: 'string', value: armTypeOf(st.type, st.decorators) } },
          { key: 'value', keyLocation, value: exprNode(st.value) },
        ];
        template.outputs.push({ kind: 'output', name: st.name.name, node: { ...spanOf(st.range, file), kind: 'object', entries }, keyLocation, scope, address: `outputs[${st.name.name}]` });
        break;
      }
      case 'Resource':
        addResource(st, undefined);
        break;
      default:
        break;
    }
  }
  // `parent: site` links a resource declared apart to its parent; its type is then relative or full.
  for (const [child, symbol] of parentOf) {
    const parent = bySymbol.get(symbol);
    if (!parent) continue;
    child.parent = parent;
    parent.children.push(child);
    if (!child.type.split('/', 1)[0]!.includes('.')) child.type = `${parent.type}/${child.type}`;
  }
  return template;

  function exprNode(expr: Expression): Node {
    return exprToNode(expr, file, source);
  }
}

function resourceBody(value: ResourceDeclaration['value']): ObjectExpression | undefined {
  let v = value;
  if (v.kind === 'For') v = v.body as ResourceDeclaration['value'];
  if (v.kind === 'IfCondition') v = v.body;
  return v.kind === 'Object' ? v : undefined;
}

function parameterDeclaration(
  name: string,
  type: TypeExpression,
  decorators: Decorator[],
  defaultNode: Node | undefined,
  keyLocation: Location,
  scope: BicepScope,
  file: string,
  range: ResourceDeclaration['range'],
): Declaration {
  const entries: Entry[] = [{ key: 'type', keyLocation, value: { ...spanOf(type.range, file), kind: 'string', value: armTypeOf(type, decorators) } }];
  if (defaultNode) entries.push({ key: 'defaultValue', keyLocation: { ...keyLocation, line: defaultNode.line, column: defaultNode.column, endLine: defaultNode.endLine, endColumn: defaultNode.endColumn }, value: defaultNode });
  return { kind: 'parameter', name, node: { ...spanOf(range, file), kind: 'object', entries }, keyLocation, scope, address: `parameters[${name}]` };
}

/** The ARM type of a parameter or output: its Bicep type name, secureString / secureObject under `@secure()`. */
function armTypeOf(type: TypeExpression, decorators: Decorator[]): string {
  const typeName = type.kind === 'TypeReference' ? type.name : 'object';
  if (!decorators.some((d) => d.name === 'secure')) return typeName;
  return typeName === 'object' ? 'secureObject' : 'secureString';
}

/** The local modules a file calls (`module m './network.bicep' = { params: { … } }`), with their parameter values. */
export function localModuleCalls(program: Program, file: string, source: string): { path: string; params: Map<string, Node> }[] {
  const calls: { path: string; params: Map<string, Node> }[] = [];
  for (const st of program.statements) {
    if (st.kind !== 'Module' || !st.pathValue || !/^\.{0,2}\/|^[^:]+\.bicep$/.test(st.pathValue) || st.pathValue.includes(':')) continue;
    const params = new Map<string, Node>();
    const body = resourceBody(st.value);
    const paramsProp = body?.properties.find((p) => p.kind === 'ObjectProperty' && p.keyName === 'params');
    if (paramsProp?.kind === 'ObjectProperty' && paramsProp.value.kind === 'Object') {
      for (const p of paramsProp.value.properties) {
        if (p.kind === 'ObjectProperty' && p.keyName !== undefined) params.set(p.keyName, exprToNode(p.value, file, source));
      }
    }
    calls.push({ path: st.pathValue, params });
  }
  return calls;
}

/**
 * The last segment of a `parent/child` name whose first part is unknown: `'${server}/web'`,
 * `format('{0}/{1}', server, 'web')`, `concat(server, '/web')`.
 */
function literalLastSegment(nameNode: Node | undefined): string | undefined {
  if (nameNode?.kind !== 'expression') return undefined;
  const expr = nameNode.ast as Expression;
  let last: string | undefined;
  if (expr.kind === 'InterpolatedString') last = expr.segments.at(-1);
  else if (expr.kind === 'FunctionCall' && /^(format|concat)$/i.test(expr.name.name)) {
    const arg = expr.arguments.at(-1);
    last = arg?.kind === 'String' ? arg.value : undefined;
    if (last !== undefined && expr.name.name.toLowerCase() === 'format' && !last.includes('/')) last = `/${last}`;
  }
  if (!last?.includes('/')) return undefined;
  const segment = last.slice(last.lastIndexOf('/') + 1);
  return segment && !segment.includes('{') ? segment : undefined;
}
