import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tl from 'azure-pipelines-task-lib/task';
import { DiscoveryError } from '../discover/discover';
import { gate } from '../gate/gate';
import { SEVERITIES } from '../model/severity';
import { countBySeverity } from '../report/counts';
import { toText } from '../report/text';
import { RuleLoadError } from '../rules/loadRules';
import { scan } from '../scan/scan';
import type { ScanResult } from '../scan/result';
import { TOOL_VERSION } from '../version';
import { annotate } from './annotation';
import { InputError, readInputs, settingsFrom, type TaskInputs, type TaskSettings } from './inputs';
import { ConfigError, configFor, type IacScanConfig } from '../config/configFile';
import { isActive } from '../model/finding';
import { BaselineError, readBaseline } from '../suppress/baseline';
import { AGENT_ISSUE_LIMIT, pickIssues } from './issues';
import { neutralise, TaskLog } from './log';
import { buildFacts } from './pipeline';
import { pipelineSarif, writeSarif } from './sarifReport';
import { summaryMarkdown, type ResultName } from './summary';

const ARTIFACT = 'CodeAnalysisLogs';

/**
 * The Azure Pipelines task: inputs → the CLI's scan → SARIF file and artifact → pull-request comments →
 * summary, issues, output variables → the build result. The scan, the reports and the gate are the engine's;
 * this file only wires them to the agent.
 */
async function run(): Promise<void> {
  const log = new TaskLog();
  log.info(`iac-scan ${TOOL_VERSION}`);

  let raw: TaskInputs;
  try {
    raw = readInputs(tl);
  } catch (err) {
    if (err instanceof InputError) return tl.setResult(tl.TaskResult.Failed, neutralise(err.message));
    throw err;
  }
  const facts = buildFacts((name) => tl.getVariable(name));

  // The configuration file (the input's, else .iac-scan.yml at the scan root) completes the inputs left empty.
  let config: IacScanConfig | undefined;
  let inputs: TaskSettings = settingsFrom(raw, undefined);
  let result: ScanResult;
  try {
    config = configFor(raw.scanPath, raw.configFile);
    inputs = settingsFrom(raw, config);
    if (config) log.external(`Configuration: ${config.file}`);
    const baseline = inputs.baselineFile ? readBaseline(inputs.baselineFile) : undefined;
    if (baseline) log.external(`Baseline: ${baseline.file} (${baseline.entries.length} accepted finding(s))`);
    log.external(`Scanning ${inputs.scanPath}`);
    result = scan({
      path: inputs.scanPath,
      exclude: inputs.exclude,
      ruleDirs: inputs.rulesPath ? [inputs.rulesPath] : [],
      config,
      baseline,
      confineRuleFoldersTo: facts.sourcesDirectory,
    });
  } catch (err) {
    if (!(err instanceof RuleLoadError || err instanceof DiscoveryError || err instanceof ConfigError || err instanceof BaselineError)) throw err;
    // The pull request still learns that the scan failed (status `error`), so a required check cannot pass.
    const annotation = await annotate(inputs, undefined, 'error', facts.sourcesDirectory ?? inputs.scanPath, log);
    if ('report' in annotation && annotation.report.outcome === 'failed') log.warning(annotation.report.message, 'remote');
    return tl.setResult(tl.TaskResult.Failed, neutralise(err.message));
  }
  log.external(toText(result, { color: false }));

  // The SARIF file first: whatever fails later, it is there.
  const sarif = pipelineSarif(result, facts);
  let sarifLine: string;
  let sarifError: string | undefined;
  try {
    writeSarif(inputs.sarifFile, sarif.log);
    log.external(`SARIF written to ${inputs.sarifFile}`);
    sarifLine = `SARIF: ${inputs.sarifFile}, ${publishSarif(inputs, facts.hostType, log)}`;
  } catch (err) {
    sarifError = `The SARIF file could not be written to ${inputs.sarifFile}: ${(err as Error).message}`;
    sarifLine = sarifError;
    log.external(sarifError);
  }

  // Counts of the findings that count; suppressed ones and those unchanged since the baseline apart.
  const active = result.findings.filter(isActive);
  const counts = countBySeverity(active);
  for (const severity of SEVERITIES) tl.setVariable(`${severity}Count`, String(counts[severity]), false, true);
  tl.setVariable('findingCount', String(active.length), false, true);
  tl.setVariable('suppressedCount', String(result.findings.filter((f) => f.suppression).length), false, true);
  if (!sarifError) tl.setVariable('sarifFile', inputs.sarifFile, false, true);

  const verdict = gate(result.findings, inputs.failOnSeverity);
  log.info(verdict.message);

  const checkoutDir = facts.sourcesDirectory ?? result.root;
  const annotation = await annotate(inputs, result, verdict, checkoutDir, log);
  let annotationError: string | undefined;
  if ('skipped' in annotation) {
    log.external(`Pull-request comments skipped: ${annotation.skipped}`, 'remote');
  } else if (annotation.report.outcome === 'failed') {
    if (inputs.failOnAnnotationError) annotationError = annotation.report.message;
    else log.warning(annotation.report.message, 'remote');
  } else {
    log.external(annotation.report.message, 'remote');
  }

  if (result.diagnostics.length) {
    log.warning(`${result.diagnostics.length} problem(s) with files that could not be scanned completely; see 'Diagnostics' above.`);
  }

  // The result: the gate, then anything that must not pass unnoticed.
  const failures = [verdict.failed ? verdict.message : '', sarifError ?? '', annotationError ?? ''].filter((m) => m !== '');
  const outcome: { result: ResultName; message: string } = failures.length
    ? { result: 'Failed', message: failures.join(' ') }
    : active.length
      ? { result: 'SucceededWithIssues', message: verdict.message }
      : { result: 'Succeeded', message: verdict.message };

  const summaryMd = summaryMarkdown({
    result,
    outcome,
    facts,
    revision: sarif.revision,
    sarifLine,
    annotation,
    minAnnotationSeverity: inputs.minAnnotationSeverity,
    maxAnnotations: inputs.maxAnnotations,
  });
  uploadSummary(path.join(path.dirname(inputs.sarifFile), 'iac-scan-summary.md'), summaryMd, log);

  // Findings as issues, within what the agent keeps after the result's own issue.
  const picked = pickIssues(active, {
    errors: AGENT_ISSUE_LIMIT - (outcome.result === 'Failed' ? 1 : 0),
    warnings: AGENT_ISSUE_LIMIT - log.warnings - (outcome.result === 'SucceededWithIssues' ? 1 : 0),
  });
  for (const { kind, finding } of picked.issues) {
    const { file, line, column } = finding.location;
    tl.logIssue(
      kind === 'error' ? tl.IssueType.Error : tl.IssueType.Warning,
      neutralise(`${finding.ruleId} ${finding.message}`),
      neutralise(path.resolve(result.root, file)),
      line,
      column,
      finding.ruleId,
    );
  }
  if (picked.left) {
    log.info(`${picked.left} more finding(s) are not listed as errors or warnings (the agent keeps 10 of each); all are in the log above and in the SARIF file.`);
  }

  tl.setResult(tl.TaskResult[outcome.result], neutralise(outcome.message));
}

/** Writes the Markdown summary and attaches it to the run (its Extensions tab). */
function uploadSummary(file: string, markdown: string, log: TaskLog): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, markdown);
    tl.uploadSummary(file);
  } catch (err) {
    log.warning(`The summary could not be written to ${file}: ${(err as Error).message}`);
  }
}

/** Uploads the SARIF file as the CodeAnalysisLogs artifact when asked and possible; says what happened. */
function publishSarif(inputs: TaskInputs, hostType: string | undefined, log: TaskLog): string {
  if (!inputs.publishSarif) {
    log.info("The SARIF file is not published: the input 'publishSarif' is false.");
    return 'not published (publishSarif is false).';
  }
  if (hostType !== 'build') {
    const why = `artifacts can be uploaded from build pipelines only, and System.HostType is '${hostType ?? 'not set'}'`;
    log.info(`The SARIF file is not published as the ${ARTIFACT} artifact: ${why}. Publish it with a PublishPipelineArtifact step if you need it.`);
    return `not published (${why}).`;
  }
  tl.uploadArtifact(ARTIFACT, inputs.sarifFile, ARTIFACT);
  log.info(`The SARIF file is published as the build artifact ${ARTIFACT} (SARIF Scans tab, Defender for Cloud).`);
  return `published as the build artifact ${ARTIFACT}.`;
}

run().catch((err: unknown) => {
  tl.setResult(tl.TaskResult.Failed, neutralise(`iac-scan failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
});
