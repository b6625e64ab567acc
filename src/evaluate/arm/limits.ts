/**
 * The evaluation bounds of ARM expressions: the shared ones of `../limits` (depth, steps and work per
 * top-level resolve and per template, string and collection sizes, value nesting).
 */
export {
  LIMIT_REASON,
  MAX_BUILT_NODES,
  MAX_COLLECTION_SIZE,
  MAX_SCOPE_RETAINED,
  MAX_STRING_LENGTH,
  MAX_VALUE_DEPTH,
  MAX_VIA,
  NODE_COST,
  EvaluationBudget,
  limitHit,
  remember,
  spendWork,
  stringTooLong,
  valueTooLarge,
  takeStep,
  withBudget,
} from '../limits';
