import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../src/model/severity';
import { ANNOTATION_SCOPES, DEFAULTS, FAIL_ON_SEVERITIES } from '../../src/task/inputs';
import { sharedFile } from '../support/shared';

interface Input {
  name: string;
  type: string;
  defaultValue?: string | boolean;
  required?: boolean;
  groupName?: string;
  helpMarkDown?: string;
  options?: Record<string, string>;
}

interface TaskJson {
  $schema: string;
  id: string;
  name: string;
  friendlyName: string;
  version: { Major: number; Minor: number; Patch: number };
  minimumAgentVersion: string;
  groups: { name: string }[];
  inputs: Input[];
  outputVariables: { name: string }[];
  restrictions: { commands?: { mode?: string }; settableVariables: { allowed: string[] } };
  execution: Record<string, { target: string }>;
}

const taskJsonFile = path.resolve(__dirname, '..', '..', 'tasks', 'IacScanV1', 'task.json');
const task = JSON.parse(fs.readFileSync(taskJsonFile, 'utf8')) as TaskJson;

function validator() {
  const schema = JSON.parse(fs.readFileSync(sharedFile('data', 'schemas', 'azure-pipelines-task-lib', 'tasks.schema.json'), 'utf8')) as object;
  // unicodeRegExp false: the schema's pattern `^connectedService\:.+$` is invalid under the `u` flag.
  return new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
}

const input = (name: string): Input => {
  const found = task.inputs.find((i) => i.name === name);
  if (!found) throw new Error(`task.json has no input ${name}`);
  return found;
};

describe('tasks/IacScanV1/task.json', () => {
  it('validates against the azure-pipelines-task-lib schema', () => {
    const validate = validator();
    expect(validate(task), JSON.stringify(validate.errors)).toBe(true);
    expect(task.$schema).toBe('https://raw.githubusercontent.com/Microsoft/azure-pipelines-task-lib/master/tasks.schema.json');
  });

  it('fails the schema when broken (an unknown input type, an unknown handler)', () => {
    const validate = validator();
    const broken = structuredClone(task) as unknown as { inputs: { type: string }[]; execution: Record<string, unknown> };
    broken.inputs[0]!.type = 'path';
    broken.execution['Node22'] = { target: 'dist/index.js' };
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/inputs/0/type', '/execution']));
  });

  it('has the identity, version and agent floor of the task', () => {
    expect(task.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(task.name).toBe('IacScan');
    expect(task.friendlyName.length).toBeLessThanOrEqual(40);
    // The package version is the one source of truth (scripts/version.mjs keeps them equal).
    const [Major, Minor, Patch] = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version.split('.').map(Number);
    expect(task.version).toEqual({ Major, Minor, Patch });
    expect(Major).toBe(1); // the task folder is IacScanV1
    expect(task.minimumAgentVersion).toBe('3.232.1');
  });

  it('runs dist/index.js with the Node20_1 and Node24 handlers only', () => {
    expect(task.execution).toEqual({
      Node20_1: { target: 'dist/index.js', argumentFormat: '' },
      Node24: { target: 'dist/index.js', argumentFormat: '' },
    });
  });

  it('has exactly the documented inputs, with their types and defaults, each with help and a known group', () => {
    expect(task.inputs.map((i) => [i.name, i.type, i.defaultValue])).toEqual([
      ['scanPath', 'filePath', '$(Build.SourcesDirectory)'],
      ['exclude', 'multiLine', ''],
      ['rulesPath', 'filePath', ''],
      ['configFile', 'filePath', ''],
      ['baselineFile', 'filePath', ''],
      ['failOnSeverity', 'pickList', ''],
      ['annotatePullRequest', 'boolean', ''],
      ['annotationScope', 'pickList', ''],
      ['minAnnotationSeverity', 'pickList', ''],
      ['maxAnnotations', 'string', ''],
      ['postStatus', 'boolean', ''],
      ['failOnAnnotationError', 'boolean', 'false'],
      ['sarifFile', 'filePath', '$(Build.ArtifactStagingDirectory)/CodeAnalysisLogs/iac-scan.sarif'],
      ['publishSarif', 'boolean', 'true'],
    ]);
    const groups = task.groups.map((g) => g.name);
    expect(groups).toEqual(['scan', 'pullRequest', 'reporting']);
    for (const i of task.inputs) {
      expect(i.helpMarkDown?.trim(), i.name).toBeTruthy();
      expect(groups, i.name).toContain(i.groupName);
      expect(i.required ?? false, i.name).toBe(false);
    }
  });

  it('offers in each pickList exactly the values the task accepts', () => {
    expect(Object.keys(input('failOnSeverity').options!)).toEqual([...FAIL_ON_SEVERITIES]);
    expect(Object.keys(input('annotationScope').options!)).toEqual([...ANNOTATION_SCOPES]);
    expect(Object.keys(input('minAnnotationSeverity').options!)).toEqual([...SEVERITIES]);
  });

  it('leaves empty the inputs a configuration file may set, and says the default in their help', () => {
    const configurable = ['failOnSeverity', 'annotatePullRequest', 'annotationScope', 'minAnnotationSeverity', 'maxAnnotations', 'postStatus'];
    for (const [name, value] of Object.entries(DEFAULTS)) {
      if (configurable.includes(name)) {
        expect(input(name).defaultValue, name).toBe('');
        expect(input(name).helpMarkDown, name).toMatch(new RegExp(`Empty: the configuration file's \\S+, else \\x60${String(value)}\\x60\\.$`));
      } else expect(input(name).defaultValue, name).toBe(String(value));
    }
  });

  it('declares the output variables, and allows setting exactly those (without restricted command mode)', () => {
    const outputs = ['criticalCount', 'highCount', 'mediumCount', 'lowCount', 'infoCount', 'findingCount', 'suppressedCount', 'sarifFile'];
    expect(task.outputVariables.map((o) => o.name)).toEqual(outputs);
    expect(task.restrictions.settableVariables.allowed).toEqual(outputs);
    // Restricted mode would silently drop artifact.upload and task.uploadsummary.
    expect(task.restrictions.commands).toBeUndefined();
  });
});
