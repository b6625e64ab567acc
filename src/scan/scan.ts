import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import { discover, type Candidate } from '../discover/discover';
import { fileDiagnostic, type Diagnostic } from '../model/diagnostic';
import { compareFindings, type Finding } from '../model/finding';
import type { Template } from '../model/resource';
import { parseFile } from '../parse/parseFile';
import { applyRules } from '../rules/applyRules';
import { builtinRulesDir, loadRules } from '../rules/loadRules';
import type { Rule } from '../rules/rule';
import type { ScanResult } from './result';
import { scanBicepFiles } from './bicepFiles';
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
}

/**
 * The scan both entry points run: discover → parse → model → evaluate rules.
 * Throws RuleLoadError / DiscoveryError for configuration problems; problems with single files
 * become diagnostics and the scan goes on.
 */
export function scan(options: ScanOptions): ScanResult {
  const started = performance.now();
  const rules = options.rules ?? loadRules([builtinRulesDir(), ...(options.ruleDirs ?? [])]);
  const discovery = discover({
    root: options.path,
    include: options.include,
    exclude: options.exclude,
    maxFileBytes: options.maxFileBytes,
  });
  const diagnostics: Diagnostic[] = [...discovery.diagnostics];
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
    if (text !== undefined) {
      const parsed = parseFile(text, candidate);
      diagnostics.push(...parsed.diagnostics);
      if (parsed.templates) {
        filesScanned++;
        bytesScanned += candidate.size;
        resources += parsed.templates.reduce((n, t) => n + t.resources.length, 0);
        findings.push(...applyRulesSafely(parsed.templates, rules, diagnostics));
      }
    }
    options.onProgress?.(++done, total);
  }
  scanBicepFiles(bicep, (c) => readText(c, diagnostics), diagnostics, (candidate, template) => {
    filesScanned++;
    bytesScanned += candidate.size;
    resources += template.resources.length;
    findings.push(...applyRulesSafely([template], rules, diagnostics));
    options.onProgress?.(++done, total);
  });
  scanTerraformModules(terraform, (c) => readText(c, diagnostics), diagnostics, (files, template) => {
    filesScanned += files.length;
    bytesScanned += files.reduce((n, f) => n + f.size, 0);
    resources += template.resources.length;
    findings.push(...applyRulesSafely([template], rules, diagnostics));
    done += files.length;
    options.onProgress?.(done, total);
  });
  if (done < total) options.onProgress?.(total, total);
  findings.sort(compareFindings);
  return {
    root: discovery.root,
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
      findings.push(...applyRules([template], rules));
    } catch (err) {
      diagnostics.push(
        fileDiagnostic('evaluation', 'error', template.file, `The rules could not be evaluated on this file: ${(err as Error).message}. Please report this.`),
      );
    }
  }
  return findings;
}
