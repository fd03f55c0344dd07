import { KlingError } from '../../shared/errors';
import type { Sleep } from '../../shared/sleep';
import { MAX_RETRY_AFTER_MS } from './error-mapping';

export interface RetryPolicy {
  /** Retries after the first attempt (so attempts = maxRetries + 1). */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * The longest Retry-After waited inside the loop. A longer one (up to MAX_RETRY_AFTER_MS)
   * ends the loop with that error, retryAfterMs on it, so the caller waits it out where the
   * user can see it (a poll loop shows the problem on the job) instead of one call going
   * silent for minutes.
   */
  maxInlineRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 15_000,
  maxInlineRetryAfterMs: 60_000,
};

/**
 * How long to wait before retry number `retryIndex` (0-based): the server's Retry-After when
 * it gave one (capped), else capped exponential backoff with full jitter, so many clients
 * that failed together do not come back together.
 */
export function retryDelay(
  error: KlingError,
  retryIndex: number,
  policy: RetryPolicy,
  random: () => number,
): number {
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

/** What GETs may retry: the server or the network hiccuped, or it asked us to slow down. */
export const isTransient = (error: unknown): error is KlingError =>
  error instanceof KlingError &&
  error.retryable &&
  (error.kind === 'rate-limited' ||
    error.kind === 'server-error' ||
    error.kind === 'network' ||
    error.kind === 'timeout');

export interface RetryOptions {
  policy: RetryPolicy;
  sleep: Sleep;
  random: () => number;
  signal?: AbortSignal | undefined;
}

/** True when the server asked for a wait longer than the loop keeps to itself. */
const asksForLongWait = (error: KlingError, policy: RetryPolicy) =>
  error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxInlineRetryAfterMs;

const canceled = () => new KlingError('canceled', 'Canceled');

function sleepUnlessAborted(sleep: Sleep, ms: number, signal: AbortSignal | undefined) {
  if (!signal) return sleep(ms);
  if (signal.aborted) return Promise.reject(canceled());
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(canceled());
    signal.addEventListener('abort', onAbort, { once: true });
    sleep(ms).then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Runs `attempt` until it succeeds, fails for good, or the retries run out (then its last error). */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let retryIndex = 0; ; retryIndex++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isTransient(error) || retryIndex >= options.policy.maxRetries) throw error;
      if (asksForLongWait(error, options.policy)) throw error;
      const delay = retryDelay(error, retryIndex, options.policy, options.random);
      await sleepUnlessAborted(options.sleep, delay, options.signal);
    }
  }
}
