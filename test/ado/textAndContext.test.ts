import { describe, expect, it } from 'vitest';
import { pullRequestContext } from '../../src/ado/context';
import { escapeMarkdown, fencedBlock, inlineCode } from '../../src/ado/markdown';

describe('markdown from scanned content renders inert', () => {
  it('escapes links, images, HTML, mentions and emphasis', () => {
    const hostile = '![x](http://evil/) <img src=x> @alice **bold** [a](b) `code`\n# heading';
    const escaped = escapeMarkdown(hostile);
    expect(escaped).toBe(
      '\\!\\[x\\]\\(http\\://evil/\\) \\<img src=x\\> \\@alice \\*\\*bold\\*\\* \\[a\\]\\(b\\) \\`code\\` \\# heading',
    );
    expect(escaped).not.toMatch(/(^|[^\\])[<[\]@`*#]/);
  });
  it('holds backticks inside code spans and fences', () => {
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('`x`')).toBe('`` `x` ``');
    expect(fencedBlock('suggestion', 'x ``` y')).toBe('````suggestion\nx ``` y\n````');
  });
});

describe('pull-request context', () => {
  const vars: Record<string, string> = {
    'Build.Reason': 'PullRequest',
    'Build.Repository.Provider': 'TfsGit',
    'System.PullRequest.PullRequestId': '17',
    'System.CollectionUri': 'https://dev.azure.com/contoso',
    'System.TeamProject': 'Shop',
    'Build.Repository.ID': 'a1b2',
    'Build.BuildId': '99',
  };
  const read = (over: Record<string, string | undefined> = {}) => (name: string) => (name in over ? over[name] : vars[name]);

  it('reads a PR build of Azure Repos', () => {
    expect(pullRequestContext(read(), 'tok')).toEqual({
      ok: true,
      context: {
        collectionUri: 'https://dev.azure.com/contoso/',
        project: 'Shop',
        repositoryId: 'a1b2',
        pullRequestId: 17,
        token: 'tok',
        buildUrl: 'https://dev.azure.com/contoso/Shop/_build/results?buildId=99',
        sourceCommitId: undefined,
      },
    });
  });
  const skips: [string, Record<string, string | undefined>, string | undefined, string][] = [
    ['a CI build', { 'Build.Reason': 'IndividualCI' }, 'tok', "this build was not triggered by a pull request (Build.Reason is 'IndividualCI')"],
    ['GitHub', { 'Build.Repository.Provider': 'GitHub' }, 'tok', "pull-request comments are posted to Azure Repos only; this repository's provider is 'GitHub'"],
    ['no PR id', { 'System.PullRequest.PullRequestId': undefined }, 'tok', 'System.PullRequest.PullRequestId is not set'],
    ['no project', { 'System.TeamProject': undefined }, 'tok', 'pipeline variables are missing: System.TeamProject'],
    ['no token', {}, undefined, "no access token: the SystemVssConnection endpoint and System.AccessToken are both empty (for a classic pipeline, enable 'Allow scripts to access the OAuth token')"],
  ];
  for (const [name, over, token, reason] of skips) {
    it(`skips ${name} with the reason`, () => expect(pullRequestContext(read(over), token)).toEqual({ ok: false, reason }));
  }
});
