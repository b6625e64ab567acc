import * as path from 'node:path';
import { sanitizeRemoteUrl } from '../report/gitProvenance';
import { encodeRelativeUri } from '../report/sarif';

/** Reads a pipeline variable by its dotted name (`Build.BuildId`). */
export type VariableReader = (name: string) => string | undefined;

/** The predefined pipeline variables the task reports with. Absent off an agent. */
export interface BuildFacts {
  hostType?: string;
  collectionUri?: string;
  project?: string;
  definitionId?: string;
  definitionName?: string;
  buildId?: string;
  phaseId?: string;
  phaseName?: string;
  sourceBranch?: string;
  sourceVersion?: string;
  /** Build.Repository.Uri without credentials or user name. */
  repositoryUri?: string;
  repositoryProvider?: string;
  sourcesDirectory?: string;
}

export function buildFacts(variable: VariableReader): BuildFacts {
  const v = (name: string) => variable(name) || undefined;
  const repositoryUri = v('Build.Repository.Uri');
  return {
    hostType: v('System.HostType'),
    collectionUri: v('System.CollectionUri') ?? v('System.TeamFoundationCollectionUri'),
    project: v('System.TeamProject'),
    definitionId: v('Build.DefinitionId'),
    definitionName: v('Build.DefinitionName'),
    buildId: v('Build.BuildId'),
    phaseId: v('System.PhaseId'),
    phaseName: v('System.PhaseName'),
    sourceBranch: v('Build.SourceBranch'),
    sourceVersion: v('Build.SourceVersion'),
    repositoryUri: repositoryUri === undefined ? undefined : sanitizeRemoteUrl(repositoryUri),
    repositoryProvider: v('Build.Repository.Provider'),
    sourcesDirectory: v('Build.SourcesDirectory'),
  };
}

/**
 * The organization (Azure DevOps Services) or collection (Azure DevOps Server) name of a collection URI:
 * `https://dev.azure.com/fabrikam/` → `fabrikam`, `https://fabrikam.visualstudio.com/` → `fabrikam`,
 * `https://tfs.contoso.com/tfs/DefaultCollection/` → `DefaultCollection`.
 */
export function collectionName(collectionUri: string | undefined): string | undefined {
  if (!collectionUri || !URL.canParse(collectionUri)) return undefined;
  const url = new URL(collectionUri);
  const segments = url.pathname.split('/').filter((s) => s !== '');
  if (segments.length) return decodeURIComponent(segments.at(-1)!);
  return url.hostname.split('.')[0] || undefined;
}

/**
 * `run.automationDetails` as GitHub Advanced Security for Azure DevOps wants it:
 * `azuredevops/pipeline/build/<org>/<project>/<definitionId>/<phase>/<branch>/<buildId>`, with string properties.
 * Undefined off a pipeline (no Build.BuildId).
 */
export function automationDetails(facts: BuildFacts): { id: string; properties: Record<string, string> } | undefined {
  if (!facts.buildId) return undefined;
  const part = (value: string | undefined) => value ?? 'unknown';
  const id = [
    'azuredevops/pipeline/build',
    part(collectionName(facts.collectionUri)),
    part(facts.project),
    part(facts.definitionId),
    facts.phaseName ?? 'job',
    part(facts.sourceBranch),
    facts.buildId,
  ].join('/');
  const properties: Record<string, string> = {};
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined) properties[`azuredevops/pipeline/build/${key}`] = value;
  };
  put('buildDefinitionId', facts.definitionId);
  put('buildDefinitionName', facts.definitionName);
  put('phaseId', facts.phaseId);
  put('phaseName', facts.phaseName);
  return { id, properties };
}

/** `file` (relative to `scanRoot`) relative to the checkout, with forward slashes; undefined when outside it. */
export function repositoryPath(checkoutDir: string | undefined, scanRoot: string, file: string): string | undefined {
  if (!checkoutDir) return undefined;
  const rel = path.relative(path.resolve(checkoutDir), path.resolve(scanRoot, file));
  if (rel === '' || path.isAbsolute(rel) || rel === '..' || rel.startsWith(`..${path.sep}`)) return undefined;
  return rel.split(path.sep).join('/');
}

/** A link to a line of a repository file at a commit (Azure Repos and GitHub), or undefined when unknown. */
export function lineLink(facts: BuildFacts, revision: string | undefined, repoPath: string, line: number): string | undefined {
  const uri = facts.repositoryUri;
  if (!uri || !revision || !/^https?:/.test(uri)) return undefined;
  const provider = facts.repositoryProvider;
  if (provider === undefined || provider === 'TfsGit') {
    return (
      `${uri}?path=/${encodeRelativeUri(repoPath)}&version=GC${revision}&line=${line}&lineEnd=${line}` +
      '&lineStartColumn=1&lineEndColumn=1&lineStyle=plain&_a=contents'
    );
  }
  if (provider === 'GitHub' || provider === 'GitHubEnterprise') {
    return `${uri.replace(/\.git$/, '')}/blob/${revision}/${encodeRelativeUri(repoPath)}#L${line}`;
  }
  return undefined;
}
