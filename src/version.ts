import * as fs from 'node:fs';
import * as path from 'node:path';

/** Replaced with the package version by the task bundle (`scripts/bundle.mjs`, esbuild `define`). */
declare const __IAC_SCAN_VERSION__: string | undefined;

/**
 * The package version: injected by the bundle, else read once from package.json (one folder up from
 * both src/ and dist/).
 */
export const TOOL_VERSION: string = typeof __IAC_SCAN_VERSION__ === 'string' ? __IAC_SCAN_VERSION__ : readVersion();

export const INFORMATION_URI = 'https://github.com/iac-scan/iac-scan';

function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
