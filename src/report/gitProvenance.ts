import { execFileSync } from 'node:child_process';

export interface GitProvenance {
  /** The `origin` remote as a URI, without credentials. */
  repositoryUri?: string;
  /** The commit checked out (`HEAD`). */
  revisionId?: string;
  /** The current branch; absent on a detached HEAD (as in Azure Pipelines checkouts). */
  branch?: string;
  /** The work tree's top folder: SARIF URIs are made relative to it. */
  topLevel: string;
}

const GIT_TIMEOUT_MS = 5000;

/**
 * Version-control facts for SARIF `versionControlProvenance`, read with the `git` command line.
 * Undefined when `dir` is not inside a git work tree or git cannot be run; never throws.
 */
export function gitProvenance(dir: string): GitProvenance | undefined {
  const topLevel = git(dir, ['rev-parse', '--show-toplevel']);
  if (topLevel === undefined) return undefined;
  const out: GitProvenance = { topLevel };
  const remote = git(dir, ['remote', 'get-url', 'origin']);
  const repositoryUri = remote === undefined ? undefined : sanitizeRemoteUrl(remote);
  if (repositoryUri) out.repositoryUri = repositoryUri;
  const revisionId = git(dir, ['rev-parse', '--verify', '-q', 'HEAD']);
  if (revisionId && /^[0-9a-f]{40,64}$/.test(revisionId)) out.revisionId = revisionId;
  const branch = git(dir, ['symbolic-ref', '--short', '-q', 'HEAD']);
  if (branch) out.branch = branch;
  return out;
}

/** Trimmed stdout of a successful git command, or undefined on any failure (git missing, non-zero exit, timeout). */
function git(cwd: string, args: string[]): string | undefined {
  try {
    const stdout = execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      timeout: GIT_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'ignore'],
      windowsHide: true,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    });
    const text = stdout.trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}

const NETWORK_SCHEMES = new Set(['http:', 'https:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:']);

/**
 * A remote URL as an absolute URI without credentials, or undefined when it is not a network remote
 * (a local path would put an absolute path into the SARIF file).
 *
 * - `https://user:token@host/x.git` → `https://host/x.git` (for http(s) the whole user info goes: a token is
 *   often sent as the user name, e.g. `https://<PAT>@dev.azure.com/...`).
 * - `ssh://git:pw@host/x.git` → `ssh://git@host/x.git` (the ssh user name is kept, any password removed).
 * - `git@github.com:org/x.git` (scp-like) → `ssh://git@github.com/org/x.git`.
 */
export function sanitizeRemoteUrl(raw: string): string | undefined {
  let text = raw.trim();
  if (text === '') return undefined;
  // `user:password@host:path` is not scp syntax git understands, but must not leak the password either.
  if (!text.includes('://')) text = text.replace(/^[^/@]*:[^/@]*@/, '');
  const scp = /^(?:([^@/:\s]+)@)?([^@/:\s[\]]+|\[[^\]\s]+\]):(?!\/\/)(.+)$/.exec(text);
  if (scp && !/^[A-Za-z]$/.test(scp[2]!) && !text.includes('://')) {
    const user = scp[1] === undefined ? '' : `${scp[1]}@`;
    const repoPath = scp[3]!.startsWith('/') ? scp[3]! : `/${scp[3]!}`;
    return sanitizeRemoteUrl(`ssh://${user}${scp[2]!}${repoPath}`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (!NETWORK_SCHEMES.has(url.protocol) || url.host === '') return undefined;
  if (url.protocol === 'http:' || url.protocol === 'https:') url.username = '';
  url.password = '';
  return url.href;
}
