/**
 * Bounds on static evaluation, shared by the ARM, Bicep and Terraform evaluators.
 *
 * Whoever opens a pull request controls every template the scan reads, so evaluation must end soon and in
 * little memory whatever is written: variables that refer to themselves, values that double at every step,
 * functions asked for huge results. When a bound is reached the value is unknown — with {@link LIMIT_REASON},
 * or a reason naming the size bound — and unknown never makes a finding.
 *
 * There are two budgets. One is per top-level resolve (a rule reading one property): depth, steps and work,
 * fresh each time. The other is per scope (an ARM template or nested template, a Bicep file, a Terraform
 * module instance) and adds up over all its resolves, so that a template with many properties that each
 * spend the first budget still costs a bounded amount in total: at most {@link MAX_SCOPE_STEPS} steps and
 * {@link MAX_SCOPE_WORK} work units, after which every evaluation in that scope is unknown.
 *
 * Besides the budgets: a variable on a reference cycle is unknown at once (`cycles.ts`), and a computed value
 * handed to the rules has at most {@link MAX_BUILT_NODES} nodes. The scopes count how often a bound was reached
 * (`Scope.limitHits`), so that a scan can say that some values were not evaluated.
 *
 * The counters are module state: evaluation is synchronous, and nested resolutions cross scopes (a bound
 * parameter is evaluated in the caller's scope, an ARM template can be a Bicep module), so one counter set per
 * outermost call is exact.
 */

export const LIMIT_REASON = 'evaluation limit reached';

/** Nested resolutions per top-level resolve (a variable using a variable using a parameter default, ...). */
export const MAX_DEPTH = 64;
/**
 * Evaluation steps per top-level resolve: ARM function applications; Bicep and Terraform expression nodes
 * evaluated.
 */
export const MAX_STEPS = 20_000;
/**
 * Work units per top-level resolve: one per character of a string produced, read by a function or serialized;
 * one per array item or object property produced or walked; {@link NODE_COST} per tree node built or copied.
 */
export const MAX_WORK = 5_000_000;
/** Steps one scope may spend over all its resolves together. */
export const MAX_SCOPE_STEPS = 1_000_000;
/** Work units one scope may spend over all its resolves together. */
export const MAX_SCOPE_WORK = 50_000_000;
/**
 * Work units of computed values one scope keeps memoised (variables, locals, resolved expressions), counted as
 * their characters plus {@link NODE_COST} per value or node: a few megabytes. Past this, values are computed
 * again when asked for, within the budgets above.
 */
export const MAX_SCOPE_RETAINED = 4_000_000;
/** Characters of one string result; a longer result is unknown. */
export const MAX_STRING_LENGTH = 1_000_000;
/** Items of one array result, or properties of one object result; a larger result is unknown. */
export const MAX_COLLECTION_SIZE = 100_000;
/** Nesting of values walked recursively (JSON from json(), deep merges, equality, values handed to rules). */
export const MAX_VALUE_DEPTH = 256;
/**
 * Tree nodes built for one computed value handed to the rules (its items, properties and scalars, at every
 * level); a larger value is unknown. Values written in the template are handed over as they are.
 */
export const MAX_BUILT_NODES = 100_000;
/** Work units of building one such node: an allocation costs far more than copying a character. */
export const NODE_COST = 20;
export const valueTooLarge = `value has more than ${MAX_BUILT_NODES} items and properties in all`;
/** Provenance locations kept per value (the "comes from here" locations of a finding). */
export const MAX_VIA = 100;

export const stringTooLong = `string result is longer than ${MAX_STRING_LENGTH} characters`;

/** What one scope has spent, over all its resolves. */
export class EvaluationBudget {
  steps = 0;
  work = 0;
  /** Work units of the values kept in the scope's caches. */
  retained = 0;
  /** The strings counted in `retained`: values that share a string (or wrap it again) keep it alive once. */
  readonly retainedStrings = new Set<string>();
  /** How many evaluations in this scope ended at a bound (some value was left unknown because of it). */
  limitHits = 0;

  get spent(): boolean {
    return this.steps > MAX_SCOPE_STEPS || this.work > MAX_SCOPE_WORK;
  }
}

let depth = 0;
let steps = 0;
let work = 0;
let active: EvaluationBudget | undefined;
/** How many times a bound was reached, ever: a memoised computation that saw it grow is not kept. */
let hits = 0;
/** How many of those were the steps or the work of a resolve (not the depth). */
let budgetHits = 0;

function hit(budget = active): false {
  hits++;
  if (budget) budget.limitHits++;
  return false;
}

function budgetHit(): false {
  budgetHits++;
  return hit();
}

/**
 * Runs `fn` one resolution deeper, charging `budget` (the scope doing the work); the outermost call starts a
 * fresh per-resolve budget. `onLimit` gives the result when a bound is reached: the depth, the scope's total,
 * or the stack (a RangeError: call stack, string or array length).
 */
export function withBudget<T>(budget: EvaluationBudget, fn: () => T, onLimit: () => T): T {
  if (depth === 0) {
    steps = 0;
    work = 0;
  }
  if (depth >= MAX_DEPTH || budget.spent) {
    hit(budget);
    return onLimit();
  }
  depth++;
  const outer = active;
  active = budget;
  try {
    return fn();
  } catch (err) {
    // The limits keep recursion shallow and values small; this is the backstop.
    if (!(err instanceof RangeError)) throw err;
    hit();
    return onLimit();
  } finally {
    depth--;
    active = outer;
  }
}

/** Counts one evaluation step; false once a budget is spent. Outside an evaluation nothing is counted. */
export function takeStep(): boolean {
  if (depth === 0) return true;
  steps++;
  if (active) active.steps++;
  if (steps <= MAX_STEPS && !(active && active.steps > MAX_SCOPE_STEPS)) return true;
  return budgetHit();
}

/** Counts `amount` units of work; false once a budget is spent. Outside an evaluation nothing is counted. */
export function spendWork(amount: number): boolean {
  if (depth === 0) return true;
  work += amount;
  if (active) active.work += amount;
  if (work <= MAX_WORK && steps <= MAX_STEPS && !active?.spent) return true;
  return budgetHit();
}

/** Records that an evaluation in `budget`'s scope stopped at a bound found without spending it (a cycle). */
export function limitHit(budget: EvaluationBudget): void {
  hit(budget);
}

/** Whether an evaluation is under way (the per-resolve budget is in force). */
export function evaluating(): boolean {
  return depth > 0;
}

/**
 * A cached value, or `compute()` kept in `cache`. A result cut short by a bound is not kept, as it depends on
 * where it was reached (a shorter chain resolved first is memoised, and the longer one then fits) — except when
 * the computation started with most of the budget left and still ran out of steps or work: it is too costly
 * wherever it starts, and keeping that saves spending the budget again at each use. Nor is a value kept that
 * would take the scope past {@link MAX_SCOPE_RETAINED}. `known` tells a result that holds whatever a bound cut
 * short along the way (`or(…, true)` is true); `size` measures what keeping it costs, adding the strings it
 * counts to `strings` (and leaving out those the scope keeps already, `budget.retainedStrings`).
 */
export function remember<K, V>(
  cache: Map<K, V>,
  key: K,
  budget: EvaluationBudget,
  compute: () => V,
  known: (value: V) => boolean,
  size: (value: V, strings: Set<string>) => number,
): V {
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const before = hits;
  const budgetBefore = budgetHits;
  const fresh = depth <= 4 && steps <= MAX_STEPS / 2 && work <= MAX_WORK / 2;
  const value = compute();
  if (hits === before || known(value) || (fresh && budgetHits > budgetBefore)) {
    const strings = new Set<string>();
    const units = size(value, strings);
    if (budget.retained + units <= MAX_SCOPE_RETAINED) {
      budget.retained += units;
      for (const s of strings) budget.retainedStrings.add(s);
      cache.set(key, value);
    }
  }
  return value;
}
