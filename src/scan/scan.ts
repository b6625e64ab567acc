import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discover, type Candidate } from '../discover/discover';
import { fileDiagnostic, type Diagnostic } from '../model/diagnostic';
import { compareFindings, type Finding } from '../model/finding';
import type { Template } from '../model/resource';
import { parseFile } from '../parse/parseFile';
import { applyRules } from '../rules/applyRules';
import { builtinRulesDir, loadRules } from '../rules/loadRules';
import type { Rule } from '../rules/rule';
import { ConfigError, configDisplayPath, type IacScanConfig } from '../config/configFile';
import { configureRules } from '../config/configureRules';
import type { SourceComment } from '../parse/comment';
import { applyBaseline, type Baseline } from '../suppress/baseline';
import { readDirectives, type Directive } from '../suppress/directives';
import { suppressExternal } from '../suppress/external';
import { suppressInline } from '../suppress/inline';
import type { ScanResult } from './result';
import { scanBicepFiles } from './bicepFiles';
import { append, guarded } from './guard';
import { scanTerraformModules } from './terraformModules';

export interface ScanOptions {
  /** A directory or a single file. */
  path: string;
  include?: string[];
  exclude?: string[];
  maxFileBytes?: number;
  /** Extra rule folders, loaded after the built-in rules. */
  ruleDirs?: string[];
  /** Rules already loaded (tests, callers that scan many times); replaces built-in + ruleDirs. */
  rules?: Rule[];
  /** Called after each file with the count done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** The configuration file's settings: globs, rule folders, disabled rules, severities, suppressions. */
  config?: IacScanConfig;
  /** Findings accepted earlier: matching findings become `unchanged`, the others `new`. */
  baseline?: Baseline;
  /** Today as `YYYY-MM-DD` (UTC), for suppression expiry dates; tests fix it. */
  today?: string;
  /**
   * When set, the configuration's `rules.folders` must lie inside this folder (the task passes the agent's
   * checkout, so that a pull request's configuration cannot load files from elsewhere on the agent).
   */
  confineRuleFoldersTo?: string;
}

/**
 * The scan both entry points run: discover → parse → model → evaluate rules.
 * Throws RuleLoadError / DiscoveryError for configuration problems; problems with single files
 * become diagnostics and the scan goes on.
 */
export function scan(options: ScanOptions): ScanResult {
  const started = performance.now();
  const config = options.config;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  if (config && options.confineRuleFoldersTo) checkRuleFolders(config, options.confineRuleFoldersTo);
  const loaded = options.rules ?? loadRules([builtinRulesDir(), ...(options.ruleDirs ?? []), ...(config?.ruleFolders ?? [])]);
  const include = [...(options.include ?? []), ...(config?.include ?? [])];
  const discovery = discover({
    root: options.path,
    include: include.length ? include : undefined,
    exclude: [...(options.exclude ?? []), ...(config?.exclude ?? [])],
    maxFileBytes: options.maxFileBytes,
  });
  const diagnostics: Diagnostic[] = [...discovery.diagnostics];
  const rules = config ? configureRules(loaded, config, discovery.root, diagnostics) : loaded;
  const ruleIndex = new Map(rules.map((r) => [r.id.toUpperCase(), r]));
  const directiveOptions = { ruleIds: new Set(ruleIndex.keys()), today };
  const directives = new Map<string, Directive[]>();
  const registerComments = (file: string, comments: readonly SourceComment[], source: string): void => {
    const found = readDirectives(comments, source, file, { ...directiveOptions, lfOnly: file.endsWith('.tf') });
    append(diagnostics, found.diagnostics);
    if (found.directives.length) directives.set(file, found.directives);
  };
  // Rules, then the inline suppressions of the files just read (their trees are dropped afterwards).
  const judge = (templates: Template[]): Finding[] => {
    const found = applyRulesSafely(templates, rules, diagnostics);
    suppressInline(found, templates, (file) => directives.get(file) ?? [], ruleIndex, diagnostics);
    reportEvaluationLimits(templates, diagnostics);
    return found;
  };
  const findings: Finding[] = [];
  let filesScanned = 0;
  let bytesScanned = 0;
  let resources = 0;
  const total = discovery.candidates.length;
  let done = 0;
  const terraform: Candidate[] = [];
  const bicep: Candidate[] = [];
  // One file at a time, start to finish, so that only one file's tree is in memory; Terraform a folder at a time.
  for (const candidate of discovery.candidates) {
    if (candidate.kind === 'terraform' || candidate.kind === 'tfvars') {
      terraform.push(candidate);
      continue;
    }
    if (candidate.kind === 'bicep') {
      bicep.push(candidate);
      continue;
    }
    const text = readText(candidate, diagnostics);
    const parsed = text === undefined ? undefined : guarded(candidate.file, diagnostics, () => parseFile(text, candidate));
    if (text !== undefined && parsed) {
      append(diagnostics, parsed.diagnostics);
      if (parsed.templates) {
        filesScanned++;
        bytesScanned += candidate.size;
        resources += parsed.templates.reduce((n, t) => n + t.resources.length, 0);
        if (parsed.comments) registerComments(candidate.file, parsed.comments, text);
        append(findings, judge(parsed.templates));
      }
    }
    options.onProgress?.(++done, total);
  }
  scanBicepFiles(
    bicep,
    (c) => readText(c, diagnostics),
    diagnostics,
    (candidate, template) => {
      filesScanned++;
      bytesScanned += candidate.size;
      resources += template.resources.length;
      append(findings, judge([template]));
      options.onProgress?.(++done, total);
    },
    registerComments,
  );
  scanTerraformModules(
    terraform,
    (c) => readText(c, diagnostics),
    diagnostics,
    (files, template) => {
      filesScanned += files.length;
      bytesScanned += files.reduce((n, f) => n + f.size, 0);
      resources += template.resources.length;
      append(findings, judge([template]));
      done += files.length;
      options.onProgress?.(done, total);
    },
    registerComments,
  );
  if (done < total) options.onProgress?.(total, total);
  if (config) {
    const configFile = configDisplayPath(config, discovery.root);
    suppressExternal(findings, config.suppressions, { today, ruleIds: directiveOptions.ruleIds, configFile }, diagnostics);
  }
  const absent = options.baseline ? applyBaseline(findings, options.baseline) : undefined;
  findings.sort(compareFindings);
  return {
    root: discovery.root,
    configFile: config?.file,
    baseline: options.baseline && { file: options.baseline.file, absent: absent! },
    findings,
    diagnostics: diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)),
    rules,
    stats: {
      filesConsidered: discovery.candidates.length,
      filesScanned,
      bytesScanned,
      resources,
      durationMs: Math.round(performance.now() - started),
    },
  };
}

/** Reads a file as UTF-8 text; binary and invalid UTF-8 files are reported, not scanned. */
function readText(candidate: Candidate, diagnostics: Diagnostic[]): string | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(candidate.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    diagnostics.push(fileDiagnostic('unreadable-file', 'warning', candidate.file, `The file cannot be read (${code}); it was not scanned.`));
    return undefined;
  }
  if (bytes.includes(0)) {
    diagnostics.push(fileDiagnostic('skipped-file', 'warning', candidate.file, 'The file looks binary (it contains NUL bytes); it was not scanned.'));
    return undefined;
  }
  if (!isUtf8(bytes)) {
    diagnostics.push(fileDiagnostic('unreadable-file', 'warning', candidate.file, 'The file is not valid UTF-8; it was not scanned. Save it as UTF-8.'));
    return undefined;
  }
  return bytes.toString('utf8');
}

/** Rules run per template, so that a defect met in one template costs that template only. */
function applyRulesSafely(templates: Template[], rules: Rule[], diagnostics: Diagnostic[]): Finding[] {
  const findings: Finding[] = [];
  for (const template of templates) {
    try {
      append(findings, applyRules([template], rules));
    } catch (err) {
      diagnostics.push(
        fileDiagnostic('evaluation', 'error', template.file, `The rules could not be evaluated on this file: ${(err as Error).message}. Please report this.`),
      );
    }
  }
  return findings;
}

/**
 * Values cut short by the evaluation limits are unknown, and unknown never makes a finding: say so, once per
 * file, so that a template built to exhaust the budget cannot hide findings silently.
 */
function reportEvaluationLimits(templates: readonly Template[], diagnostics: Diagnostic[]): void {
  const hits = new Map<string, number>();
  const seen = new Set<unknown>();
  for (const t of templates) {
    if (seen.has(t.scope)) continue;
    seen.add(t.scope);
    const n = t.scope.limitHits?.() ?? 0;
    if (n > 0) hits.set(t.file, (hits.get(t.file) ?? 0) + n);
  }
  for (const [file, n] of hits) {
    diagnostics.push(
      fileDiagnostic(
        'evaluation',
        'warning',
        file,
        `Expressions in this file reached the evaluation limits ${n} time(s) (see docs/security.md); those values were treated as unknown, so findings that depend on them may be missing. Simplify the expressions.`,
      ),
    );
  }
}

function checkRuleFolders(config: IacScanConfig, root: string): void {
  const base = path.resolve(root);
  config.ruleFolders.forEach((folder, i) => {
    const relative = path.relative(base, folder);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      const line = config.lineOf(['rules', 'folders', i]);
      throw new ConfigError(
        `Invalid configuration file ${config.file}${line ? `:${line}` : ''}: rules.folders.${i}: ${folder} is outside the checkout (${base}); ` +
          'rule folders of the configuration file must be inside it. Give other folders with the rulesPath input.',
      );
    }
  });
}
