import { spawn } from 'node:child_process';
import type { Emulator } from '../emulator/server';
import type { PrRepo } from './prRepo';

export interface AgentRun {
  status: number | null;
  stdout: string;
  stderr: string;
  lines: string[];
}

/**
 * Runs the bundled task as the agent does: `node dist/index.js` with INPUT_* variables, the pipeline's
 * predefined variables and the SystemVssConnection endpoint in the environment. Asynchronous, so that an
 * emulator in this process can answer the task's requests.
 */
export function runTaskAsAgent(entry: string, env: Record<string, string>, cwd: string): Promise<AgentRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], { cwd, env: { PATH: process.env['PATH'] ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, lines: stdout.split(/\r?\n/) });
    });
  });
}

/** What the agent sets for a pull-request build of Azure Repos (the task inputs at their defaults unless given). */
export function pullRequestBuildEnv(emu: Emulator, repo: PrRepo, prId: number, work: string, inputs: Record<string, string> = {}): Record<string, string> {
  const defaults: Record<string, string> = {
    scanPath: repo.dir,
    failOnSeverity: 'critical',
    annotatePullRequest: 'true',
    annotationScope: 'changedLines',
    minAnnotationSeverity: 'medium',
    maxAnnotations: '50',
    postStatus: 'true',
    failOnAnnotationError: 'false',
    sarifFile: `${work}/CodeAnalysisLogs/iac-scan.sarif`,
    publishSarif: 'true',
  };
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...defaults, ...inputs })) env[`INPUT_${name.toUpperCase()}`] = value;
  return {
    ...env,
    AGENT_TEMPDIRECTORY: work,
    SYSTEM_HOSTTYPE: 'build',
    SYSTEM_COLLECTIONURI: emu.collectionUrl,
    SYSTEM_TEAMFOUNDATIONCOLLECTIONURI: emu.collectionUrl,
    SYSTEM_TEAMPROJECT: emu.projectName,
    SYSTEM_TEAMPROJECTID: emu.projectId,
    SYSTEM_PULLREQUEST_PULLREQUESTID: String(prId),
    SYSTEM_PULLREQUEST_SOURCEBRANCH: 'refs/heads/feature',
    SYSTEM_PULLREQUEST_TARGETBRANCH: 'refs/heads/main',
    SYSTEM_PULLREQUEST_SOURCECOMMITID: repo.source,
    BUILD_REASON: 'PullRequest',
    BUILD_BUILDID: '5',
    BUILD_DEFINITIONID: '3',
    BUILD_DEFINITIONNAME: 'infra-ci',
    BUILD_SOURCESDIRECTORY: repo.dir,
    BUILD_SOURCEVERSION: repo.merge,
    BUILD_SOURCEBRANCH: `refs/pull/${prId}/merge`,
    BUILD_REPOSITORY_ID: emu.repositoryId,
    BUILD_REPOSITORY_NAME: emu.repositoryName,
    BUILD_REPOSITORY_PROVIDER: 'TfsGit',
    BUILD_REPOSITORY_URI: `${emu.collectionUrl}${emu.projectName}/_git/${emu.repositoryName}`,
    SYSTEM_PHASENAME: 'scan',
    ENDPOINT_URL_SYSTEMVSSCONNECTION: emu.collectionUrl,
    ENDPOINT_AUTH_SYSTEMVSSCONNECTION: JSON.stringify({ parameters: { AccessToken: emu.token }, scheme: 'OAuth' }),
    ENDPOINT_AUTH_SCHEME_SYSTEMVSSCONNECTION: 'OAuth',
    ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: emu.token,
  };
}
