import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { automationDetails, buildFacts, collectionName, lineLink, repositoryPath, type BuildFacts } from '../../src/task/pipeline';

describe('collectionName', () => {
  it.each([
    ['https://dev.azure.com/fabrikam/', 'fabrikam'],
    ['https://fabrikam.visualstudio.com/', 'fabrikam'],
    ['https://tfs.contoso.com/tfs/DefaultCollection/', 'DefaultCollection'],
    ['https://tfs.contoso.com/tfs/My%20Collection', 'My Collection'],
    ['not a uri', undefined],
    [undefined, undefined],
  ])('%s → %s', (uri, name) => {
    expect(collectionName(uri)).toBe(name);
  });
});

describe('buildFacts', () => {
  it('reads the pipeline variables and removes the user name from Build.Repository.Uri', () => {
    const vars: Record<string, string> = {
      'System.HostType': 'build',
      'System.TeamFoundationCollectionUri': 'https://dev.azure.com/fabrikam/',
      'Build.Repository.Uri': 'https://fabrikam@dev.azure.com/fabrikam/Proj/_git/infra',
      'Build.SourceVersion': '',
    };
    const facts = buildFacts((name) => vars[name]);
    expect(facts.collectionUri).toBe('https://dev.azure.com/fabrikam/');
    expect(facts.repositoryUri).toBe('https://dev.azure.com/fabrikam/Proj/_git/infra');
    expect(facts.sourceVersion).toBeUndefined();
    expect(facts.hostType).toBe('build');
  });
});

describe('automationDetails', () => {
  const facts: BuildFacts = {
    collectionUri: 'https://dev.azure.com/fabrikam/',
    project: 'Proj',
    definitionId: '12',
    definitionName: 'infra-ci',
    buildId: '345',
    phaseId: 'p-1',
    phaseName: 'Scan',
    sourceBranch: 'refs/pull/7/merge',
  };

  it('builds the GHAzDO id and string properties', () => {
    expect(automationDetails(facts)).toEqual({
      id: 'azuredevops/pipeline/build/fabrikam/Proj/12/Scan/refs/pull/7/merge/345',
      properties: {
        'azuredevops/pipeline/build/buildDefinitionId': '12',
        'azuredevops/pipeline/build/buildDefinitionName': 'infra-ci',
        'azuredevops/pipeline/build/phaseId': 'p-1',
        'azuredevops/pipeline/build/phaseName': 'Scan',
      },
    });
  });

  it("uses 'job' without a phase name, and nothing off a pipeline", () => {
    expect(automationDetails({ ...facts, phaseName: undefined })?.id).toBe('azuredevops/pipeline/build/fabrikam/Proj/12/job/refs/pull/7/merge/345');
    expect(automationDetails({ ...facts, buildId: undefined })).toBeUndefined();
  });
});

describe('repositoryPath', () => {
  const checkout = path.resolve('/agent/_work/1/s');
  it('is the path from the checkout, with forward slashes, or undefined outside it', () => {
    expect(repositoryPath(checkout, path.join(checkout, 'infra'), 'arm/main.json')).toBe('infra/arm/main.json');
    expect(repositoryPath(checkout, path.resolve('/elsewhere'), 'main.json')).toBeUndefined();
    expect(repositoryPath(undefined, checkout, 'main.json')).toBeUndefined();
  });
});

describe('lineLink', () => {
  const sha = '0123456789abcdef0123456789abcdef01234567';
  it('links to the line at the commit in Azure Repos', () => {
    expect(lineLink({ repositoryUri: 'https://dev.azure.com/fabrikam/Proj/_git/infra', repositoryProvider: 'TfsGit' }, sha, 'arm/my app.json', 12)).toBe(
      `https://dev.azure.com/fabrikam/Proj/_git/infra?path=/arm/my%20app.json&version=GC${sha}&line=12&lineEnd=12&lineStartColumn=1&lineEndColumn=1&lineStyle=plain&_a=contents`,
    );
  });

  it('links to the line at the commit on GitHub', () => {
    expect(lineLink({ repositoryUri: 'https://github.com/contoso/infra.git', repositoryProvider: 'GitHub' }, sha, 'main.json', 3)).toBe(
      `https://github.com/contoso/infra/blob/${sha}/main.json#L3`,
    );
  });

  it('gives no link without a repository URI, a commit, or for other providers', () => {
    expect(lineLink({}, sha, 'main.json', 1)).toBeUndefined();
    expect(lineLink({ repositoryUri: 'https://dev.azure.com/f/P/_git/r' }, undefined, 'main.json', 1)).toBeUndefined();
    expect(lineLink({ repositoryUri: 'https://bitbucket.org/c/r', repositoryProvider: 'Bitbucket' }, sha, 'main.json', 1)).toBeUndefined();
  });
});
