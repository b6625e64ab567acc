// configFile is accepted but not read by this version: a warning, and the scan goes on.
const { runTask, fixture } = require('./_task');

runTask({ inputs: { scanPath: fixture('clean'), configFile: fixture('clean/iac-scan.yaml') } });
