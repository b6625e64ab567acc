// Plays a pull request on examples/ end to end and prints it as a reviewer would see it:
//   npm run demo:pr
// A temporary git repository gets a pull request that adds the example templates; the bundled task runs as
// the agent runs it on the merge commit, against the Azure DevOps emulator of the tests; then the pull
// request's threads, summary and status are printed, and the task's result.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The emulator and the helpers are test code in TypeScript: compile them for this run, inside the checkout so
// that they find node_modules, and point them at the shared folder beside the checkout.
const build = path.join(root, '.demo-build');
fs.rmSync(build, { recursive: true, force: true });
process.env.IAC_SCAN_SHARED ??= path.resolve(root, '..', 'shared');
execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json'), '--outDir', build], { stdio: 'inherit' });
const require = createRequire(path.join(build, 'index.js'));
const { startEmulator } = require('./test/emulator/server.js');
const { makePrRepo } = require('./test/support/prRepo.js');
const { pullRequestBuildEnv, runTaskAsAgent } = require('./test/support/agentRun.js');

const examples = {};
for (const file of fs.readdirSync(path.join(root, 'examples'), { recursive: true })) {
  const full = path.join(root, 'examples', file);
  if (fs.statSync(full).isFile()) examples[`examples/${file.split(path.sep).join('/')}`] = fs.readFileSync(full, 'utf8');
}
const repo = makePrRepo({
  base: { 'README.md': '# Contoso infrastructure\n' },
  source: examples,
  target: { 'README.md': '# Contoso infrastructure\n\nOwned by the platform team.\n' },
});
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-scan-demo-work-'));
const emu = await startEmulator();
try {
  emu.addPullRequest({
    id: 42,
    title: 'Add the shop infrastructure',
    sourceRefName: 'refs/heads/feature',
    targetRefName: 'refs/heads/main',
    firstIteration: { sourceRefCommit: repo.source, targetRefCommit: repo.target, commonRefCommit: repo.base },
  });
  emu.setChanges(42, 1, Object.keys(examples).map((p) => ({ path: `/${p}`, changeType: 'add' })));
  const run = await runTaskAsAgent(path.join(root, 'tasks', 'IacScanV1', 'dist', 'index.js'), pullRequestBuildEnv(emu, repo, 42, work), work);

  const pr = emu.state.pullRequest(42);
  const rule = '─'.repeat(100);
  console.log(`\nPull request 42 "${pr.title}" — ${pr.threads.length} thread(s)\n${rule}`);
  for (const t of pr.threads) {
    const where = t.threadContext
      ? `${t.threadContext.filePath.slice(1)}, line ${t.threadContext.rightFileStart.line}`
      : 'Overview (whole pull request)';
    console.log(`[${t.status}] ${where}   — ${t.comments[0].author.displayName}`);
    const source = t.threadContext ? fs.readFileSync(path.join(repo.dir, t.threadContext.filePath), 'utf8').split('\n')[t.threadContext.rightFileStart.line - 1] : undefined;
    if (source !== undefined) console.log(`  ${String(t.threadContext.rightFileStart.line).padStart(4)} │ ${source}`);
    console.log(t.comments[0].content.replace(/<!--.*?-->/g, '').trim().split('\n').map((l) => `  │ ${l}`).join('\n'));
    console.log(rule);
  }
  for (const s of pr.statuses) console.log(`Status ${s.context.genre}/${s.context.name}: ${s.state} — ${s.description}`);
  const complete = run.lines.find((l) => l.startsWith('##vso[task.complete'));
  console.log(`Task result: ${complete?.replace(/^##vso\[task\.complete result=([^;]+);\]/, '$1 — ') ?? `no result (exit ${run.status})`}`);
} finally {
  await emu.close();
  for (const dir of [build, repo.dir, work]) fs.rmSync(dir, { recursive: true, force: true });
}
