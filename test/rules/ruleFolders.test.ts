/**
 * Rule folders can come from a configuration file in the repository scanned: a folder that is not a rules
 * folder (`/`, a home folder) fails fast, and a huge file is not read.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRules, MAX_RULE_FILE_BYTES, MAX_RULE_FOLDER_ENTRIES } from '../../src/rules/loadRules';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-rulefolders-'));
  temps.push(dir);
  return dir;
}

describe('rule folders', () => {
  it('states the limits', () => {
    expect({ MAX_RULE_FOLDER_ENTRIES, MAX_RULE_FILE_BYTES }).toEqual({ MAX_RULE_FOLDER_ENTRIES: 20_000, MAX_RULE_FILE_BYTES: 1_048_576 });
  });

  it('a folder with more entries than a rules folder has is refused before reading them all', { timeout: 60_000 }, () => {
    const dir = tempDir();
    for (let d = 0; d < 21; d++) {
      fs.mkdirSync(path.join(dir, `d${d}`));
      for (let f = 0; f < 1000; f++) fs.writeFileSync(path.join(dir, `d${d}`, `f${f}.txt`), '');
    }
    expect(() => loadRules([dir])).toThrow(
      `Invalid rule file ${dir}: the rules folder holds more than 20000 files and folders; give the folder that holds the rule files (--rules, the task input rulesPath, or rules.folders of the configuration file)`,
    );
  });

  it('a rule file over 1 MiB is refused unread', () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.yaml');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, MAX_RULE_FILE_BYTES + 1);
    expect(() => loadRules([dir])).toThrow(`Invalid rule file ${file}: the rule file is 1048577 bytes, more than the 1048576 a rule file may have`);
  });

  it('links in a rules folder are not followed (a loop ends)', () => {
    const dir = tempDir();
    fs.symlinkSync('.', path.join(dir, 'loop'));
    fs.symlinkSync('/', path.join(dir, 'root'));
    expect(loadRules([dir])).toEqual([]);
  });
});
