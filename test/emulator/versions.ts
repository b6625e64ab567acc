/**
 * api-version handling (ado-rest-api.md §1.3, §4.4): read from the query string or the Accept header; missing,
 * malformed, above maxVersion, above releasedVersion without -preview, or a -preview.N above the resource's
 * resourceVersion → 400 with an error envelope. The missing / preview message texts are emulator text.
 */
import { badRequest } from './errors';
import type { EmulatorConfig, Route } from './routes';

export function apiVersionOf(query: Record<string, string>, accept: string | undefined): string | undefined {
  const fromQuery = Object.entries(query).find(([k]) => k.toLowerCase() === 'api-version')?.[1];
  if (fromQuery) return fromQuery;
  return /api-version\s*=\s*([^;,\s]+)/i.exec(accept ?? '')?.[1];
}

function versionTuple(v: string): [number, number] {
  const [major = '0', minor = '0'] = v.split('.');
  return [Number(major), Number(minor)];
}

function compareVersions(a: string, b: string): number {
  const [am, an] = versionTuple(a);
  const [bm, bn] = versionTuple(b);
  return am !== bm ? am - bm : an - bn;
}

/** 400 for a missing, malformed, out-of-range or non-preview-above-released api-version (ado-rest-api.md §1.3). */
export function checkApiVersion(method: string, version: string | undefined, route: Route, config: EmulatorConfig): void {
  if (!route.location) return;
  if (!version) {
    throw badRequest(
      `No api-version was supplied for the "${method}" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").`,
      ['api-version is required'], 'VssVersionNotSpecifiedException');
  }
  const m = /^(\d+\.\d+)(-preview(\.(\d+))?)?$/.exec(version);
  if (!m) throw badRequest(`The api-version '${version}' is not valid.`, ['api-version is malformed'], 'VssInvalidApiVersionException');
  const number = m[1]!;
  if (compareVersions(number, config.maxVersion) > 0) {
    throw badRequest(
      `The requested REST API version of ${number} is out of range for this server. The latest REST API version this server supports is ${config.maxVersion}.`,
      ['api-version is out of range'], 'VssVersionOutOfRangeException');
  }
  if (!m[2] && compareVersions(number, config.releasedVersion) > 0) {
    throw badRequest(
      `The requested version "${number}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${number}-preview"`,
      ['api-version needs -preview'], 'VssInvalidPreviewVersionException');
  }
  if (m[4] && compareVersions(number, config.releasedVersion) > 0 && Number(m[4]) > route.location.resourceVersion) {
    throw badRequest(
      `The requested resource version ${m[4]} of ${route.location.resourceName} is out of range; the latest is ${route.location.resourceVersion}.`,
      ['api-version resource version is out of range'], 'VssVersionOutOfRangeException');
  }
}
