// Azure DevOps refuses the comments (403): a warning that says what to grant; the findings decide the result.
const { runTask, pullRequestBuild, fakeAzureDevOps, fixture } = require('./_task');

fakeAzureDevOps(403, "TF401027: You need the Git 'PullRequestContribute' permission to perform this action.").then((uri) => {
  const pr = pullRequestBuild(uri);
  runTask({ inputs: { scanPath: fixture('clean') }, variables: pr.variables, env: pr.env });
});
