import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/configFile';
import { InputError, readInputs, settingsFrom, type InputReader } from '../../src/task/inputs';

const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-inputs-'));
fs.mkdirSync(path.join(checkout, 'infra'));
fs.mkdirSync(path.join(checkout, 'my-rules'));
fs.writeFileSync(path.join(checkout, 'infra', 'main.json'), '{}');
fs.writeFileSync(path.join(checkout, 'iac-scan.yaml'), 'failOnSeverity: low\n');
afterAll(() => fs.rmSync(checkout, { recursive: true, force: true }));

/**
 * task-lib as the agent drives it: inputs as given, and empty filePath inputs replaced by
 * Build.SourcesDirectory (which filePathSupplied then reports as not supplied).
 */
function agent(inputs: Record<string, string>, variables: Record<string, string> = {}): InputReader {
  const vars: Record<string, string> = { 'Build.SourcesDirectory': checkout, 'Build.ArtifactStagingDirectory': '/agent/_work/1/a', ...variables };
  const filePaths = new Set(['scanPath', 'rulesPath', 'configFile', 'baselineFile', 'sarifFile']);
  const get = (name: string) => (filePaths.has(name) && !inputs[name] ? vars['Build.SourcesDirectory'] : inputs[name]);
  return {
    getInput: get,
    getVariable: (name) => vars[name],
    filePathSupplied: (name) => path.resolve(get(name) ?? '') !== path.resolve(vars['Build.SourcesDirectory'] ?? ''),
  };
}

function inputError(reader: InputReader): string {
  try {
    readInputs(reader);
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('no InputError');
}

describe('readInputs', () => {
  it('leaves the configurable inputs unset when they are empty, and applies the other defaults', () => {
    expect(readInputs(agent({}))).toEqual({
      scanPath: checkout,
      exclude: [],
      rulesPath: undefined,
      configFile: undefined,
      baselineFile: undefined,
      failOnSeverity: undefined,
      annotatePullRequest: undefined,
      annotationScope: undefined,
      minAnnotationSeverity: undefined,
      maxAnnotations: undefined,
      postStatus: undefined,
      failOnAnnotationError: false,
      sarifFile: path.join('/agent/_work/1/a', 'CodeAnalysisLogs', 'iac-scan.sarif'),
      publishSarif: true,
    });
  });

  it('completes empty inputs from the configuration file, then from the defaults; a set input wins', () => {
    const config = parseConfig(
      'failOnSeverity: high\nbaseline: accepted.json\nannotations: { enabled: false, scope: all, minSeverity: low, max: 7, postStatus: false }\n',
      path.join(checkout, '.iac-scan.yml'),
    );
    const fromConfig = settingsFrom(readInputs(agent({})), config);
    expect(fromConfig).toMatchObject({
      baselineFile: path.join(checkout, 'accepted.json'),
      failOnSeverity: 'high',
      annotatePullRequest: false,
      annotationScope: 'all',
      minAnnotationSeverity: 'low',
      maxAnnotations: 7,
      postStatus: false,
    });
    const inputsWin = settingsFrom(readInputs(agent({ failOnSeverity: 'medium', annotatePullRequest: 'true', maxAnnotations: '3', baselineFile: 'infra/main.json' })), config);
    expect(inputsWin).toMatchObject({ failOnSeverity: 'medium', annotatePullRequest: true, maxAnnotations: 3, baselineFile: path.join(checkout, 'infra', 'main.json'), annotationScope: 'all' });
    expect(settingsFrom(readInputs(agent({})), undefined)).toMatchObject({
      baselineFile: undefined,
      failOnSeverity: 'critical',
      annotatePullRequest: true,
      annotationScope: 'changedLines',
      minAnnotationSeverity: 'medium',
      maxAnnotations: 50,
      postStatus: true,
    });
  });

  it('reads every input, resolving relative paths from the checkout', () => {
    const inputs = readInputs(
      agent({
        scanPath: 'infra',
        exclude: ' test/**\r\n\n**/*.parameters.json \n',
        rulesPath: 'my-rules',
        configFile: 'iac-scan.yaml',
        failOnSeverity: 'High',
        annotatePullRequest: 'False',
        annotationScope: 'all',
        minAnnotationSeverity: 'low',
        maxAnnotations: '0',
        postStatus: 'false',
        failOnAnnotationError: 'TRUE',
        sarifFile: 'out/scan.sarif',
        publishSarif: 'false',
      }),
    );
    expect(inputs).toEqual({
      scanPath: path.join(checkout, 'infra'),
      exclude: ['test/**', '**/*.parameters.json'],
      rulesPath: path.join(checkout, 'my-rules'),
      configFile: path.join(checkout, 'iac-scan.yaml'),
      baselineFile: undefined,
      failOnSeverity: 'high',
      annotatePullRequest: false,
      annotationScope: 'all',
      minAnnotationSeverity: 'low',
      maxAnnotations: 0,
      postStatus: false,
      failOnAnnotationError: true,
      sarifFile: path.join(checkout, 'out', 'scan.sarif'),
      publishSarif: false,
    });
  });

  it('puts the SARIF file inside the folder when sarifFile names an existing folder', () => {
    expect(readInputs(agent({ sarifFile: 'infra' })).sarifFile).toBe(path.join(checkout, 'infra', 'iac-scan.sarif'));
  });

  it.each([
    ['failOnSeverity', 'info', 'critical, high, medium, low, none'],
    ['annotationScope', 'changedlinesx', 'changedLines, changedFiles, all'],
    ['minAnnotationSeverity', 'warning', 'critical, high, medium, low, info'],
    ['annotatePullRequest', 'yes', 'true, false'],
    ['publishSarif', '1', 'true, false'],
    ['maxAnnotations', '2.5', 'a whole number, 0 or more'],
    ['maxAnnotations', '10 comments', 'a whole number, 0 or more'],
  ])('rejects %s = %s, naming the input, the value and what is allowed', (name, value, allowed) => {
    expect(inputError(agent({ [name]: value }))).toBe(`Input '${name}' has the value '${value}', which is not allowed. Allowed values: ${allowed}.`);
  });

  it('rejects a scan path that does not exist, a rules folder that is not a folder, and a glob that does not compile', () => {
    expect(inputError(agent({ scanPath: 'nope' }))).toBe(
      `Input 'scanPath': '${path.join(checkout, 'nope')}' does not exist. Give a folder or a template file; relative paths start at the checkout (${checkout}).`,
    );
    expect(inputError(agent({ rulesPath: 'infra/main.json' }))).toBe(
      `Input 'rulesPath': '${path.join(checkout, 'infra', 'main.json')}' is not a folder. Give the folder that holds your rule files (*.yaml), or leave the input empty.`,
    );
    expect(inputError(agent({ configFile: 'missing.yml' }))).toBe(
      `Input 'configFile': '${path.join(checkout, 'missing.yml')}' does not exist. Give the path of your .iac-scan.yml, or leave the input empty to use the one at the root of the scanned folder.`,
    );
    expect(inputError(agent({ exclude: 'ok/**\ninfra/[abc' }))).toMatch(/^Input 'exclude': Invalid glob pattern "infra\/\[abc": .*\. Fix or remove the pattern\.$/);
  });
});
