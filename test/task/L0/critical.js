// A critical finding with the default threshold (critical): the task fails with the gate's message.
const { runTask, fixture } = require('./_task');

runTask({ inputs: { scanPath: fixture('critical'), failOnSeverity: 'critical' } });
