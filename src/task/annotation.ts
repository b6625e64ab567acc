import * as tl from 'azure-pipelines-task-lib/task';
import type { IRequestOptions } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import { annotatePullRequest } from '../ado/annotate';
import { pullRequestContext } from '../ado/context';
import type { Verdict } from '../gate/gate';
import { isActive } from '../model/finding';
import type { ScanResult } from '../scan/result';
import type { TaskSettings } from './inputs';
import { redactor } from './redact';
import type { TaskLog } from './log';
import type { AnnotationOutcome } from './summary';

/**
 * Comments on the pull request when this is a pull-request build of Azure Repos and the input asks for it;
 * otherwise says why not. When the scan failed (`error`), only the pull-request status is posted.
 * Never throws: a failure comes back in the report.
 */
export async function annotate(
  inputs: TaskSettings,
  result: ScanResult | undefined,
  verdict: Verdict | 'error',
  checkoutDir: string,
  log: TaskLog,
): Promise<AnnotationOutcome> {
  if (!inputs.annotatePullRequest) return { skipped: "the input 'annotatePullRequest' is false." };
  const token = accessToken();
  const ctx = pullRequestContext((name) => tl.getVariable(name), token);
  if (!ctx.ok) return { skipped: `${ctx.reason}.` };

  log.info(`Commenting on pull request ${ctx.context.pullRequestId}…`);
  // Whatever Azure DevOps (or a proxy) sends back may quote the request's Authorization header.
  const redact = redactor(token);
  const report = await annotatePullRequest({
    context: ctx.context,
    findings: (result?.findings ?? []).filter(isActive),
    accepted: (result?.findings ?? []).filter((f) => !isActive(f)),
    rules: result?.rules ?? [],
    scanRoot: result?.root ?? checkoutDir,
    checkoutDir,
    scope: inputs.annotationScope,
    minSeverity: inputs.minAnnotationSeverity,
    maxAnnotations: inputs.maxAnnotations,
    postStatus: inputs.postStatus,
    verdict: verdict === 'error' ? 'error' : { failed: verdict.failed, message: verdict.message },
    log: (line) => log.external(redact(line), 'remote'),
    requestOptions: agentRequestOptions(ctx.context.collectionUri),
  });
  return { report: { ...report, message: redact(report.message) } };
}

/** The job's access token, registered as a secret so that the agent masks it. */
function accessToken(): string | undefined {
  const token = tl.getEndpointAuthorizationParameter('SystemVssConnection', 'AccessToken', true) || tl.getVariable('System.AccessToken') || undefined;
  if (token) tl.setSecret(token);
  return token;
}

/** The agent's proxy and client-certificate settings, for the REST client. */
function agentRequestOptions(collectionUri: string): IRequestOptions {
  const options: IRequestOptions = {};
  const proxy = tl.getHttpProxyConfiguration(collectionUri);
  if (proxy) {
    options.proxy = {
      proxyUrl: proxy.proxyUrl,
      proxyUsername: proxy.proxyUsername,
      proxyPassword: proxy.proxyPassword,
      proxyBypassHosts: proxy.proxyBypassHosts,
    };
  }
  const cert = tl.getHttpCertConfiguration();
  if (cert) options.cert = { caFile: cert.caFile, certFile: cert.certFile, keyFile: cert.keyFile, passphrase: cert.passphrase };
  return options;
}
