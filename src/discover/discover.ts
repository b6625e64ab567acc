import fs from 'node:fs';
import path from 'node:path';
import { fileDiagnostic, type Diagnostic } from '../model/diagnostic';
import { compileGlobs, GlobError, type PathMatcher } from './globs';

/**
 * Discovery: finds the files a scan reads, by name only. Whether a `.json` file is an ARM template is
 * decided later, from its content.
 */

export type CandidateKind = 'json' | 'bicep' | 'terraform' | 'tfvars';

export interface Candidate {
  /** Absolute path, under the scan root as given (a file reached through a link keeps the link's path). */
  path: string;
  /** Relative to the scan root, forward slashes. */
  file: string;
  size: number;
  kind: CandidateKind;
}

export interface DiscoverOptions {
  /** A directory, or a single file. */
  root: string;
  /** Globs a file's relative path must match (any of them); none or empty means every file. */
  include?: string[];
  /** Globs for files and directories to leave out; a matching directory is not read at all. */
  exclude?: string[];
  /** Files larger than this are reported and not scanned. Default {@link DEFAULT_MAX_FILE_BYTES}. */
  maxFileBytes?: number;
}

export interface Discovery {
  /** Absolute directory the relative paths are relative to (the directory of a single-file root). */
  root: string;
  /** Sorted by `file`, byte order. */
  candidates: Candidate[];
  /** Sorted by `file`, byte order. */
  diagnostics: Diagnostic[];
}

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Directories never descended into, wherever they are in the tree. */
export const SKIPPED_DIRECTORY_NAMES: ReadonlySet<string> = new Set(['.git', 'node_modules', '.terraform']);

/** The scan root cannot be scanned, or the options are unusable. Problems with single entries are diagnostics. */
export class DiscoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscoveryError';
  }
}

/** The kind of a file by its name (case-insensitive), or undefined for files the scanner does not read. */
export function kindOf(fileName: string): CandidateKind | undefined {
  const name = fileName.toLowerCase();
  if (name.endsWith('.tfvars') || name.endsWith('.tfvars.json')) return 'tfvars';
  if (name.endsWith('.tf') || name.endsWith('.tf.json')) return 'terraform';
  if (name.endsWith('.bicep')) return 'bicep';
  if (name.endsWith('.json') || name.endsWith('.jsonc')) return 'json';
  return undefined;
}

export function discover(options: DiscoverOptions): Discovery {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (typeof maxFileBytes !== 'number' || Number.isNaN(maxFileBytes) || maxFileBytes < 0) {
    throw new DiscoveryError(`The maximum file size must be a number of bytes, zero or more; got ${String(maxFileBytes)}.`);
  }
  const include = options.include && options.include.length > 0 ? globs(options.include) : undefined;
  const exclude = options.exclude && options.exclude.length > 0 ? globs(options.exclude) : undefined;

  const absRoot = path.resolve(options.root);
  let rootStat: fs.Stats;
  try {
    rootStat = fs.statSync(absRoot);
  } catch (err) {
    throw rootError(absRoot, err);
  }

  const walker = new Walker(absRoot, include, exclude, maxFileBytes);

  if (rootStat.isFile()) {
    const name = path.basename(absRoot);
    walker.addFile(absRoot, name, name, absRoot, rootStat.size);
    return walker.result(path.dirname(absRoot));
  }
  if (!rootStat.isDirectory()) {
    throw new DiscoveryError(`Scan root ${absRoot} is neither a file nor a directory; pass a directory or a template file.`);
  }

  let realRoot: string;
  let entries: fs.Dirent[];
  try {
    realRoot = fs.realpathSync(absRoot);
    entries = fs.readdirSync(absRoot, { withFileTypes: true });
  } catch (err) {
    throw rootError(absRoot, err);
  }
  walker.walkRoot(realRoot, entries);
  return walker.result(absRoot);
}

interface PendingLink {
  abs: string;
  rel: string;
  name: string;
}

class Walker {
  private readonly candidates: Candidate[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  /** Real paths of directories already read: ends link cycles and reads a linked directory once. */
  private readonly visitedDirs = new Set<string>();
  /** Real paths of files already taken (or reported), so a linked file is not scanned twice. */
  private readonly seenFiles = new Set<string>();
  /** Links are followed after the plain tree, so a file keeps its own path rather than a link's. */
  private pendingLinks: PendingLink[] = [];
  private rootPrefix = '';
  private realRoot = '';

  constructor(
    private readonly absRoot: string,
    private readonly include: PathMatcher | undefined,
    private readonly exclude: PathMatcher | undefined,
    private readonly maxFileBytes: number,
  ) {}

  walkRoot(realRoot: string, entries: fs.Dirent[]): void {
    this.realRoot = realRoot;
    this.rootPrefix = realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep;
    this.visitedDirs.add(realRoot);
    this.walkEntries(this.absRoot, '', realRoot, entries);
    while (this.pendingLinks.length > 0) {
      const round = this.pendingLinks.sort((a, b) => compareByteOrder(a.rel, b.rel));
      this.pendingLinks = [];
      for (const link of round) this.followLink(link);
    }
  }

  result(root: string): Discovery {
    const byFile = (a: { file: string }, b: { file: string }): number => compareByteOrder(a.file, b.file);
    return { root, candidates: this.candidates.sort(byFile), diagnostics: this.diagnostics.sort(byFile) };
  }

  /** Takes a file if its name, the filters and the size allow; `realPath` identifies it for de-duplication. */
  addFile(abs: string, rel: string, name: string, realPath: string, knownSize?: number): void {
    const kind = kindOf(name);
    if (kind === undefined) return;
    if (this.include && !this.include(rel)) return;
    if (this.exclude && this.exclude(rel)) return;
    if (this.seenFiles.has(realPath)) return;
    let size = knownSize;
    if (size === undefined) {
      try {
        size = fs.statSync(abs).size;
      } catch (err) {
        this.warn('unreadable-file', rel, `File cannot be read (${reason(err)}); it was not scanned.`);
        return;
      }
    }
    this.seenFiles.add(realPath);
    if (size > this.maxFileBytes) {
      const [actual, limit] = formatSizes(size, this.maxFileBytes);
      this.warn(
        'skipped-file',
        rel,
        `File is ${actual}, over the ${limit} size limit; it was not scanned. Raise the limit (--max-file-size) or exclude the file.`,
      );
      return;
    }
    this.candidates.push({ path: abs, file: rel, size, kind });
  }

  private walkEntries(absDir: string, relDir: string, realDir: string, entries: fs.Dirent[]): void {
    entries.sort((a, b) => compareByteOrder(a.name, b.name));
    for (const entry of entries) {
      const name = entry.name;
      if (SKIPPED_DIRECTORY_NAMES.has(name)) continue;
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      if (this.exclude && this.exclude(rel)) continue;
      const abs = path.join(absDir, name);
      if (entry.isSymbolicLink()) {
        this.pendingLinks.push({ abs, rel, name });
      } else if (entry.isDirectory()) {
        this.enterDirectory(abs, rel, path.join(realDir, name));
      } else if (entry.isFile()) {
        this.addFile(abs, rel, name, path.join(realDir, name));
      }
      // Sockets, FIFOs and devices are never templates.
    }
  }

  private enterDirectory(abs: string, rel: string, realDir: string): void {
    if (this.visitedDirs.has(realDir)) return;
    this.visitedDirs.add(realDir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      this.warn(
        'unreadable-file',
        rel,
        `Directory cannot be read (${reason(err)}); the files in it were not scanned. Check its permissions or exclude it.`,
      );
      return;
    }
    this.walkEntries(abs, rel, realDir, entries);
  }

  private followLink(link: PendingLink): void {
    let real: string;
    let stat: fs.Stats;
    try {
      real = fs.realpathSync(link.abs);
      stat = fs.statSync(real);
    } catch (err) {
      this.warn('unreadable-file', link.rel, brokenLinkMessage(link.abs, err));
      return;
    }
    if (stat.isDirectory()) {
      if (!this.isInsideRoot(real)) return this.reportOutside(link, real);
      this.enterDirectory(link.abs, link.rel, real);
    } else if (stat.isFile()) {
      // A link the scan would not read anyway is left alone, wherever it points.
      if (kindOf(link.name) === undefined || (this.include && !this.include(link.rel))) return;
      if (!this.isInsideRoot(real)) return this.reportOutside(link, real);
      this.addFile(link.abs, link.rel, link.name, real, stat.size);
    }
  }

  private isInsideRoot(real: string): boolean {
    return real === this.realRoot || real.startsWith(this.rootPrefix);
  }

  private reportOutside(link: PendingLink, real: string): void {
    this.warn(
      'skipped-file',
      link.rel,
      `Symbolic link points outside the scan root (${linkTarget(link.abs) ?? real}); it was not followed.`,
    );
  }

  private warn(kind: Diagnostic['kind'], file: string, message: string): void {
    this.diagnostics.push(fileDiagnostic(kind, 'warning', file, message));
  }
}

function globs(patterns: string[]): PathMatcher {
  try {
    return compileGlobs(patterns);
  } catch (err) {
    if (err instanceof GlobError) {
      throw new DiscoveryError(`${err.message}. Fix or remove the pattern (--include / --exclude).`);
    }
    throw err;
  }
}

function rootError(absRoot: string, err: unknown): DiscoveryError {
  switch (errorCode(err)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new DiscoveryError(`Scan root ${absRoot} does not exist. Check the path; relative paths are resolved from ${process.cwd()}.`);
    case 'EACCES':
    case 'EPERM':
      return new DiscoveryError(`Scan root ${absRoot} cannot be read (permission denied). Grant read access or scan another path.`);
    case 'ELOOP':
      return new DiscoveryError(`Scan root ${absRoot} is a symbolic link that leads to a loop of links. Pass the real path instead.`);
    default:
      return new DiscoveryError(`Scan root ${absRoot} cannot be read (${reason(err)}). Check the path and its permissions.`);
  }
}

function errorCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function reason(err: unknown): string {
  const code = errorCode(err);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code !== undefined) return code;
  return err instanceof Error ? err.message : String(err);
}

function brokenLinkMessage(abs: string, err: unknown): string {
  const code = errorCode(err);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    const target = linkTarget(abs);
    const what = target === undefined ? 'its target' : `its target ${target}`;
    return `Symbolic link is broken: ${what} does not exist; it was not followed.`;
  }
  if (code === 'ELOOP') return 'Symbolic link cannot be resolved (it leads to a loop of links); it was not followed.';
  return `Symbolic link cannot be resolved (${reason(err)}); it was not followed.`;
}

function linkTarget(abs: string): string | undefined {
  try {
    return fs.readlinkSync(abs);
  } catch {
    return undefined;
  }
}

const MB = 1024 * 1024;

/**
 * Sizes for the size-limit message: megabytes with one decimal (`6.2 MB`, `5 MB`); below 0.1 MB, kilobytes
 * or bytes, so small limits do not read `0 MB`. When rounding would show both sizes alike, both are given
 * in bytes.
 */
function formatSizes(actual: number, limit: number): [string, string] {
  const a = formatSize(actual);
  const l = formatSize(limit);
  if (a !== l) return [a, l];
  return [bytes(actual), bytes(limit)];
}

function formatSize(n: number): string {
  if (n >= MB / 10) return `${oneDecimal(n / MB)} MB`;
  if (n >= 1024) return `${oneDecimal(n / 1024)} KB`;
  return bytes(n);
}

function oneDecimal(x: number): string {
  return x.toFixed(1).replace(/\.0$/, '');
}

function bytes(n: number): string {
  return n === 1 ? '1 byte' : `${n} bytes`;
}

/** Orders strings as their UTF-8 bytes (code point order), not by UTF-16 code units. */
export function compareByteOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return codeUnitRank(ca) - codeUnitRank(cb);
  }
  return a.length - b.length;
}

/** Surrogates (code points above U+FFFF) rank after U+E000–U+FFFF, as in UTF-8. */
function codeUnitRank(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return c + 0x2000;
  if (c >= 0xe000) return c - 0x800;
  return c;
}
