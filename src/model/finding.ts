import type { Location } from './tree';
import type { Severity } from './severity';

export interface RelatedLocation {
  location: Location;
  message: string;
}

/** A text edit that fixes the finding mechanically (rendered as a SARIF fix and a PR suggestion). */
export interface Fix {
  description: string;
  /** Replace the text of `location` (a single value) with `text`. */
  replacements: { location: Location; text: string }[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** One sentence: what is wrong here, with the value seen (`<title>: <detail>`). */
  message: string;
  /** What was seen, without the title: `properties.minTlsVersion is "1.0".` */
  detail: string;
  location: Location;
  related: RelatedLocation[];
  /** The resource (or declaration) the finding is about. */
  subject: { type: string; name: string; address: string };
  /** The property path (relative to the subject) that decided the finding, e.g. `properties.minTlsVersion`. */
  propertyPath: string;
  /** True when the value was absent and the platform default was judged. */
  defaultApplied: boolean;
  /** Stable across runs and unrelated edits: rule, file, subject address and property path. */
  fingerprint: string;
  fix?: Fix;
  /**
   * Set when the finding is suppressed. A suppressed finding is kept (SARIF `suppressions`, counts) but
   * never fails the build and never gets a pull-request thread.
   */
  suppression?: Suppression;
  /** Set when the scan compares with a baseline: `unchanged` findings were accepted in it and do not gate. */
  baselineState?: 'new' | 'unchanged';
}

/** Why a finding is not held against the change: an inline comment, a resource's metadata or the config file. */
export interface Suppression {
  /** SARIF's kinds: `inSource` (a comment or metadata in the scanned file) or `external` (the configuration file). */
  kind: 'inSource' | 'external';
  justification: string;
  /** What suppressed it, for people: `iac-scan:ignore comment`, `checkov:skip comment`, `.iac-scan.yml suppressions[2]`. */
  source: string;
  /** The comment, metadata entry or configuration entry. */
  location?: Location;
  /** `YYYY-MM-DD`, when the suppression has an expiry date (it suppresses up to and including that day). */
  expires?: string;
}

/** A finding that counts: neither suppressed nor accepted in the baseline. These gate and get threads. */
export function isActive(finding: Finding): boolean {
  return !finding.suppression && finding.baselineState !== 'unchanged';
}

/** Report order: file, line, column, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    compareText(a.ruleId, b.ruleId)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
