// One version for the product, kept in package.json and mirrored in task.json and vss-extension.json.
//   node scripts/version.mjs check            fail when the three differ, or when the version went down
//   node scripts/version.mjs bump patch|minor|X.Y.Z   raise all three together (never down)
// The task's major version is its folder (tasks/IacScanV1): a new major needs a new task folder.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = {
  package: path.join(root, 'package.json'),
  lock: path.join(root, 'package-lock.json'),
  task: path.join(root, 'tasks', 'IacScanV1', 'task.json'),
  extension: path.join(root, 'vss-extension.json'),
};
const TASK_MAJOR = 1;

const read = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const write = (file, data) => fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
const parse = (v) => {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v ?? '');
  return m ? m.slice(1).map(Number) : undefined;
};
const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

export function versions() {
  const t = read(files.task).version;
  return {
    'package.json': read(files.package).version,
    'tasks/IacScanV1/task.json': `${t.Major}.${t.Minor}.${t.Patch}`,
    'vss-extension.json': read(files.extension).version,
  };
}

/** The version package.json had in the last commit, when the checkout is a git repository. */
function committedVersion() {
  try {
    return JSON.parse(execFileSync('git', ['show', 'HEAD:package.json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })).version;
  } catch {
    return undefined;
  }
}

export function check() {
  const found = versions();
  const distinct = new Set(Object.values(found));
  if (distinct.size !== 1) {
    return `Versions are out of sync: ${Object.entries(found).map(([f, v]) => `${f} ${v}`).join(', ')}. Set them with 'node scripts/version.mjs bump X.Y.Z'.`;
  }
  const [version] = distinct;
  if (!parse(version)) return `The version '${version}' is not X.Y.Z.`;
  if (parse(version)[0] !== TASK_MAJOR) return `The version ${version} does not match the task folder IacScanV${TASK_MAJOR}: a new major version needs a new task folder.`;
  const before = committedVersion();
  if (before && parse(before) && compare(parse(version), parse(before)) < 0) return `The version went down: ${before} in the last commit, ${version} now.`;
  return undefined;
}

function bump(how) {
  const current = parse(read(files.package).version);
  const next = how === 'patch' ? [current[0], current[1], current[2] + 1] : how === 'minor' ? [current[0], current[1] + 1, 0] : parse(how);
  if (!next) throw new Error(`'${how}' is not patch, minor or a version X.Y.Z`);
  if (compare(next, current) <= 0) throw new Error(`${next.join('.')} is not above the current version ${current.join('.')}: a version never goes down (agents cache tasks by version).`);
  if (next[0] !== TASK_MAJOR) throw new Error(`A new major version needs a new task folder (tasks/IacScanV${next[0]}); this script keeps major ${TASK_MAJOR}.`);
  const version = next.join('.');
  const pkg = read(files.package);
  pkg.version = version;
  write(files.package, pkg);
  const lock = read(files.lock);
  lock.version = version;
  if (lock.packages?.['']) lock.packages[''].version = version;
  write(files.lock, lock);
  const task = read(files.task);
  task.version = { Major: next[0], Minor: next[1], Patch: next[2] };
  write(files.task, task);
  const ext = read(files.extension);
  ext.version = version;
  write(files.extension, ext);
  return version;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, arg] = process.argv.slice(2);
  try {
    if (command === 'check') {
      const problem = check();
      if (problem) {
        console.error(`version: ${problem}`);
        process.exit(1);
      }
      console.log(`version: ${versions()['package.json']} everywhere.`);
    } else if (command === 'bump' && arg) {
      console.log(`version: ${bump(arg)} in package.json, package-lock.json, task.json and vss-extension.json.`);
    } else {
      console.error('usage: node scripts/version.mjs check | bump patch|minor|X.Y.Z');
      process.exit(2);
    }
  } catch (err) {
    console.error(`version: ${err.message}`);
    process.exit(1);
  }
}
