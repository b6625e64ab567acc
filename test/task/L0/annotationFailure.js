// failOnAnnotationError: the refused comments fail the task, after the SARIF file and the summary are written.
const { runTask, pullRequestBuild, fakeAzureDevOps, fixture } = require('./_task');

fakeAzureDevOps(403, "TF401027: You need the Git 'PullRequestContribute' permission to perform this action.").then((uri) => {
  const pr = pullRequestBuild(uri);
  runTask({ inputs: { scanPath: fixture('clean'), failOnAnnotationError: 'true' }, variables: pr.variables, env: pr.env });
});
