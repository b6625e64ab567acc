import picomatch from 'picomatch';
import { compileRegex, RegexError, type SafeRegex } from '../rules/safeRegex';

/** Tells whether a path relative to the scan root (forward slashes) matches. */
export type PathMatcher = (relativePath: string) => boolean;

/** Thrown by {@link compileGlobs} for a pattern that cannot be compiled; carries the pattern as written. */
export class GlobError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`Invalid glob pattern "${pattern}": ${reason}`);
    this.name = 'GlobError';
  }
}

/**
 * Normalizes a pattern as users tend to write it: surrounding blanks, a leading `./` or a trailing `/`
 * would otherwise never match the relative paths (`examples/legacy/` means the directory).
 */
export function normalizeGlob(pattern: string): string {
  let p = pattern.trim();
  while (p.startsWith('./')) p = p.slice(2);
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/**
 * Compiles globs into one matcher (true when any pattern matches). Dot files match like any other
 * (`dot: true`); unbalanced brackets, braces and parentheses are errors rather than literals, so a typo
 * is reported instead of silently matching nothing.
 *
 * Globs come from configuration files in the repository scanned, and paths from its folder names, so the
 * regular expression picomatch makes of a glob is matched with the linear-time engine of `safeRegex.ts`
 * rather than JavaScript's: a chain of globstars (`a/**` repeated, then `/b`) takes minutes on a deep path
 * in a backtracking engine. Matching then takes at most the path's length times the program's size, plus
 * (for the lookaheads picomatch writes, each evaluated once per position) the path's length squared.
 */
export function compileGlobs(patterns: readonly string[]): PathMatcher {
  const matchers: PathMatcher[] = [];
  for (const pattern of patterns) {
    const normalized = typeof pattern === 'string' ? normalizeGlob(pattern) : '';
    if (normalized === '') throw new GlobError(String(pattern), 'the pattern is empty');
    let re: RegExp;
    try {
      re = picomatch.makeRe(normalized, { dot: true, strictBrackets: true });
    } catch (err) {
      throw new GlobError(pattern, err instanceof Error ? err.message : String(err));
    }
    let safe: SafeRegex;
    try {
      safe = compileRegex(re.source, re.flags, { lookahead: true });
    } catch (err) {
      if (!(err instanceof RegexError)) throw err;
      throw new GlobError(pattern, `the pattern cannot be matched safely: ${err.reason}`);
    }
    // As picomatch's matcher: an empty path never matches, the pattern itself always does.
    matchers.push((p) => p !== '' && (p === normalized || safe.test(p) === true));
  }
  return (p) => matchers.some((m) => m(p));
}
