// A configuration file at the scan root suppresses the critical finding (with a reason) and sets the gate.
const fs = require('node:fs');
const path = require('node:path');
const { runTask, fixture, workFolder } = require('./_task');

const dir = workFolder('repo', {
  'network.json': fs.readFileSync(path.join(fixture('critical'), 'network.json'), 'utf8'),
  '.iac-scan.yml': [
    'failOnSeverity: low',
    'suppressions:',
    '  - rule: IAC-NSG-001',
    '    path: network.json',
    '    reason: jump box reachable by the vendor until the VPN is live',
    '    expires: 2099-12-31',
  ].join('\n'),
});
runTask({ inputs: { scanPath: dir } });
