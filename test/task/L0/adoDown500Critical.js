// Azure DevOps answers 500 to everything (Retry-After 0, so the retries take no time): the comments fail with a
// warning, and the critical finding alone fails the task, after the SARIF file and the summary are written.
const { runTask, pullRequestBuild, fixture } = require('./_task');
const { failingAzureDevOps } = require('./_faults');

failingAzureDevOps(500, { 'Retry-After': '0' }).then((uri) => {
  const pr = pullRequestBuild(uri);
  runTask({ inputs: { scanPath: fixture('critical'), failOnSeverity: 'critical' }, variables: pr.variables, env: pr.env });
});
