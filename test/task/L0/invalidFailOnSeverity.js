// A YAML pipeline passes a value that is not in the pickList.
const { runTask, fixture } = require('./_task');

runTask({ inputs: { scanPath: fixture('clean'), failOnSeverity: 'severe' } });
