// A template with nothing to report, in a build pipeline: the task succeeds, and writes and publishes the SARIF
// file with the pipeline's automation details.
const { runTask, fixture } = require('./_task');

runTask({
  inputs: { scanPath: fixture('clean') },
  variables: {
    'System.CollectionUri': 'https://dev.azure.com/fabrikam/',
    'System.TeamProject': 'Proj',
    'Build.DefinitionId': '5',
    'Build.DefinitionName': 'infra-ci',
    'Build.BuildId': '42',
    'System.PhaseId': 'a0b1c2d3-0000-4000-8000-000000000001',
    'System.PhaseName': 'Scan',
    'Build.SourceBranch': 'refs/heads/main',
  },
});
