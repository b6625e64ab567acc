/**
 * Retries Azure DevOps calls that failed for a passing reason: 429 (rate limited, honouring
 * Retry-After), 5xx, and dropped connections. Bounded in attempts and in total waiting time, so a
 * storm costs at most `budgetMs` before the annotation gives up (the scan result is never at stake).
 */
export interface RetryPolicy {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** First back-off when the server gives no Retry-After; doubled each time. */
  baseDelayMs: number;
  /** Longest single wait (a larger Retry-After is cut to this). */
  maxDelayMs: number;
  /** Total waiting allowed across all calls of one annotation run. */
  budgetMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  budgetMs: 120_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface HttpError {
  statusCode?: number;
  code?: string;
  message?: string;
  rateLimit?: { retryAfter?: number; delay?: number };
  responseHeaders?: Record<string, string | string[] | undefined>;
}

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ESOCKETTIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED']);

export function isTransient(err: unknown): boolean {
  const e = err as HttpError;
  if (typeof e?.statusCode === 'number') return e.statusCode === 429 || e.statusCode >= 500;
  return (e?.code !== undefined && TRANSIENT_CODES.has(e.code)) || /socket hang up|ECONNRESET/i.test(e?.message ?? '');
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

/** Tracks the waiting budget shared by every call of one run. */
export class Retrier {
  private waited = 0;
  retries = 0;

  constructor(private readonly policy: RetryPolicy) {}

  async run<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (!isTransient(err) || attempt >= this.policy.maxAttempts) throw err;
        const wait = Math.min(retryAfterMs(err) ?? this.policy.baseDelayMs * 2 ** (attempt - 1), this.policy.maxDelayMs);
        if (this.waited + wait > this.policy.budgetMs) throw err;
        this.waited += wait;
        this.retries++;
        await this.policy.sleep(wait);
      }
    }
  }

  get waitedMs(): number {
    return this.waited;
  }
}
