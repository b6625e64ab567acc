// annotatePullRequest false on a pull-request build: skipped with the reason, the token is not even read.
const { runTask, pullRequestBuild, fixture } = require('./_task');

const pr = pullRequestBuild('http://127.0.0.1:9/org/');
runTask({ inputs: { scanPath: fixture('clean'), annotatePullRequest: 'false' }, variables: pr.variables, env: pr.env });
