import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root (this file lives in `test/support/`). */
export const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * The shared reference folder (schemas, corpus, benchmark): `$IAC_SCAN_SHARED`, else `../shared` next to the
 * repository. Throws when it is missing, so a test never passes by validating against nothing.
 */
export function sharedDir(): string {
  const fromEnv = process.env['IAC_SCAN_SHARED'];
  const dir = fromEnv ? path.resolve(fromEnv) : path.resolve(repoRoot, '..', 'shared');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(
      `Shared reference folder not found at ${dir}` +
        (fromEnv ? ' (from IAC_SCAN_SHARED).' : '. Set IAC_SCAN_SHARED to the folder that holds data/schemas/.'),
    );
  }
  return dir;
}

/** A file inside the shared folder; throws with its full path when it is missing. */
export function sharedFile(...segments: string[]): string {
  const file = path.join(sharedDir(), ...segments);
  if (!fs.existsSync(file)) throw new Error(`Shared file not found: ${file}`);
  return file;
}
