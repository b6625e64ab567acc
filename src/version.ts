import * as fs from 'node:fs';
import * as path from 'node:path';

/** The package version, read once from package.json (two folders up from both src/ and dist/). */
export const TOOL_VERSION: string = readVersion();

export const INFORMATION_URI = 'https://github.com/iac-scan/iac-scan';

function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
