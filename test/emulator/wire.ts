/**
 * Stored records → response JSON (field order and shapes after the spec's httpExamples; `_links.self.href` on every
 * resource; dates ISO-8601 with Z; enums camelCase).
 */
import type {
  Identity, StoredChange, StoredComment, StoredIteration, StoredPullRequest, StoredStatus, StoredThread, TypedProperty,
} from './types';

export class Wire {
  constructor(private readonly collectionUrl: () => string) {}

  private get base(): string {
    return this.collectionUrl();
  }

  repoUrl(pr: StoredPullRequest): string {
    return `${this.base}_apis/git/repositories/${pr.repository.id}`;
  }

  prUrl(pr: StoredPullRequest): string {
    return `${this.repoUrl(pr)}/pullRequests/${pr.pullRequestId}`;
  }

  private links(pr: StoredPullRequest, self: string): Record<string, { href: string }> {
    return { self: { href: self }, repository: { href: this.repoUrl(pr) } };
  }

  identity(i: Identity): Record<string, unknown> {
    const url = `${this.base}_apis/Identities/${i.id}`;
    return {
      displayName: i.displayName,
      url,
      _links: { avatar: { href: `${this.base}_apis/GraphProfile/MemberAvatars/${i.descriptor}` } },
      id: i.id,
      uniqueName: i.uniqueName,
      imageUrl: `${this.base}_api/_common/identityImage?id=${i.id}`,
      descriptor: i.descriptor,
      ...(i.isContainer ? { isContainer: true } : {}),
    };
  }

  comment(pr: StoredPullRequest, threadId: number, c: StoredComment): Record<string, unknown> {
    const self = `${this.prUrl(pr)}/threads/${threadId}/comments/${c.id}`;
    return {
      id: c.id,
      parentCommentId: c.parentCommentId,
      author: this.identity(c.author),
      content: c.content,
      publishedDate: c.publishedDate,
      lastUpdatedDate: c.lastUpdatedDate,
      lastContentUpdatedDate: c.lastContentUpdatedDate,
      commentType: c.commentType,
      ...(c.isDeleted ? { isDeleted: true } : {}),
      usersLiked: c.usersLiked.map((u) => this.identity(u)),
      _links: {
        ...this.links(pr, self),
        threads: { href: `${this.prUrl(pr)}/threads/${threadId}` },
        pullRequests: { href: this.prUrl(pr) },
      },
    };
  }

  thread(pr: StoredPullRequest, t: StoredThread): Record<string, unknown> {
    return {
      pullRequestThreadContext: t.pullRequestThreadContext ? structuredClone(t.pullRequestThreadContext) : null,
      id: t.id,
      publishedDate: t.publishedDate,
      lastUpdatedDate: t.lastUpdatedDate,
      comments: t.comments.map((c) => this.comment(pr, t.id, c)),
      ...(t.status !== undefined ? { status: t.status } : {}),
      threadContext: t.threadContext ? structuredClone(t.threadContext) : null,
      properties: props(t.properties),
      isDeleted: t.isDeleted,
      _links: this.links(pr, `${this.prUrl(pr)}/threads/${t.id}`),
    };
  }

  status(pr: StoredPullRequest, s: StoredStatus, viaIteration = false): Record<string, unknown> {
    const self = viaIteration && s.iterationId !== undefined
      ? `${this.prUrl(pr)}/iterations/${s.iterationId}/statuses/${s.id}`
      : `${this.prUrl(pr)}/statuses/${s.id}`;
    return {
      ...(s.properties ? { properties: props(s.properties) } : {}),
      ...(s.iterationId !== undefined ? { iterationId: s.iterationId } : {}),
      id: s.id,
      state: s.state,
      ...(s.description !== undefined ? { description: s.description } : {}),
      context: { ...s.context },
      creationDate: s.creationDate,
      updatedDate: s.updatedDate,
      createdBy: this.identity(s.createdBy),
      ...(s.targetUrl !== undefined ? { targetUrl: s.targetUrl } : {}),
      _links: this.links(pr, self),
    };
  }

  private commit(pr: StoredPullRequest, commitId: string): Record<string, unknown> {
    return { commitId, url: `${this.repoUrl(pr)}/commits/${commitId}` };
  }

  iteration(pr: StoredPullRequest, it: StoredIteration, includeCommits = false): Record<string, unknown> {
    return {
      id: it.id,
      description: it.description,
      author: this.identity(it.author),
      createdDate: it.createdDate,
      updatedDate: it.updatedDate,
      sourceRefCommit: { commitId: it.sourceRefCommit },
      targetRefCommit: { commitId: it.targetRefCommit },
      commonRefCommit: { commitId: it.commonRefCommit },
      hasMoreCommits: false,
      reason: it.reason,
      ...(includeCommits ? { commits: [this.commit(pr, it.sourceRefCommit)] } : {}),
      _links: this.links(pr, `${this.prUrl(pr)}/iterations/${it.id}`),
    };
  }

  change(c: StoredChange): Record<string, unknown> {
    return {
      changeTrackingId: c.changeTrackingId,
      changeId: c.changeId,
      item: {
        objectId: c.objectId,
        ...(c.originalObjectId ? { originalObjectId: c.originalObjectId } : {}),
        path: c.path,
      },
      changeType: c.changeType,
      ...(c.originalPath ? { originalPath: c.originalPath } : {}),
    };
  }

  pullRequest(pr: StoredPullRequest): Record<string, unknown> {
    const repo = pr.repository;
    return {
      repository: {
        id: repo.id,
        name: repo.name,
        url: this.repoUrl(pr),
        project: {
          id: repo.project.id,
          name: repo.project.name,
          url: `${this.base}_apis/projects/${repo.project.id}`,
          state: 'wellFormed',
          revision: 1,
          visibility: 'private',
        },
        remoteUrl: `${this.base}${encodeURIComponent(repo.project.name)}/_git/${encodeURIComponent(repo.name)}`,
      },
      pullRequestId: pr.pullRequestId,
      codeReviewId: pr.pullRequestId,
      status: pr.status,
      createdBy: this.identity(pr.createdBy),
      creationDate: pr.creationDate,
      ...(pr.closedDate ? { closedDate: pr.closedDate } : {}),
      title: pr.title,
      description: pr.description,
      sourceRefName: pr.sourceRefName,
      targetRefName: pr.targetRefName,
      mergeStatus: 'succeeded',
      isDraft: pr.isDraft,
      mergeId: pr.mergeId,
      lastMergeSourceCommit: this.commit(pr, pr.lastMergeSourceCommit),
      lastMergeTargetCommit: this.commit(pr, pr.lastMergeTargetCommit),
      lastMergeCommit: this.commit(pr, pr.lastMergeCommit),
      reviewers: [],
      url: this.prUrl(pr),
      _links: this.links(pr, this.prUrl(pr)),
      supportsIterations: pr.supportsIterations,
      artifactId: `vstfs:///Git/PullRequestId/${repo.project.id}%2f${repo.id}%2f${pr.pullRequestId}`,
    };
  }
}

function props(bag: Record<string, TypedProperty>): Record<string, TypedProperty> {
  return Object.fromEntries(Object.entries(bag).map(([k, v]) => [k, { ...v }]));
}
