import picomatch from 'picomatch';

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
 */
export function compileGlobs(patterns: readonly string[]): PathMatcher {
  const matchers: PathMatcher[] = [];
  for (const pattern of patterns) {
    const normalized = typeof pattern === 'string' ? normalizeGlob(pattern) : '';
    if (normalized === '') throw new GlobError(String(pattern), 'the pattern is empty');
    try {
      const isMatch = picomatch(normalized, { dot: true, strictBrackets: true });
      matchers.push((p) => isMatch(p));
    } catch (err) {
      throw new GlobError(pattern, err instanceof Error ? err.message : String(err));
    }
  }
  return (p) => matchers.some((m) => m(p));
}
