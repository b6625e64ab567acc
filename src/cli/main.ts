import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DiscoveryError } from '../discover/discover';
import { gate, THRESHOLDS, type Threshold } from '../gate/gate';
import { toJson } from '../report/json';
import { gitProvenance } from '../report/gitProvenance';
import { toSarif } from '../report/sarif';
import { toText } from '../report/text';
import { RuleLoadError } from '../rules/loadRules';
import { ConfigError, configFor } from '../config/configFile';
import { BaselineError, baselineOf, readBaseline } from '../suppress/baseline';
import { scan } from '../scan/scan';
import type { ScanResult } from '../scan/result';
import { INFORMATION_URI, TOOL_VERSION } from '../version';
import { lineReader } from '../report/lineReader';

export interface Streams {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: iac-scan scan [PATH] [options]
       iac-scan baseline [PATH] [--output FILE] [options]

scan: scans the ARM templates, Bicep files and Terraform under PATH (default: the current folder) for Azure
misconfigurations.
baseline: writes the fingerprints of the current findings (suppressed ones left out) to FILE (default: the
configuration's 'baseline', else .iac-scan-baseline.json in PATH); a later 'scan --baseline FILE' then
gates on new findings only.

Options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the report (the baseline) to FILE instead of standard output
  --fail-on SEVERITY         exit with 1 when a finding is at or above SEVERITY:
                             critical, high, medium, low, or none (default: the configuration's
                             failOnSeverity, else critical); suppressed findings and findings unchanged
                             since the baseline never count
  --config FILE              read this configuration file (default: .iac-scan.yml or .iac-scan.yaml in PATH)
  --baseline FILE            compare with this baseline (default: the configuration's 'baseline', if any)
  --rules DIR                also load the rules in DIR (repeatable)
  --include GLOB             scan only files matching GLOB, relative to PATH (repeatable)
  --exclude GLOB             skip files and folders matching GLOB (repeatable)
  --max-file-size MB         skip larger files with a diagnostic (default: 5)
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no finding at or above --fail-on, 1 at least one, 2 usage or configuration error
(an invalid rule, configuration or baseline file).
`;

class UsageError extends Error {}

/** Runs the CLI; returns the exit code. */
export function main(argv: string[], io: Streams): number {
  try {
    return run(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`iac-scan: ${err.message}\nRun 'iac-scan --help' for usage.\n`);
      return EXIT_USAGE;
    }
    if (err instanceof RuleLoadError || err instanceof DiscoveryError || err instanceof ConfigError || err instanceof BaselineError) {
      io.stderr.write(`iac-scan: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

function run(argv: string[], io: Streams): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', default: 'text' },
        output: { type: 'string' },
        'fail-on': { type: 'string' },
        config: { type: 'string' },
        baseline: { type: 'string' },
        rules: { type: 'string', multiple: true, default: [] },
        include: { type: 'string', multiple: true, default: [] },
        exclude: { type: 'string', multiple: true, default: [] },
        'max-file-size': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (values.version) {
    io.stdout.write(`${TOOL_VERSION}\n`);
    return EXIT_OK;
  }
  const [command, target, ...rest] = positionals;
  if (command !== 'scan' && command !== 'baseline') {
    throw new UsageError(command ? `unknown command '${command}'; the commands are 'scan' and 'baseline'` : 'missing command; try: iac-scan scan .');
  }
  if (rest.length) throw new UsageError(`one PATH at most; got also '${rest.join("', '")}'`);
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif; got '${format}'`);
  const failOnFlag = values['fail-on']?.toLowerCase() as Threshold | undefined;
  if (failOnFlag !== undefined && !THRESHOLDS.includes(failOnFlag)) throw new UsageError(`--fail-on must be one of ${THRESHOLDS.join(', ')}; got '${values['fail-on']}'`);
  if (command === 'baseline' && values.baseline !== undefined) throw new UsageError("'baseline' writes a baseline; --baseline is for 'scan'");
  let maxFileBytes: number | undefined;
  if (values['max-file-size'] !== undefined) {
    const mb = Number(values['max-file-size']);
    if (!(mb > 0)) throw new UsageError(`--max-file-size must be a positive number of megabytes; got '${values['max-file-size']}'`);
    maxFileBytes = Math.round(mb * 1024 * 1024);
  }

  const scanPath = path.resolve(target ?? '.');
  const config = configFor(scanPath, values.config && path.resolve(values.config));
  const failOn: Threshold = failOnFlag ?? config?.failOnSeverity ?? 'critical';
  const baselineFile = command === 'scan' ? (values.baseline ? path.resolve(values.baseline) : config?.baseline) : undefined;
  // Progress counts from the first file read (rule loading excluded), then at most once a second.
  let started: number | undefined;
  let lastProgress = 0;
  const result = scan({
    path: scanPath,
    config,
    baseline: baselineFile ? readBaseline(baselineFile) : undefined,
    include: values.include.length ? values.include : undefined,
    exclude: values.exclude,
    ruleDirs: values.rules.map((d) => path.resolve(d)),
    maxFileBytes,
    onProgress: (done, total) => {
      const now = Date.now();
      started ??= now;
      if (now - started < 1000 || (now - lastProgress < 1000 && done < total)) return;
      lastProgress = now;
      if (io.stderr.isTTY) io.stderr.write(`\r\x1b[Kiac-scan: ${done}/${total} files${done === total ? '\n' : ''}`);
      else io.stderr.write(`iac-scan: ${done}/${total} files\n`);
    },
  });

  if (command === 'baseline') {
    const file = values.output ? path.resolve(values.output) : (config?.baseline ?? path.join(result.root, '.iac-scan-baseline.json'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, baselineOf(result.findings, TOOL_VERSION));
    const kept = result.findings.filter((f) => !f.suppression).length;
    io.stderr.write(`iac-scan: baseline of ${kept} finding(s) written to ${file}. Scan with --baseline ${path.relative(process.cwd(), file) || file} to report new findings only.\n`);
    return EXIT_OK;
  }
  const report = render(result, format, values.output === undefined && Boolean(io.stdout.isTTY));
  const verdict = gate(result.findings, failOn);
  if (values.output) {
    fs.mkdirSync(path.dirname(path.resolve(values.output)), { recursive: true });
    fs.writeFileSync(values.output, report);
    io.stderr.write(`iac-scan: ${verdict.message} Report written to ${values.output}.\n`);
  } else {
    io.stdout.write(report);
  }
  return verdict.failed ? EXIT_FINDINGS : EXIT_OK;
}

function render(result: ScanResult, format: 'text' | 'json' | 'sarif', color: boolean): string {
  if (format === 'text') return toText(result, { color });
  if (format === 'json') return toJson(result, TOOL_VERSION);
  // In a git checkout, URIs are relative to the repository's top folder, as code-scanning consumers expect.
  const git = gitProvenance(result.root);
  const sarif = toSarif(result, {
    toolVersion: TOOL_VERSION,
    informationUri: INFORMATION_URI,
    versionControl: git,
    sourceRoot: git?.topLevel,
    readLine: lineReader(result.root),
  });
  return JSON.stringify(sarif, null, 2) + '\n';
}
