import type { Diagnostic } from '../model/diagnostic';
import type { Finding } from '../model/finding';
import type { Rule } from '../rules/rule';
import type { BaselineEntry } from '../suppress/baseline';

export interface ScanStats {
  /** Files looked at after include/exclude (candidates by extension). */
  filesConsidered: number;
  /** Files recognised as IaC and scanned (ARM templates, …). */
  filesScanned: number;
  bytesScanned: number;
  resources: number;
  durationMs: number;
}

export interface ScanResult {
  /** Absolute path of the scan root (a directory, or the directory of a single scanned file). */
  root: string;
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** Every rule that was loaded, in id order (reporters list them all), as configured (disabled ones left out). */
  rules: Rule[];
  /** The configuration file used, absolute. */
  configFile?: string;
  /** The baseline compared with, and its entries that no finding matches any more (SARIF `absent`). */
  baseline?: { file: string; absent: BaselineEntry[] };
  stats: ScanStats;
}
