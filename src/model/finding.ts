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
