import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateSarif } from '../report/sarifValidators';
import { l0Harness, named } from './l0Harness';

/**
 * L0 tests: each scenario in L0/ runs the task compiled by tsc under task-lib's mock runner, in a child
 * process, and the tests read what the agent would read: the logging commands on stdout and the files.
 */

const fixtures = path.join(__dirname, 'fixtures');
/** Same value as TOKEN in L0/_task.js. */
const TOKEN = 'l0-job-token-3f9a7c21e5d04b8e';

const { run } = l0Harness();
const readSarif = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as { runs: { results: unknown[]; automationDetails: { id: string; properties?: Record<string, unknown> } }[] };

describe('task L0', () => {
  it('succeeds on a clean scan, writes the SARIF file with the pipeline automation details, and publishes it', async () => {
    const r = await run('clean.js');
    expect(r.result, r.transcript).toEqual({ result: 'Succeeded', message: 'No findings.' });
    expect(r.tr.stderr).toBe('');
    expect(r.outputs).toEqual({
      criticalCount: '0',
      highCount: '0',
      mediumCount: '0',
      lowCount: '0',
      infoCount: '0',
      findingCount: '0',
      suppressedCount: '0',
      sarifFile: r.sarifFile,
    });
    const sarif = readSarif(r.sarifFile);
    expect(sarif.runs[0]!.results).toEqual([]);
    expect(sarif.runs[0]!.automationDetails).toEqual({
      id: 'azuredevops/pipeline/build/fabrikam/Proj/5/Scan/refs/heads/main/42',
      properties: {
        'azuredevops/pipeline/build/buildDefinitionId': '5',
        'azuredevops/pipeline/build/buildDefinitionName': 'infra-ci',
        'azuredevops/pipeline/build/phaseId': 'a0b1c2d3-0000-4000-8000-000000000001',
        'azuredevops/pipeline/build/phaseName': 'Scan',
      },
    });
    expect(validateSarif(sarif, 'oasis').errors).toEqual([]);
    expect(named(r, 'artifact.upload')).toEqual([
      { name: 'artifact.upload', properties: { containerfolder: 'CodeAnalysisLogs', artifactname: 'CodeAnalysisLogs' }, message: r.sarifFile },
    ]);
    const summary = path.join(path.dirname(r.sarifFile), 'iac-scan-summary.md');
    expect(named(r, 'task.uploadsummary').map((c) => c.message)).toEqual([summary]);
    expect(fs.readFileSync(summary, 'utf8')).toContain('**✅ Succeeded:** No findings\\.');
    expect(named(r, 'task.logissue')).toEqual([]);
    expect(r.tr.warningIssues).toEqual([]);
  });

  it('fails on a critical finding with the count message, an error issue at its line, and the output variables', async () => {
    const r = await run('critical.js');
    const message = "1 finding(s) at or above severity 'critical' (1 critical, 0 high, 0 medium, 0 low, 0 info).";
    expect(r.result, r.transcript).toEqual({ result: 'Failed', message });
    expect(r.tr.errorIssues).toEqual([message]);
    expect(r.lines).toContain(
      `##vso[task.logissue type=error;code=IAC-NSG-001;sourcepath=${path.join(fixtures, 'critical', 'network.json')};linenumber=17;columnnumber=15;]` +
        'IAC-NSG-001 Network security group lets the Internet reach SSH (port 22): properties.securityRules[0].properties.destinationPortRange is "22".',
    );
    expect(r.outputs).toMatchObject({ criticalCount: '1', highCount: '0', mediumCount: '0', lowCount: '0', infoCount: '0', findingCount: '1' });
    // The SARIF file is written even though the task fails.
    expect(readSarif(r.sarifFile).runs[0]!.results).toHaveLength(1);
  });

  it('succeeds with issues when the findings are below the threshold', async () => {
    const r = await run('belowThreshold.js');
    const message = "1 finding(s) below severity 'critical' (0 critical, 1 high, 0 medium, 0 low, 0 info).";
    expect(r.result, r.transcript).toEqual({ result: 'SucceededWithIssues', message });
    expect(r.tr.warningIssues).toEqual([message]);
    expect(named(r, 'task.logissue').map((c) => [c.properties['type'], c.properties['code'], c.properties['linenumber']])).toEqual([['error', 'IAC-STG-001', '9']]);
  });

  it('never fails with failOnSeverity none', async () => {
    const r = await run('failOnNone.js');
    expect(r.result, r.transcript).toEqual({
      result: 'SucceededWithIssues',
      message: '1 finding(s) (1 critical, 0 high, 0 medium, 0 low, 0 info); the build is not gated (fail-on none).',
    });
    expect(r.outputs['criticalCount']).toBe('1');
  });

  it('reports a low finding as a warning issue at its file, line and column', async () => {
    const r = await run('lowFinding.js');
    expect(r.result.result, r.transcript).toBe('SucceededWithIssues');
    expect(named(r, 'task.logissue')).toEqual([
      {
        name: 'task.logissue',
        properties: { type: 'warning', code: 'IAC-STG-007', sourcepath: path.join(fixtures, 'low', 'storage.json'), linenumber: '11', columnnumber: '86' },
        message: 'IAC-STG-007 Storage firewall shuts out trusted Azure services: properties.networkAcls.bypass is "None".',
      },
    ]);
  });

  it('fails on a failOnSeverity value that is not in the list, naming the input, the value and the allowed values', async () => {
    const r = await run('invalidFailOnSeverity.js');
    expect(r.result, r.transcript).toEqual({
      result: 'Failed',
      message: "Input 'failOnSeverity' has the value 'severe', which is not allowed. Allowed values: critical, high, medium, low, none.",
    });
    expect(fs.existsSync(r.sarifFile)).toBe(false);
    expect(r.outputs).toEqual({});
  });

  it('fails on a maxAnnotations value that is not a whole number of 0 or more', async () => {
    const r = await run('invalidMaxAnnotations.js');
    expect(r.result, r.transcript).toEqual({
      result: 'Failed',
      message: "Input 'maxAnnotations' has the value '-5', which is not allowed. Allowed values: a whole number, 0 or more.",
    });
  });

  it('fails when the scan path does not exist, naming the input', async () => {
    const r = await run('missingScanPath.js');
    expect(r.result.result, r.transcript).toBe('Failed');
    expect(r.result.message).toBe(
      `Input 'scanPath': '${path.join(fixtures, 'no-such-folder')}' does not exist. Give a folder or a template file; relative paths start at the checkout (${fixtures}).`,
    );
  });

  it.skipIf(process.platform === 'win32')('fails with the discovery error when the scan root cannot be scanned', async () => {
    const r = await run('scanRootNotAFile.js');
    expect(r.result, r.transcript).toEqual({
      result: 'Failed',
      message: `Scan root ${path.join(r.work, 'pipe')} is neither a file nor a directory; pass a directory or a template file.`,
    });
    expect(fs.existsSync(r.sarifFile)).toBe(false);
  });

  it('fails with the rule loader error when a rule file in rulesPath does not parse', async () => {
    const r = await run('badRules.js');
    expect(r.result.result, r.transcript).toBe('Failed');
    expect(r.result.message).toMatch(
      new RegExp(`^Invalid rule file ${escapeRegExp(path.join(fixtures, 'rules-invalid', 'broken.yaml'))}:5: YAML syntax error: `),
    );
    expect(fs.existsSync(r.sarifFile)).toBe(false);
  });

  it('reads .iac-scan.yml at the scan root: a suppressed finding neither fails nor counts, and is kept in the SARIF file', async () => {
    const r = await run('configSuppressed.js');
    const repo = path.join(r.work, 'repo');
    expect(r.result, r.transcript).toEqual({ result: 'Succeeded', message: 'No findings; not counted: 1 suppressed.' });
    expect(r.lines).toContain(`Configuration: ${path.join(repo, '.iac-scan.yml')}`);
    expect(r.outputs).toMatchObject({ criticalCount: '0', findingCount: '0', suppressedCount: '1' });
    expect(named(r, 'task.logissue')).toEqual([]);
    const results = readSarif(r.sarifFile).runs[0]!.results as { ruleId: string; suppressions?: unknown[] }[];
    expect(results.map((x) => [x.ruleId, x.suppressions])).toEqual([
      [
        'IAC-NSG-001',
        [
          {
            kind: 'external',
            status: 'accepted',
            justification: 'jump box reachable by the vendor until the VPN is live',
            properties: { source: '.iac-scan.yml:3 suppressions[0]', expires: '2099-12-31' },
          },
        ],
      ],
    ]);
    const summary = fs.readFileSync(path.join(r.work, 'staging', 'CodeAnalysisLogs', 'iac-scan-summary.md'), 'utf8');
    expect(summary).toContain('**Not counted:** 1 suppressed. They never fail the build and get no pull-request comments.');
    expect(summary).toContain('| 🟥 Critical | `IAC-NSG-001` | `network.json:17` | jump box reachable by the vendor until the VPN is live | \\.iac\\-scan\\.yml\\:3 suppressions\\[0\\], until 2099\\-12\\-31 |');
  });

  it('reads the configuration file named by configFile (outside the scan root) and takes its failOnSeverity', async () => {
    const r = await run('configFailOn.js');
    expect(r.result, r.transcript).toEqual({
      result: 'SucceededWithIssues',
      message: '1 finding(s) (1 critical, 0 high, 0 medium, 0 low, 0 info); the build is not gated (fail-on none).',
    });
  });

  it('fails on an invalid configuration file with its file, line and reason, before scanning', async () => {
    const r = await run('badConfig.js');
    expect(r.result, r.transcript).toEqual({
      result: 'Failed',
      message: `Invalid configuration file ${path.join(r.work, 'repo', '.iac-scan.yml')}:3: suppressions.0: missing required property 'reason'`,
    });
    expect(fs.existsSync(r.sarifFile)).toBe(false);
  });

  it('gates on new findings only with a baseline; lines moving keep the accepted finding unchanged', async () => {
    const r = await run('baseline.js');
    const message = "1 finding(s) at or above severity 'critical' (1 critical, 0 high, 0 medium, 0 low, 0 info); not counted: 1 unchanged since the baseline.";
    expect(r.result, r.transcript).toEqual({ result: 'Failed', message });
    expect(r.outputs).toMatchObject({ criticalCount: '1', findingCount: '1', suppressedCount: '0' });
    expect(named(r, 'task.logissue').map((c) => [c.properties['code'], path.basename(c.properties['sourcepath']!)])).toEqual([['IAC-NSG-001', 'second.json']]);
    const results = readSarif(r.sarifFile).runs[0]!.results as { ruleId: string; baselineState?: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    expect(results.map((x) => [x.locations[0]!.physicalLocation.artifactLocation.uri, x.baselineState])).toEqual([
      ['network.json', 'unchanged'],
      ['second.json', 'new'],
    ]);
  });

  it('skips the pull-request comments on a CI build and says why', async () => {
    const r = await run('notPullRequest.js');
    expect(r.lines, r.transcript).toContain("Pull-request comments skipped: this build was not triggered by a pull request (Build.Reason is 'IndividualCI').");
    expect(r.result.result).toBe('SucceededWithIssues');
  });

  it('skips the pull-request comments when annotatePullRequest is false, without reading the token', async () => {
    const r = await run('annotationDisabled.js');
    expect(r.lines, r.transcript).toContain("Pull-request comments skipped: the input 'annotatePullRequest' is false.");
    expect(named(r, 'task.setsecret')).toEqual([]);
    expect(r.tr.stdout).not.toContain(TOKEN);
  });

  it('does not upload the artifact outside a build pipeline, and says why', async () => {
    const r = await run('releaseHost.js');
    expect(r.result.result, r.transcript).toBe('Succeeded');
    expect(named(r, 'artifact.upload')).toEqual([]);
    expect(r.lines).toContain(
      "The SARIF file is not published as the CodeAnalysisLogs artifact: artifacts can be uploaded from build pipelines only, and System.HostType is 'release'. " +
        'Publish it with a PublishPipelineArtifact step if you need it.',
    );
    expect(fs.existsSync(r.sarifFile)).toBe(true);
  });

  it('turns refused pull-request comments into a warning with the fix; the findings decide the result', async () => {
    const r = await run('annotationWarning.js');
    expect(r.result, r.transcript).toEqual({ result: 'Succeeded', message: 'No findings.' });
    expect(r.lines.some((l) => l.startsWith('fake-azure-devops: ') && l.endsWith(' auth=bearer-token'))).toBe(true);
    expect(r.lines.filter((l) => l.includes('auth=other'))).toEqual([]);
    expect(r.tr.warningIssues).toHaveLength(1);
    expect(r.tr.warningIssues[0]).toMatch(/^Azure DevOps denied permission \(403\) to .*TF401027.*"Contribute to pull requests"/);
  });

  it('fails on refused pull-request comments with failOnAnnotationError, after writing the SARIF file and the summary', async () => {
    const r = await run('annotationFailure.js');
    expect(r.result.result, r.transcript).toBe('Failed');
    expect(r.result.message).toMatch(/^Azure DevOps denied permission \(403\) to .*TF401027/);
    expect(fs.existsSync(r.sarifFile)).toBe(true);
    const order = r.commands.map((c) => c.name);
    expect(order.indexOf('artifact.upload')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('task.uploadsummary')).toBeGreaterThan(order.indexOf('artifact.upload'));
    expect(order.indexOf('task.complete')).toBeGreaterThan(order.indexOf('task.uploadsummary'));
    const summary = fs.readFileSync(path.join(path.dirname(r.sarifFile), 'iac-scan-summary.md'), 'utf8');
    expect(summary).toContain('Commenting failed: Azure DevOps denied permission \\(403\\)');
  });

  it('neutralises logging commands from scanned files and from Azure DevOps, and never prints the token', async () => {
    const r = await run('logInjection.js');
    expect(r.result.result, r.transcript).toBe('SucceededWithIssues');
    // Nothing injected reaches the agent as a command, anywhere in a line…
    expect(r.lines.filter((l) => /##vso\[task\.setvariable variable=from/i.test(l))).toEqual([]);
    expect(named(r, 'task.setvariable').map((c) => c.properties['variable'])).not.toContain('fromName');
    // …but the text is shown, neutralised: the file name, the value in a finding's message, the server's message.
    for (const source of ['fromName', 'fromContent', 'fromServer']) expect(r.tr.stdout).toContain(`##_vso[task.setvariable variable=${source}]pwned`);
    // The finding of the injected file is still an issue at its line, with the path neutralised.
    expect(named(r, 'task.logissue').map((c) => c.properties['sourcepath'])).toContain(
      path.join(r.work, 'repo', 'infra', '##_vso[task.setvariable variable=fromName%5Dpwned.json'),
    );
    // The token appears only where the agent masks it: the setsecret command, and task-lib's own debug line
    // for the endpoint parameter (the agent registers endpoint parameters as secrets).
    expect(r.lines.filter((l) => l.includes(TOKEN))).toEqual([
      `##vso[task.debug]SystemVssConnection auth param AccessToken = ${TOKEN}`,
      `##vso[task.setsecret]${TOKEN}`,
    ]);
  });

  it('keeps a hostile pull request inert and never reveals the token, even when the server quotes the Authorization header', async () => {
    const r = await run('hostileInput.js');
    const pat = 'patlike0token0for0the0hostile0input0scenario0abc1234';
    const basic = Buffer.from(`PAT:${pat}`).toString('base64');
    // The gate decides (a high finding, failOnSeverity high), not the failing server.
    expect(r.result, r.transcript).toEqual({ result: 'Failed', message: "1 finding(s) at or above severity 'high' (0 critical, 1 high, 1 medium, 3 low, 0 info)." });
    // No logging command from the file name, the value or the server runs: the only task.setvariable are ours.
    expect(named(r, 'task.setvariable').map((c) => c.properties['variable'])).toEqual([
      'criticalCount', 'highCount', 'mediumCount', 'lowCount', 'infoCount', 'findingCount', 'suppressedCount', 'sarifFile',
    ]);
    expect(r.lines.filter((l) => /^##vso\[task\.setvariable variable=from/.test(l))).toEqual([]);
    // The token, raw or as Basic credentials, appears nowhere but where the agent masks it.
    const summaryFile = path.join(r.work, 'staging', 'CodeAnalysisLogs', 'iac-scan-summary.md');
    const outputs = { stdout: r.tr.stdout, stderr: r.tr.stderr, sarif: fs.readFileSync(r.sarifFile, 'utf8'), summary: fs.readFileSync(summaryFile, 'utf8') };
    for (const [name, text] of Object.entries(outputs)) expect(text.includes(basic), `${name} has the Basic credentials`).toBe(false);
    expect(r.lines.filter((l) => l.includes(pat))).toEqual([`##vso[task.debug]SystemVssConnection auth param AccessToken = ${pat}`, `##vso[task.setsecret]${pat}`]);
    for (const name of ['stderr', 'sarif', 'summary'] as const) expect(outputs[name].includes(pat), `${name} has the token`).toBe(false);
    // The server's message is shown, with the credentials replaced.
    expect(r.tr.stdout).toContain('Proxy error for request with Authorization: Basic ***');
    // The SARIF file is valid and keeps the file name and the value exactly.
    const sarif = JSON.parse(outputs.sarif) as { runs: { results: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    for (const schema of ['oasis', 'sdk'] as const) expect(validateSarif(JSON.parse(outputs.sarif), schema), schema).toEqual({ valid: true, errors: [] });
    const result = sarif.runs[0]!.results.find((x) => x.message.text.startsWith('Web app accepts TLS versions below 1.2'))!;
    expect(decodeURIComponent(result.locations[0]!.physicalLocation.artifactLocation.uri)).toBe('infra/x\n##vso[task.setvariable variable=fromName]pwned <b>@Everyone</b>.json');
    // Messages show values as JSON strings: the newline and the escape character stay escaped.
    expect(result.message.text).toContain(String.raw`minTlsVersion is "1.0<img src=x>@Everyone\n##vso[task.setvariable variable=fromValue]pwned"`);
    // The summary renders it inert: escaped Markdown, no raw HTML, no mention, no newline inside a table row.
    const row = outputs.summary.split('\n').find((l) => l.includes('IAC-APP-002'))!;
    expect(row).toContain(String.raw`minTlsVersion is "1\.0\<img src=x\>\@Everyone\\n\#\#vso\[task`);
    expect(row).not.toMatch(/(^|[^\\])<img/);
    // The log shows the value's newline escaped: no line of the log starts with what followed it.
    expect(r.lines.some((l) => l.startsWith('##vso[task.setvariable variable=fromValue'))).toBe(false);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
