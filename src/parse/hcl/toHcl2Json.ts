/**
 * Projects a parsed HCL body to the JSON shape of tmccombs/hcl2json (the converter behind the npm packages
 * `hcl2-parser` and `@cdktf/hcl2json`), so our parser can be differential-tested against theirs.
 *
 * The rules, as that converter applies them (cdktf's fork, which `@cdktf/hcl2json` 0.21 ships):
 * - a body becomes an object: its blocks first, in order, then its attributes (an attribute replaces a
 *   block of the same name);
 * - a block nests its labels as keys and wraps its body in an array: `resource "a" "b" {}` →
 *   `{resource: {a: {b: [{}]}}}`; a repeated block appends to the array; a block with labels next to one
 *   without (same type) is an error;
 * - numbers, `true`, `false`, `null`, `-<number>` and `!<bool>` are JSON values; lists and objects are
 *   converted item by item (object keys: a reference is its source text, anything else is rendered as a
 *   template part);
 * - a template is rendered as a string: literal text with `${` escaped as `$${`, `${…}` as `${<source>}`,
 *   directives as `%{if <source>}…%{else}…%{endif}` / `%{for k, v in <source>}…%{endfor}`, and an
 *   interpolated conditional as an `%{if}` directive; a template that is one interpolation is its value;
 * - every other expression is `"${<its source text>}"` (types too: `type = string` → `"${string}"`).
 */
import {
  isTemplateWrap,
  type Block,
  type Body,
  type Expression,
  type LiteralExpr,
  type Range,
  type TemplatePart,
} from './ast';

/** The converter refuses the input (the oracles fail on it too). */
export class Hcl2JsonError extends Error {
  override name = 'Hcl2JsonError';
}

type JsonObject = Record<string, unknown>;

/** `source` is the text the body was parsed from (`parseHcl(...).source`). */
export function toHcl2Json(body: Body, source: string): JsonObject {
  return new Converter(source).body(body);
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function put(o: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

class Converter {
  constructor(private readonly src: string) {}

  body(b: Body): JsonObject {
    const out: JsonObject = {};
    for (const block of b.blocks) this.block(block, out);
    for (const attr of b.attributes) put(out, attr.name, this.expression(attr.expr));
    return out;
  }

  private block(block: Block, out: JsonObject): void {
    let key = block.type;
    let target = out;
    for (const label of block.labels) {
      if (hasOwn(target, key)) {
        const existing = target[key];
        if (Array.isArray(existing)) {
          throw new Hcl2JsonError(`Unable to convert Block to JSON: ${block.type}.${block.labels.map((l) => l.value).join('.')}`);
        }
        target = existing as JsonObject;
      } else {
        const inner: JsonObject = {};
        put(target, key, inner);
        target = inner;
      }
      key = label.value;
    }
    const value = this.body(block.body);
    if (hasOwn(target, key)) {
      const existing = target[key];
      if (!Array.isArray(existing)) {
        throw new Hcl2JsonError(`invalid HCL detected for "${key}" block, cannot have blocks with and without labels`);
      }
      existing.push(value);
    } else {
      put(target, key, [value]);
    }
  }

  private expression(e: Expression): unknown {
    switch (e.kind) {
      case 'Literal':
        return e.value;
      case 'UnaryOp':
        return this.unary(e.op, e.operand, e);
      case 'Template':
        if (isTemplateWrap(e)) return this.expression(e.parts[0].expr);
        return this.template(e.parts);
      case 'Tuple':
        return e.items.map((item) => this.expression(item));
      case 'Object': {
        const out: JsonObject = {};
        for (const item of e.items) put(out, this.key(item.key), this.expression(item.value));
        return out;
      }
      default:
        return this.wrap(e.range);
    }
  }

  /** `-<literal>` and `!<literal>` are evaluated; anything else is kept as source text. */
  private unary(op: '-' | '!', operand: Expression, whole: Expression): unknown {
    if (operand.kind !== 'Literal') return this.wrap(whole.range);
    const v = operand.value;
    if (v === null) throw new Hcl2JsonError('Operation failed; Error during operation: argument must not be null.');
    if (op === '-') {
      if (typeof v !== 'number') throw new Hcl2JsonError('Invalid operand; Unsuitable value for unary operand: number required.');
      return -v;
    }
    if (typeof v !== 'boolean') throw new Hcl2JsonError('Invalid operand; Unsuitable value for unary operand: bool required.');
    return !v;
  }

  private key(k: Expression): string {
    if (k.kind === 'ScopeTraversal') return this.rangeSource(k.range);
    return this.stringPart(k);
  }

  private template(parts: TemplatePart[]): string {
    if (parts.length === 1 && parts[0]!.kind === 'Literal') return escapeLiteral(parts[0].value as string);
    let out = '';
    for (const part of parts) {
      switch (part.kind) {
        case 'Literal':
          out += escapeLiteral(part.value as string);
          break;
        case 'TemplateInterpolation':
          out += this.stringPart(part.expr);
          break;
        case 'TemplateIf':
          out += this.conditional(part.condition.range, this.template(part.then), part.else ? this.template(part.else) : '');
          break;
        case 'TemplateFor':
          out +=
            `%{for ${part.keyVar ? part.keyVar.name + ', ' : ''}${part.valueVar.name} in ${this.rangeSource(part.collection.range)}}` +
            `${this.template(part.body)}%{endfor}`;
          break;
      }
    }
    return out;
  }

  /** An expression rendered inside a template. */
  private stringPart(e: Expression): string {
    switch (e.kind) {
      case 'Literal':
        return literalText(e);
      case 'Template':
        if (isTemplateWrap(e)) return this.stringPart(e.parts[0].expr);
        return this.template(e.parts);
      case 'Conditional':
        return this.conditional(e.condition.range, this.stringPart(e.trueExpr), this.stringPart(e.falseExpr));
      default:
        return this.wrap(e.range);
    }
  }

  private conditional(condition: Range, whenTrue: string, whenFalse: string): string {
    return `%{if ${this.rangeSource(condition)}}${whenTrue}${whenFalse ? `%{else}${whenFalse}` : ''}%{endif}`;
  }

  private wrap(r: Range): string {
    return '${' + this.rangeSource(r) + '}';
  }

  /** The source of a range; like hcl2json, a `)` right after it is included. */
  private rangeSource(r: Range): string {
    let end = r.end.offset;
    if (this.src.charCodeAt(end) === 41) end++;
    return this.src.slice(r.start.offset, end);
  }
}

function escapeLiteral(s: string): string {
  return s.includes('${') ? s.split('${').join('$${') : s;
}

/** A literal as text inside a template: numbers in plain decimal notation, `null` as "null". */
function literalText(e: LiteralExpr): string {
  const v = e.value;
  if (v === null) return 'null';
  if (typeof v === 'string') return escapeLiteral(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return e.raw !== undefined ? decimalText(e.raw) : String(v);
}

const NUMBER = /^([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;

/**
 * The exact decimal text of a number literal, without exponent: `1.50` → `1.5`, `1e3` → `1000`,
 * `1e-7` → `0.0000001` (what cty's arbitrary-precision number prints).
 */
export function decimalText(raw: string): string {
  const m = NUMBER.exec(raw);
  if (!m) return String(Number(raw));
  const exp = m[3] ? parseInt(m[3], 10) : 0;
  if (Math.abs(exp) > 100_000) return String(Number(raw));
  let digits = m[1]! + (m[2] ?? '');
  let point = m[1]!.length + exp;
  // Leading zeros.
  let lead = 0;
  while (lead < digits.length - 1 && digits.charCodeAt(lead) === 48) lead++;
  digits = digits.slice(lead);
  point -= lead;
  // Trailing zeros beyond the point.
  let end = digits.length;
  while (end > 1 && end > point && digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  if (digits === '0') return '0';
  if (point <= 0) return '0.' + '0'.repeat(-point) + digits;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return digits.slice(0, point) + '.' + digits.slice(point);
}
