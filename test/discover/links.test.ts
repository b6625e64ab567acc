/**
 * Hostile links: whoever opens a pull request chooses the links in it. Discovery follows a link only to a
 * directory or file inside the scan root, reads each real directory once (a link to an ancestor ends there,
 * silently), and reports links that leave the root, are broken or loop (diagnostics, not followed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { discover } from '../../src/discover/discover';
import { fileDiagnostic } from '../../src/model/diagnostic';

const temps: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-links-'));
  temps.push(dir);
  return dir;
}

function build(dir: string, spec: Record<string, string | { link: string }>): void {
  for (const [rel, what] of Object.entries(spec)) {
    const abs = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (typeof what === 'string') fs.writeFileSync(abs, what);
    else fs.symlinkSync(what.link, abs);
  }
}

const outside = (rel: string, target: string) =>
  fileDiagnostic('skipped-file', 'warning', rel, `Symbolic link points outside the scan root (${target}); it was not followed.`);

describe('links that leave the scan root', () => {
  it('a link to /, to the parent, to a file outside, and one reached through a linked folder are reported, not followed', () => {
    const parent = tempDir();
    build(parent, { 'secret.tf': '{}', 'root/main.tf': '{}' });
    const root = path.join(parent, 'root');
    build(root, {
      'slash': { link: '/' },
      'up': { link: '..' },
      'stolen.tf': { link: '../secret.tf' },
      'abs.json': { link: path.join(parent, 'secret.tf') },
      'real/escape': { link: '/' },
      'alias': { link: 'real' },
    });
    expect(discover({ root })).toEqual({
      root,
      candidates: [{ path: path.join(root, 'main.tf'), file: 'main.tf', size: 2, kind: 'terraform' }],
      // The folder reached twice (real/ and alias/) is read once: its link is reported once.
      diagnostics: [
        outside('abs.json', path.join(parent, 'secret.tf')),
        outside('real/escape', '/'),
        outside('slash', '/'),
        outside('stolen.tf', '../secret.tf'),
        outside('up', '..'),
      ],
    });
  });
});

describe('links that loop or lead nowhere', () => {
  it('a folder linked to its ancestor is read once; a ring of links and a dangling link are reported', () => {
    const root = tempDir();
    const ring: Record<string, { link: string }> = {};
    for (let i = 0; i < 40; i++) ring[`ring/l${i}.json`] = { link: `l${(i + 1) % 40}.json` };
    build(root, {
      'a/b/c/main.bicep': '{}',
      'a/b/c/top': { link: '../../..' },
      'a/b/self': { link: '.' },
      'dangling.tf': { link: 'nowhere/missing.tf' },
      ...ring,
    });
    const readdir = vi.spyOn(fs, 'readdirSync');
    const result = discover({ root });
    expect(result.candidates.map((c) => c.file)).toEqual(['a/b/c/main.bicep']);
    expect(result.diagnostics).toEqual([
      fileDiagnostic('unreadable-file', 'warning', 'dangling.tf', 'Symbolic link is broken: its target nowhere/missing.tf does not exist; it was not followed.'),
      ...Array.from({ length: 40 }, (_, i) => `ring/l${i}.json`)
        .sort()
        .map((file) => fileDiagnostic('unreadable-file', 'warning', file, 'Symbolic link cannot be resolved (it leads to a loop of links); it was not followed.')),
    ]);
    // root, a, a/b, a/b/c, ring: each real folder once.
    expect(readdir).toHaveBeenCalledTimes(5);
  });

  it('a thousand links to the root itself cost one read each, and find nothing twice', { timeout: 20_000 }, () => {
    const root = tempDir();
    const spec: Record<string, string | { link: string }> = { 'main.tf': '{}' };
    for (let i = 0; i < 1000; i++) spec[`d${i}/up`] = { link: '..' };
    build(root, spec);
    const result = discover({ root });
    expect(result.candidates.map((c) => c.file)).toEqual(['main.tf']);
    expect(result.diagnostics).toEqual([]);
  });
});
