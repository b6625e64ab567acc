import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as sarif from 'sarif';
import { gitProvenance } from '../report/gitProvenance';
import { lineReader } from '../report/lineReader';
import { toSarif } from '../report/sarif';
import type { ScanResult } from '../scan/result';
import { INFORMATION_URI, TOOL_VERSION } from '../version';
import { automationDetails, type BuildFacts } from './pipeline';

export interface PipelineSarif {
  log: sarif.Log;
  /** The commit the scanned files come from (git HEAD of the checkout, else Build.SourceVersion). */
  revision?: string;
  /** The folder SARIF URIs are relative to. */
  sourceRoot?: string;
}

/**
 * The SARIF log of a pipeline run: URIs relative to the checkout (Build.SourcesDirectory) when the scan root
 * is inside it, `automationDetails` for GitHub Advanced Security for Azure DevOps, and version control from
 * the checkout completed with the pipeline's repository URI and branch.
 */
export function pipelineSarif(result: ScanResult, facts: BuildFacts): PipelineSarif {
  const git = gitProvenance(result.root);
  const inCheckout = facts.sourcesDirectory !== undefined && isInside(facts.sourcesDirectory, result.root);
  const sourceRoot = inCheckout ? facts.sourcesDirectory : git?.topLevel;
  const revision = git?.revisionId ?? facts.sourceVersion;
  const automation = automationDetails(facts);
  const log = toSarif(result, {
    toolVersion: TOOL_VERSION,
    informationUri: INFORMATION_URI,
    automationId: automation?.id,
    automationProperties: automation?.properties,
    versionControl: {
      repositoryUri: facts.repositoryUri ?? git?.repositoryUri,
      revisionId: revision,
      branch: facts.sourceBranch ?? git?.branch,
    },
    sourceRoot,
    readLine: lineReader(result.root),
  });
  return { log, revision, sourceRoot };
}

/** Writes the log, creating folders. */
export function writeSarif(file: string, log: sarif.Log): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(log, null, 2) + '\n');
}

function isInside(outer: string, inner: string): boolean {
  const rel = path.relative(path.resolve(outer), path.resolve(inner));
  return rel === '' || !(path.isAbsolute(rel) || rel === '..' || rel.startsWith(`..${path.sep}`));
}
