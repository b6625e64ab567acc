// Nothing listens at the collection URI (connection refused): the comments fail at once with a warning, and the
// low finding makes the task succeed with issues, as it would without Azure DevOps.
const { runTask, pullRequestBuild, fixture } = require('./_task');
const { unreachableAzureDevOps } = require('./_faults');

unreachableAzureDevOps().then((uri) => {
  const pr = pullRequestBuild(uri);
  runTask({ inputs: { scanPath: fixture('low') }, variables: pr.variables, env: pr.env });
});
