import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedLines, GitCheckout, mapLine, parseUnifiedDiff, type Hunk } from '../../src/ado/gitLines';

describe('unified diff hunks', () => {
  const diff = [
    'diff --git a/x.json b/x.json',
    '--- a/x.json',
    '+++ b/x.json',
    '@@ -3 +3,2 @@',
    '-old',
    '+new1',
    '+new2',
    '@@ -10,0 +12,3 @@',
    '+a',
    '+b',
    '+c',
    'diff --git a/gone.json b/gone.json',
    '--- a/gone.json',
    '+++ /dev/null',
    '@@ -1,2 +0,0 @@',
    '-x',
    '-y',
  ].join('\n');

  it('parses per new-side file; deleted files have none', () => {
    const files = parseUnifiedDiff(diff);
    expect([...files.keys()]).toEqual(['x.json']);
    expect(files.get('x.json')).toEqual([
      { oldStart: 3, oldCount: 1, newStart: 3, newCount: 2 },
      { oldStart: 10, oldCount: 0, newStart: 12, newCount: 3 },
    ]);
  });

  it('lists the changed new-side lines', () => {
    expect([...changedLines(parseUnifiedDiff(diff).get('x.json')!)]).toEqual([3, 4, 12, 13, 14]);
  });

  it('maps old lines to new lines around replacements and insertions', () => {
    const hunks: Hunk[] = parseUnifiedDiff(diff).get('x.json')!;
    expect([1, 2, 3, 4, 10, 11, 20].map((l) => mapLine(hunks, l))).toEqual([1, 2, undefined, 5, 11, 15, 24]);
  });
});

describe('GitCheckout on a real repository', () => {
  it('maps the scanned merge commit to the source commit and lists the PR changed lines', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-gitlines-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
    const write = (lines: string[]) => fs.writeFileSync(path.join(dir, 'main.json'), lines.join('\n') + '\n');
    git('init', '-q', '-b', 'main');
    write(['a', 'b', 'c', 'd', 'e']);
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    const base = git('rev-parse', 'HEAD');
    git('checkout', '-q', '-b', 'feature');
    write(['a', 'b', 'C-changed', 'd', 'e']);
    git('commit', '-q', '-am', 'pr change');
    const source = git('rev-parse', 'HEAD');
    git('checkout', '-q', 'main');
    write(['header1', 'header2', 'a', 'b', 'c', 'd', 'e']);
    git('commit', '-q', '-am', 'target change');
    git('merge', '-q', '--no-ff', '-m', 'merge', 'feature');
    const merge = git('rev-parse', 'HEAD');

    const checkout = new GitCheckout(dir);
    expect(checkout.head()).toBe(merge);
    expect(checkout.hasCommit(source)).toBe(true);
    expect(checkout.hasCommit('0'.repeat(40))).toBe(false);
    // In the merge commit, the PR's changed line is line 5; in the source commit it is line 3.
    const toSource = checkout.diff(merge, source)!.get('main.json')!;
    expect(mapLine(toSource, 5)).toBe(3);
    expect(mapLine(toSource, 1)).toBeUndefined(); // a line the target branch added has no place in the source
    expect([...changedLines(checkout.diff(base, source)!.get('main.json')!)]).toEqual([3]);
  });
});
