// Logging commands hidden in a scanned file's name and content, and in an Azure DevOps error message, must not
// run; the job token must not be printed.
const fs = require('node:fs');
const path = require('node:path');
const { runTask, pullRequestBuild, fakeAzureDevOps, workFolder } = require('./_task');

// The web app template of the examples, with the TLS parameter's default replaced by a logging command: the
// finding's message quotes that value.
const webapp = fs
  .readFileSync(path.resolve(__dirname, '..', '..', '..', 'examples', 'arm', 'webapp.json'), 'utf8')
  .replace('"defaultValue": "1.0", "allowedValues": ["1.0", "1.1", "1.2"]', '"defaultValue": "##vso[task.setvariable variable=fromContent]pwned"');
if (!webapp.includes('fromContent')) throw new Error('the example template changed; update this scenario');
const dir = workFolder('repo', { 'infra/##vso[task.setvariable variable=fromName]pwned.json': webapp });

fakeAzureDevOps(403, '##vso[task.setvariable variable=fromServer]pwned').then((uri) => {
  const pr = pullRequestBuild(uri);
  runTask({
    inputs: { scanPath: dir, failOnSeverity: 'none' },
    variables: { ...pr.variables, 'Build.SourcesDirectory': dir },
    env: pr.env,
  });
});
