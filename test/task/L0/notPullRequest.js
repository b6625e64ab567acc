// A CI build: no pull request to comment on, and the log says why.
const { runTask, fixture } = require('./_task');

runTask({ inputs: { scanPath: fixture('high') }, variables: { 'Build.Reason': 'IndividualCI' } });
