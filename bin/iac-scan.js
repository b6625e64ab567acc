#!/usr/bin/env node
'use strict';
let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('iac-scan: the program is not built yet. Run `npm run build` in the iac-scan folder first.\n');
    process.exit(2);
  }
  throw err;
}
process.exitCode = cli.main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
