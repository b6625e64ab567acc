import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MockTestRunner } from 'azure-pipelines-task-lib/mock-test';
import { afterAll, beforeAll } from 'vitest';

/**
 * The harness of the L0 tests: each scenario in L0/ runs the task compiled by tsc under task-lib's mock
 * runner, in a child process, and a test reads what the agent would read: the logging commands on stdout and
 * the files. Call `l0Harness()` at the top of a test file; it builds the task once for that file.
 */

const repo = path.resolve(__dirname, '..', '..');
const taskJson = path.join(repo, 'tasks', 'IacScanV1', 'task.json');

export interface Command {
  name: string;
  properties: Record<string, string>;
  message: string;
}

export interface Run {
  tr: MockTestRunner;
  /** The temporary folder of this run (Agent.TempDirectory; Build.ArtifactStagingDirectory is staging/ in it). */
  work: string;
  lines: string[];
  commands: Command[];
  /** `task.complete`: the result and its message. */
  result: { result: string; message: string };
  /** Output variables by name. */
  outputs: Record<string, string>;
  /** The SARIF file at its default place, and the summary beside it. */
  sarifFile: string;
  summaryFile: string;
  /** stdout and stderr, to show when an assertion fails. */
  transcript: string;
}

export function l0Harness(): { run: (scenario: string) => Promise<Run> } {
  let taskPath = '';
  const temporary: string[] = [];

  afterAll(() => {
    for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeAll(() => {
    // A private build: other test files compile into dist/ at the same time, and a half-written module would
    // make a scenario fail for nothing. rules/, package.json and node_modules are linked as the package has them.
    const build = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-l0-build-'));
    temporary.push(build);
    execFileSync(process.execPath, [path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(repo, 'tsconfig.build.json'), '--outDir', path.join(build, 'dist')]);
    fs.symlinkSync(path.join(repo, 'rules'), path.join(build, 'rules'), 'junction');
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(build, 'node_modules'), 'junction');
    fs.copyFileSync(path.join(repo, 'package.json'), path.join(build, 'package.json'));
    taskPath = path.join(build, 'dist', 'task', 'index.js');
  });

  async function run(scenario: string): Promise<Run> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-l0-'));
    temporary.push(work);
    process.env['L0_TASK'] = taskPath;
    process.env['L0_WORK'] = work;
    const tr = new MockTestRunner(path.join(__dirname, 'L0', scenario), taskJson);
    tr.nodePath = process.execPath; // never download Node
    await tr.runAsync();
    const lines = tr.stdout.split(/\r?\n/);
    const commands = lines.flatMap((line) => {
      const m = /^##vso\[(\S+?)(?: ([^\]]*))?\](.*)$/.exec(line);
      if (!m) return [];
      const properties: Record<string, string> = {};
      for (const pair of (m[2] ?? '').split(';')) {
        const eq = pair.indexOf('=');
        if (eq > 0) properties[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      return [{ name: m[1]!, properties, message: m[3]! }];
    });
    const complete = commands.filter((c) => c.name === 'task.complete');
    const outputs = Object.fromEntries(
      commands.filter((c) => c.name === 'task.setvariable' && c.properties['isOutput'] === 'true').map((c) => [c.properties['variable']!, c.message]),
    );
    const sarifFile = path.join(work, 'staging', 'CodeAnalysisLogs', 'iac-scan.sarif');
    return {
      tr,
      work,
      lines,
      commands,
      result: { result: complete.at(-1)?.properties['result'] ?? '(no task.complete)', message: complete.at(-1)?.message ?? '' },
      outputs,
      sarifFile,
      summaryFile: path.join(path.dirname(sarifFile), 'iac-scan-summary.md'),
      transcript: `--- stdout ---\n${tr.stdout}\n--- stderr ---\n${tr.stderr}`,
    };
  }

  return { run };
}

export const named = (r: Run, name: string): Command[] => r.commands.filter((c) => c.name === name);
