import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { compileGlobs, GlobError } from '../../src/discover/globs';

describe('globs matched in linear time', () => {
  it('match as picomatch does (dot files, globstars, braces, classes, extglobs, negation)', () => {
    const patterns = [
      '*.json',
      '**/*.json',
      '**',
      'a/**',
      'a/**/b',
      '**/x/**',
      'a/**/b/**/c',
      '!foo/**',
      '!(*.json)',
      'a/!(b)/c',
      '*.@(json|tf)',
      '+(a|b).tf',
      '{a,b}/*.tf',
      '[ab]?.tf',
      '?.json',
      'examples/legacy',
      '.github/**',
      '**/.terraform/**',
      '**/node_modules',
      'src/*/main.bicep',
      'src/**/main.bicep',
      'a.b.json',
      '*',
    ];
    const paths = [
      'a.json',
      '.a.json',
      'x/a.json',
      'a/b',
      'a/x/b',
      'a/x/y/b/z/c',
      'a/b/c',
      'a/.b/c',
      'foo/bar',
      'foo',
      'x/x/x',
      'a',
      'b.tf',
      'ab.tf',
      'ba.tf',
      'a.tf',
      'b/x.tf',
      'examples/legacy',
      'examples/legacy/x.json',
      '.github/workflows/ci.json',
      'm/.terraform/x.tf',
      'node_modules',
      'p/node_modules',
      'src/app/main.bicep',
      'src/a/b/main.bicep',
      'a.b.json',
      '..',
      'a/../b',
      'a/./b',
    ];
    for (const pattern of patterns) {
      const native = picomatch(pattern, { dot: true, strictBrackets: true });
      const mine = compileGlobs([pattern]);
      for (const p of paths) expect(mine(p), `${pattern} on ${p}`).toBe(native(p));
    }
  });

  it('a chain of globstars against a deep path answers at once (picomatch backtracks for minutes)', { timeout: 10_000 }, () => {
    const deep = `${'a/'.repeat(400)}c`;
    expect(compileGlobs(['**/a/**/a/**/a/**/a/**/b'])(deep)).toBe(false);
    expect(compileGlobs(['*a*a*a*a*a*a*a*a*a*a*b'])('a'.repeat(250))).toBe(false);
    expect(compileGlobs(['**/a/**/a/**/a/**/a/**/c'])(deep)).toBe(true);
  });

  it('reports patterns that do not compile', () => {
    expect(() => compileGlobs(['a/[b'])).toThrow(GlobError);
    expect(() => compileGlobs(['  '])).toThrow('Invalid glob pattern "  ": the pattern is empty');
  });
});
