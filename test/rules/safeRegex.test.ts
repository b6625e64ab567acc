import { describe, expect, it } from 'vitest';
import { exponentialAmbiguity } from '../../src/rules/regexAmbiguity';
import { compileRegex, MAX_REGEX_PROGRAM, parseRegex, RegexError } from '../../src/rules/safeRegex';

/** The same answer as JavaScript's engine, on the whole text. */
function agrees(source: string, flags: string, text: string): void {
  const expected = new RegExp(source, flags).test(text);
  expect(compileRegex(source, flags, { lookahead: true }).test(text), `/${source}/${flags} on ${JSON.stringify(text)}`).toBe(expected);
}

describe('linear-time regular expressions: the meaning of JavaScript patterns', () => {
  it('classes, escapes and the dot match the same code units, with and without case folding', () => {
    const atoms = ['\\d', '\\D', '\\w', '\\W', '\\s', '\\S', '.', '[a-z]', '[^a-z]', '[\\W_]', '[^\\d\\s]', 'k', 'K', 'ß', 'ſ', 'İ', 'i', 'σ', '[^k]', '[\\u0100-\\u017f]', '[^\\u212a]', '\\x41', '\\u00e9', '\\cJ', '\\0', '[\\b]', '[\\-a]', '[a\\-z]', '[\\w-z]', '\\/', '[]', '[^]'];
    const texts: string[] = [];
    for (let c = 0; c < 0x10000; c++) texts.push(String.fromCharCode(c));
    for (const atom of atoms) {
      for (const flags of ['', 'i', 's']) {
        const native = new RegExp(`^(?:${atom})$`, flags);
        const mine = compileRegex(`^(?:${atom})$`, flags);
        const wrong = texts.filter((t) => native.test(t) !== mine.test(t));
        expect(wrong.map((t) => t.charCodeAt(0).toString(16)), `/${atom}/${flags}`).toEqual([]);
      }
    }
  });

  it('anchors, word boundaries, groups, alternation and quantifiers', () => {
    const cases: [string, string, string[]][] = [
      ['^abc$', '', ['abc', 'abcd', 'xabc', '']],
      ['^$', 'm', ['a\n\nb', 'ab', '']],
      ['a$', 'm', ['a\nb', 'ba', 'ab']],
      ['\\bfoo\\b', 'i', ['a foo b', 'afoo', 'FOO', 'foo_']],
      ['\\Bo\\B', '', ['foo', 'o', 'oo']],
      ['a{2,3}', '', ['a', 'aa', 'aaaa']],
      ['^a{2,3}$', '', ['a', 'aa', 'aaa', 'aaaa']],
      ['^a{2,}$', '', ['a', 'aa', 'aaaaaaa']],
      ['^(?:ab|a)(?:c|bc)$', '', ['abc', 'abbc', 'ac']],
      ['a{', '', ['a{', 'a']],
      ['x{1,2', '', ['x{1,2', 'xx']],
      ['a}]', '', ['a}]']],
      ['^(?<name>a+)b*?$', '', ['aab', 'b']],
      ['^a*?$', '', ['', 'aaa', 'ab']],
      ['(a|)+b', '', ['b', 'aab', 'c']],
      ['^(a*)*$', '', ['aaaa', 'aab']],
      ['', '', ['', 'x']],
      ['$', '', ['xyz']],
      ['(?:)', 'i', ['']],
      ['^\\s*x', '', ['   x', ' \u00a0\ufeffx', 'y']],
      ['^(?!\\.)[^/]*?\\.json$', '', ['a.json', '.a.json', 'a/b.json']],
      ['^(?=.)a?$', '', ['', 'a']],
      ['^.$', '', ['\n', '\r', '\u2028', 'x']],
      ['^.$', 's', ['\n']],
      ['[\\d-x]', '', ['-', '5', 'x', 'y']],
      ['\\u{41}', '', ['u{41}', 'uuuu…', 'A']],
      ['\\p{L}', '', ['p{L}', 'a']],
      ['\\k', '', ['k']],
    ];
    for (const [source, flags, texts] of cases) for (const text of texts) agrees(source, flags, text);
  });

  it('agrees with JavaScript on random patterns and texts', () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const atom = (depth: number): string => {
      switch (random(depth > 2 ? 6 : 9)) {
        case 0:
          return 'a';
        case 1:
          return 'b';
        case 2:
          return '[ab]';
        case 3:
          return '[^a]';
        case 4:
          return '.';
        case 5:
          return ['\\b', '^', '$', '\\B', '\\s', 'A'][random(6)]!;
        case 6:
          return `(${pattern(depth + 1)})`;
        case 7:
          return `(?:${pattern(depth + 1)}|${pattern(depth + 1)})`;
        default:
          return `(?=${pattern(depth + 1)})`;
      }
    };
    const quantified = (depth: number): string => {
      const a = atom(depth);
      if (a.startsWith('(?=') || ['\\b', '^', '$', '\\B'].includes(a)) return a;
      return a + ['', '', '*', '+', '?', '{2}', '{1,2}', '{0,}', '*?'][random(9)]!;
    };
    const pattern = (depth: number): string => {
      let out = '';
      const n = 1 + random(4);
      for (let i = 0; i < n; i++) out += quantified(depth);
      return random(5) === 0 ? `${out}|${quantified(depth)}` : out;
    };
    const text = (): string => {
      let out = '';
      const n = random(9);
      for (let i = 0; i < n; i++) out += 'abA \n'[random(5)]!;
      return out;
    };
    for (let k = 0; k < 3000; k++) {
      const source = pattern(0);
      const flags = ['', 'i', 'm', 's'][random(4)]!;
      for (let t = 0; t < 8; t++) agrees(source, flags, text());
    }
  });

  it('reads at most `limit` characters: a match in them is a match, else the answer is unknown', () => {
    const re = compileRegex('secret=\\w+', 'i');
    const long = `${'x'.repeat(70_000)} secret=abc`;
    expect(re.test(long)).toBe(true);
    expect(re.test(long, 65_536)).toBeUndefined();
    expect(re.test(`secret=abc ${'x'.repeat(70_000)}`, 65_536)).toBe(true);
    expect(re.test('x'.repeat(100), 65_536)).toBe(false);
    // `$` and `\b` see the real text, not the cut.
    expect(compileRegex('^x+$').test('x'.repeat(70_000), 65_536)).toBeUndefined();
    expect(compileRegex('^x+$').test('x'.repeat(100), 65_536)).toBe(true);
    expect(compileRegex('^y').test('x'.repeat(70_000), 65_536)).toBe(false);
    expect(compileRegex('x\\b').test('x'.repeat(70_000), 65_536)).toBeUndefined();
  });
});

describe('patterns the engine refuses', () => {
  const refused = (source: string, flags = 'i', options = {}): string => {
    try {
      compileRegex(source, flags, options);
    } catch (err) {
      expect(err).toBeInstanceOf(RegexError);
      return (err as RegexError).reason;
    }
    throw new Error(`/${source}/ was accepted`);
  };

  it('says why', () => {
    expect(refused('(a)\\1')).toBe("it uses a backreference '\\1', which rule and glob patterns do not support (they are matched in linear time)");
    expect(refused('(?<n>a)\\k<n>')).toBe("it uses a named backreference '\\k<…>', which rule and glob patterns do not support (they are matched in linear time)");
    expect(refused('a(?=b)')).toBe("it uses a lookahead '(?=…)', which rule and glob patterns do not support (they are matched in linear time)");
    expect(refused('(?<=a)b', 'i', { lookahead: true })).toBe(
      "it uses a lookbehind '(?<=…)', which rule and glob patterns do not support (they are matched in linear time)",
    );
    expect(refused('\\01')).toBe('it uses an octal escape, which rule and glob patterns do not support (they are matched in linear time)');
    expect(refused('(a')).toBe('it does not compile: Invalid regular expression: /(a/i: Unterminated group');
    expect(refused('a', 'g')).toBe("the flags 'g' are not supported");
    expect(refused('(?:a{1000}){20}')).toBe(`it is too large: its repetitions expand to more than ${MAX_REGEX_PROGRAM} steps`);
    expect(refused('a{999999999999}')).toBe(`it is too large: its repetitions expand to more than ${MAX_REGEX_PROGRAM} steps`);
  });
});

describe('exponential ambiguity', () => {
  const reason = (source: string): string | undefined => exponentialAmbiguity(parseRegex(source, 'i'));

  it('finds nested repetitions and ambiguous alternatives under a repetition', () => {
    expect(reason('(a+)+')).toBe("'(a+)+' repeats 'a+', and both can match the same text (nested repetition)");
    expect(reason('(\\w+\\s?)*$')).toBe("'(\\w+\\s?)*' repeats '\\w+', and both can match the same text (nested repetition)");
    expect(reason('(a*)*b')).toBe("'(a*)*' repeats 'a*', and both can match the same text (nested repetition)");
    expect(reason('^(a|a)*$')).toBe("in the repetition '(a|a)*', 'a' and 'a' can match the same text");
    expect(reason('(a|aa)+c')).toBe("in the repetition '(a|aa)+', 'a' and 'a' can match the same text");
    expect(reason('(x\\w*y)*')).toBe("in the repetition '(x\\w*y)*', '\\w' and 'y' can match the same text");
    expect(reason('(?:[a-z]|[0-9A-F]){2,40}')).toBe("in the repetition '(?:[a-z]|[0-9A-F]){2,40}', '[a-z]' and '[0-9A-F]' can match the same text");
    expect(reason('((?:b?|c?)d)*')).toBe("the repetition '((?:b?|c?)d)*' can match the same text in more than one way");
  });

  it('accepts repetitions that can match a text one way only', () => {
    for (const ok of [
      '^([a-z0-9-]+\\.)*example\\.com$',
      '^(\\w+\\.)+\\w+$',
      '(a|b?)+',
      '(ab|a)*c',
      '\\d{1,3}(\\.\\d{1,3}){3}',
      '^(\\*|internet|any|[0-9a-f:.]*/0)$',
      '(^|,)\\s*TLSv1(\\.1)?\\s*(,|$)',
      '^v?1\\.([0-9]|[12][0-9]|3[0-3])(\\.|$)',
      '\\w+\\s*=\\s*\\w+',
      '(?:[a-z]|[0-9])+',
    ]) {
      expect(reason(ok), ok).toBeUndefined();
    }
  });
});

describe('hang guards', () => {
  it('patterns that backtrack for ages in JavaScript answer at once', { timeout: 10_000 }, () => {
    const adversarial: [string, string][] = [
      ['(a+)+$', `${'a'.repeat(50_000)}!`],
      ['(a|a)*b', 'a'.repeat(50_000)],
      ['a*a*a*a*a*a*b', 'a'.repeat(50_000)],
      ['[a-z]+@', 'a'.repeat(65_536)],
      ['\\s*x', ' '.repeat(65_536)],
      ['(.*a){12}', `${'a'.repeat(11)}${'b'.repeat(65_000)}`],
    ];
    for (const [source, text] of adversarial) expect(compileRegex(source, 'i').test(text, 65_536), source).toBe(false);
  });
});
