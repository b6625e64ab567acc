/**
 * Regular expressions matched in linear time.
 *
 * Rule files (users' too) and glob patterns come from whoever writes them, and the values they are matched
 * against come from the templates of a pull request. JavaScript's backtracking engine takes exponential time on
 * some patterns (`(a+)+$`) and quadratic time on common ones (`[a-z]+@` on a long run of letters), so patterns
 * are compiled here to a Thompson NFA and simulated one character at a time (a Pike VM): the time is at most
 * the input length times the program size, whatever the pattern.
 *
 * The syntax and meaning are JavaScript's without the `u` flag (Annex B), for what the engine supports:
 * literals and escapes, classes, `.`, `^`, `$`, `\b`, `\B`, groups, alternation, greedy and lazy quantifiers
 * (the same for a yes/no match), and — where the caller allows them — lookaheads. Backreferences and
 * lookbehinds are refused, and so is a pattern whose program would exceed {@link MAX_REGEX_PROGRAM}.
 */

/** Instructions of one compiled pattern (its repetitions expanded) at most. */
export const MAX_REGEX_PROGRAM = 10_000;

/** A pattern the engine refuses; `reason` says why, for the user. */
export class RegexError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RegexError';
  }
}

export interface RegexOptions {
  /** Allow `(?=…)` and `(?!…)` (globs compile to them). Each is evaluated once per position, memoised. */
  lookahead?: boolean;
}

// ---------------------------------------------------------------- syntax tree

/** Character sets as sorted, non-overlapping inclusive ranges of UTF-16 code units. */
export type Ranges = readonly (readonly [number, number])[];

export type RegexNode =
  | { t: 'empty' }
  /** One character from `ranges` (or outside them when `invert`); `pos` numbers the character positions. */
  | { t: 'char'; ranges: Ranges; invert: boolean; pos: number; start: number; end: number }
  | { t: 'cat'; items: RegexNode[] }
  | { t: 'alt'; items: RegexNode[]; start: number; end: number }
  | { t: 'repeat'; body: RegexNode; min: number; max: number; start: number; end: number }
  | { t: 'assert'; kind: AssertKind }
  | { t: 'look'; body: RegexNode; negate: boolean; start: number; end: number };

export type AssertKind = 'bol' | 'eol' | 'wordBoundary' | 'notWordBoundary';

export interface ParsedRegex {
  root: RegexNode;
  /** The number of character positions (`char` nodes). */
  positions: number;
  source: string;
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
}

const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
const SPACE: Ranges = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const LINE_TERMINATORS: Ranges = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
];

export function complement(ranges: Ranges): Ranges {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= 0xffff) out.push([next, 0xffff]);
  return out;
}

function normalize(ranges: [number, number][]): Ranges {
  const sorted = ranges.slice().sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

const FLAGS = /^[ims]*$/;

/** Parses `source` with `flags` (some of `i`, `m`, `s`); throws RegexError for what the engine does not take. */
export function parseRegex(source: string, flags: string, options: RegexOptions = {}): ParsedRegex {
  if (!FLAGS.test(flags) || new Set(flags).size !== flags.length) throw new RegexError(`the flags '${flags}' are not supported`);
  // The platform's parser decides what is valid; this one only reads what it accepts.
  try {
    new RegExp(source, flags);
  } catch (err) {
    throw new RegexError(`it does not compile: ${(err as Error).message}`);
  }
  const parser = new Parser(source, flags.includes('s'), options);
  const root = parser.parse();
  return { root, positions: parser.positions, source, ignoreCase: flags.includes('i'), multiline: flags.includes('m'), dotAll: flags.includes('s') };
}

class Parser {
  private i = 0;
  positions = 0;
  private readonly namedGroups: boolean;

  constructor(
    private readonly src: string,
    private readonly dotAll: boolean,
    private readonly options: RegexOptions,
  ) {
    this.namedGroups = /\(\?<[^=!]/.test(src);
  }

  parse(): RegexNode {
    const node = this.disjunction();
    if (this.i < this.src.length) this.unsupported(`'${this.src[this.i]}' at position ${this.i + 1}`);
    return node;
  }

  private unsupported(what: string): never {
    throw new RegexError(`it uses ${what}, which rule and glob patterns do not support (they are matched in linear time)`);
  }

  private disjunction(): RegexNode {
    const start = this.i;
    const items = [this.alternative()];
    while (this.src[this.i] === '|') {
      this.i++;
      items.push(this.alternative());
    }
    return items.length === 1 ? items[0]! : { t: 'alt', items, start, end: this.i };
  }

  private alternative(): RegexNode {
    const items: RegexNode[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') items.push(this.term());
    return items.length === 0 ? { t: 'empty' } : items.length === 1 ? items[0]! : { t: 'cat', items };
  }

  private term(): RegexNode {
    const start = this.i;
    const c = this.src[this.i]!;
    if (c === '^' || c === '$') {
      this.i++;
      return { t: 'assert', kind: c === '^' ? 'bol' : 'eol' };
    }
    if (c === '\\' && (this.src[this.i + 1] === 'b' || this.src[this.i + 1] === 'B')) {
      this.i += 2;
      return { t: 'assert', kind: this.src[this.i - 1] === 'b' ? 'wordBoundary' : 'notWordBoundary' };
    }
    const atom = this.atom();
    const q = this.quantifier();
    if (!q) return atom;
    return { t: 'repeat', body: atom, min: q.min, max: q.max, start, end: this.i };
  }

  private quantifier(): { min: number; max: number } | undefined {
    const c = this.src[this.i];
    let q: { min: number; max: number } | undefined;
    if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '?') q = { min: 0, max: 1 };
    if (q) this.i++;
    else if (c === '{') {
      BRACED.lastIndex = this.i;
      const m = BRACED.exec(this.src);
      if (!m) return undefined; // Annex B: a `{` that is not a quantifier is a literal.
      const min = count(m[1]!);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : count(m[3]!);
      q = { min, max };
      this.i += m[0].length;
    } else return undefined;
    if (this.src[this.i] === '?') this.i++; // lazy: the same yes/no answer
    return q;
  }

  private atom(): RegexNode {
    const start = this.i;
    const c = this.src[this.i]!;
    switch (c) {
      case '.':
        this.i++;
        return this.char(this.dotAll ? [[0, 0xffff]] : LINE_TERMINATORS, !this.dotAll, start);
      case '[':
        return this.charClass();
      case '(':
        return this.group();
      case '\\':
        return this.atomEscape();
      default:
        this.i++;
        return this.char([[c.charCodeAt(0), c.charCodeAt(0)]], false, start);
    }
  }

  private char(ranges: Ranges, invert: boolean, start: number): RegexNode {
    return { t: 'char', ranges, invert, pos: this.positions++, start, end: this.i };
  }

  private group(): RegexNode {
    const start = this.i;
    this.i++;
    let look: boolean | undefined;
    if (this.src.startsWith('?:', this.i)) this.i += 2;
    else if (this.src.startsWith('?=', this.i) || this.src.startsWith('?!', this.i)) {
      if (!this.options.lookahead) this.unsupported(`a lookahead '(${this.src.slice(this.i, this.i + 2)}…)'`);
      look = this.src[this.i + 1] === '!';
      this.i += 2;
    } else if (this.src.startsWith('?<=', this.i) || this.src.startsWith('?<!', this.i)) {
      this.unsupported(`a lookbehind '(${this.src.slice(this.i, this.i + 3)}…)'`);
    } else if (this.src.startsWith('?<', this.i)) {
      this.i = this.src.indexOf('>', this.i) + 1;
    } else if (this.src[this.i] === '?') {
      this.unsupported(`the group '(${this.src.slice(this.i, this.i + 3)}…)'`);
    }
    const body = this.disjunction();
    this.i++; // ')'
    if (look === undefined) return body;
    return { t: 'look', body, negate: look, start, end: this.i };
  }

  private atomEscape(): RegexNode {
    const start = this.i;
    this.i++;
    const c = this.src[this.i]!;
    const set = classEscape(c);
    if (set) {
      this.i++;
      return this.char(set.ranges, set.invert, start);
    }
    if (/[1-9]/.test(c)) this.unsupported(`a backreference '\\${c}'`);
    if (c === 'k' && this.namedGroups) this.unsupported("a named backreference '\\k<…>'");
    const code = this.characterEscape();
    return this.char([[code, code]], false, start);
  }

  /** After the backslash: the code unit of `\n`, `\x41`, `\u0041`, `\cJ`, `\0`, `\.` … */
  private characterEscape(): number {
    const c = this.src[this.i]!;
    this.i++;
    switch (c) {
      case 'f':
        return 0x0c;
      case 'n':
        return 0x0a;
      case 'r':
        return 0x0d;
      case 't':
        return 0x09;
      case 'v':
        return 0x0b;
      case 'c': {
        const letter = this.src[this.i];
        if (letter === undefined || !/[A-Za-z]/.test(letter)) this.unsupported("'\\c' without a control letter");
        this.i++;
        return letter.charCodeAt(0) % 32;
      }
      case '0':
        if (/[0-9]/.test(this.src[this.i] ?? '')) this.unsupported('an octal escape');
        return 0;
      case 'x': {
        const hex = /^[0-9A-Fa-f]{2}/.exec(this.src.slice(this.i, this.i + 2));
        if (!hex) return 0x78; // Annex B: `\x` without two hex digits is `x`
        this.i += 2;
        return parseInt(hex[0], 16);
      }
      case 'u': {
        const hex = /^[0-9A-Fa-f]{4}/.exec(this.src.slice(this.i, this.i + 4));
        if (!hex) return 0x75; // `\u` without four hex digits is `u`
        this.i += 4;
        return parseInt(hex[0], 16);
      }
      default:
        if (/[1-9]/.test(c)) this.unsupported('an octal escape');
        // Identity escape: `\.`, `\/`, `\-`, and (without the `u` flag) any other character.
        return c.charCodeAt(0);
    }
  }

  private charClass(): RegexNode {
    const start = this.i;
    this.i++;
    let invert = false;
    if (this.src[this.i] === '^') {
      invert = true;
      this.i++;
    }
    const ranges: [number, number][] = [];
    while (this.src[this.i] !== ']') {
      const first = this.classAtom();
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        const second = this.classAtom();
        // Annex B: a range with a class escape at either end is the characters and a '-'.
        if (typeof first === 'number' && typeof second === 'number') {
          ranges.push([first, second]);
          continue;
        }
        for (const part of [first, '-'.charCodeAt(0), second]) addClassAtom(ranges, part);
        continue;
      }
      addClassAtom(ranges, first);
    }
    this.i++; // ']'
    return this.char(normalize(ranges), invert, start);
  }

  /** One class member: a code unit, or a set (`\d`, `\W`, …). */
  private classAtom(): number | Ranges {
    const c = this.src[this.i]!;
    if (c !== '\\') {
      this.i++;
      return c.charCodeAt(0);
    }
    this.i++;
    const e = this.src[this.i]!;
    const set = classEscape(e);
    if (set) {
      this.i++;
      return set.invert ? complement(set.ranges) : set.ranges;
    }
    if (e === 'b') {
      this.i++;
      return 0x08;
    }
    if (e === '-') {
      this.i++;
      return 0x2d;
    }
    if (e === 'c') {
      const letter = this.src[this.i + 1];
      if (letter === undefined || !/[A-Za-z]/.test(letter)) this.unsupported("'\\c' without a control letter in a class");
    }
    if (/[1-9]/.test(e)) this.unsupported('an octal escape');
    return this.characterEscape();
  }
}

function addClassAtom(ranges: [number, number][], atom: number | Ranges): void {
  if (typeof atom === 'number') ranges.push([atom, atom]);
  else for (const [lo, hi] of atom) ranges.push([lo, hi]);
}

function classEscape(c: string): { ranges: Ranges; invert: boolean } | undefined {
  switch (c) {
    case 'd':
      return { ranges: DIGIT, invert: false };
    case 'D':
      return { ranges: DIGIT, invert: true };
    case 'w':
      return { ranges: WORD, invert: false };
    case 'W':
      return { ranges: WORD, invert: true };
    case 's':
      return { ranges: SPACE, invert: false };
    case 'S':
      return { ranges: SPACE, invert: true };
    default:
      return undefined;
  }
}

const BRACED = /\{(\d+)(,(\d*))?\}/y;

function count(digits: string): number {
  const n = Number(digits);
  return n > 1e9 ? Infinity : n;
}

// ---------------------------------------------------------------- case folding

let canonTable: Uint16Array | undefined;

/**
 * Canonicalize() of the ECMAScript specification without the `u` flag: the upper case of a code unit when it is
 * one code unit, except that nothing outside ASCII maps into ASCII.
 */
export function canonical(): Uint16Array {
  if (!canonTable) {
    canonTable = new Uint16Array(0x10000);
    for (let c = 0; c < 0x10000; c++) {
      const upper = String.fromCharCode(c).toUpperCase();
      const u = upper.length === 1 ? upper.charCodeAt(0) : c;
      canonTable[c] = c >= 128 && u < 128 ? c : u;
    }
  }
  return canonTable;
}

type Bits = Uint32Array;

function has(bits: Bits, c: number): boolean {
  return ((bits[c >>> 5]! >>> (c & 31)) & 1) === 1;
}

function set(bits: Bits, c: number): void {
  bits[c >>> 5]! |= 1 << (c & 31);
}

let sameCanonical: Map<number, number[]> | undefined;

/** The code units of each canonical form. */
function byCanonical(): Map<number, number[]> {
  if (!sameCanonical) {
    sameCanonical = new Map();
    const canon = canonical();
    for (let c = 0; c < 0x10000; c++) {
      const list = sameCanonical.get(canon[c]!);
      if (list) list.push(c);
      else sameCanonical.set(canon[c]!, [c]);
    }
  }
  return sameCanonical;
}

/** Bit maps by set, shared by all patterns; cleared when it holds many (8 KiB each). */
const bitsCache = new Map<string, Bits>();
const BITS_CACHE_SIZE = 4096;

/** The code units a character position matches, case folding applied, as a 65,536-bit map (shared, read-only). */
export function charBits(ranges: Ranges, invert: boolean, ignoreCase: boolean): Bits {
  const key = `${invert ? '^' : ''}${ignoreCase ? 'i' : ''}${ranges.map(([a, b]) => `${a}-${b}`).join(',')}`;
  let bits = bitsCache.get(key);
  if (bits) return bits;
  bits = new Uint32Array(2048);
  let members = 0;
  for (const [lo, hi] of ranges) members += hi - lo + 1;
  if (!ignoreCase) {
    for (const [lo, hi] of ranges) for (let c = lo; c <= hi; c++) set(bits, c);
  } else if (members <= 256) {
    // A character matches when some member has the same canonical form: the members' whole groups.
    const canon = canonical();
    const groups = byCanonical();
    for (const [lo, hi] of ranges) for (let c = lo; c <= hi; c++) for (const same of groups.get(canon[c]!)!) set(bits, same);
  } else {
    const canon = canonical();
    const canonMembers = new Uint32Array(2048);
    for (const [lo, hi] of ranges) for (let c = lo; c <= hi; c++) set(canonMembers, canon[c]!);
    for (let c = 0; c < 0x10000; c++) if (has(canonMembers, canon[c]!)) set(bits, c);
  }
  // The class is inverted after folding, as the specification's CharacterSetMatcher does.
  if (invert) for (let w = 0; w < 2048; w++) bits[w] = ~bits[w]!;
  if (bitsCache.size >= BITS_CACHE_SIZE) bitsCache.clear();
  bitsCache.set(key, bits);
  return bits;
}

// ---------------------------------------------------------------- program

const CHAR = 0;
const MATCH = 1;
const JMP = 2;
const SPLIT = 3;
const ASSERT = 4;
const LOOK = 5;

const ASSERT_CODES: Record<AssertKind, number> = { bol: 0, eol: 1, wordBoundary: 2, notWordBoundary: 3 };

class Builder {
  readonly op: number[] = [];
  readonly a: number[] = [];
  readonly b: number[] = [];
  readonly bits: Bits[] = [];
  readonly subs: Program[] = [];
  private readonly bitsIndex = new Map<Bits, number>();

  constructor(
    private readonly parsed: ParsedRegex,
    private readonly budget: { instructions: number },
  ) {}

  emit(op: number, a = 0, b = 0): number {
    if (++this.budget.instructions > MAX_REGEX_PROGRAM) {
      throw new RegexError(`it is too large: its repetitions expand to more than ${MAX_REGEX_PROGRAM} steps`);
    }
    this.op.push(op);
    this.a.push(a);
    this.b.push(b);
    return this.op.length - 1;
  }

  get pc(): number {
    return this.op.length;
  }

  compile(node: RegexNode): void {
    switch (node.t) {
      case 'empty':
        return;
      case 'char': {
        const bits = charBits(node.ranges, node.invert, this.parsed.ignoreCase);
        let index = this.bitsIndex.get(bits);
        if (index === undefined) {
          index = this.bits.length;
          this.bits.push(bits);
          this.bitsIndex.set(bits, index);
        }
        this.emit(CHAR, index);
        return;
      }
      case 'cat':
        for (const item of node.items) this.compile(item);
        return;
      case 'alt': {
        const jumps: number[] = [];
        node.items.forEach((item, k) => {
          if (k < node.items.length - 1) {
            const split = this.emit(SPLIT, this.pc + 1);
            this.compile(item);
            jumps.push(this.emit(JMP));
            this.b[split] = this.pc;
          } else this.compile(item);
        });
        for (const j of jumps) this.a[j] = this.pc;
        return;
      }
      case 'repeat': {
        for (let k = 0; k < node.min; k++) this.compile(node.body);
        if (node.max === Infinity) {
          const split = this.emit(SPLIT, this.pc + 1);
          this.compile(node.body);
          this.emit(JMP, split);
          this.b[split] = this.pc;
        } else {
          const splits: number[] = [];
          for (let k = node.min; k < node.max; k++) {
            splits.push(this.emit(SPLIT, this.pc + 1));
            this.compile(node.body);
          }
          for (const s of splits) this.b[s] = this.pc;
        }
        return;
      }
      case 'assert':
        this.emit(ASSERT, ASSERT_CODES[node.kind]);
        return;
      case 'look': {
        const sub = buildProgram(this.parsed, node.body, this.budget);
        this.subs.push(sub);
        this.emit(LOOK, this.subs.length - 1, node.negate ? 1 : 0);
        return;
      }
    }
  }
}

interface Program {
  op: Int32Array;
  a: Int32Array;
  b: Int32Array;
  bits: Bits[];
  subs: Program[];
  multiline: boolean;
  /** Every match starts at position 0 (the pattern starts with `^`, without the `m` flag). */
  anchored: boolean;
  /** The characters a match can start with, when the start reaches only characters (no assertion, no empty match). */
  first: Bits | undefined;
  /** The threads the start reaches, when no assertion is on the way: added without walking the jumps again. */
  startList: Int32Array | undefined;
  // Scratch space of one run.
  list1: Int32Array;
  list2: Int32Array;
  marks: Int32Array;
  stack: Int32Array;
  gen: number;
}

function buildProgram(parsed: ParsedRegex, root: RegexNode, budget: { instructions: number }): Program {
  const builder = new Builder(parsed, budget);
  builder.compile(root);
  builder.emit(MATCH);
  const n = builder.op.length;
  const program: Program = {
    op: Int32Array.from(builder.op),
    a: Int32Array.from(builder.a),
    b: Int32Array.from(builder.b),
    bits: builder.bits,
    subs: builder.subs,
    multiline: parsed.multiline,
    anchored: false,
    first: undefined,
    startList: undefined,
    list1: new Int32Array(n),
    list2: new Int32Array(n),
    marks: new Int32Array(n),
    stack: new Int32Array(2 * n + 2),
    gen: 0,
  };
  analyseStart(program);
  return program;
}

/**
 * Finds whether every path from the start passes `^` (anchored), and the characters a match can start with:
 * those of the first reads, past assertions (which only narrow them), unless a match can be empty or starts
 * with a lookahead. Without assertions the start's threads are kept, to be added without walking again.
 */
function analyseStart(p: Program): void {
  const seen = new Set<number>();
  // Program counters, negative once a path has passed `^`.
  const stack = [0];
  let anchored = true;
  let onlyChars = true;
  let assertions = false;
  const chars: number[] = [];
  const visited = new Set<string>();
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const afterBol = entry < 0;
    const pc = afterBol ? -entry - 1 : entry;
    const key = `${pc}${afterBol ? '^' : ''}`;
    if (visited.has(key)) continue;
    visited.add(key);
    seen.add(pc);
    const push = (next: number): void => {
      stack.push(afterBol ? -next - 1 : next);
    };
    switch (p.op[pc]) {
      case JMP:
        push(p.a[pc]!);
        break;
      case SPLIT:
        push(p.a[pc]!);
        push(p.b[pc]!);
        break;
      case ASSERT:
        assertions = true;
        if (p.a[pc] === ASSERT_CODES.bol && !p.multiline) stack.push(-(pc + 1) - 1);
        else push(pc + 1);
        break;
      case CHAR:
        if (!afterBol) anchored = false;
        chars.push(p.a[pc]!);
        break;
      default: // MATCH, LOOK
        if (!afterBol) anchored = false;
        onlyChars = false;
    }
  }
  p.anchored = anchored;
  if (!onlyChars) return;
  const first = new Uint32Array(2048);
  for (const index of new Set(chars)) {
    const bits = p.bits[index]!;
    for (let w = 0; w < 2048; w++) first[w] = first[w]! | bits[w]!;
  }
  p.first = first;
  if (!assertions) p.startList = Int32Array.from(seen).filter((pc) => p.op[pc] === CHAR);
}

// ---------------------------------------------------------------- running

function isLineTerminator(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

function isWordChar(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || (c >= 0x61 && c <= 0x7a);
}

/** Lookahead results of one run, per sub-program and position (0 unknown, 1 true, 2 false). */
type LookMemo = Map<Program, Int8Array>;

class Run {
  matched = false;

  constructor(
    private readonly p: Program,
    private readonly text: string,
    private readonly memo: LookMemo,
  ) {}

  /** Adds the threads of a new match starting at `pos`; returns the new count. */
  addStart(list: Int32Array, count: number, pos: number): number {
    const { startList, marks } = this.p;
    if (!startList) return this.add(list, count, 0, pos);
    const gen = this.p.gen;
    for (let k = 0; k < startList.length; k++) {
      const pc = startList[k]!;
      if (marks[pc] === gen) continue;
      marks[pc] = gen;
      list[count++] = pc;
    }
    return count;
  }

  /** Adds the thread at `pc` (and what it reaches without reading) to `list`; returns the new count. */
  add(list: Int32Array, count: number, start: number, pos: number): number {
    const { op, a, b, marks, stack } = this.p;
    const gen = this.p.gen;
    let sp = 0;
    stack[sp++] = start;
    while (sp > 0) {
      const pc = stack[--sp]!;
      if (marks[pc] === gen) continue;
      marks[pc] = gen;
      switch (op[pc]) {
        case CHAR:
          list[count++] = pc;
          break;
        case JMP:
          stack[sp++] = a[pc]!;
          break;
        case SPLIT:
          stack[sp++] = b[pc]!;
          stack[sp++] = a[pc]!;
          break;
        case ASSERT:
          if (this.holds(a[pc]!, pos)) stack[sp++] = pc + 1;
          break;
        case LOOK:
          if (this.look(a[pc]!, pos) !== (b[pc] === 1)) stack[sp++] = pc + 1;
          break;
        case MATCH:
          this.matched = true;
          break;
      }
    }
    return count;
  }

  private holds(kind: number, pos: number): boolean {
    const text = this.text;
    switch (kind) {
      case 0:
        return pos === 0 || (this.p.multiline && isLineTerminator(text.charCodeAt(pos - 1)));
      case 1:
        return pos === text.length || (this.p.multiline && isLineTerminator(text.charCodeAt(pos)));
      case 2:
        return isWordChar(text, pos - 1) !== isWordChar(text, pos);
      default:
        return isWordChar(text, pos - 1) === isWordChar(text, pos);
    }
  }

  private look(index: number, pos: number): boolean {
    const sub = this.p.subs[index]!;
    let memo = this.memo.get(sub);
    if (!memo) {
      memo = new Int8Array(this.text.length + 1);
      this.memo.set(sub, memo);
    }
    if (memo[pos] === 0) memo[pos] = runAnchored(sub, this.text, pos, this.memo) ? 1 : 2;
    return memo[pos] === 1;
  }

  /** Reads `text[i]` in every thread of `from`; returns the threads (in `to`) that read it. */
  step(from: Int32Array, count: number, to: Int32Array, i: number): number {
    const { a, bits } = this.p;
    const c = this.text.charCodeAt(i);
    let next = 0;
    for (let k = 0; k < count; k++) {
      const pc = from[k]!;
      const set = bits[a[pc]!]!;
      if (((set[c >>> 5]! >>> (c & 31)) & 1) === 1) next = this.add(to, next, pc + 1, i + 1);
    }
    return next;
  }
}

function nextGeneration(p: Program): void {
  if (++p.gen > 0x3fffffff) {
    p.marks.fill(0);
    p.gen = 1;
  }
}

/** Whether the program matches starting exactly at `pos` (a lookahead). */
function runAnchored(p: Program, text: string, pos: number, memo: LookMemo): boolean {
  // A lookahead's buffers may be in use by an enclosing run of the same program: work on copies then.
  const run = new Run(p, text, memo);
  let cur = new Int32Array(p.list1.length);
  let nxt = new Int32Array(p.list1.length);
  nextGeneration(p);
  let count = run.add(cur, 0, 0, pos);
  for (let i = pos; count > 0 && !run.matched && i < text.length; i++) {
    nextGeneration(p);
    count = run.step(cur, count, nxt, i);
    [cur, nxt] = [nxt, cur];
  }
  return run.matched;
}

/**
 * Whether the program matches somewhere in `text`, reading at most `limit` characters: true or false, or
 * undefined when there is no match in the characters read but the text goes on. A match found is a match of
 * the whole text: `$` and `\b` look at the real text.
 */
function search(p: Program, text: string, limit: number): boolean | undefined {
  const end = Math.min(text.length, limit);
  const run = new Run(p, text, new Map());
  let cur = p.list1;
  let nxt = p.list2;
  let count = 0;
  let i = 0;
  nextGeneration(p);
  for (;;) {
    // A new thread starts at i (only at 0 when anchored; only where a match can start when that is known).
    if (i === 0 || !p.anchored) {
      if (!p.first || (i < end && has(p.first, text.charCodeAt(i)))) count = run.addStart(cur, count, i);
      else if (count === 0) {
        if (p.anchored) return false;
        let j = i + 1;
        while (j < end && !has(p.first, text.charCodeAt(j))) j++;
        if (j >= end) break;
        i = j;
        nextGeneration(p);
        count = run.addStart(cur, 0, i);
      }
      if (run.matched) return true;
    }
    if (count === 0 && p.anchored) return false;
    if (i >= end) break;
    nextGeneration(p);
    count = run.step(cur, count, nxt, i);
    if (run.matched) return true;
    [cur, nxt] = [nxt, cur];
    i++;
  }
  return end < text.length ? undefined : false;
}

// ---------------------------------------------------------------- the compiled pattern

export class SafeRegex {
  private readonly program: Program;

  constructor(
    readonly parsed: ParsedRegex,
    readonly flags: string,
  ) {
    this.program = buildProgram(parsed, parsed.root, { instructions: 0 });
  }

  get source(): string {
    return this.parsed.source;
  }

  /**
   * Whether the pattern matches somewhere in `text`, reading at most `limit` characters (default: all):
   * undefined when no match was found in those but the text is longer.
   */
  test(text: string, limit = Infinity): boolean | undefined {
    return search(this.program, text, limit);
  }
}

/** Compiles a pattern for linear-time matching; throws RegexError when it cannot be. */
export function compileRegex(source: string, flags = '', options: RegexOptions = {}): SafeRegex {
  return new SafeRegex(parseRegex(source, flags, options), flags);
}
