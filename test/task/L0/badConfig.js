// An invalid configuration file fails the task with its file, line and reason; nothing is scanned.
const fs = require('node:fs');
const path = require('node:path');
const { runTask, fixture, workFolder } = require('./_task');

const dir = workFolder('repo', {
  'network.json': fs.readFileSync(path.join(fixture('critical'), 'network.json'), 'utf8'),
  '.iac-scan.yml': 'exclude: [tests/**]\nsuppressions:\n  - rule: IAC-NSG-001\n    path: network.json\n',
});
runTask({ inputs: { scanPath: dir } });
