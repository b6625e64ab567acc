// configFile names a configuration file outside the scan root, which says failOnSeverity none.
const fs = require('node:fs');
const path = require('node:path');
const { runTask, fixture, workFolder } = require('./_task');

const dir = workFolder('repo', {
  'network.json': fs.readFileSync(path.join(fixture('critical'), 'network.json'), 'utf8'),
  'settings/iac-scan.yaml': 'failOnSeverity: none\n',
});
runTask({ inputs: { scanPath: path.join(dir, 'network.json'), configFile: path.join(dir, 'settings', 'iac-scan.yaml') } });
