/**
 * The template language: quoted strings (`"…"`), heredocs (`<<EOT`, `<<-EOT`) and quoted block labels.
 *
 * A template is read in three steps, following HCL:
 * 1. scan: literal text (escapes decoded, NFC-normalised, one piece per line in a heredoc), `${…}`
 *    interpolations and `%{…}` directives, parsed as they come (the parser reads the expressions);
 * 2. apply `~` strip markers to the adjacent literal piece, then for `<<-` remove the common indentation
 *    of the lines (counted after stripping; a blank line does not count, a line that starts with `${` or
 *    `%{` counts as not indented);
 * 3. nest the `if`/`for` directives and merge adjacent literal pieces. A piece that stripping emptied stays
 *    as an empty literal: `"${x ~} "` is a two-part template (a string), not the value of `x`.
 *
 * Escapes: `$${` is a literal `${`; `%%{` stays `%%{` in a template (HCL does not unescape it there), while
 * a quoted block label decodes both.
 */
import type {
  DirectiveMarker,
  Expression,
  Identifier,
  LiteralExpr,
  TemplateExpr,
  TemplateFor,
  TemplateIf,
  TemplatePart,
} from './ast';
import { MAX_NESTING } from './errors';
import { isSpaceChar, T_COMMA, T_IDENT, T_RBRACE, T_TILDE } from './lexer';
import type { Parser } from './parser';

const LIT = 0;
const INTERP = 1;
const DIR = 2;

type DirWord = 'if' | 'else' | 'endif' | 'for' | 'endfor';

interface Item {
  k: number;
  start: number;
  end: number;
  /** Literal text. */
  value: string;
  /** Literal that starts a line of a `<<-` heredoc and is not blank: its indentation is removed. */
  lineStart: boolean;
  expr: Expression | undefined;
  sl: boolean;
  sr: boolean;
  word: DirWord | undefined;
  keyVar: Identifier | undefined;
  valueVar: Identifier | undefined;
}

function literalItem(value: string, start: number, end: number): Item {
  return { k: LIT, start, end, value, lineStart: false, expr: undefined, sl: false, sr: false, word: undefined, keyVar: undefined, valueVar: undefined };
}

/** Reads a quoted template; `quote` is the offset of the opening `"`. Leaves the parser after the closing `"`. */
export function parseQuotedTemplate(p: Parser, quote: number): TemplateExpr {
  const s = p.src;
  const n = s.length;
  // Fast path: plain text up to the closing quote (most strings).
  for (let j = quote + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c === 34) {
      p.setPos(j + 1);
      const range = p.range(quote, j + 1);
      if (j === quote + 1) return { kind: 'Template', parts: [], range };
      const text: LiteralExpr = { kind: 'Literal', value: s.slice(quote + 1, j), range: p.range(quote + 1, j) };
      return { kind: 'Template', parts: [text], range };
    }
    if (c === 92 || c === 36 || c === 37 || c === 10 || c === 13 || c >= 0x300) break;
  }
  const items: Item[] = [];
  const open = { count: 0 };
  let i = quote + 1;
  let litStart = i;
  let segStart = i;
  let buf = '';
  let high = false;
  const flush = (end: number): void => {
    if (end > litStart) {
      let value = buf + s.slice(segStart, end);
      if (high) value = value.normalize('NFC');
      items.push(literalItem(value, litStart, end));
    }
    buf = '';
    high = false;
  };
  for (;;) {
    if (i >= n) p.fail(quote, n, `unterminated string: the '"' at ${p.where(quote)} has no closing '"'`);
    const c = s.charCodeAt(i);
    if (c === 34) {
      flush(i);
      i++;
      break;
    }
    if (c === 92) {
      buf += s.slice(segStart, i);
      const [text, len] = decodeEscape(p, i);
      buf += text;
      if (!high) high = hasHigh(text);
      i += len;
      segStart = i;
      continue;
    }
    if (c === 36 || c === 37) {
      const c1 = s.charCodeAt(i + 1);
      if (c1 === 123) {
        flush(i);
        i = c === 36 ? interpolation(p, i, items) : directive(p, i, items, open);
        litStart = segStart = i;
        continue;
      }
      if (c1 === c && s.charCodeAt(i + 2) === 123) {
        if (c === 36) {
          buf += s.slice(segStart, i) + '${';
          segStart = i + 3;
        }
        i += 3;
        continue;
      }
      i++;
      continue;
    }
    if (c === 10 || c === 13) {
      p.fail(
        quote,
        i,
        `unterminated string: a quoted string must end on the line where it starts (use \\n for a line break, or a heredoc <<EOT for multi-line text)`,
      );
    }
    if (c >= 0x300) high = true;
    i++;
  }
  const parts = buildParts(p, items, false);
  p.setPos(i);
  return { kind: 'Template', parts, range: p.range(quote, i) };
}

/**
 * Reads a heredoc whose introduction `<<EOT` / `<<-EOT` spans [intro, introEnd) and is followed by a line
 * break. Leaves the parser right after the closing marker (the line break after it is the next token).
 */
export function parseHeredoc(p: Parser, intro: number, introEnd: number): TemplateExpr {
  const s = p.src;
  const n = s.length;
  const indented = s.charCodeAt(intro + 2) === 45;
  const marker = s.slice(intro + (indented ? 3 : 2), introEnd);
  const items: Item[] = [];
  const open = { count: 0 };
  let i = introEnd + (s.charCodeAt(introEnd) === 13 ? 2 : 1);
  let litStart = i;
  let segStart = i;
  let buf = '';
  let high = false;
  let atLineStart = true;
  let end = -1;
  const flush = (to: number): void => {
    if (to > litStart) {
      let value = buf + s.slice(segStart, to);
      if (high) value = value.normalize('NFC');
      items.push(literalItem(value, litStart, to));
    }
    buf = '';
    high = false;
  };
  for (;;) {
    if (atLineStart) {
      atLineStart = false;
      let j = i;
      while (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9) j++;
      if (s.startsWith(marker, j)) {
        let k = j + marker.length;
        while (s.charCodeAt(k) === 32 || s.charCodeAt(k) === 9) k++;
        const c = s.charCodeAt(k);
        if (c === 10 || (c === 13 && s.charCodeAt(k + 1) === 10)) {
          flush(i);
          end = j + marker.length;
          break;
        }
      }
    }
    if (i >= n) {
      p.fail(intro, introEnd, `unterminated heredoc: no line holds only the closing marker '${marker}' (followed by a line break)`, n);
    }
    const c = s.charCodeAt(i);
    if (c === 10) {
      i++;
      flush(i);
      litStart = segStart = i;
      atLineStart = true;
      continue;
    }
    if (c === 13 && s.charCodeAt(i + 1) !== 10) {
      p.fail(i, i + 1, 'a carriage return (CR) in a heredoc must be followed by a line feed (LF)');
    }
    if (c === 36 || c === 37) {
      const c1 = s.charCodeAt(i + 1);
      if (c1 === 123) {
        flush(i);
        i = c === 36 ? interpolation(p, i, items) : directive(p, i, items, open);
        litStart = segStart = i;
        continue;
      }
      if (c1 === c && s.charCodeAt(i + 2) === 123) {
        if (c === 36) {
          buf += s.slice(segStart, i) + '${';
          segStart = i + 3;
        }
        i += 3;
        continue;
      }
      i++;
      continue;
    }
    if (c >= 0x300) high = true;
    i++;
  }
  const parts = buildParts(p, items, indented);
  p.setPos(end);
  return { kind: 'Template', parts, heredoc: { marker, indented }, range: p.range(intro, end) };
}

/**
 * Reads a quoted block label: escapes decoded, `$${` → `${`, `%%{` → `%{`, and no interpolation or
 * directive. Leaves the parser after the closing `"`.
 */
export function parseQuotedLabel(p: Parser, quote: number): string {
  const s = p.src;
  const n = s.length;
  let i = quote + 1;
  let segStart = i;
  let out = '';
  for (;;) {
    if (i >= n) p.fail(quote, n, `unterminated string: the '"' at ${p.where(quote)} has no closing '"'`);
    const c = s.charCodeAt(i);
    if (c === 34) {
      out += s.slice(segStart, i);
      i++;
      break;
    }
    if (c === 92) {
      out += s.slice(segStart, i);
      const [text, len] = decodeEscape(p, i);
      out += text;
      i += len;
      segStart = i;
      continue;
    }
    if (c === 36 || c === 37) {
      const c1 = s.charCodeAt(i + 1);
      if (c1 === 123) {
        p.fail(i, i + 2, `a block label cannot contain '${c === 36 ? '${' : '%{'}' (a template sequence); write '${c === 36 ? '$${' : '%%{'}' for the literal text`);
      }
      if (c1 === c && s.charCodeAt(i + 2) === 123) {
        out += s.slice(segStart, i) + (c === 36 ? '${' : '%{');
        i += 3;
        segStart = i;
        continue;
      }
    }
    if (c === 10 || c === 13) {
      p.fail(quote, i, `unterminated string: a quoted block label must end on the line where it starts`);
    }
    i++;
  }
  p.setPos(i);
  return out;
}

function hasHigh(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x300) return true;
  return false;
}

/** Decodes the escape at `i` (a backslash): returns the text and the length of the escape in the source. */
function decodeEscape(p: Parser, i: number): [string, number] {
  const s = p.src;
  const c = s.charCodeAt(i + 1);
  switch (c) {
    case 110: return ['\n', 2];
    case 114: return ['\r', 2];
    case 116: return ['\t', 2];
    case 34: return ['"', 2];
    case 92: return ['\\', 2];
    case 117: // u
    case 85: { // U
      const digits = c === 117 ? 4 : 8;
      const hex = s.slice(i + 2, i + 2 + digits);
      if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) {
        const good = /^[0-9a-fA-F]*/.exec(hex)![0].length;
        p.fail(i, i + 2 + good, `invalid escape sequence: '\\${c === 117 ? 'u' : 'U'}' must be followed by ${digits} hexadecimal digits`);
      }
      const cp = parseInt(hex, 16);
      // Go turns a surrogate or out-of-range code point into U+FFFD.
      const text = cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? '\ufffd' : String.fromCodePoint(cp);
      return [text, 2 + digits];
    }
  }
  if (c !== c || c === 10 || c === 13) p.fail(i, i + 1, 'invalid escape sequence: a backslash at the end of a line');
  const shown = String.fromCodePoint(s.codePointAt(i + 1)!);
  p.fail(
    i,
    i + 1 + shown.length,
    `invalid escape sequence '\\${shown}': the escapes are \\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN (write '\\\\' for a backslash)`,
  );
}

/** Reads `${ … }` starting at the `$`; returns the offset after the closing `}`. */
function interpolation(p: Parser, at: number, items: Item[]): number {
  const s = p.src;
  let j = at + 2;
  let sl = false;
  if (s.charCodeAt(j) === 126) {
    sl = true;
    j++;
  }
  p.setPos(j);
  p.pushNewlines(false);
  p.enter(at);
  const expr = p.parseExpression();
  p.leave();
  const [end, sr] = closeSequence(p, `expected '}' to close the interpolation '\${' at ${p.where(at)}`);
  p.popNewlines();
  items.push({ k: INTERP, start: at, end, value: '', lineStart: false, expr, sl, sr, word: undefined, keyVar: undefined, valueVar: undefined });
  return end;
}

/** The `}` or `~}` that ends a sequence; returns [offset after it, strip marker present]. */
function closeSequence(p: Parser, message: string): [number, boolean] {
  const k = p.peek();
  if (k === T_RBRACE) {
    p.take();
    return [p.tokEnd, false];
  }
  if (k === T_TILDE && p.src.charCodeAt(p.tokEnd) === 125) {
    p.take();
    return [p.tokEnd + 1, true];
  }
  p.failToken(message);
}

/**
 * Reads `%{ … }` starting at the `%`; returns the offset after the closing `}`. `open` counts the `if` and
 * `for` directives not closed yet, to refuse deep nesting early.
 */
function directive(p: Parser, at: number, items: Item[], open: { count: number }): number {
  const s = p.src;
  let j = at + 2;
  let sl = false;
  if (s.charCodeAt(j) === 126) {
    sl = true;
    j++;
  }
  p.setPos(j);
  p.pushNewlines(false);
  p.enter(at);
  if (p.peek() !== T_IDENT) p.failToken("expected a directive keyword after '%{': if, else, endif, for or endfor");
  const word = p.tokenText();
  p.take();
  let expr: Expression | undefined;
  let keyVar: Identifier | undefined;
  let valueVar: Identifier | undefined;
  switch (word) {
    case 'if':
      expr = p.parseExpression();
      break;
    case 'for': {
      valueVar = forVariable(p);
      if (p.peek() === T_COMMA) {
        p.take();
        keyVar = valueVar;
        valueVar = forVariable(p);
      }
      if (p.peek() !== T_IDENT || p.tokenText() !== 'in') p.failToken("expected 'in' after the variable names of the '%{for' directive");
      p.take();
      expr = p.parseExpression();
      break;
    }
    case 'else':
    case 'endif':
    case 'endfor':
      break;
    default:
      p.fail(p.tokStart, p.tokEnd, `'${word}' is not a template directive; use if, else, endif, for or endfor after '%{'`);
  }
  const [end, sr] = closeSequence(p, `expected '}' to end the '%{${word}' directive at ${p.where(at)}`);
  p.leave();
  p.popNewlines();
  items.push({ k: DIR, start: at, end, value: '', lineStart: false, expr, sl, sr, word: word as DirWord, keyVar, valueVar });
  if (word === 'if' || word === 'for') {
    if (++open.count + p.nesting >= MAX_NESTING) {
      p.fail(at, end, `the template directives are nested too deeply (more than ${MAX_NESTING} levels)`);
    }
  } else if (word !== 'else') {
    open.count--;
  }
  return end;
}

function forVariable(p: Parser): Identifier {
  if (p.peek() !== T_IDENT) p.failToken("expected a variable name in the '%{for' directive");
  const id = { name: p.tokenText(), range: p.range(p.tokStart, p.tokEnd) };
  p.take();
  return id;
}

function trimStartSpace(v: string): string {
  let i = 0;
  while (i < v.length && isSpaceChar(v.charCodeAt(i))) i++;
  return i === 0 ? v : v.slice(i);
}

function trimEndSpace(v: string): string {
  let i = v.length;
  while (i > 0 && isSpaceChar(v.charCodeAt(i - 1))) i--;
  return i === v.length ? v : v.slice(0, i);
}

/** Strip markers, `<<-` indentation, then the nested parts. */
function buildParts(p: Parser, items: Item[], indented: boolean): TemplatePart[] {
  for (let x = 0; x < items.length; x++) {
    const it = items[x]!;
    if (it.k === LIT) continue;
    if (it.sl && x > 0 && items[x - 1]!.k === LIT) items[x - 1]!.value = trimEndSpace(items[x - 1]!.value);
    if (it.sr && x + 1 < items.length && items[x + 1]!.k === LIT) items[x + 1]!.value = trimStartSpace(items[x + 1]!.value);
  }
  if (indented) removeIndentation(items);
  return nest(p, items);
}

function removeIndentation(items: Item[]): void {
  let min = Infinity;
  let atLineStart = true;
  for (const it of items) {
    if (it.k !== LIT) {
      if (atLineStart) min = 0;
      atLineStart = false;
      continue;
    }
    const v = it.value;
    if (atLineStart) {
      let w = 0;
      while (w < v.length && v.charCodeAt(w) !== 10 && isSpaceChar(v.charCodeAt(w))) w++;
      // A blank line (only spaces before its line break) neither counts nor changes.
      const blank = w === v.length - 1 && v.charCodeAt(w) === 10;
      if (!blank) {
        it.lineStart = true;
        if (w < min) min = w;
      }
    }
    atLineStart = v.length > 0 && v.charCodeAt(v.length - 1) === 10;
  }
  if (min === Infinity || min === 0) return;
  for (const it of items) if (it.lineStart) it.value = it.value.slice(min);
}

interface Frame {
  item: Item;
  then: TemplatePart[];
  else: TemplatePart[] | undefined;
  elseItem: Item | undefined;
}

function nest(p: Parser, items: Item[]): TemplatePart[] {
  const root: TemplatePart[] = [];
  const stack: Frame[] = [];
  let target = root;
  // The literal being merged (consecutive pieces).
  let lit: { value: string; start: number; end: number } | undefined;
  const flushLit = (): void => {
    if (lit) {
      const node: LiteralExpr = { kind: 'Literal', value: lit.value, range: p.range(lit.start, lit.end) };
      target.push(node);
      lit = undefined;
    }
  };
  const marker = (it: Item): DirectiveMarker => ({ range: p.range(it.start, it.end), stripLeft: it.sl, stripRight: it.sr });
  for (const it of items) {
    if (it.k === LIT) {
      if (lit) {
        lit.value += it.value;
        lit.end = it.end;
      } else {
        lit = { value: it.value, start: it.start, end: it.end };
      }
      continue;
    }
    flushLit();
    if (it.k === INTERP) {
      target.push({ kind: 'TemplateInterpolation', expr: it.expr!, stripLeft: it.sl, stripRight: it.sr, range: p.range(it.start, it.end) });
      continue;
    }
    const top = stack[stack.length - 1];
    switch (it.word!) {
      case 'if':
      case 'for':
        if (stack.length + p.nesting >= MAX_NESTING) {
          p.fail(it.start, it.end, `the template directives are nested too deeply (more than ${MAX_NESTING} levels)`);
        }
        stack.push({ item: it, then: [], else: undefined, elseItem: undefined });
        target = stack[stack.length - 1]!.then;
        break;
      case 'else':
        if (!top || top.item.word !== 'if') {
          p.fail(it.start, it.end, `unexpected '%{else}': ${openDirective(p, top)}`);
        }
        if (top.elseItem) {
          p.fail(it.start, it.end, `unexpected '%{else}': the '%{if' at ${p.where(top.item.start)} already has an '%{else}'`);
        }
        top.elseItem = it;
        top.else = [];
        target = top.else;
        break;
      case 'endif':
      case 'endfor': {
        const want = it.word === 'endif' ? 'if' : 'for';
        if (!top || top.item.word !== want) {
          p.fail(it.start, it.end, `unexpected '%{${it.word}}': ${openDirective(p, top)}`);
        }
        stack.pop();
        target = stack.length ? (stack[stack.length - 1]!.else ?? stack[stack.length - 1]!.then) : root;
        const range = p.range(top.item.start, it.end);
        if (want === 'if') {
          const node: TemplateIf = {
            kind: 'TemplateIf',
            condition: top.item.expr!,
            then: top.then,
            else: top.else,
            ifMarker: marker(top.item),
            elseMarker: top.elseItem && marker(top.elseItem),
            endifMarker: marker(it),
            range,
          };
          target.push(node);
        } else {
          const node: TemplateFor = {
            kind: 'TemplateFor',
            keyVar: top.item.keyVar,
            valueVar: top.item.valueVar!,
            collection: top.item.expr!,
            body: top.then,
            forMarker: marker(top.item),
            endforMarker: marker(it),
            range,
          };
          target.push(node);
        }
        break;
      }
    }
  }
  flushLit();
  if (stack.length) {
    const open = stack[stack.length - 1]!.item;
    p.fail(open.start, open.end, `the '%{${open.word}' directive at ${p.where(open.start)} has no matching '%{end${open.word}}'`);
  }
  return root;
}

function openDirective(p: Parser, top: Frame | undefined): string {
  if (!top) return 'there is no open directive for it to close';
  return `the open directive is the '%{${top.item.word}' at ${p.where(top.item.start)}`;
}

