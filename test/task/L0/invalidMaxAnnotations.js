// maxAnnotations must be a whole number, 0 or more.
const { runTask, fixture } = require('./_task');

runTask({ inputs: { scanPath: fixture('clean'), maxAnnotations: '-5' } });
