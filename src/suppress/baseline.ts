import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../model/finding';
import { SEVERITIES, type Severity } from '../model/severity';

/**
 * A baseline: the findings a team has accepted, by fingerprint. The fingerprint hashes the rule, the file,
 * the resource's address and the property path — no line numbers and no formatting — so moving lines,
 * reformatting and editing other resources leave it unchanged; renaming the file or the resource does not.
 */
export interface Baseline {
  /** Absolute path of the file it was read from. */
  file: string;
  entries: BaselineEntry[];
}

/** What a baseline keeps of a finding: enough to match it, and to show it when it is gone (`absent`). */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  severity: Severity;
  file: string;
  line: number;
  resource: string;
  message: string;
}

export const BASELINE_FORMAT = 'iac-scan-baseline';
export const BASELINE_VERSION = 1;

/** The baseline file cannot be used; the scan stops with a message that names the file and the problem. */
export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

/** The baseline of these findings: every finding that is not suppressed, in report order. */
export function baselineOf(findings: readonly Finding[], toolVersion: string): string {
  const entries: BaselineEntry[] = findings
    .filter((f) => !f.suppression)
    .map((f) => ({
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      severity: f.severity,
      file: f.location.file,
      line: f.location.line,
      resource: f.subject.address,
      message: f.message,
    }));
  return JSON.stringify({ format: BASELINE_FORMAT, version: BASELINE_VERSION, tool: `iac-scan ${toolVersion}`, findings: entries }, null, 2) + '\n';
}

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new BaselineError(`The baseline file ${file} cannot be read (${code}). Create it with 'iac-scan baseline PATH --output ${path.basename(file)}', or check the path.`);
  }
  const bad = (why: string): never => {
    throw new BaselineError(`The baseline file ${file} is not an iac-scan baseline: ${why}. Create it again with 'iac-scan baseline PATH --output FILE'.`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return bad(`it is not valid JSON (${(err as Error).message})`);
  }
  const d = data as { format?: unknown; version?: unknown; findings?: unknown };
  if (typeof d !== 'object' || d === null || d.format !== BASELINE_FORMAT) return bad(`"format" is not "${BASELINE_FORMAT}"`);
  if (d.version !== BASELINE_VERSION) return bad(`version ${JSON.stringify(d.version)} is not supported (this version reads ${BASELINE_VERSION})`);
  if (!Array.isArray(d.findings)) return bad('"findings" is not a list');
  const entries = d.findings.map((e: Partial<BaselineEntry>, i): BaselineEntry => {
    const ok =
      typeof e === 'object' && e !== null && typeof e.fingerprint === 'string' && typeof e.ruleId === 'string' && typeof e.file === 'string' &&
      Number.isInteger(e.line) && SEVERITIES.includes(e.severity as Severity);
    if (!ok) return bad(`findings[${i}] lacks fingerprint, ruleId, severity, file or line`);
    return { fingerprint: e.fingerprint!, ruleId: e.ruleId!, severity: e.severity!, file: e.file!, line: e.line!, resource: String(e.resource ?? ''), message: String(e.message ?? '') };
  });
  return { file: path.resolve(file), entries };
}

/**
 * Compares the findings with the baseline: each finding becomes `new` or `unchanged`; the entries no
 * finding matches any more are returned (SARIF reports them as `absent`).
 */
export function applyBaseline(findings: Finding[], baseline: Baseline): BaselineEntry[] {
  const accepted = new Set(baseline.entries.map((e) => e.fingerprint));
  const present = new Set<string>();
  for (const f of findings) {
    present.add(f.fingerprint);
    f.baselineState = accepted.has(f.fingerprint) ? 'unchanged' : 'new';
  }
  return baseline.entries.filter((e) => !present.has(e.fingerprint));
}
