import type { Scope } from '../evaluate/scope';
import type { Location, Node, ObjectNode } from './tree';

export type Format = 'arm' | 'bicep' | 'terraform';

/**
 * A deployable resource as a rule sees it. ARM and Bicep produce ARM-shaped resources (the `node`
 * holds `type`, `apiVersion`, `name`, `properties`, …); Terraform produces `azurerm_*` resources.
 */
export interface Resource {
  format: Format;
  file: string;
  /** Full type, as declared (case kept), e.g. `Microsoft.Web/sites/config`. */
  type: string;
  /** Literal API version when known, e.g. `2023-01-01`. */
  apiVersion?: string;
  /** The declared name node (may be an expression). */
  nameNode?: Node;
  /** The name for people: evaluated when possible, else the name's source text. */
  displayName: string;
  /** The last segment of the name (`web` for `app/web`) when it can be known. */
  leafName?: string;
  /** The resource body as declared. */
  node: ObjectNode;
  /** Evaluates the expressions inside `node`. */
  scope: Scope;
  parent?: Resource;
  children: Resource[];
  /**
   * Resources whose attribute refers to this one (Terraform `storage_account_id =
   * azurerm_storage_account.sa.id`), so a rule can see a resource that configures another.
   */
  referencedBy?: { from: Resource; attribute: string }[];
  /** ARM languageVersion 2.0 / Bicep symbolic name. */
  symbolicName?: string;
  /** A reference to a resource deployed elsewhere (`existing`): never evaluated by rules. */
  existing: boolean;
  /** Where a reviewer sees the resource: the `name` line in ARM, the header in Terraform and Bicep. */
  anchor: Location;
  /**
   * A stable logical address inside the file, independent of line numbers, used in fingerprints:
   * e.g. `Microsoft.Web/sites[app]/config[web]`.
   */
  address: string;
}

/** A template-level declaration a rule can look at (an ARM parameter or output). */
export interface Declaration {
  kind: 'parameter' | 'output';
  name: string;
  node: ObjectNode;
  keyLocation: Location;
  scope: Scope;
  address: string;
}

/** Everything the model stage extracts from one template (a file, or a nested inline template). */
export interface Template {
  format: Format;
  file: string;
  /** The template object (ARM); Terraform modules have none. */
  root?: ObjectNode;
  scope: Scope;
  resources: Resource[];
  parameters: Declaration[];
  outputs: Declaration[];
  /** Address prefix of a nested template (`` for the file's top level). */
  address: string;
}
