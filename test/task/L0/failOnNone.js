// failOnSeverity none: even a critical finding does not fail the task.
const { runTask, fixture } = require('./_task');

runTask({ inputs: { scanPath: fixture('critical'), failOnSeverity: 'none' } });
