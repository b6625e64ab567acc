import type { ArmFunction } from './functionSupport';
import { defineCollectionFunctions } from './collectionFunctions';
import { defineStringFunctions } from './stringFunctions';
import { defineValueFunctions } from './valueFunctions';

export type { ArmFunction, CallContext } from './functionSupport';

/** The functions evaluated statically, by lower-case name (ARM function names are case-insensitive). */
const table = new Map<string, ArmFunction>();

const define = (names: string, fn: ArmFunction): void => {
  for (const name of names.split(' ')) table.set(name.toLowerCase(), fn);
};
defineValueFunctions(define);
defineCollectionFunctions(define);
defineStringFunctions(define);

/** The implementation of a function, or why it is not evaluated. */
export function lookupFunction(name: string): ArmFunction | string {
  const fn = table.get(name.toLowerCase());
  if (fn) return fn;
  if (name.includes('.')) return `user-defined function '${name}' is not evaluated statically`;
  return `function '${name}' is not evaluated statically`;
}

/** Lower-case names of the functions that are evaluated. */
export function evaluatedFunctionNames(): string[] {
  return [...table.keys()];
}
