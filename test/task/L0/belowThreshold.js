// A high finding below the threshold (critical): the task succeeds with issues.
const { runTask, fixture } = require('./_task');

runTask({ inputs: { scanPath: fixture('high'), failOnSeverity: 'critical' } });
