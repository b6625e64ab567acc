import { execFileSync } from 'node:child_process';

/**
 * Line-level facts from the agent's git checkout: which lines a pull request changed, and where a
 * line of the scanned (merge) commit stands in the source commit, whose line numbers PR threads use.
 */

/** A hunk of `git diff --unified=0`: `oldCount` lines at `oldStart` became `newCount` lines at `newStart`. */
export interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Hunks per file (new-side path) from a zero-context unified diff. */
export function parseUnifiedDiff(diff: string): Map<string, Hunk[]> {
  const files = new Map<string, Hunk[]>();
  let current: Hunk[] | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = line.slice(4).trim();
      current = target === '/dev/null' ? undefined : [];
      if (current) files.set(unquote(target).replace(/^b\//, ''), current);
      continue;
    }
    const m = HUNK.exec(line);
    if (m && current) {
      current.push({
        oldStart: Number(m[1]),
        oldCount: m[2] === undefined ? 1 : Number(m[2]),
        newStart: Number(m[3]),
        newCount: m[4] === undefined ? 1 : Number(m[4]),
      });
    }
  }
  return files;
}

/** git quotes unusual paths as C strings: "a\tb" */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  try {
    return JSON.parse(path) as string;
  } catch {
    return path.slice(1, -1);
  }
}

/** The new-side lines a diff adds or changes. */
export function changedLines(hunks: Hunk[]): Set<number> {
  const lines = new Set<number>();
  for (const h of hunks) for (let i = 0; i < h.newCount; i++) lines.add(h.newStart + i);
  return lines;
}

/** Where old-side `line` stands on the new side; undefined when the diff changed that line. */
export function mapLine(hunks: Hunk[], line: number): number | undefined {
  let shift = 0;
  for (const h of hunks) {
    // A pure insertion (oldCount 0) goes after line oldStart; otherwise the hunk replaces its lines.
    const firstAffected = h.oldCount === 0 ? h.oldStart + 1 : h.oldStart;
    if (line < firstAffected) break;
    if (h.oldCount > 0 && line < h.oldStart + h.oldCount) return undefined;
    shift += h.newCount - h.oldCount;
  }
  return line + shift;
}

/** Runs git in `cwd`; undefined when git fails (missing commit, not a repository, git absent). */
function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    });
  } catch {
    return undefined;
  }
}

export class GitCheckout {
  constructor(readonly dir: string) {}

  hasCommit(sha: string): boolean {
    return /^[0-9a-f]{7,64}$/i.test(sha) && git(this.dir, ['cat-file', '-e', `${sha}^{commit}`]) !== undefined;
  }

  head(): string | undefined {
    return git(this.dir, ['rev-parse', 'HEAD'])?.trim();
  }

  /** Zero-context hunks between two commits (renames followed), per new-side path; undefined on failure. */
  diff(from: string, to: string, paths?: string[]): Map<string, Hunk[]> | undefined {
    const args = ['-c', 'core.quotepath=off', 'diff', '--unified=0', '--no-color', '--no-ext-diff', '--find-renames', from, to];
    if (paths?.length) args.push('--', ...paths);
    const out = git(this.dir, args);
    return out === undefined ? undefined : parseUnifiedDiff(out);
  }
}
