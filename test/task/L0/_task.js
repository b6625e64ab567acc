'use strict';
// Shared set-up of the L0 scenarios. Each scenario runs the task compiled by tsc (path in L0_TASK) under
// TaskMockRunner, with inputs and pipeline variables; files go to L0_WORK, a temporary folder per test.
// The pipeline environment of the process running the tests is removed first, so scenarios are hermetic.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { TaskMockRunner } = require('azure-pipelines-task-lib/mock-run');

const fixtures = path.resolve(__dirname, '..', 'fixtures');
/** The job token of the scenarios (not 52 characters, so the annotator sends it as a bearer token). */
const TOKEN = 'l0-job-token-3f9a7c21e5d04b8e';

const PIPELINE_ENV = /^(AGENT|BUILD|SYSTEM|RELEASE|ENDPOINT|SECRET|INPUT|VSTS|TF)_/;

/**
 * @param {{ inputs?: Record<string, string>, variables?: Record<string, string>, env?: Record<string, string> }} options
 *   inputs by task.json name; variables by dotted name (Build.Reason); env as raw environment variables.
 */
function runTask({ inputs = {}, variables = {}, env = {} } = {}) {
  const task = process.env.L0_TASK;
  const work = process.env.L0_WORK;
  if (!task || !work) throw new Error('L0_TASK and L0_WORK are not set; the scenarios are run by test/task/l0.test.ts');
  for (const key of Object.keys(process.env)) if (PIPELINE_ENV.test(key)) delete process.env[key];
  const vars = {
    'Agent.TempDirectory': work, // task-lib writes .taskkey here
    'Build.SourcesDirectory': fixtures,
    'Build.ArtifactStagingDirectory': path.join(work, 'staging'),
    'System.HostType': 'build',
    'Build.Reason': 'IndividualCI',
    ...variables,
  };
  for (const [name, value] of Object.entries(vars)) process.env[name.replace(/\./g, '_').toUpperCase()] = value;
  Object.assign(process.env, env);
  const tmr = new TaskMockRunner(task);
  for (const [name, value] of Object.entries(inputs)) tmr.setInput(name, value);
  tmr.run();
}

/** Variables of a pull-request build of Azure Repos against `collectionUri`, and the job token. */
function pullRequestBuild(collectionUri) {
  return {
    variables: {
      'Build.Reason': 'PullRequest',
      'Build.Repository.Provider': 'TfsGit',
      'Build.Repository.ID': 'repo-1',
      'System.PullRequest.PullRequestId': '7',
      'System.CollectionUri': collectionUri,
      'System.TeamProject': 'Proj',
      'Build.BuildId': '42',
    },
    env: { ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: TOKEN },
  };
}

/**
 * A stand-in for Azure DevOps that answers every request with `status` and an error `message`, and logs each
 * request (whether it carried the job token as a bearer token). Resolves to the collection URI.
 */
function fakeAzureDevOps(status, message) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const auth = req.headers.authorization === `Bearer ${TOKEN}` ? 'bearer-token' : 'other';
      console.log(`fake-azure-devops: ${req.method} ${req.url} auth=${auth}`);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message, typeKey: 'GitNeedsPermissionException', errorCode: 0 }));
    });
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve(`http://127.0.0.1:${server.address().port}/org/`);
    });
  });
}

/** A folder in L0_WORK with the given files. */
function workFolder(name, files) {
  const dir = path.join(process.env.L0_WORK, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

module.exports = { runTask, pullRequestBuild, fakeAzureDevOps, workFolder, fixture: (name) => path.join(fixtures, name), TOKEN };
