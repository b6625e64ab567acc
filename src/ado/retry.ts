/**
 * Retries Azure DevOps calls that failed for a passing reason: 429 (rate limited, honouring
 * Retry-After), 5xx, dropped connections and timeouts. Bounded in attempts per call and in the time one
 * run may lose to failures (back-off waits plus the time spent in the failed attempts themselves), so a
 * storm or an unresponsive service costs at most `budgetMs` plus one request timeout before the
 * annotation gives up (the scan result is never at stake).
 */
export interface RetryPolicy {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** First back-off when the server gives no Retry-After; doubled each time. */
  baseDelayMs: number;
  /** Longest single wait (a larger Retry-After is cut to this). */
  maxDelayMs: number;
  /** Time one annotation run may lose to failures: back-off waits plus the duration of the failed attempts. */
  budgetMs: number;
  sleep: (ms: number) => Promise<void>;
}

/** Attempts per call, the first included. */
export const RETRY_MAX_ATTEMPTS = 5;
/** Back-off without Retry-After: 1 s, 2 s, 4 s, 8 s. */
export const RETRY_BASE_DELAY_MS = 1_000;
/** A Retry-After above 30 s is cut to 30 s. */
export const RETRY_MAX_DELAY_MS = 30_000;
/** Time lost to failures (waits and failed attempts) after which a run stops retrying. */
export const RETRY_BUDGET_MS = 120_000;
/** Socket (idle) timeout of one request: an attempt that hears nothing for this long fails and may be retried. */
export const REQUEST_TIMEOUT_MS = 60_000;
/** Back-off of one call without Retry-After when every attempt fails: 1 + 2 + 4 + 8 = 15 s. */
export const WORST_BACKOFF_PER_CALL_MS = Array.from({ length: RETRY_MAX_ATTEMPTS - 1 }, (_, i) =>
  Math.min(RETRY_BASE_DELAY_MS * 2 ** i, RETRY_MAX_DELAY_MS),
).reduce((a, b) => a + b, 0);
/**
 * What a failing Azure DevOps can add to a run: retrying stops once the budget is spent, and the last
 * attempt started within it can take one more request timeout: 120 s + 60 s = 180 s.
 */
export const WORST_CASE_ADDED_MS = RETRY_BUDGET_MS + REQUEST_TIMEOUT_MS;

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: RETRY_MAX_ATTEMPTS,
  baseDelayMs: RETRY_BASE_DELAY_MS,
  maxDelayMs: RETRY_MAX_DELAY_MS,
  budgetMs: RETRY_BUDGET_MS,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface HttpError {
  statusCode?: number;
  code?: string;
  message?: string;
  rateLimit?: { retryAfter?: number; delay?: number };
  responseHeaders?: Record<string, string | string[] | undefined>;
}

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ESOCKETTIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED', 'EBROKENANSWER']);
/** typed-rest-client's socket timeout: `new Error('Request timeout: <path>')`, without a code. */
const CONNECTION_MESSAGES = /^Request timeout: |socket hang up|ECONNRESET/i;

export function isTransient(err: unknown): boolean {
  const e = err as HttpError;
  if (typeof e?.statusCode === 'number') return e.statusCode === 429 || e.statusCode >= 500;
  return (e?.code !== undefined && TRANSIENT_CODES.has(e.code)) || CONNECTION_MESSAGES.test(e?.message ?? '');
}

/**
 * A failed write the service may nevertheless have carried out: no answer at all (reset, timeout, an
 * answer cut short) or a 5xx. A 429 is refused before anything happens.
 */
export function mayHaveBeenApplied(err: unknown): boolean {
  const status = (err as HttpError)?.statusCode;
  return isTransient(err) && (status === undefined || status >= 500);
}

/** Seconds the server asked to wait, from the client's parsed rate-limit data or the raw header. */
export function retryAfterMs(err: unknown): number | undefined {
  const e = err as HttpError;
  const seconds = e?.rateLimit?.retryAfter ?? headerNumber(e?.responseHeaders?.['retry-after']);
  return seconds !== undefined && seconds >= 0 ? seconds * 1000 : undefined;
}

function headerNumber(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  const n = text === undefined ? NaN : Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Why the retrier stopped retrying a transient failure, for the message. */
export interface GaveUp {
  attempts: number;
  reason: 'attempts' | 'budget';
  /** The wait that was not taken. */
  nextWaitMs: number;
  /** What the last answer asked for (Retry-After), before the cap. */
  retryAfterMs?: number;
  /** Time lost to failures in this run when giving up (waits and failed attempts). */
  spentMs: number;
  policy: Pick<RetryPolicy, 'maxAttempts' | 'maxDelayMs' | 'budgetMs'>;
}

/** Tracks the budget shared by every call of one run. */
export class Retrier {
  private waited = 0;
  private spent = 0;
  retries = 0;

  constructor(private readonly policy: RetryPolicy) {}

  async run<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        return await call();
      } catch (err) {
        if (!isTransient(err)) throw err;
        this.spent += performance.now() - started;
        const asked = retryAfterMs(err);
        const wait = Math.min(asked ?? this.policy.baseDelayMs * 2 ** (attempt - 1), this.policy.maxDelayMs);
        const reason = attempt >= this.policy.maxAttempts ? 'attempts' : this.spent + wait > this.policy.budgetMs ? 'budget' : undefined;
        if (reason) {
          const { maxAttempts, maxDelayMs, budgetMs } = this.policy;
          const gaveUp: GaveUp = { attempts: attempt, reason, nextWaitMs: wait, retryAfterMs: asked, spentMs: this.spent, policy: { maxAttempts, maxDelayMs, budgetMs } };
          if (err && typeof err === 'object') Object.assign(err, { gaveUp });
          throw err;
        }
        this.waited += wait;
        this.spent += wait;
        this.retries++;
        await this.policy.sleep(wait);
      }
    }
  }

  /** Back-off waits so far. */
  get waitedMs(): number {
    return this.waited;
  }

  /** Time lost to failures so far: waits plus failed attempts (what the budget bounds). */
  get spentMs(): number {
    return this.spent;
  }
}

/** One sentence on why retrying stopped, e.g. for a 429 storm: the Retry-After asked for and the budget. */
export function gaveUpText(g: GaveUp): string {
  const s = (ms: number) => `${Math.round(ms / 1000)} s`;
  const asked =
    g.retryAfterMs === undefined
      ? ''
      : ` (Retry-After: ${s(g.retryAfterMs)}${g.retryAfterMs > g.policy.maxDelayMs ? `, waits are capped at ${s(g.policy.maxDelayMs)}` : ''})`;
  const spent = `${s(g.spentMs)} already spent on waits and failed attempts`;
  return g.reason === 'attempts'
    ? `Gave up after ${g.attempts} attempts, the limit per request${asked}; ${spent}, of a retry budget of ${s(g.policy.budgetMs)} per run.`
    : `Gave up after ${g.attempts} attempt(s): the next wait of ${s(g.nextWaitMs)}${asked} would exceed the retry budget of ${s(g.policy.budgetMs)} per run (${spent}).`;
}
