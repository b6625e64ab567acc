import { unknown } from '../scope';
import type { ArmAst, Call, Index, Member } from './expressionParser';
import { lookupFunction } from './functions';
import type { CallContext } from './functions';
import { takeStep } from './limits';
import {
  arrayLength,
  describeKind,
  extendVia,
  isUnknown,
  itemAt,
  kindOf,
  limitReached,
  mergeVia,
  nullValue,
  numberValue,
  propertyOf,
  scalarOf,
  stringValue,
} from './values';
import type { ArmValue, Outcome, Via } from './values';

/** Where `parameters()` and `variables()` look. */
export interface EvalEnv {
  parameter(name: string): Outcome;
  variable(name: string): Outcome;
}

export function evaluateAst(ast: ArmAst, env: EvalEnv): Outcome {
  switch (ast.kind) {
    case 'string':
      return stringValue(ast.value, []);
    case 'integer':
      return Number.isSafeInteger(ast.value) ? numberValue(ast.value, []) : unknown(`integer ${ast.value} is out of range`);
    case 'call':
      return evaluateCall(ast, env);
    case 'member':
      return evaluateMember(ast, env);
    case 'index':
      return evaluateIndex(ast, env);
  }
}

function evaluateCall(ast: Call, env: EvalEnv): Outcome {
  const fn = lookupFunction(ast.name);
  if (typeof fn === 'string') return unknown(fn);
  if (!takeStep()) return limitReached();
  const evaluated: (Outcome | undefined)[] = new Array<Outcome | undefined>(ast.args.length);
  const ctx: CallContext = {
    name: ast.name,
    argCount: ast.args.length,
    arg: (i) => (evaluated[i] ??= evaluateAst(ast.args[i]!, env)),
    parameter: (name) => env.parameter(name),
    variable: (name) => env.variable(name),
  };
  return fn(ctx);
}

/** Provenance shared by whatever is taken out of `v` (null for a missing property, say). */
function pathOf(v: ArmValue): Via {
  return v.t === 'array' || v.t === 'object' ? v.path : v.via;
}

function evaluateMember(ast: Member, env: EvalEnv): Outcome {
  const target = evaluateAst(ast.target, env);
  if (isUnknown(target)) return target;
  return property(target, ast.name, ast.safe, []);
}

function property(target: ArmValue, name: string, safe: boolean, keyVia: Via): Outcome {
  const kind = kindOf(target);
  if (kind === 'object') {
    const value = propertyOf(target, name);
    if (value === undefined) {
      return safe ? nullValue(mergeVia(pathOf(target), keyVia)) : unknown(`property '${name}' does not exist`);
    }
    return isUnknown(value) ? value : extendVia(value, [], keyVia);
  }
  if (kind === 'null' && safe) return nullValue(mergeVia(target.via, keyVia));
  return unknown(`cannot read property '${name}' of ${describeKind(target)}`);
}

function evaluateIndex(ast: Index, env: EvalEnv): Outcome {
  const target = evaluateAst(ast.target, env);
  if (isUnknown(target)) return target;
  if (ast.safe && kindOf(target) === 'null') return nullValue(target.via);
  const index = evaluateAst(ast.index, env);
  if (isUnknown(index)) return index;
  const key = scalarOf(index);
  const kind = kindOf(target);
  if (kind === 'array' && typeof key === 'number' && Number.isInteger(key)) {
    const length = arrayLength(target);
    if (key < 0 || key >= length) {
      if (ast.safe) return nullValue(mergeVia(pathOf(target), index.via));
      return unknown(`index ${key} is out of range for an array of ${length} item${length === 1 ? '' : 's'}`);
    }
    const item = itemAt(target, key);
    return isUnknown(item) ? item : extendVia(item, [], index.via);
  }
  if (kind === 'object' && typeof key === 'string') return property(target, key, ast.safe, index.via);
  return unknown(`cannot index ${describeKind(target)} with ${describeKind(index)}`);
}
