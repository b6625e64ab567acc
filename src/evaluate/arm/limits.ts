/**
 * Bounds on one top-level evaluation. The counters are module state because nested resolutions
 * cross scopes (a bound parameter is evaluated in the parent template's scope) and evaluation is
 * synchronous, so one counter set per outermost call is exact.
 */

export const LIMIT_REASON = 'evaluation limit reached';

/** Nested resolutions (a variable using a variable using a parameter default, ...). */
const MAX_DEPTH = 64;
/** Function applications per top-level resolve. */
const MAX_STEPS = 20_000;
/** Characters, items and visited nodes produced or walked per top-level resolve. */
const MAX_WORK = 5_000_000;

export const MAX_STRING_LENGTH = 1_000_000;
export const MAX_COLLECTION_SIZE = 100_000;
/** Nesting of values walked recursively (JSON from json(), deep merges, equality). */
export const MAX_VALUE_DEPTH = 256;

let depth = 0;
let steps = 0;
let work = 0;

/** Runs `fn` one resolution deeper; the outermost call starts a fresh budget. */
export function withDepth<T>(fn: () => T, onLimit: () => T): T {
  if (depth === 0) {
    steps = 0;
    work = 0;
  }
  if (depth >= MAX_DEPTH) return onLimit();
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}

/** Counts one function application; false once the budget is spent. */
export function takeStep(): boolean {
  return ++steps <= MAX_STEPS;
}

/** Counts `amount` units of work; false once the budget is spent. */
export function spendWork(amount: number): boolean {
  work += amount;
  return work <= MAX_WORK && steps <= MAX_STEPS;
}
