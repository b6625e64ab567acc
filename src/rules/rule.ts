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

/** Remediation text per format. A rule file may give one text for all formats (users' rules). */
export type Remediation = Record<ExampleFormat, string>;

/** The remediation for the format of a file (`.bicep` → Bicep, `.tf` / `.tf.json` → Terraform, else ARM). */
export function remediationFor(rule: Rule, file: string): string {
  const name = file.toLowerCase();
  if (name.endsWith('.bicep')) return rule.remediation.bicep;
  if (name.endsWith('.tf') || name.endsWith('.tf.json')) return rule.remediation.terraform;
  return rule.remediation.arm;
}

export const FORMAT_NAMES: Record<ExampleFormat, string> = { arm: 'ARM', bicep: 'Bicep', terraform: 'Terraform' };

/**
 * The distinct remediation texts, each labelled with the formats it applies to ("ARM and Bicep"), for
 * documents that show them all; the label is empty when one text serves every format.
 */
export function labelledRemediations(rule: Rule): { label: string; text: string }[] {
  const groups: { formats: ExampleFormat[]; text: string }[] = [];
  const formats = ruleFormats(rule);
  for (const format of formats.length ? formats : (['arm', 'bicep', 'terraform'] as const)) {
    const text = rule.remediation[format];
    const same = groups.find((r) => r.text === text);
    if (same) same.formats.push(format);
    else groups.push({ formats: [format], text });
  }
  if (groups.length === 1) return [{ label: '', text: groups[0]!.text }];
  return groups.map((g) => ({ label: g.formats.map((f) => FORMAT_NAMES[f]).join(' and '), text: g.text }));
}

/** The formats a rule checks: ARM and Bicep with `azure` targets, Terraform with `terraform` targets. */
export function ruleFormats(rule: Pick<Rule, 'azure' | 'terraform'>): ExampleFormat[] {
  return [...(rule.azure.length ? (['arm', 'bicep'] as const) : []), ...(rule.terraform.length ? (['terraform'] as const) : [])];
}

export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  description: string;
  /** How to fix, per format: the property and the value to set, in that format's syntax. */
  remediation: Remediation;
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
