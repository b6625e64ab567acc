import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnnotationScope } from '../ado/annotate';
import { compileGlobs, GlobError } from '../discover/globs';
import { THRESHOLDS, type Threshold } from '../gate/gate';
import { SEVERITIES, type Severity } from '../model/severity';
import type { IacScanConfig } from '../config/configFile';

/** The inputs a configuration file may set too: the input wins when it is not empty. */
const CONFIGURABLE = ['failOnSeverity', 'annotatePullRequest', 'annotationScope', 'minAnnotationSeverity', 'maxAnnotations', 'postStatus'] as const;
type Configurable = (typeof CONFIGURABLE)[number];

/** The task's inputs, read and checked. Paths are absolute. */
export interface TaskInputs {
  scanPath: string;
  exclude: string[];
  rulesPath?: string;
  configFile?: string;
  baselineFile?: string;
  /** Undefined when the input is empty: the configuration file's value applies, else the default. */
  failOnSeverity?: Threshold;
  annotatePullRequest?: boolean;
  annotationScope?: AnnotationScope;
  minAnnotationSeverity?: Severity;
  maxAnnotations?: number;
  postStatus?: boolean;
  failOnAnnotationError: boolean;
  sarifFile: string;
  publishSarif: boolean;
}

/** What the task runs with: the inputs, completed from the configuration file and the defaults. */
export type TaskSettings = Omit<TaskInputs, Configurable> & Required<Pick<TaskInputs, Configurable>>;

/**
 * Completes the inputs: a task input that is set wins over the configuration file, which wins over the
 * default. The baseline is the input's file, else the configuration's `baseline`.
 */
export function settingsFrom(inputs: TaskInputs, config: IacScanConfig | undefined): TaskSettings {
  const a = config?.annotations ?? {};
  return {
    ...inputs,
    baselineFile: inputs.baselineFile ?? config?.baseline,
    failOnSeverity: inputs.failOnSeverity ?? config?.failOnSeverity ?? DEFAULTS.failOnSeverity,
    annotatePullRequest: inputs.annotatePullRequest ?? a.enabled ?? DEFAULTS.annotatePullRequest,
    annotationScope: inputs.annotationScope ?? a.scope ?? DEFAULTS.annotationScope,
    minAnnotationSeverity: inputs.minAnnotationSeverity ?? a.minSeverity ?? DEFAULTS.minAnnotationSeverity,
    maxAnnotations: inputs.maxAnnotations ?? a.max ?? DEFAULTS.maxAnnotations,
    postStatus: inputs.postStatus ?? a.postStatus ?? DEFAULTS.postStatus,
  };
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

/**
 * Defaults applied when an input is absent or empty. task.json gives the configurable inputs an empty default,
 * so that an input left out of the YAML lets the configuration file decide.
 */
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

  const configFile = optionalPath('configFile');
  if (configFile !== undefined && !fs.existsSync(configFile)) {
    throw new InputError(`Input 'configFile': '${configFile}' does not exist. Give the path of your .iac-scan.yml, or leave the input empty to use the one at the root of the scanned folder.`);
  }

  return {
    scanPath,
    exclude,
    rulesPath,
    configFile,
    baselineFile: optionalPath('baselineFile'),
    failOnSeverity: pick(tl, 'failOnSeverity', FAIL_ON_SEVERITIES),
    annotatePullRequest: bool(tl, 'annotatePullRequest'),
    annotationScope: pick(tl, 'annotationScope', ANNOTATION_SCOPES),
    minAnnotationSeverity: pick(tl, 'minAnnotationSeverity', SEVERITIES),
    maxAnnotations: count(tl, 'maxAnnotations'),
    postStatus: bool(tl, 'postStatus'),
    failOnAnnotationError: bool(tl, 'failOnAnnotationError') ?? DEFAULTS.failOnAnnotationError,
    sarifFile: sarifPath(tl, base),
    publishSarif: bool(tl, 'publishSarif') ?? DEFAULTS.publishSarif,
  };
}

/** A pickList value, matched case-insensitively and returned as spelled in task.json; undefined when empty. */
function pick<T extends string>(tl: InputReader, name: string, allowed: readonly T[]): T | undefined {
  const raw = tl.getInput(name)?.trim();
  if (!raw) return undefined;
  const found = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
  if (found === undefined) throw new InputError(`Input '${name}' has the value '${raw}', which is not allowed. Allowed values: ${allowed.join(', ')}.`);
  return found;
}

function bool(tl: InputReader, name: string): boolean | undefined {
  const raw = tl.getInput(name)?.trim();
  if (!raw) return undefined;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw new InputError(`Input '${name}' has the value '${raw}', which is not allowed. Allowed values: true, false.`);
}

function count(tl: InputReader, name: string): number | undefined {
  const raw = tl.getInput(name)?.trim();
  if (!raw) return undefined;
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
