import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitProvenance, sanitizeRemoteUrl } from '../../src/report/gitProvenance';

const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** git with a clean, self-contained configuration (no user or system config, no signing). */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull },
  }).trim();
}

describe('gitProvenance', () => {
  let repo: string;
  let head: string;

  beforeAll(() => {
    repo = tempDir('iac-scan-git-');
    git(repo, 'init', '-q', '-b', 'main');
    fs.mkdirSync(path.join(repo, 'infra'));
    fs.writeFileSync(path.join(repo, 'infra', 'main.json'), '{}\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'first');
    git(repo, 'remote', 'add', 'origin', 'https://user:secret@example.com/x.git');
    head = git(repo, 'rev-parse', 'HEAD');
  });

  it('reads the remote without credentials, the commit and the branch', () => {
    const p = gitProvenance(repo);
    expect(p).toEqual({ repositoryUri: 'https://example.com/x.git', revisionId: head, branch: 'main', topLevel: fs.realpathSync(repo) });
    expect(JSON.stringify(p)).not.toContain('secret');
    expect(JSON.stringify(p)).not.toContain('user');
    expect(head).toMatch(/^[0-9a-f]{40}$/);
  });

  it('works from a subdirectory of the work tree', () => {
    expect(gitProvenance(path.join(repo, 'infra'))).toEqual(gitProvenance(repo));
  });

  it('has no branch on a detached HEAD (as in Azure Pipelines checkouts)', () => {
    const clone = tempDir('iac-scan-detached-');
    git(clone, 'init', '-q', '-b', 'main');
    git(clone, 'commit', '-q', '--allow-empty', '-m', 'one');
    const sha = git(clone, 'rev-parse', 'HEAD');
    git(clone, 'checkout', '-q', '--detach', sha);
    expect(gitProvenance(clone)).toEqual({ revisionId: sha, topLevel: fs.realpathSync(clone) });
  });

  it('has neither commit nor remote in a fresh repository', () => {
    const fresh = tempDir('iac-scan-fresh-');
    git(fresh, 'init', '-q', '-b', 'trunk');
    expect(gitProvenance(fresh)).toEqual({ branch: 'trunk', topLevel: fs.realpathSync(fresh) });
  });

  it('is undefined outside a git work tree', () => {
    const plain = tempDir('iac-scan-plain-');
    // Stop git's upward search at the temp folder, in case TMPDIR itself lies inside a repository.
    const saved = process.env['GIT_CEILING_DIRECTORIES'];
    process.env['GIT_CEILING_DIRECTORIES'] = path.dirname(plain);
    try {
      expect(gitProvenance(plain)).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env['GIT_CEILING_DIRECTORIES'];
      else process.env['GIT_CEILING_DIRECTORIES'] = saved;
    }
  });

  it('is undefined (and does not throw) for a directory that does not exist', () => {
    expect(gitProvenance(path.join(tempDir('iac-scan-gone-'), 'missing'))).toBeUndefined();
  });
});

describe('sanitizeRemoteUrl', () => {
  const table: [string, string | undefined][] = [
    ['https://user:secret@example.com/x.git', 'https://example.com/x.git'],
    ['https://ghp_TOKEN@github.com/org/repo.git', 'https://github.com/org/repo.git'],
    ['https://org@dev.azure.com/org/proj/_git/repo', 'https://dev.azure.com/org/proj/_git/repo'],
    ['https://github.com/org/repo.git\n', 'https://github.com/org/repo.git'],
    ['ssh://git:pw@github.com/org/repo.git', 'ssh://git@github.com/org/repo.git'],
    ['git@github.com:org/repo.git', 'ssh://git@github.com/org/repo.git'],
    ['git@ssh.dev.azure.com:v3/org/proj/repo', 'ssh://git@ssh.dev.azure.com/v3/org/proj/repo'],
    ['host.example:/srv/repo.git', 'ssh://host.example/srv/repo.git'],
    ['user:pw@host.example:repo.git', 'ssh://host.example/repo.git'],
    ['/srv/git/repo.git', undefined],
    ['../sibling', undefined],
    ['C:/src/repo', undefined],
    ['file:///srv/git/repo.git', undefined],
    ['', undefined],
  ];
  for (const [raw, expected] of table) {
    it(`${JSON.stringify(raw)} → ${String(expected)}`, () => {
      const out = sanitizeRemoteUrl(raw);
      expect(out).toBe(expected);
      if (out) expect(out).not.toMatch(/secret|TOKEN|pw@|:pw/);
    });
  }
});
