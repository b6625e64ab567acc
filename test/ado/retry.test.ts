import { describe, expect, it } from 'vitest';
import type { GitApi } from 'azure-devops-node-api/GitApi';
import { PullRequestApi } from '../../src/ado/pullRequestApi';
import {
  DEFAULT_RETRY,
  gaveUpText,
  isTransient,
  mayHaveBeenApplied,
  REQUEST_TIMEOUT_MS,
  Retrier,
  RETRY_BASE_DELAY_MS,
  RETRY_BUDGET_MS,
  RETRY_MAX_ATTEMPTS,
  RETRY_MAX_DELAY_MS,
  WORST_BACKOFF_PER_CALL_MS,
  WORST_CASE_ADDED_MS,
  type GaveUp,
} from '../../src/ado/retry';

/** The numbers docs/security.md states; changing one is a documented decision, not a refactoring. */
describe('retry budget', () => {
  it('pins the policy and what it can add to a run', () => {
    expect({ RETRY_MAX_ATTEMPTS, RETRY_BASE_DELAY_MS, RETRY_MAX_DELAY_MS, RETRY_BUDGET_MS, REQUEST_TIMEOUT_MS }).toEqual({
      RETRY_MAX_ATTEMPTS: 5,
      RETRY_BASE_DELAY_MS: 1_000,
      RETRY_MAX_DELAY_MS: 30_000,
      RETRY_BUDGET_MS: 120_000,
      REQUEST_TIMEOUT_MS: 60_000,
    });
    expect(DEFAULT_RETRY).toMatchObject({ maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000, budgetMs: 120_000 });
    // Without Retry-After: 1 + 2 + 4 + 8 s between five attempts.
    expect(WORST_BACKOFF_PER_CALL_MS).toBe(15_000);
    // With Retry-After at the cap, one call alone can use the whole budget: 4 × 30 s = 120 s.
    expect((RETRY_MAX_ATTEMPTS - 1) * RETRY_MAX_DELAY_MS).toBe(RETRY_BUDGET_MS);
    // The budget, then one last attempt started within it that hangs until the socket timeout.
    expect(WORST_CASE_ADDED_MS).toBe(180_000);
  });

  it('the client gets the 60 s socket timeout unless the caller sets one', () => {
    const ctx = { collectionUri: 'http://127.0.0.1:9/org/', project: 'p', repositoryId: 'r', pullRequestId: 1, token: 't' };
    const timeoutOf = (api: PullRequestApi) => (api as unknown as { git: GitApi }).git.http.requestOptions.socketTimeout;
    expect(timeoutOf(new PullRequestApi(ctx, DEFAULT_RETRY))).toBe(60_000);
    expect(timeoutOf(new PullRequestApi(ctx, DEFAULT_RETRY, { proxy: { proxyUrl: 'http://proxy:8080' } }))).toBe(60_000);
    expect(timeoutOf(new PullRequestApi(ctx, DEFAULT_RETRY, { socketTimeout: 250 }))).toBe(250);
  });

  it('a storm of 429 with Retry-After at the cap stops once the budget is spent', async () => {
    const waits: number[] = [];
    const retrier = new Retrier({ ...DEFAULT_RETRY, sleep: async (ms) => void waits.push(ms) });
    const throttled = () => Object.assign(new Error('TF400733'), { statusCode: 429, rateLimit: { retryAfter: 30 } });
    let calls = 0;
    const call = async () => {
      calls++;
      throw throttled();
    };
    // The first call uses three waits (90 s); its fourth would pass 120 s with the attempts' own time.
    const first = await retrier.run(call).catch((e: { gaveUp: GaveUp }) => e);
    expect(waits).toEqual([30_000, 30_000, 30_000]);
    expect(calls).toBe(4);
    expect((first as { gaveUp: GaveUp }).gaveUp).toMatchObject({ attempts: 4, reason: 'budget', nextWaitMs: 30_000, retryAfterMs: 30_000 });
    // The budget is per run: a later call has 30 s at most left, and the next 30 s wait does not fit.
    const second = await retrier.run(call).catch((e: { gaveUp: GaveUp }) => e);
    expect((second as { gaveUp: GaveUp }).gaveUp).toMatchObject({ attempts: 1, reason: 'budget' });
    expect(retrier.waitedMs).toBe(90_000);
    expect(retrier.spentMs).toBeGreaterThan(90_000);
    expect(retrier.spentMs).toBeLessThan(RETRY_BUDGET_MS);
  });

  it('5xx without Retry-After: five attempts, 15 s of back-off', async () => {
    const waits: number[] = [];
    const retrier = new Retrier({ ...DEFAULT_RETRY, sleep: async (ms) => void waits.push(ms) });
    const err = await retrier.run(async () => Promise.reject(Object.assign(new Error('boom'), { statusCode: 503 }))).catch((e: { gaveUp: GaveUp }) => e);
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    expect(err.gaveUp).toMatchObject({ attempts: 5, reason: 'attempts', nextWaitMs: 16_000 });
    expect(err.gaveUp.retryAfterMs).toBeUndefined();
  });

  it('what is retried, and which failed writes may have been carried out', () => {
    const timeout = new Error('Request timeout: /org/proj/_apis/git/repositories/r/pullRequests/1/threads');
    const cases: [string, unknown, boolean, boolean][] = [
      ['429', { statusCode: 429 }, true, false],
      ['500', { statusCode: 500 }, true, true],
      ['503', { statusCode: 503 }, true, true],
      ['socket timeout', timeout, true, true],
      ['reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true, true],
      ['cut answer', Object.assign(new Error('cut'), { code: 'EBROKENANSWER' }), true, true],
      ['DNS hiccup', Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' }), true, true],
      ['refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), false, false],
      ['unknown host', Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }), false, false],
      ['401', { statusCode: 401 }, false, false],
      ['403', { statusCode: 403 }, false, false],
      ['400', { statusCode: 400 }, false, false],
    ];
    expect(cases.map(([name, err]) => [name, isTransient(err), mayHaveBeenApplied(err)])).toEqual(cases.map(([name, , t, m]) => [name, t, m]));
  });

  it('says why it gave up, with the Retry-After asked for and the budget', () => {
    const policy = { maxAttempts: 5, maxDelayMs: 30_000, budgetMs: 120_000 };
    expect(gaveUpText({ attempts: 4, reason: 'budget', nextWaitMs: 30_000, retryAfterMs: 60_000, spentMs: 90_012, policy })).toBe(
      'Gave up after 4 attempt(s): the next wait of 30 s (Retry-After: 60 s, waits are capped at 30 s) would exceed the retry budget of 120 s per run (90 s already spent on waits and failed attempts).',
    );
    expect(gaveUpText({ attempts: 5, reason: 'attempts', nextWaitMs: 16_000, spentMs: 15_004, policy })).toBe(
      'Gave up after 5 attempts, the limit per request; 15 s already spent on waits and failed attempts, of a retry budget of 120 s per run.',
    );
  });
});
