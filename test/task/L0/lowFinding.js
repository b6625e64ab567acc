// A low finding becomes a warning issue at its file and line.
const { runTask, fixture } = require('./_task');

runTask({ inputs: { scanPath: fixture('low') } });
