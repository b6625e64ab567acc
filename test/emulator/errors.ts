/**
 * Azure DevOps error envelopes (ado-rest-api.md §1.7) and the HttpError the routes throw. Messages marked
 * "emulator text" are not taken from the service; TF401027, TF401180, TF400733 and the version-out-of-range text are
 * from the contract document.
 */

export interface ErrorEnvelope {
  $id: string;
  innerException: null;
  message: string;
  typeName: string;
  typeKey: string;
  errorCode: number;
  eventId: number;
}

const NAMESPACES: Record<string, string> = {
  GitNeedsPermissionException: 'Microsoft.TeamFoundation.Git.Server.GitNeedsPermissionException, Microsoft.TeamFoundation.Git.Server',
  GitPullRequestNotFoundException: 'Microsoft.TeamFoundation.Git.Server.GitPullRequestNotFoundException, Microsoft.TeamFoundation.Git.Server',
  GitRepositoryNotFoundException: 'Microsoft.TeamFoundation.Git.Server.GitRepositoryNotFoundException, Microsoft.TeamFoundation.Git.Server',
  VssVersionOutOfRangeException: 'Microsoft.VisualStudio.Services.WebApi.VssVersionOutOfRangeException, Microsoft.VisualStudio.Services.WebApi',
  VssVersionNotSpecifiedException: 'Microsoft.VisualStudio.Services.WebApi.VssVersionNotSpecifiedException, Microsoft.VisualStudio.Services.WebApi',
  VssInvalidPreviewVersionException: 'Microsoft.VisualStudio.Services.WebApi.VssInvalidPreviewVersionException, Microsoft.VisualStudio.Services.WebApi',
};

export function envelope(typeKey: string, message: string, eventId = 3000): ErrorEnvelope {
  return {
    $id: '1',
    innerException: null,
    message,
    typeName: NAMESPACES[typeKey] ?? `Microsoft.VisualStudio.Services.Common.${typeKey}, Microsoft.VisualStudio.Services.Common`,
    typeKey,
    errorCode: 0,
    eventId,
  };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: object | undefined,
    readonly headers: Record<string, string> = {},
    readonly details: string[] = [],
  ) {
    super(body && 'message' in body ? String((body as { message: unknown }).message) : `HTTP ${status}`);
  }
}

export const permissionDenied = (identityId: string): ErrorEnvelope =>
  envelope(
    'GitNeedsPermissionException',
    `TF401027: You need the Git 'PullRequestContribute' permission to perform this action. Details: identity 'Build\\${identityId}', scope 'repository'.`,
  );

export const pullRequestNotFound = (): ErrorEnvelope =>
  envelope('GitPullRequestNotFoundException', 'TF401180: The requested pull request was not found.');

export const rateLimited = (resource: string): ErrorEnvelope =>
  envelope(
    'RequestBlockedException',
    `TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource '${resource}' in namespace 'User'.`,
  );

/** 404 for a missing thread, comment, iteration or status (emulator text). */
export function notFound(what: string, typeKey = 'NotFoundException'): HttpError {
  return new HttpError(404, envelope(typeKey, `The requested ${what} was not found.`));
}

/** 400 for a request the emulator refuses; `details` name the fields (emulator text). */
export function badRequest(message: string, details: string[] = [], typeKey = 'InvalidArgumentValueException'): HttpError {
  return new HttpError(400, envelope(typeKey, message), {}, details);
}
