// A baseline written by the engine's own baseline writer (as `iac-scan baseline` does) accepts the critical
// finding; a second template added afterwards has a new finding, which alone gates.
const fs = require('node:fs');
const path = require('node:path');
const { runTask, fixture, workFolder } = require('./_task');

const dist = path.resolve(path.dirname(process.env.L0_TASK), '..');
const { scan } = require(path.join(dist, 'scan', 'scan.js'));
const { baselineOf } = require(path.join(dist, 'suppress', 'baseline.js'));

const network = fs.readFileSync(path.join(fixture('critical'), 'network.json'), 'utf8');
const dir = workFolder('repo', { 'network.json': network });
fs.writeFileSync(path.join(dir, 'accepted.json'), baselineOf(scan({ path: dir }).findings, 'test'));
// Lines move (a blank line and a comment above the resource) without changing what is deployed.
fs.writeFileSync(path.join(dir, 'network.json'), network.replace('"resources": [', '"resources": [\n\n    // the jump box\n'));
fs.writeFileSync(path.join(dir, 'second.json'), network.replace('jumpbox-nsg', 'bastion-nsg'));
runTask({ inputs: { scanPath: dir, baselineFile: path.join(dir, 'accepted.json'), failOnSeverity: 'critical' } });
