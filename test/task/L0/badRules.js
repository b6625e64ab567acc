// A rule file that does not parse stops the scan: the task fails with the rule loader's message.
const { runTask, fixture } = require('./_task');

runTask({ inputs: { scanPath: fixture('clean'), rulesPath: fixture('rules-invalid') } });
