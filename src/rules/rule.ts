import type { Severity } from '../model/severity';
import type { Condition } from './condition';

/** The formats a rule's examples are written in. */
export type ExampleFormat = 'arm' | 'bicep' | 'terraform';

export interface Examples {
  /** Each bad example marks the lines that must be flagged with a trailing `// finding` (`# finding` in HCL). */
  bad: string[];
  good: string[];
}

/** A value default for an absent property: a single value, or one per API-version range. */
export type DefaultSpec = unknown;

/** How one dialect (`azure`: ARM and Bicep; `terraform`) selects subjects and judges them. */
export interface Target {
  /** Resource types (case-insensitive). Mutually exclusive with `declarations`. */
  resourceTypes?: string[];
  /** Template declarations instead of resources: ARM `parameters` or `outputs`. */
  declarations?: 'parameters' | 'outputs';
  /** Only subjects for which this holds are checked; unknown means skip. */
  where?: Condition;
  /** Each element matched by this wildcard path is a subject of its own (e.g. `properties.securityRules[*]`). */
  forEach?: string;
  /** What a compliant subject satisfies. A failure is a finding; unknown is not. */
  check: Condition;
  /** Where to report, relative to the subject, when not the deciding property (first existing path wins). */
  location?: string[];
  /** Message for a finding; `{value}`, `{path}` and `{name}` are replaced. Defaults to the rule title. */
  message?: string;
  /** The value is a secret: messages say that it is set, never what it is. */
  hideValue?: boolean;
  /** A mechanical fix: set the deciding property to this value. */
  fix?: { value: unknown };
}

export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  description: string;
  remediation: string;
  helpUri: string;
  /** Keys of shared/crosswalk.csv (e.g. `STG-01`). */
  crosswalk: string[];
  /** Equivalent rules of other tools, by tool: checkov, kics, trivy, templateAnalyzer, psrule. */
  peers: Record<string, string[]>;
  tags: string[];
  azure: Target[];
  terraform: Target[];
  examples: Partial<Record<ExampleFormat, Examples>>;
  /** The rule file it was loaded from (absolute path). */
  sourceFile: string;
}
