// A scan path that does not exist fails the task with a message that names the input.
const { runTask, fixture } = require('./_task');

runTask({ inputs: { scanPath: fixture('no-such-folder') } });
