import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../emulator/server';
import { pullRequestBuildEnv, runTaskAsAgent } from '../support/agentRun';
import { standardPrRepo } from '../support/prRepo';
import { sharedFile } from '../support/shared';
import { unzip } from '../support/unzip';

/** What ships is what is tested: build the .vsix, unpack it, check it, and run the task from it. */
const root = path.resolve(__dirname, '..', '..');
const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
const ruleFiles = (fs.readdirSync(path.join(root, 'rules'), { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml')).map((f) => f.split(path.sep).join('/'));
const temporary: string[] = [];
let out = '';
let entries: Map<string, Buffer>;

function temp(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

beforeAll(() => {
  out = temp('iac-scan-vsix-');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'package.mjs'), '--out', out], { cwd: root, stdio: 'pipe' });
  entries = unzip(fs.readFileSync(path.join(out, `iac-scan.iac-scan-${version}.vsix`)));
});

afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the .vsix', () => {
  it('holds the bundled task, its rules, the icons, the overview and the manifests — no node_modules, no sources', () => {
    expect([...entries.keys()].filter((name) => !name.endsWith('/')).sort()).toEqual(
      [
        '[Content_Types].xml',
        'extension.vsixmanifest',
        'extension.vsomanifest',
        'images/extension-icon.png',
        'overview.md',
        'LICENSE',
        'tasks/IacScanV1/task.json',
        'tasks/IacScanV1/icon.png',
        'tasks/IacScanV1/dist/index.js',
        'tasks/IacScanV1/dist/index.js.LEGAL.txt',
        ...ruleFiles.map((f) => `tasks/IacScanV1/rules/${f}`),
      ].sort(),
    );
  });

  it('stays within the 2 MiB budget', () => {
    expect(fs.statSync(path.join(out, `iac-scan.iac-scan-${version}.vsix`)).size).toBeLessThan(2 * 1024 * 1024);
  });

  it('declares the identity, the installation target and the task contribution', () => {
    const vsixManifest = entries.get('extension.vsixmanifest')!.toString('utf8');
    expect(vsixManifest).toContain(`<Identity Language="en-US" Id="iac-scan" Publisher="iac-scan" Version="${version}"/>`);
    expect(vsixManifest).toContain('<InstallationTarget Id="Microsoft.VisualStudio.Services"/>');
    expect(vsixManifest).toContain('<Categories>Azure Pipelines</Categories>');
    const vso = JSON.parse(entries.get('extension.vsomanifest')!.toString('utf8')) as { contributions: unknown[] };
    expect(vso.contributions).toEqual([
      { id: 'iac-scan-task', type: 'ms.vss-distributed-task.task', targets: ['ms.vss-distributed-task.tasks'], properties: { name: 'tasks/IacScanV1' } },
    ]);
    const task = JSON.parse(entries.get('tasks/IacScanV1/task.json')!.toString('utf8')) as { version: Record<string, number> };
    expect(`${task.version.Major}.${task.version.Minor}.${task.version.Patch}`).toBe(version);
  });

  it('runs the task from the unpacked package, as the agent does, against the Azure DevOps emulator', async () => {
    const unpacked = temp('iac-scan-unpacked-');
    for (const [name, data] of entries) {
      if (name.endsWith('/')) continue;
      fs.mkdirSync(path.dirname(path.join(unpacked, name)), { recursive: true });
      fs.writeFileSync(path.join(unpacked, name), data);
    }
    const repo = standardPrRepo(temp('iac-scan-vsix-repo-'));
    const work = temp('iac-scan-vsix-work-');
    const emu = await startEmulator();
    try {
      emu.addPullRequest({ id: 8, firstIteration: { sourceRefCommit: repo.source, targetRefCommit: repo.target, commonRefCommit: repo.base } });
      emu.setChanges(8, 1, [{ path: '/infra/app.json' }, { path: '/infra/network.json', changeType: 'add' }]);
      const run = await runTaskAsAgent(path.join(unpacked, 'tasks', 'IacScanV1', 'dist', 'index.js'), pullRequestBuildEnv(emu, repo, 8, work), work);
      expect(run.status, run.stderr).toBe(0);
      expect(run.lines).toContain("##vso[task.complete result=Failed;]1 finding(s) at or above severity 'critical' (1 critical, 3 high, 1 medium, 0 low, 0 info).");
      const pr = emu.state.pullRequest(8)!;
      expect(pr.threads.map((t) => [t.threadContext?.filePath ?? 'summary', t.threadContext?.rightFileStart?.line])).toEqual([
        ['/infra/network.json', 16],
        ['/infra/app.json', 11],
        ['/infra/app.json', 14],
        ['summary', undefined],
      ]);
      expect(pr.statuses.map((s) => s.state)).toEqual(['failed']);
    } finally {
      await emu.close();
    }
  });

  it('takes another publisher for forks', () => {
    const forkOut = temp('iac-scan-vsix-fork-');
    execFileSync(process.execPath, [path.join(root, 'scripts', 'package.mjs'), '--out', forkOut, '--publisher', 'contoso'], { cwd: root, stdio: 'pipe' });
    const manifest = unzip(fs.readFileSync(path.join(forkOut, `contoso.iac-scan-${version}.vsix`))).get('extension.vsixmanifest')!.toString('utf8');
    expect(manifest).toContain(`<Identity Language="en-US" Id="iac-scan" Publisher="contoso" Version="${version}"/>`);
  });
});

describe('scripts/version.mjs', () => {
  /** A copy of the four version-bearing files and the script, outside git. */
  function copy(): string {
    const dir = temp('iac-scan-version-');
    for (const f of ['package.json', 'package-lock.json', 'vss-extension.json', 'tasks/IacScanV1/task.json', 'scripts/version.mjs']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.copyFileSync(path.join(root, f), path.join(dir, f));
    }
    return dir;
  }
  const run = (dir: string, ...args: string[]) => spawnSync(process.execPath, [path.join(dir, 'scripts', 'version.mjs'), ...args], { encoding: 'utf8' });
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];

  it('bumps package.json, the lock file, task.json and vss-extension.json together', () => {
    const dir = copy();
    expect(run(dir, 'bump', 'patch').stdout).toBe(`version: ${major}.${minor}.${patch + 1} in package.json, package-lock.json, task.json and vss-extension.json.\n`);
    const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    expect(read('package.json').version).toBe(`${major}.${minor}.${patch + 1}`);
    expect(read('package-lock.json').packages[''].version).toBe(`${major}.${minor}.${patch + 1}`);
    expect(read('tasks/IacScanV1/task.json').version).toEqual({ Major: major, Minor: minor, Patch: patch + 1 });
    expect(read('vss-extension.json').version).toBe(`${major}.${minor}.${patch + 1}`);
    expect(run(dir, 'check').status).toBe(0);
  });

  it('never goes down, and keeps the major version of the task folder', () => {
    const dir = copy();
    const down = run(dir, 'bump', `${major}.${minor}.${patch}`);
    expect(down.status).toBe(1);
    expect(down.stderr).toContain(`is not above the current version ${version}: a version never goes down`);
    const next = run(dir, 'bump', `${major + 1}.0.0`);
    expect(next.status).toBe(1);
    expect(next.stderr).toContain(`A new major version needs a new task folder (tasks/IacScanV${major + 1})`);
  });

  it('fails the check when the files disagree', () => {
    const dir = copy();
    const ext = JSON.parse(fs.readFileSync(path.join(dir, 'vss-extension.json'), 'utf8'));
    ext.version = '9.9.9';
    fs.writeFileSync(path.join(dir, 'vss-extension.json'), JSON.stringify(ext));
    const check = run(dir, 'check');
    expect(check.status).toBe(1);
    expect(check.stderr).toBe(
      `version: Versions are out of sync: package.json ${version}, tasks/IacScanV1/task.json ${version}, vss-extension.json 9.9.9. Set them with 'node scripts/version.mjs bump X.Y.Z'.\n`,
    );
  });

  it('vendors the task schema unchanged', () => {
    const official = sharedFile('data', 'schemas', 'azure-pipelines-task-lib', 'tasks.schema.json');
    expect(fs.readFileSync(path.join(root, 'scripts', 'schemas', 'tasks.schema.json'), 'utf8')).toBe(fs.readFileSync(official, 'utf8'));
  });
});

describe('overview.md (the Marketplace page)', () => {
  it('documents every input of the task with its default', () => {
    const overview = fs.readFileSync(path.join(root, 'overview.md'), 'utf8');
    const task = JSON.parse(fs.readFileSync(path.join(root, 'tasks', 'IacScanV1', 'task.json'), 'utf8')) as { inputs: { name: string; defaultValue?: string }[] };
    for (const input of task.inputs) {
      const row = overview.split('\n').find((line) => line.startsWith(`| \`${input.name}\` |`));
      expect(row, input.name).toBeDefined();
      expect(row, input.name).toContain(input.defaultValue ? `\`${input.defaultValue}\`` : '*(none)*');
    }
  });
});
