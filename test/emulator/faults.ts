/**
 * Fault injection: a matcher (method, path, times) and what to do instead of, or on top of, the normal answer.
 */
import { envelope, permissionDenied, pullRequestNotFound, rateLimited } from './errors';
import type { Fault, FaultMatcher, FaultSpec } from './types';

export class FaultRegistry {
  private readonly faults: Fault[] = [];

  /** Adds a fault; the first matching fault with remaining uses wins. */
  add(matcher: FaultMatcher, spec: FaultSpec): Fault {
    const times = matcher.times ?? 1;
    if (!(times > 0)) throw new Error('fault times must be > 0');
    const fault: Fault = { matcher, spec, remaining: times, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  /** Faults with uses left. */
  pending(): Fault[] {
    return this.faults.filter((f) => f.remaining > 0);
  }

  all(): readonly Fault[] {
    return this.faults;
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** Consumes one use of the first fault matching the request. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && matches(f.matcher, method, path));
    if (fault) {
      fault.remaining -= 1;
      fault.hits += 1;
    }
    return fault;
  }
}

function matches(m: FaultMatcher, method: string, path: string): boolean {
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m.path instanceof RegExp) return m.path.test(path);
  if (typeof m.path === 'string') return path.toLowerCase().includes(m.path.toLowerCase());
  return true;
}

export interface FaultAnswer {
  status: number;
  /** undefined = empty body; a string is sent as text/html. */
  body: object | string | undefined;
  headers: Record<string, string>;
}

/** Throttling headers of ado-rest-api.md §1.8. */
export function throttleHeaders(retryAfter: number, now: Date): Record<string, string> {
  return {
    'Retry-After': String(retryAfter),
    'X-RateLimit-Resource': 'Core',
    'X-RateLimit-Delay': '0.5',
    'X-RateLimit-Limit': '200',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': String(Math.floor(now.getTime() / 1000) + retryAfter),
  };
}

/** The answer for a fault with a status; `buildIdentityId` goes into the TF401027 message. */
export function faultAnswer(spec: FaultSpec, buildIdentityId: string, now: Date): FaultAnswer {
  const status = spec.status!;
  const headers: Record<string, string> = { ...(spec.headers ?? {}) };
  if (spec.retryAfter !== undefined && status !== 429) headers['Retry-After'] = String(spec.retryAfter);
  let body: object | string | undefined;
  switch (status) {
    case 401:
      headers['WWW-Authenticate'] ??= 'Bearer';
      body = undefined;
      break;
    case 403:
      body = permissionDenied(buildIdentityId);
      break;
    case 404:
      body = pullRequestNotFound();
      break;
    case 429:
      Object.assign(headers, throttleHeaders(spec.retryAfter ?? 10, now), spec.headers ?? {});
      body = rateLimited('Core');
      break;
    case 500:
      body = envelope('Exception', 'Emulated internal server error.', 0);
      break;
    default:
      body = `<html><body><h1>${status} ${status === 502 ? 'Bad Gateway' : 'Service Unavailable'}</h1></body></html>`;
  }
  return { status, body: spec.body ?? body, headers };
}
