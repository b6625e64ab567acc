import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_MAX_FILE_BYTES,
  DiscoveryError,
  compareByteOrder,
  discover,
  kindOf,
  type Candidate,
  type CandidateKind,
} from '../../src/discover/discover';
import { fileDiagnostic } from '../../src/model/diagnostic';

const temps: string[] = [];

afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-discover-'));
  temps.push(dir);
  return dir;
}

type Spec = string | { link: string } | { bytes: number };

/** Creates files (string content), symbolic links ({ link: target }) and sparse files ({ bytes }) under dir. */
function build(dir: string, spec: Record<string, Spec>): void {
  for (const [rel, what] of Object.entries(spec)) {
    const abs = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (typeof what === 'string') fs.writeFileSync(abs, what);
    else if ('link' in what) fs.symlinkSync(what.link, abs);
    else {
      fs.writeFileSync(abs, '');
      fs.truncateSync(abs, what.bytes);
    }
  }
}

function cand(root: string, file: string, kind: CandidateKind, size = 2): Candidate {
  return { path: path.join(root, ...file.split('/')), file, size, kind };
}

const files = (root: string): string[] => discover({ root }).candidates.map((c) => c.file);

describe('kinds', () => {
  it('classifies files by name and ignores other files silently', () => {
    const root = tempDir();
    build(root, {
      'a.json': '{}',
      'b.jsonc': '{}',
      'c.bicep': '{}',
      'd.tf': '{}',
      'e.tf.json': '{}',
      'f.tfvars': '{}',
      'g.tfvars.json': '{}',
      'h.auto.tfvars': '{}',
      'Upper.JSON': '{}',
      'README.md': '{}',
      'pipeline.yaml': '{}',
      'json': '{}',
      'main.tf.bak': '{}',
      'template.json.txt': '{}',
    });
    expect(discover({ root })).toEqual({
      root,
      candidates: [
        cand(root, 'Upper.JSON', 'json'),
        cand(root, 'a.json', 'json'),
        cand(root, 'b.jsonc', 'json'),
        cand(root, 'c.bicep', 'bicep'),
        cand(root, 'd.tf', 'terraform'),
        cand(root, 'e.tf.json', 'terraform'),
        cand(root, 'f.tfvars', 'tfvars'),
        cand(root, 'g.tfvars.json', 'tfvars'),
        cand(root, 'h.auto.tfvars', 'tfvars'),
      ],
      diagnostics: [],
    });
  });

  it('kindOf answers by suffix', () => {
    expect(kindOf('x.tf.json')).toBe('terraform');
    expect(kindOf('x.tfvars.json')).toBe('tfvars');
    expect(kindOf('azuredeploy.parameters.json')).toBe('json');
    expect(kindOf('x.bicepparam')).toBeUndefined();
    expect(kindOf('Dockerfile')).toBeUndefined();
  });

  it('reports the real size of each file', () => {
    const root = tempDir();
    build(root, { 'a.json': '{"x": 1}', 'empty.bicep': '' });
    expect(discover({ root }).candidates).toEqual([cand(root, 'a.json', 'json', 8), cand(root, 'empty.bicep', 'bicep', 0)]);
  });
});

describe('walking and order', () => {
  it('walks nested directories and sorts by relative path in byte order', () => {
    const root = tempDir();
    build(root, {
      'b/x.json': '{}',
      'a.json': '{}',
      'a-b.json': '{}',
      'a/b.json': '{}',
      'a/c/d/e.tf': '{}',
      'B.json': '{}',
      '\u{1F600}.json': '{}',
      '\uFF5E.json': '{}',
      'é.json': '{}',
    });
    expect(files(root)).toEqual([
      'B.json',
      'a-b.json',
      'a.json',
      'a/b.json',
      'a/c/d/e.tf',
      'b/x.json',
      'é.json',
      '\uFF5E.json',
      '\u{1F600}.json',
    ]);
  });

  it('compareByteOrder matches the order of UTF-8 bytes', () => {
    const names = ['\u{1F600}', '\uFF5E', 'z', 'a/b', 'a.b', 'a', 'é'];
    const byBytes = [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...names].sort(compareByteOrder)).toEqual(byBytes);
  });

  it('gives the same result on every run', () => {
    const root = tempDir();
    build(root, { 'z.tf': '{}', 'm/a.bicep': '{}', 'a/z.json': '{}', 'link.json': { link: 'missing' } });
    expect(discover({ root })).toEqual(discover({ root }));
  });

  it('skips .git, node_modules and .terraform anywhere, but not other dot directories', () => {
    const root = tempDir();
    build(root, {
      '.git/config.json': '{}',
      'node_modules/pkg/package.json': '{}',
      'infra/node_modules/x.json': '{}',
      'infra/.terraform/modules/m/main.tf': '{}',
      'infra/.terraform.lock.hcl': '{}',
      'infra/main.tf': '{}',
      '.github/settings.json': '{}',
      '.hidden.json': '{}',
    });
    expect(discover({ root })).toEqual({
      root,
      candidates: [
        cand(root, '.github/settings.json', 'json'),
        cand(root, '.hidden.json', 'json'),
        cand(root, 'infra/main.tf', 'terraform'),
      ],
      diagnostics: [],
    });
  });

  it('does not read skipped directories', () => {
    const root = tempDir();
    build(root, { 'node_modules/a.json': '{}', 'x/.git/b.json': '{}', 'x/c.json': '{}' });
    const spy = vi.spyOn(fs, 'readdirSync');
    expect(files(root)).toEqual(['x/c.json']);
    const read = spy.mock.calls.map((call) => path.relative(root, String(call[0])));
    expect(read).toEqual(['', 'x']);
  });
});

describe('include and exclude', () => {
  const layout: Record<string, Spec> = {
    'main.bicep': '{}',
    'infra/main.tf': '{}',
    'infra/prod.tfvars': '{}',
    'infra/modules/net/net.bicep': '{}',
    'examples/new/a.json': '{}',
    'examples/legacy/old.json': '{}',
    'examples/legacy/deep/older.json': '{}',
    'examples/legacy/broken.json': { link: 'does-not-exist.json' },
    'examples/legacy/away': { link: '/' },
    'examples/legacy/up': { link: '../..' },
  };

  it('includes only matching files', () => {
    const root = tempDir();
    build(root, layout);
    expect(discover({ root, include: ['**/*.bicep'] }).candidates.map((c) => c.file)).toEqual([
      'infra/modules/net/net.bicep',
      'main.bicep',
    ]);
    expect(discover({ root, include: ['infra/**'] }).candidates.map((c) => c.file)).toEqual([
      'infra/main.tf',
      'infra/modules/net/net.bicep',
      'infra/prod.tfvars',
    ]);
    expect(discover({ root, include: ['*.bicep', 'infra/*.tf'] }).candidates.map((c) => c.file)).toEqual([
      'infra/main.tf',
      'main.bicep',
    ]);
  });

  it('treats an empty include list as everything', () => {
    const root = tempDir();
    build(root, { 'a.json': '{}', 'b/c.tf': '{}' });
    expect(discover({ root, include: [] }).candidates.map((c) => c.file)).toEqual(['a.json', 'b/c.tf']);
  });

  it('excludes matching files', () => {
    const root = tempDir();
    build(root, layout);
    const result = discover({ root, exclude: ['**/*.tfvars', 'examples/**'] });
    expect(result.candidates.map((c) => c.file)).toEqual(['infra/main.tf', 'infra/modules/net/net.bicep', 'main.bicep']);
    expect(result.diagnostics).toEqual([]);
  });

  it('lets exclude win over include', () => {
    const root = tempDir();
    build(root, layout);
    expect(discover({ root, include: ['infra/**'], exclude: ['**/modules/**'] }).candidates.map((c) => c.file)).toEqual([
      'infra/main.tf',
      'infra/prod.tfvars',
    ]);
  });

  it('matches dot files and dot directories with ordinary globs', () => {
    const root = tempDir();
    build(root, { '.config/a.json': '{}', 'b/.c.json': '{}', 'd.json': '{}' });
    expect(discover({ root, exclude: ['*/*.json'] }).candidates.map((c) => c.file)).toEqual(['d.json']);
    expect(discover({ root, include: ['**/.*.json'] }).candidates.map((c) => c.file)).toEqual(['b/.c.json']);
  });

  it.each(['examples/legacy', 'examples/legacy/**', '**/legacy', './examples/legacy/', 'examples/leg*'])(
    'prunes an excluded directory without reading it (%s)',
    (pattern) => {
      const root = tempDir();
      build(root, layout);
      const spy = vi.spyOn(fs, 'readdirSync');
      const result = discover({ root, exclude: [pattern] });
      expect(result.candidates.map((c) => c.file)).toEqual([
        'examples/new/a.json',
        'infra/main.tf',
        'infra/modules/net/net.bicep',
        'infra/prod.tfvars',
        'main.bicep',
      ]);
      // The excluded directory holds a broken link and two links leaving the root: none is reported.
      expect(result.diagnostics).toEqual([]);
      const read = spy.mock.calls.map((call) => path.relative(root, String(call[0])).split(path.sep).join('/'));
      expect(read).toEqual(['', 'examples', 'examples/new', 'infra', 'infra/modules', 'infra/modules/net']);
    },
  );

  it('reports what is under a directory when it is not excluded', () => {
    const root = tempDir();
    build(root, layout);
    const result = discover({ root, include: ['examples/legacy/**'] });
    expect(result.candidates.map((c) => c.file)).toEqual(['examples/legacy/deep/older.json', 'examples/legacy/old.json']);
    expect(result.diagnostics).toEqual([
      fileDiagnostic('skipped-file', 'warning', 'examples/legacy/away', 'Symbolic link points outside the scan root (/); it was not followed.'),
      fileDiagnostic(
        'unreadable-file',
        'warning',
        'examples/legacy/broken.json',
        'Symbolic link is broken: its target does-not-exist.json does not exist; it was not followed.',
      ),
    ]);
  });

  it.each([
    ['include', '[abc'],
    ['include', 'src/{a,b'],
    ['exclude', 'foo/(bar'],
    ['exclude', ''],
  ] as const)('rejects an invalid %s glob %j, naming it', (option, pattern) => {
    const root = tempDir();
    build(root, { 'a.json': '{}' });
    const run = (): unknown => discover({ root, [option]: ['**/*.json', pattern] });
    expect(run).toThrow(DiscoveryError);
    expect(run).toThrow(`Invalid glob pattern "${pattern}"`);
    expect(run).toThrow('Fix or remove the pattern (--include / --exclude).');
  });
});

describe('size limit', () => {
  const MB = 1024 * 1024;

  it('uses 5 MB by default and states sizes in MB with one decimal', () => {
    expect(DEFAULT_MAX_FILE_BYTES).toBe(5 * MB);
    const root = tempDir();
    build(root, {
      'big.json': { bytes: Math.round(6.2 * MB) },
      'limit.json': { bytes: 5 * MB },
      'ok.tf': '{}',
    });
    expect(discover({ root })).toEqual({
      root,
      candidates: [cand(root, 'limit.json', 'json', 5 * MB), cand(root, 'ok.tf', 'terraform')],
      diagnostics: [
        fileDiagnostic(
          'skipped-file',
          'warning',
          'big.json',
          'File is 6.2 MB, over the 5 MB size limit; it was not scanned. Raise the limit (--max-file-size) or exclude the file.',
        ),
      ],
    });
  });

  it('gives exact byte counts when the rounded sizes would read the same', () => {
    const root = tempDir();
    build(root, { 'just-over.bicep': { bytes: 5 * MB + 1 } });
    expect(discover({ root }).diagnostics.map((d) => d.message)).toEqual([
      'File is 5242881 bytes, over the 5242880 bytes size limit; it was not scanned. Raise the limit (--max-file-size) or exclude the file.',
    ]);
  });

  it('applies a custom limit; a file exactly at the limit is kept', () => {
    const root = tempDir();
    build(root, { 'a.json': 'x'.repeat(100), 'b.json': 'x'.repeat(101), 'c/d.tf': 'x'.repeat(3000), 'e.md': 'x'.repeat(500) });
    expect(discover({ root, maxFileBytes: 100 })).toEqual({
      root,
      candidates: [cand(root, 'a.json', 'json', 100)],
      diagnostics: [
        fileDiagnostic(
          'skipped-file',
          'warning',
          'b.json',
          'File is 101 bytes, over the 100 bytes size limit; it was not scanned. Raise the limit (--max-file-size) or exclude the file.',
        ),
        fileDiagnostic(
          'skipped-file',
          'warning',
          'c/d.tf',
          'File is 2.9 KB, over the 100 bytes size limit; it was not scanned. Raise the limit (--max-file-size) or exclude the file.',
        ),
      ],
    });
  });

  it('does not report an oversized file that is excluded or not included', () => {
    const root = tempDir();
    build(root, { 'a.json': 'x'.repeat(200), 'b.tf': 'x'.repeat(200) });
    expect(discover({ root, maxFileBytes: 10, exclude: ['a.json'], include: ['*.json'] })).toEqual({
      root,
      candidates: [],
      diagnostics: [],
    });
  });

  it('rejects a negative or non-numeric limit', () => {
    const root = tempDir();
    expect(() => discover({ root, maxFileBytes: -1 })).toThrow(DiscoveryError);
    expect(() => discover({ root, maxFileBytes: Number.NaN })).toThrow('The maximum file size must be a number of bytes');
  });
});

describe('symbolic links', () => {
  it('follows a link to a file inside the root, under the link name', () => {
    const root = tempDir();
    build(root, { 'templates/template.txt': '{"a":1}', 'azuredeploy.json': { link: 'templates/template.txt' } });
    expect(discover({ root })).toEqual({
      root,
      candidates: [cand(root, 'azuredeploy.json', 'json', 7)],
      diagnostics: [],
    });
  });

  it('follows a link to a directory inside the root', () => {
    const root = tempDir();
    build(root, {
      'vendor/mods/net/main.tf': '{}',
      'vendor/mods/app.bicep': '{}',
      'modules': { link: 'vendor/mods' },
    });
    expect(discover({ root, exclude: ['vendor'] })).toEqual({
      root,
      candidates: [cand(root, 'modules/app.bicep', 'bicep'), cand(root, 'modules/net/main.tf', 'terraform')],
      diagnostics: [],
    });
  });

  it('scans a file or directory reached twice once, under its own path rather than a link', () => {
    const root = tempDir();
    build(root, {
      'a-link': { link: 'z-dir' },
      'z-dir/main.bicep': '{}',
      'alias.bicep': { link: 'z-dir/main.bicep' },
      'z-dir/also.json': { link: '../zz.json' },
      'zz.json': '{}',
    });
    expect(discover({ root })).toEqual({
      root,
      candidates: [cand(root, 'z-dir/main.bicep', 'bicep'), cand(root, 'zz.json', 'json')],
      diagnostics: [],
    });
  });

  it('applies include and exclude to the link path and to paths below a linked directory', () => {
    const root = tempDir();
    build(root, {
      'real/a.json': '{}',
      'real/b.tf': '{}',
      'view': { link: 'real' },
    });
    expect(discover({ root, exclude: ['real', 'view/b.tf'] }).candidates.map((c) => c.file)).toEqual(['view/a.json']);
    expect(discover({ root, exclude: ['real', 'view'] }).candidates.map((c) => c.file)).toEqual([]);
  });

  it('reports links that leave the root and does not follow them', () => {
    const outside = tempDir();
    build(outside, { 'x.json': '{}', 'lib/y.tf': '{}', 'notes.txt': 'n' });
    const root = tempDir();
    const relOut = path.relative(root, outside);
    build(root, {
      'a.json': '{}',
      'ext': { link: path.join(relOut, 'lib') },
      'outside.json': { link: path.join(relOut, 'x.json') },
      'sub/abs.tf': { link: path.join(outside, 'lib', 'y.tf') },
      'notes.txt': { link: path.join(relOut, 'notes.txt') },
    });
    expect(discover({ root })).toEqual({
      root,
      candidates: [cand(root, 'a.json', 'json')],
      diagnostics: [
        fileDiagnostic(
          'skipped-file',
          'warning',
          'ext',
          `Symbolic link points outside the scan root (${path.join(relOut, 'lib')}); it was not followed.`,
        ),
        fileDiagnostic(
          'skipped-file',
          'warning',
          'outside.json',
          `Symbolic link points outside the scan root (${path.join(relOut, 'x.json')}); it was not followed.`,
        ),
        fileDiagnostic(
          'skipped-file',
          'warning',
          'sub/abs.tf',
          `Symbolic link points outside the scan root (${path.join(outside, 'lib', 'y.tf')}); it was not followed.`,
        ),
      ],
    });
  });

  it('treats a sibling directory sharing the root name as a prefix as outside', () => {
    const parent = tempDir();
    build(parent, { 'app/main.tf': '{}', 'app2/other.tf': '{}', 'app/peer': { link: '../app2' } });
    const root = path.join(parent, 'app');
    expect(discover({ root })).toEqual({
      root,
      candidates: [cand(root, 'main.tf', 'terraform')],
      diagnostics: [
        fileDiagnostic('skipped-file', 'warning', 'peer', 'Symbolic link points outside the scan root (../app2); it was not followed.'),
      ],
    });
  });

  it('terminates on directory cycles and on loops of links', () => {
    const root = tempDir();
    build(root, {
      'a/main.tf': '{}',
      'a/up': { link: '..' },
      'a/b/back': { link: '../../a' },
      'self': { link: '.' },
      'loop1.json': { link: 'loop2.json' },
      'loop2.json': { link: 'loop1.json' },
    });
    expect(discover({ root })).toEqual({
      root,
      candidates: [cand(root, 'a/main.tf', 'terraform')],
      diagnostics: [
        fileDiagnostic(
          'unreadable-file',
          'warning',
          'loop1.json',
          'Symbolic link cannot be resolved (it leads to a loop of links); it was not followed.',
        ),
        fileDiagnostic(
          'unreadable-file',
          'warning',
          'loop2.json',
          'Symbolic link cannot be resolved (it leads to a loop of links); it was not followed.',
        ),
      ],
    });
  });

  it('reads each directory once even when links make cycles', () => {
    const root = tempDir();
    build(root, { 'a/b/c.bicep': '{}', 'a/b/toA': { link: '..' }, 'a/b/toRoot': { link: '../..' } });
    const spy = vi.spyOn(fs, 'readdirSync');
    expect(files(root)).toEqual(['a/b/c.bicep']);
    expect(spy).toHaveBeenCalledTimes(3);
  });

  it('reports a broken link', () => {
    const root = tempDir();
    build(root, { 'gone.json': { link: 'missing.json' }, 'dir/gone': { link: '../nowhere/x' }, 'ok.bicep': '{}' });
    expect(discover({ root })).toEqual({
      root,
      candidates: [cand(root, 'ok.bicep', 'bicep')],
      diagnostics: [
        fileDiagnostic(
          'unreadable-file',
          'warning',
          'dir/gone',
          'Symbolic link is broken: its target ../nowhere/x does not exist; it was not followed.',
        ),
        fileDiagnostic(
          'unreadable-file',
          'warning',
          'gone.json',
          'Symbolic link is broken: its target missing.json does not exist; it was not followed.',
        ),
      ],
    });
  });

  it('accepts a root that is itself a link, keeping the path as given', () => {
    const parent = tempDir();
    build(parent, { 'real/a.json': '{}', 'real/in': { link: 'sub' }, 'real/sub/b.tf': '{}', 'alias': { link: 'real' } });
    const root = path.join(parent, 'alias');
    const result = discover({ root });
    expect(result).toEqual({
      root,
      candidates: [cand(root, 'a.json', 'json'), cand(root, 'sub/b.tf', 'terraform')],
      diagnostics: [],
    });
  });
});

describe('unreadable directories', () => {
  it('reports a directory that cannot be read and goes on', () => {
    const root = tempDir();
    build(root, { 'a/x.json': '{}', 'locked/y.json': '{}', 'z.tf': '{}' });
    const original = fs.readdirSync;
    vi.spyOn(fs, 'readdirSync').mockImplementation(((p: fs.PathLike, opts?: unknown) => {
      if (String(p) === path.join(root, 'locked')) {
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(p)}'`), { code: 'EACCES' });
      }
      return (original as (p: fs.PathLike, o?: unknown) => unknown)(p, opts);
    }) as typeof fs.readdirSync);
    expect(discover({ root })).toEqual({
      root,
      candidates: [cand(root, 'a/x.json', 'json'), cand(root, 'z.tf', 'terraform')],
      diagnostics: [
        fileDiagnostic(
          'unreadable-file',
          'warning',
          'locked',
          'Directory cannot be read (permission denied); the files in it were not scanned. Check its permissions or exclude it.',
        ),
      ],
    });
  });
});

describe('root', () => {
  it('accepts a single file: the result root is its directory', () => {
    const dir = tempDir();
    build(dir, { 'main.bicep': '{}', 'other.json': '{}' });
    expect(discover({ root: path.join(dir, 'main.bicep') })).toEqual({
      root: dir,
      candidates: [cand(dir, 'main.bicep', 'bicep')],
      diagnostics: [],
    });
  });

  it('returns nothing for a single file of an unknown kind', () => {
    const dir = tempDir();
    build(dir, { 'notes.md': '#' });
    expect(discover({ root: path.join(dir, 'notes.md') })).toEqual({ root: dir, candidates: [], diagnostics: [] });
  });

  it('reports a single file over the size limit', () => {
    const dir = tempDir();
    build(dir, { 'vars.tfvars': 'x'.repeat(50) });
    expect(discover({ root: path.join(dir, 'vars.tfvars'), maxFileBytes: 10 })).toEqual({
      root: dir,
      candidates: [],
      diagnostics: [
        fileDiagnostic(
          'skipped-file',
          'warning',
          'vars.tfvars',
          'File is 50 bytes, over the 10 bytes size limit; it was not scanned. Raise the limit (--max-file-size) or exclude the file.',
        ),
      ],
    });
  });

  it('resolves a relative root to an absolute one', () => {
    const root = tempDir();
    build(root, { 'a/b.json': '{}' });
    const result = discover({ root: path.relative(process.cwd(), root) });
    expect(result.root).toBe(root);
    expect(result.candidates).toEqual([cand(root, 'a/b.json', 'json')]);
  });

  it('throws DiscoveryError naming a missing root', () => {
    const missing = path.join(tempDir(), 'no-such-dir');
    const run = (): unknown => discover({ root: missing });
    expect(run).toThrow(DiscoveryError);
    expect(run).toThrow(`Scan root ${missing} does not exist. Check the path`);
  });

  it('throws DiscoveryError for a root below a file', () => {
    const dir = tempDir();
    build(dir, { 'a.json': '{}' });
    const bad = path.join(dir, 'a.json', 'x');
    expect(() => discover({ root: bad })).toThrow(`Scan root ${bad} does not exist.`);
  });

  it('throws DiscoveryError when the root directory cannot be read', () => {
    const root = tempDir();
    vi.spyOn(fs, 'readdirSync').mockImplementation((() => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    }) as typeof fs.readdirSync);
    const run = (): unknown => discover({ root });
    expect(run).toThrow(DiscoveryError);
    expect(run).toThrow(`Scan root ${root} cannot be read (permission denied).`);
  });

  it('is a real Error subclass', () => {
    const err = new DiscoveryError('x');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('DiscoveryError');
  });
});
