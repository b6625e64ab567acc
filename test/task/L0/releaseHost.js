// In a release pipeline the agent rejects artifact uploads: the SARIF file is written but not uploaded.
const { runTask, fixture } = require('./_task');

runTask({ inputs: { scanPath: fixture('clean') }, variables: { 'System.HostType': 'release' } });
