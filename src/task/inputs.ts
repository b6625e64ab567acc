import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnnotationScope } from '../ado/annotate';
import { compileGlobs, GlobError } from '../discover/globs';
import { THRESHOLDS, type Threshold } from '../gate/gate';
import { SEVERITIES, type Severity } from '../model/severity';

/** The task's inputs, read and checked. Paths are absolute. */
export interface TaskInputs {
  scanPath: string;
  exclude: string[];
  rulesPath?: string;
  configFile?: string;
  failOnSeverity: Threshold;
  annotatePullRequest: boolean;
  annotationScope: AnnotationScope;
  minAnnotationSeverity: Severity;
  maxAnnotations: number;
  postStatus: boolean;
  failOnAnnotationError: boolean;
  sarifFile: string;
  publishSarif: boolean;
}

/** The part of azure-pipelines-task-lib the inputs are read with (tests pass a fake). */
export interface InputReader {
  getInput(name: string, required?: boolean): string | undefined;
  getVariable(name: string): string | undefined;
  /** False when a filePath input is empty (the agent then passes Build.SourcesDirectory). */
  filePathSupplied(name: string): boolean;
}

/** An input the task cannot use; the message names the input, the value and what is allowed. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Defaults of task.json, applied when an input is absent (the agent fills them in; local runs and tests do not). */
export const DEFAULTS = {
  failOnSeverity: 'critical',
  annotatePullRequest: true,
  annotationScope: 'changedLines',
  minAnnotationSeverity: 'medium',
  maxAnnotations: 50,
  postStatus: true,
  failOnAnnotationError: false,
  publishSarif: true,
} as const;

export const ANNOTATION_SCOPES: readonly AnnotationScope[] = ['changedLines', 'changedFiles', 'all'];

/** The gate thresholds the task offers (the pickList of task.json): the CLI's, without `info`. */
export const FAIL_ON_SEVERITIES: readonly Threshold[] = THRESHOLDS.filter((t) => t !== 'info');

/**
 * Reads every input and checks it. YAML pipelines pass any string to a pickList or boolean input, so the
 * values are checked here; an unusable value throws InputError.
 */
export function readInputs(tl: InputReader): TaskInputs {
  const sourcesDir = tl.getVariable('Build.SourcesDirectory') || undefined;
  const base = sourcesDir ?? process.cwd();
  const optionalPath = (name: string): string | undefined => {
    const value = tl.getInput(name)?.trim();
    return value && tl.filePathSupplied(name) ? path.resolve(base, value) : undefined;
  };

  const scanPath = path.resolve(base, tl.getInput('scanPath')?.trim() || base);
  if (!fs.existsSync(scanPath)) {
    throw new InputError(`Input 'scanPath': '${scanPath}' does not exist. Give a folder or a template file; relative paths start at the checkout (${base}).`);
  }

  const exclude = (tl.getInput('exclude') ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  for (const pattern of exclude) {
    try {
      compileGlobs([pattern]);
    } catch (err) {
      if (err instanceof GlobError) throw new InputError(`Input 'exclude': ${err.message}. Fix or remove the pattern.`);
      throw err;
    }
  }

  const rulesPath = optionalPath('rulesPath');
  if (rulesPath !== undefined && !isDirectory(rulesPath)) {
    throw new InputError(`Input 'rulesPath': '${rulesPath}' is not a folder. Give the folder that holds your rule files (*.yaml), or leave the input empty.`);
  }

  return {
    scanPath,
    exclude,
    rulesPath,
    configFile: optionalPath('configFile'),
    failOnSeverity: pick(tl, 'failOnSeverity', FAIL_ON_SEVERITIES, DEFAULTS.failOnSeverity),
    annotatePullRequest: bool(tl, 'annotatePullRequest', DEFAULTS.annotatePullRequest),
    annotationScope: pick(tl, 'annotationScope', ANNOTATION_SCOPES, DEFAULTS.annotationScope),
    minAnnotationSeverity: pick(tl, 'minAnnotationSeverity', SEVERITIES, DEFAULTS.minAnnotationSeverity),
    maxAnnotations: count(tl, 'maxAnnotations', DEFAULTS.maxAnnotations),
    postStatus: bool(tl, 'postStatus', DEFAULTS.postStatus),
    failOnAnnotationError: bool(tl, 'failOnAnnotationError', DEFAULTS.failOnAnnotationError),
    sarifFile: sarifPath(tl, base),
    publishSarif: bool(tl, 'publishSarif', DEFAULTS.publishSarif),
  };
}

/** A pickList value, matched case-insensitively and returned as spelled in task.json. */
function pick<T extends string>(tl: InputReader, name: string, allowed: readonly T[], fallback: T): T {
  const raw = tl.getInput(name)?.trim();
  if (!raw) return fallback;
  const found = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
  if (found === undefined) throw new InputError(`Input '${name}' has the value '${raw}', which is not allowed. Allowed values: ${allowed.join(', ')}.`);
  return found;
}

function bool(tl: InputReader, name: string, fallback: boolean): boolean {
  const raw = tl.getInput(name)?.trim();
  if (!raw) return fallback;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw new InputError(`Input '${name}' has the value '${raw}', which is not allowed. Allowed values: true, false.`);
}

function count(tl: InputReader, name: string, fallback: number): number {
  const raw = tl.getInput(name)?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) {
    throw new InputError(`Input '${name}' has the value '${raw}', which is not allowed. Allowed values: a whole number, 0 or more.`);
  }
  return n;
}

/**
 * The SARIF file: the input when supplied (a folder gets `iac-scan.sarif` inside it), else the task.json
 * default under Build.ArtifactStagingDirectory (or Agent.TempDirectory, or the working folder, off an agent).
 */
function sarifPath(tl: InputReader, base: string): string {
  const raw = tl.getInput('sarifFile')?.trim();
  if (raw && tl.filePathSupplied('sarifFile')) {
    const file = path.resolve(base, raw);
    return isDirectory(file) ? path.join(file, 'iac-scan.sarif') : file;
  }
  const staging = tl.getVariable('Build.ArtifactStagingDirectory') || tl.getVariable('Agent.TempDirectory') || process.cwd();
  return path.join(staging, 'CodeAnalysisLogs', 'iac-scan.sarif');
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
