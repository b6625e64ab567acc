import * as fs from 'node:fs';
import * as path from 'node:path';

/** Reads lines of scanned files (relative to `root`), each file once; used for line hashes. */
export function lineReader(root: string): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (file, line) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, fs.readFileSync(path.join(root, file), 'utf8').split(/\r\n|\r|\n/));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file)?.[line - 1];
  };
}
