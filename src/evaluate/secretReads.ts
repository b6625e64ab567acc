import type { Node } from '../model/tree';

/** How deep variables are followed when looking for a secret (a variable built from a variable …). */
export const SECRET_READ_DEPTH = 8;

/** `list*` resource functions return keys, connection strings and credentials (listKeys, listSecrets, …). */
export function isListFunction(name: string): boolean {
  return /^list[a-z]*$/i.test(name);
}

/**
 * The first secret read found in a value as written: an expression is judged by `ofExpression`; an object
 * or an array by its members (an output may be an object that holds a key), in the order they are written.
 * The walk keeps its own stack: a value nested a thousand levels deep, read again through each of
 * SECRET_READ_DEPTH variables, does not reach the call stack's limit.
 */
export function firstSecretRead(node: Node, ofExpression: (node: Node & { kind: 'expression' }) => string | undefined): string | undefined {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === 'expression') {
      const read = ofExpression(n);
      if (read) return read;
    } else if (n.kind === 'object') {
      for (let i = n.entries.length - 1; i >= 0; i--) stack.push(n.entries[i]!.value);
    } else if (n.kind === 'array') {
      for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]!);
    }
  }
  return undefined;
}
