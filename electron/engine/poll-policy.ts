import type { Sleep } from '../../shared/sleep';

/**
 * How often runs are polled. Young runs are checked every ~2 s so a quick finish is noticed
 * fast; older runs back off gradually (Kling renders take minutes) so a long batch does not
 * hammer WeShop. All runs share one limiter, so many runs at once still stay under a cap.
 */
export interface PollPolicy {
  /** Delay between polls while a run is young. */
  initialDelayMs: number;
  /** Age (since the start request) at which the delay starts to grow. */
  backoffAfterMs: number;
  /** Time over which the delay grows linearly from initialDelayMs to maxDelayMs. */
  rampMs: number;
  maxDelayMs: number;
  /** Up to this fraction is added at random, so runs started together do not poll in lockstep. */
  jitter: number;
  /** After failed polls the delay doubles per failure, up to this. */
  errorMaxDelayMs: number;
  /** Global cap: at most maxRequests status requests per perMs across all runs. */
  maxRequests: number;
  perMs: number;
}

export const DEFAULT_POLL_POLICY: PollPolicy = {
  initialDelayMs: 2_000,
  backoffAfterMs: 30_000,
  rampMs: 150_000,
  maxDelayMs: 12_000,
  jitter: 0.1,
  errorMaxDelayMs: 60_000,
  // Enough for 100 young runs at one poll per 2 s, so the cap bounds a runaway case without
  // delaying anyone in normal use (4/s made a 100-run batch notice finishes ~25 s late).
  maxRequests: 50,
  perMs: 1_000,
};

/** The delay before the next poll of a run that is ageMs old (ignoring errors and jitter). */
export function baseDelay(policy: PollPolicy, ageMs: number): number {
  if (ageMs <= policy.backoffAfterMs) return policy.initialDelayMs;
  const progress = Math.min(1, (ageMs - policy.backoffAfterMs) / Math.max(1, policy.rampMs));
  return Math.round(policy.initialDelayMs + progress * (policy.maxDelayMs - policy.initialDelayMs));
}

export interface DelayInput {
  ageMs: number;
  /** Polls that failed in a row just before this one. */
  consecutiveErrors: number;
  /** What the server asked for in Retry-After, if it did. */
  retryAfterMs?: number;
}

export function nextPollDelay(policy: PollPolicy, input: DelayInput, random: () => number): number {
  let delay = baseDelay(policy, input.ageMs);
  if (input.consecutiveErrors > 0) {
    delay = Math.min(policy.errorMaxDelayMs, delay * 2 ** input.consecutiveErrors);
  }
  delay = Math.round(delay * (1 + policy.jitter * random()));
  return Math.max(delay, input.retryAfterMs ?? 0);
}

/**
 * A sliding-window limiter: at most `max` acquisitions in any `perMs` window. Callers wait
 * their turn in order. Clock and sleep are injected so tests run on virtual time.
 */
export function createRateLimiter(options: {
  max: number;
  perMs: number;
  now: () => number;
  sleep: Sleep;
}) {
  const stamps: number[] = [];
  let chain: Promise<void> = Promise.resolve();
  return {
    acquire(signal?: AbortSignal): Promise<void> {
      const turn = chain.then(async () => {
        for (;;) {
          signal?.throwIfAborted();
          const t = options.now();
          while (stamps.length > 0 && (stamps[0] as number) <= t - options.perMs) stamps.shift();
          if (stamps.length < options.max) {
            stamps.push(t);
            return;
          }
          await options.sleep((stamps[0] as number) + options.perMs - t, signal);
        }
      });
      chain = turn.catch(() => undefined);
      return turn;
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
