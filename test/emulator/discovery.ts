/**
 * Location discovery (ado-rest-api.md §4.4): the ApiResourceLocation lists answered by `OPTIONS {coll}/_apis/Location`
 * and `OPTIONS {coll}/_apis/git`, and the resource-area list. Ids are the client's; templates are the literal ones of
 * the table (a real server's tokenised templates were never captured).
 */

export const GIT_AREA_ID = '4e080c62-fa21-4fbc-8fef-2a10a2b38049';

export interface LocationDef {
  id: string;
  area: string;
  resourceName: string;
  routeTemplate: string;
  /** The highest `-preview.N` the resource accepts; the client asks for 7.2-preview.1 or 7.2-preview.2. */
  resourceVersion: number;
}

const PR = '{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}';

export const LOCATION_LOCATIONS: readonly LocationDef[] = [
  { id: 'e81700f7-3be2-46de-8624-2eb35882fcaa', area: 'Location', resourceName: 'ResourceAreas', routeTemplate: '_apis/ResourceAreas/{areaId}', resourceVersion: 1 },
  { id: '00d9565f-ed9c-4a06-9a50-00e7896ccab4', area: 'Location', resourceName: 'ConnectionData', routeTemplate: '_apis/ConnectionData', resourceVersion: 1 },
];

export const GIT_LOCATIONS: readonly LocationDef[] = [
  { id: 'ab6e2e5d-a0b7-4153-b64a-a4efe0d49449', area: 'git', resourceName: 'pullRequestThreads', routeTemplate: `${PR}/threads/{threadId}`, resourceVersion: 1 },
  { id: '965a3ec7-5ed8-455a-bdcb-835a5ea7fe7b', area: 'git', resourceName: 'pullRequestThreadComments', routeTemplate: `${PR}/threads/{threadId}/comments/{commentId}`, resourceVersion: 1 },
  { id: 'd43911ee-6958-46b0-a42b-8445b8a0d004', area: 'git', resourceName: 'pullRequestIterations', routeTemplate: `${PR}/iterations/{iterationId}`, resourceVersion: 2 },
  { id: '4216bdcf-b6b1-4d59-8b82-c34cc183fc8b', area: 'git', resourceName: 'pullRequestIterationChanges', routeTemplate: `${PR}/iterations/{iterationId}/changes`, resourceVersion: 1 },
  { id: 'b5f6bb4f-8d1e-4d79-8d11-4c9172c99c35', area: 'git', resourceName: 'pullRequestStatuses', routeTemplate: `${PR}/statuses/{statusId}`, resourceVersion: 2 },
  { id: '75cf11c5-979f-4038-a76e-058a06adf2bf', area: 'git', resourceName: 'pullRequestIterationStatuses', routeTemplate: `${PR}/iterations/{iterationId}/statuses/{statusId}`, resourceVersion: 2 },
  { id: '01a46dea-7d46-4d40-bc84-319e7c260d99', area: 'git', resourceName: 'pullRequests', routeTemplate: '{project}/_apis/git/pullRequests/{pullRequestId}', resourceVersion: 2 },
  { id: '9946fd70-0d40-406e-b686-b4744cbbcc37', area: 'git', resourceName: 'pullRequests', routeTemplate: PR, resourceVersion: 2 },
  { id: '48a52185-5b9e-4736-9dc1-bb1e2feac80b', area: 'git', resourceName: 'pullRequestProperties', routeTemplate: `${PR}/properties`, resourceVersion: 1 },
  { id: '52823034-34a8-4576-922c-8d8b77e9e4c4', area: 'git', resourceName: 'pullRequestCommits', routeTemplate: `${PR}/commits`, resourceVersion: 1 },
  { id: '225f7195-f9c7-4d14-ab28-a83f7ff77e1f', area: 'git', resourceName: 'repositories', routeTemplate: '{project}/_apis/git/Repositories/{repositoryId}', resourceVersion: 2 },
  { id: 'c4c5a7e6-e9f3-4730-a92b-84baacff694b', area: 'git', resourceName: 'fileDiffs', routeTemplate: '{project}/_apis/git/repositories/{repositoryId}/FileDiffs', resourceVersion: 1 },
  { id: 'fb93c0db-47ed-4a31-8c20-47552878fb44', area: 'git', resourceName: 'items', routeTemplate: '{project}/_apis/git/repositories/{repositoryId}/Items/{*path}', resourceVersion: 1 },
];

export const LOCATION_IDS = Object.fromEntries(
  [...LOCATION_LOCATIONS, ...GIT_LOCATIONS].map((l) => [l.id, l] as const),
) as Readonly<Record<string, LocationDef>>;

export interface Versions {
  maxVersion: string;
  releasedVersion: string;
}

function apiResourceLocation(l: LocationDef, v: Versions): Record<string, unknown> {
  return {
    id: l.id,
    area: l.area,
    resourceName: l.resourceName,
    routeTemplate: l.routeTemplate,
    resourceVersion: l.resourceVersion,
    minVersion: '1.0',
    maxVersion: v.maxVersion,
    releasedVersion: v.releasedVersion,
  };
}

/** The `{count,value}` answer to `OPTIONS {coll}/_apis/{area}`; undefined for an area the emulator does not serve. */
export function areaLocations(area: string, v: Versions): { count: number; value: unknown[] } | undefined {
  const list = area.toLowerCase() === 'location' ? LOCATION_LOCATIONS : area.toLowerCase() === 'git' ? GIT_LOCATIONS : undefined;
  if (!list) return undefined;
  return { count: list.length, value: list.map((l) => apiResourceLocation(l, v)) };
}

export function resourceAreas(collectionUrl: string, shape: 'hosted' | 'onPrem'): { count: number; value: unknown[] | null } {
  if (shape === 'onPrem') return { count: 0, value: null };
  return { count: 1, value: [{ id: GIT_AREA_ID, name: 'git', locationUrl: collectionUrl }] };
}
