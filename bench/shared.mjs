// Where the workplace's shared material is: IAC_SCAN_SHARED, or ../shared beside the checkout.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function sharedDir() {
  const dir = process.env.IAC_SCAN_SHARED ?? path.resolve(repoRoot, '..', 'shared');
  if (!fs.existsSync(dir)) {
    console.error(`bench: shared material not found at ${dir}; set IAC_SCAN_SHARED to the folder that holds benchmark/ and data/.`);
    process.exit(2);
  }
  return dir;
}
