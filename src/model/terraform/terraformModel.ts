import { HclScope, type ModuleValues } from '../../evaluate/hcl/hclScope';
import type { Scope } from '../../evaluate/scope';
import type { Block, Body, Expression } from '../../parse/hcl/ast';
import type { Declaration, Resource, Template } from '../resource';
import { locationOfRange, type Node } from '../tree';
import { bodyToNode, exprToNode } from './toValueTree';

/** One parsed `.tf` (or `.tfvars`) file of a module. */
export interface HclFile {
  file: string;
  body: Body;
  source: string;
}

/** Values a module call passes to the module in another folder (`module "m" { source = "./net", x = … }`). */
export type ModuleInputs = Map<string, { node: Node; scope: Scope }>;

/**
 * Builds the model of one Terraform module (the `.tf` files of one folder): its resources (`count` and
 * `for_each` resources are judged once, as written), variables as declarations (with their defaults,
 * overridden by `terraform.tfvars` / `*.auto.tfvars` and by the inputs of a module call), locals and outputs.
 * Resources whose attributes refer to another resource (`storage_account_id = azurerm_storage_account.sa.id`)
 * are listed in that resource's `referencedBy`.
 */
export function buildTerraformModule(files: HclFile[], tfvars: HclFile[], inputs: ModuleInputs | undefined, moduleLabel: string): Template {
  const values: ModuleValues = { defaults: new Map(), bindings: new Map(), locals: new Map() };
  const scope = new HclScope(values);
  const template: Template = { format: 'terraform', file: files[0]?.file ?? moduleLabel, scope, resources: [], parameters: [], outputs: [], address: '' };
  const byAddress = new Map<string, Resource>();
  const pending: { resource: Resource; block: Block }[] = [];

  for (const { file, body, source } of files) {
    for (const block of body.blocks) {
      const [first, second] = block.labels;
      switch (block.type) {
        case 'variable': {
          if (!first) break;
          const node = bodyToNode(block.body, file, source, block.range);
          const def = block.body.attributes.find((a) => a.name === 'default');
          if (def) values.defaults.set(first.value, exprToNode(def.expr, file, source));
          template.parameters.push(declaration('parameter', first.value, node, locationOfRange(first.range, file), scope, `variable.${first.value}`));
          break;
        }
        case 'locals':
          for (const attr of block.body.attributes) values.locals.set(attr.name, exprToNode(attr.expr, file, source));
          break;
        case 'output': {
          if (!first) break;
          template.outputs.push(declaration('output', first.value, bodyToNode(block.body, file, source, block.range), locationOfRange(first.range, file), scope, `output.${first.value}`));
          break;
        }
        case 'resource': {
          if (!first || !second) break;
          const address = `${first.value}.${second.value}`;
          const anchor = { ...locationOfRange(block.typeRange, file), endLine: second.range.end.line, endColumn: second.range.end.column };
          const resource: Resource = {
            format: 'terraform',
            file,
            type: first.value,
            displayName: second.value,
            leafName: second.value,
            node: bodyToNode(block.body, file, source, block.range),
            scope,
            children: [],
            existing: false,
            anchor,
            address,
          };
          template.resources.push(resource);
          byAddress.set(address, resource);
          pending.push({ resource, block });
          break;
        }
      }
    }
  }
  for (const { file, body, source } of tfvars) {
    for (const attr of body.attributes) values.bindings.set(attr.name, { node: exprToNode(attr.expr, file, source), scope });
  }
  for (const [name, value] of inputs ?? []) values.bindings.set(name, value);

  for (const { resource, block } of pending) {
    for (const attr of block.body.attributes) {
      for (const target of referencedResources(attr.expr, byAddress)) {
        if (target !== resource) (target.referencedBy ??= []).push({ from: resource, attribute: attr.name });
      }
    }
  }
  return template;
}

function declaration(kind: Declaration['kind'], name: string, node: Declaration['node'], keyLocation: Declaration['keyLocation'], scope: Scope, address: string): Declaration {
  return { kind, name, node, keyLocation, scope, address };
}

/** The module calls of a module whose `source` is a local folder, with their argument expressions. */
export function localModuleCalls(files: HclFile[]): { source: string; arguments: Map<string, Node> }[] {
  const calls: { source: string; arguments: Map<string, Node> }[] = [];
  for (const { file, body, source } of files) {
    for (const block of body.blocks) {
      if (block.type !== 'module') continue;
      const src = block.body.attributes.find((a) => a.name === 'source');
      const srcNode = src && exprToNode(src.expr, file, source);
      if (srcNode?.kind !== 'string' || !/^\.\.?\//.test(srcNode.value)) continue;
      const args = new Map<string, Node>();
      for (const attr of block.body.attributes) {
        if (!['source', 'version', 'count', 'for_each', 'providers', 'depends_on'].includes(attr.name)) args.set(attr.name, exprToNode(attr.expr, file, source));
      }
      calls.push({ source: srcNode.value, arguments: args });
    }
  }
  return calls;
}

/** Resources of the module that an expression refers to (`azurerm_x.name.attr`). */
function referencedResources(expr: Expression, byAddress: Map<string, Resource>): Resource[] {
  const found: Resource[] = [];
  visit(expr, (e) => {
    if (e.kind !== 'ScopeTraversal') return;
    const step = e.steps[0];
    if (step?.kind !== 'attr') return;
    const target = byAddress.get(`${e.root}.${step.name}`);
    if (target) found.push(target);
  });
  return found;
}

function visit(expr: Expression, fn: (e: Expression) => void): void {
  fn(expr);
  switch (expr.kind) {
    case 'Template':
      for (const part of expr.parts) if (part.kind === 'TemplateInterpolation') visit(part.expr, fn);
      return;
    case 'Tuple':
      expr.items.forEach((i) => visit(i, fn));
      return;
    case 'Object':
      expr.items.forEach((i) => visit(i.value, fn));
      return;
    case 'FunctionCall':
      expr.args.forEach((a) => visit(a, fn));
      return;
    case 'Conditional':
      [expr.condition, expr.trueExpr, expr.falseExpr].forEach((x) => visit(x, fn));
      return;
    case 'BinaryOp':
      visit(expr.left, fn);
      visit(expr.right, fn);
      return;
    case 'UnaryOp':
      visit(expr.operand, fn);
      return;
    case 'Parenthesized':
      visit(expr.expr, fn);
      return;
    case 'Index':
      visit(expr.collection, fn);
      visit(expr.key, fn);
      return;
    case 'GetAttr':
      visit(expr.source, fn);
      return;
    case 'Splat':
      visit(expr.source, fn);
      return;
    default:
      return;
  }
}
