import type { Node } from '../model/tree';

/** How deep variables are followed when looking for a secret (a variable built from a variable …). */
export const SECRET_READ_DEPTH = 8;

/** `list*` resource functions return keys, connection strings and credentials (listKeys, listSecrets, …). */
export function isListFunction(name: string): boolean {
  return /^list[a-z]*$/i.test(name);
}

/**
 * The first secret read found in a value as written: an expression is judged by `ofExpression`; an object
 * or an array by its members (an output may be an object that holds a key).
 */
export function firstSecretRead(node: Node, ofExpression: (node: Node & { kind: 'expression' }) => string | undefined): string | undefined {
  switch (node.kind) {
    case 'expression':
      return ofExpression(node);
    case 'object':
      for (const entry of node.entries) {
        const read = firstSecretRead(entry.value, ofExpression);
        if (read) return read;
      }
      return undefined;
    case 'array':
      for (const item of node.items) {
        const read = firstSecretRead(item, ofExpression);
        if (read) return read;
      }
      return undefined;
    default:
      return undefined;
  }
}
