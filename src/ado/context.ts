/**
 * The pull request a build runs for, from the pipeline's predefined variables. Annotation happens
 * only on pull-request builds of Azure Repos; anything else is skipped with the reason.
 */
export interface PullRequestContext {
  /** `System.CollectionUri`, with a trailing slash. */
  collectionUri: string;
  project: string;
  repositoryId: string;
  pullRequestId: number;
  token: string;
  /** The build's results page, for the PR status link. */
  buildUrl?: string;
  /** Head of the PR source branch when the agent says it (`System.PullRequest.SourceCommitId`). */
  sourceCommitId?: string;
}

export type ContextResult = { ok: true; context: PullRequestContext } | { ok: false; reason: string };

/** Reads a pipeline variable by its dotted name (`Build.Reason`). */
export type VariableReader = (name: string) => string | undefined;

export function pullRequestContext(variable: VariableReader, token: string | undefined): ContextResult {
  const reason = variable('Build.Reason');
  if (reason !== 'PullRequest')
    return { ok: false, reason: `this build was not triggered by a pull request (Build.Reason is '${reason ?? 'not set'}')` };
  const provider = variable('Build.Repository.Provider');
  if (provider !== 'TfsGit')
    return { ok: false, reason: `pull-request comments are posted to Azure Repos only; this repository's provider is '${provider ?? 'not set'}'` };
  const id = Number(variable('System.PullRequest.PullRequestId'));
  if (!Number.isInteger(id) || id <= 0) return { ok: false, reason: 'System.PullRequest.PullRequestId is not set' };
  const collection = variable('System.CollectionUri') ?? variable('System.TeamFoundationCollectionUri');
  const project = variable('System.TeamProject');
  const repositoryId = variable('Build.Repository.ID');
  const missing = [
    ['System.CollectionUri', collection],
    ['System.TeamProject', project],
    ['Build.Repository.ID', repositoryId],
  ].filter(([, v]) => !v);
  if (missing.length) return { ok: false, reason: `pipeline variables are missing: ${missing.map(([n]) => n).join(', ')}` };
  if (!token)
    return {
      ok: false,
      reason: "no access token: the SystemVssConnection endpoint and System.AccessToken are both empty (for a classic pipeline, enable 'Allow scripts to access the OAuth token')",
    };
  const collectionUri = collection!.endsWith('/') ? collection! : `${collection}/`;
  const buildId = variable('Build.BuildId');
  return {
    ok: true,
    context: {
      collectionUri,
      project: project!,
      repositoryId: repositoryId!,
      pullRequestId: id,
      token,
      buildUrl: buildId ? `${collectionUri}${encodeURIComponent(project!)}/_build/results?buildId=${encodeURIComponent(buildId)}` : undefined,
      sourceCommitId: variable('System.PullRequest.SourceCommitId') || undefined,
    },
  };
}
