// A scan root that is neither a file nor a folder (a named pipe) stops the scan: the task fails with the
// discovery error. POSIX only (mkfifo).
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { runTask } = require('./_task');

const pipe = path.join(process.env.L0_WORK, 'pipe');
execFileSync('mkfifo', [pipe]);
runTask({ inputs: { scanPath: pipe } });
