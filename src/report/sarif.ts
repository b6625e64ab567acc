import * as path from 'node:path';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type * as sarif from 'sarif';
import type { Diagnostic, DiagnosticKind } from '../model/diagnostic';
import type { Finding } from '../model/finding';
import type { Severity } from '../model/severity';
import type { Location } from '../model/tree';
import { labelledRemediations, type Rule } from '../rules/rule';
import type { ScanResult } from '../scan/result';
import { primaryLocationLineHashes } from './fingerprint';

/**
 * SARIF 2.1.0 for GitHub code scanning, the Azure DevOps SARIF Scans tab, GitHub Advanced Security for
 * Azure DevOps and Defender for Cloud. The output is deterministic: no timestamps, and no absolute paths
 * except the file URI of the source root in `run.originalUriBaseIds`.
 */

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
/** Key of our own line-independent fingerprint in `partialFingerprints`. */
export const FINGERPRINT_KEY = 'iacScan/v1';

export interface SarifOptions {
  toolVersion: string;
  informationUri: string;
  /** `run.automationDetails.id`, `category/run-id` (GHAzDO wants `azuredevops/pipeline/build/…`). Default `iac-scan/`. */
  automationId?: string;
  /** `run.automationDetails.properties`; values must be strings (GHAzDO's multitool rules crash on numbers). */
  automationProperties?: Record<string, string>;
  /** Emitted as `run.versionControlProvenance` only when `repositoryUri` is given. */
  versionControl?: { repositoryUri?: string; revisionId?: string; branch?: string };
  /**
   * The source text of a line (`file` relative to the scan root, 1-based `line`), for
   * `partialFingerprints.primaryLocationLineHash`. Without it, or when it returns undefined, the hash is omitted.
   */
  readLine?: (file: string, line: number) => string | undefined;
  /**
   * Absolute directory that `%SRCROOT%` stands for (normally the repository's work tree). When the scan root
   * lies inside it, artifact URIs are made relative to it (`infra/main.bicep` instead of `main.bicep`), which is
   * what GitHub and the Scans tab need to link into the repository. Default: the scan root.
   */
  sourceRoot?: string;
}

const LEVELS: Record<Severity, sarif.Result.level> = {
  critical: 'error',
  high: 'error',
  // The Azure DevOps Scans tab hides `note`, so nothing at medium or above may be a note.
  medium: 'warning',
  low: 'warning',
  info: 'note',
};

/** GitHub: over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

/** One notification descriptor per diagnostic kind (a `Record` so a new kind must be described here). */
const NOTIFICATION_DESCRIPTIONS: Record<DiagnosticKind, string> = {
  'parse-error': 'A file could not be parsed.',
  'skipped-file': 'A file was skipped (too large, outside the root, or not scannable).',
  'unreadable-file': 'A file could not be read.',
  evaluation: 'An expression or rule could not be evaluated.',
  suppression: 'A suppression comment or entry is malformed, names no rule, or has expired.',
  config: 'An entry of the configuration file has no effect.',
};

export function sarifLevel(severity: Severity): sarif.Result.level {
  return LEVELS[severity];
}

export function securitySeverity(severity: Severity): string {
  return SECURITY_SEVERITY[severity];
}

export function toSarif(result: ScanResult, options: SarifOptions): sarif.Log {
  const { srcRootUri, prefix } = resolveSourceRoot(result.root, options.sourceRoot);
  const uriOf = (file: string): string => encodeRelativeUri(prefix + file);

  const ruleIndex = new Map<string, number>();
  result.rules.forEach((rule, i) => {
    if (!ruleIndex.has(rule.id)) ruleIndex.set(rule.id, i);
  });

  const absent = result.baseline?.absent ?? [];
  const files = collectFiles(result.findings, result.diagnostics, absent.map((e) => e.file));
  const artifactIndex = new Map<string, number>(files.map((f, i) => [f, i]));
  const artifactLocation = (file: string): sarif.ArtifactLocation => ({
    uri: uriOf(file),
    uriBaseId: SRCROOT,
    index: artifactIndex.get(file)!,
  });
  const physicalLocation = (loc: Location): sarif.PhysicalLocation => ({
    artifactLocation: artifactLocation(loc.file),
    region: region(loc),
  });

  const readLine = options.readLine;
  const lineHashes = primaryLocationLineHashes(
    result.findings.map((f) => ({
      ruleId: f.ruleId,
      file: f.location.file,
      line: f.location.line,
      column: f.location.column,
      text: readLine ? safeReadLine(readLine, f.location.file, f.location.line) : undefined,
    })),
  );

  const results = result.findings.map((finding, i) =>
    toResult(finding, ruleIndex.get(finding.ruleId), lineHashes[i], physicalLocation, artifactLocation),
  );
  // With a baseline, every result says whether it is new; findings of the baseline that are gone are `absent`.
  for (const e of absent) {
    const index = ruleIndex.get(e.ruleId);
    results.push({
      ruleId: e.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: sarifLevel(e.severity),
      message: { text: e.message || `${e.ruleId} (no longer found)` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.file), region: { startLine: Math.max(1, e.line) } } }],
      partialFingerprints: { [FINGERPRINT_KEY]: e.fingerprint },
      baselineState: 'absent',
      properties: { severity: e.severity },
    });
  }

  const notificationKinds = Object.keys(NOTIFICATION_DESCRIPTIONS) as DiagnosticKind[];
  const notifications: sarif.Notification[] = result.diagnostics.map((d) => toNotification(d, notificationKinds, physicalLocation));

  const automationDetails: sarif.RunAutomationDetails = { id: options.automationId ?? 'iac-scan/' };
  if (options.automationProperties) automationDetails.properties = { ...options.automationProperties };

  const run: sarif.Run = {
    tool: {
      driver: {
        name: 'iac-scan',
        fullName: 'iac-scan: Infrastructure-as-Code scanner for Azure',
        version: options.toolVersion,
        semanticVersion: options.toolVersion,
        informationUri: options.informationUri,
        rules: result.rules.map(toReportingDescriptor),
        notifications: notificationKinds.map((kind) => ({
          id: kind,
          shortDescription: { text: NOTIFICATION_DESCRIPTIONS[kind] },
        })),
      },
    },
    automationDetails,
    originalUriBaseIds: { [SRCROOT]: { uri: srcRootUri } },
    artifacts: files.map((file) => ({
      location: { uri: uriOf(file), uriBaseId: SRCROOT },
      roles: ['analysisTarget'],
    })),
    invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
    results,
    columnKind: 'utf16CodeUnits',
  };

  const vc = options.versionControl;
  if (vc?.repositoryUri) {
    const details: sarif.VersionControlDetails = { repositoryUri: vc.repositoryUri };
    if (vc.revisionId) details.revisionId = vc.revisionId;
    if (vc.branch) details.branch = vc.branch;
    details.mappedTo = { uriBaseId: SRCROOT };
    run.versionControlProvenance = [details];
  }

  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

function toReportingDescriptor(rule: Rule): sarif.ReportingDescriptor {
  const descriptor: sarif.ReportingDescriptor = {
    id: rule.id,
    name: pascalCase(rule.title) || rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
  };
  if (isAbsoluteUri(rule.helpUri)) descriptor.helpUri = rule.helpUri;
  descriptor.defaultConfiguration = { level: sarifLevel(rule.severity) };
  descriptor.properties = {
    'security-severity': securitySeverity(rule.severity),
    // `tags` is a set in SARIF (uniqueItems).
    tags: [...new Set(['security', ...rule.tags])],
    precision: 'high',
    severity: rule.severity,
    crosswalk: [...rule.crosswalk],
    peers: clonePeers(rule.peers),
  };
  return descriptor;
}

function toResult(
  finding: Finding,
  ruleIndex: number | undefined,
  lineHash: string | undefined,
  physicalLocation: (loc: Location) => sarif.PhysicalLocation,
  artifactLocation: (file: string) => sarif.ArtifactLocation,
): sarif.Result {
  const out: sarif.Result = {
    ruleId: finding.ruleId,
    // Absent when the finding's rule is not among the loaded rules.
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: sarifLevel(finding.severity),
    message: { text: finding.message },
  };

  const logical: sarif.LogicalLocation = { kind: 'resource' };
  if (finding.subject.name) logical.name = finding.subject.name;
  if (finding.subject.address) logical.fullyQualifiedName = finding.subject.address;
  out.locations = [{ physicalLocation: physicalLocation(finding.location), logicalLocations: [logical] }];

  if (finding.related.length > 0) {
    out.relatedLocations = finding.related.map((r, i) => ({
      id: i + 1,
      physicalLocation: physicalLocation(r.location),
      message: { text: r.message },
    }));
  }

  out.partialFingerprints = { [FINGERPRINT_KEY]: finding.fingerprint };
  if (lineHash !== undefined) out.partialFingerprints['primaryLocationLineHash'] = lineHash;

  out.properties = {
    severity: finding.severity,
    propertyPath: finding.propertyPath,
    defaultApplied: finding.defaultApplied,
  };
  if (finding.baselineState) out.baselineState = finding.baselineState;
  const s = finding.suppression;
  if (s) {
    const suppression: sarif.Suppression = { kind: s.kind, status: 'accepted', justification: s.justification, properties: { source: s.source } };
    if (s.expires) suppression.properties!['expires'] = s.expires;
    if (s.location && !isAbsolutePath(s.location.file)) suppression.location = { physicalLocation: physicalLocation(s.location) };
    out.suppressions = [suppression];
  }

  if (finding.fix && finding.fix.replacements.length > 0) {
    // One artifactChange per file, in order of first appearance.
    const changes = new Map<string, sarif.ArtifactChange>();
    for (const r of finding.fix.replacements) {
      let change = changes.get(r.location.file);
      if (!change) {
        change = { artifactLocation: artifactLocation(r.location.file), replacements: [] };
        changes.set(r.location.file, change);
      }
      change.replacements.push({ deletedRegion: region(r.location), insertedContent: { text: r.text } });
    }
    out.fixes = [{ description: { text: finding.fix.description }, artifactChanges: [...changes.values()] }];
  }
  return out;
}

function toNotification(
  d: Diagnostic,
  kinds: readonly DiagnosticKind[],
  physicalLocation: (loc: Location) => sarif.PhysicalLocation,
): sarif.Notification {
  const n: sarif.Notification = { level: d.severity, message: { text: d.message } };
  // A configuration file outside the scan root has an absolute path: the message names it instead.
  if (d.file && !isAbsolutePath(d.file)) n.locations = [{ physicalLocation: physicalLocation(d) }];
  const index = kinds.indexOf(d.kind);
  n.descriptor = index >= 0 ? { id: d.kind, index } : { id: d.kind };
  return n;
}

/** Every file a result or notification points at, in code-unit order. */
function collectFiles(findings: readonly Finding[], diagnostics: readonly Diagnostic[], more: readonly string[]): string[] {
  const files = new Set<string>(more);
  for (const f of findings) {
    files.add(f.location.file);
    for (const r of f.related) files.add(r.location.file);
    for (const r of f.fix?.replacements ?? []) files.add(r.location.file);
    if (f.suppression?.location && !isAbsolutePath(f.suppression.location.file)) files.add(f.suppression.location.file);
  }
  for (const d of diagnostics) if (d.file && !isAbsolutePath(d.file)) files.add(d.file);
  return [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function region(loc: Pick<Location, 'line' | 'column' | 'endLine' | 'endColumn'>): sarif.Region {
  const startLine = Math.max(1, loc.line);
  const startColumn = Math.max(1, loc.column);
  // An end before the start would be an invalid region; collapse it to an empty one.
  const endBeforeStart = loc.endLine < startLine || (loc.endLine === startLine && loc.endColumn < startColumn);
  return {
    startLine,
    startColumn,
    endLine: endBeforeStart ? startLine : loc.endLine,
    endColumn: endBeforeStart ? startColumn : loc.endColumn,
  };
}

/**
 * A relative path as a URI reference: each segment percent-encoded (UTF-8) so that spaces, `%`, `#`, `?`,
 * `:` and the like cannot change its meaning; `/` is kept.
 */
export function encodeRelativeUri(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment.replace(LONE_SURROGATE, '\uFFFD')))
    .join('/');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The `%SRCROOT%` file URI (with a trailing slash) and the prefix that makes scan-root paths relative to it. */
function resolveSourceRoot(scanRoot: string, sourceRoot: string | undefined): { srcRootUri: string; prefix: string } {
  let base = path.resolve(scanRoot);
  let prefix = '';
  if (sourceRoot) {
    const rel = relativeInside(path.resolve(sourceRoot), base) ?? relativeInside(realpath(sourceRoot), realpath(base));
    if (rel !== undefined) {
      base = path.resolve(sourceRoot);
      prefix = rel === '' ? '' : rel.split(path.sep).join('/') + '/';
    }
  }
  const href = pathToFileURL(base).href;
  return { srcRootUri: href.endsWith('/') ? href : href + '/', prefix };
}

/** `inner` relative to `outer` when it lies inside (or is) `outer`. */
function relativeInside(outer: string, inner: string): string | undefined {
  const rel = path.relative(outer, inner);
  if (rel === '') return '';
  if (path.isAbsolute(rel) || rel === '..' || rel.startsWith('..' + path.sep)) return undefined;
  return rel;
}

function realpath(p: string): string {
  try {
    return realpathSync.native(path.resolve(p));
  } catch {
    return path.resolve(p);
  }
}

function safeReadLine(readLine: NonNullable<SarifOptions['readLine']>, file: string, line: number): string | undefined {
  try {
    return readLine(file, line);
  } catch {
    return undefined;
  }
}

function pascalCase(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function isAbsoluteUri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) && URL.canParse(value);
}

function clonePeers(peers: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [tool, ids] of Object.entries(peers)) out[tool] = [...ids];
  return out;
}

function helpText(rule: Rule): string {
  const parts = [rule.description.trim(), ...labelledRemediations(rule).map((r) => `How to fix${r.label ? ` (${r.label})` : ''}: ${r.text}`)];
  if (rule.helpUri) parts.push(`More information: ${rule.helpUri}`);
  return parts.join('\n\n');
}

function helpMarkdown(rule: Rule): string {
  const lines = [
    '## What is wrong',
    '',
    rule.title.trim(),
    '',
    `Rule \`${rule.id}\`, severity **${rule.severity}**.`,
    '',
    '## Why it matters',
    '',
    rule.description.trim(),
    '',
    '## How to fix',
  ];
  for (const r of labelledRemediations(rule)) lines.push('', r.label ? `**${r.label}.** ${r.text}` : r.text);
  if (rule.helpUri) lines.push('', '## Learn more', '', `<${rule.helpUri}>`);
  return lines.join('\n');
}

function isAbsolutePath(file: string): boolean {
  return path.isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file);
}
