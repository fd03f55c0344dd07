import type { Sleep } from '../../shared/sleep';
import type { FinishPrediction } from './finish-predictor';

/**
 * How often a run is polled, given when it is expected to finish (finish-predictor.ts: the
 * library's own history, or a model prior). WeShop's own clients poll every 3 s; here a run
 * that is nowhere near its finish is polled rarely, one around its expected finish often,
 * and one that overshoots the prediction keeps being polled with a delay that grows with the
 * overshoot. All runs share one limiter, so many runs at once still stay under a cap.
 */
export interface PollPolicy {
  /**
   * The delay inside the expected finish window: it bounds the detection lag of a finish
   * there. Also the first delay of a run known only from a prior, and the overshoot's start.
   */
  initialDelayMs: number;
  /** Longest delay before the window (history) or while a run is young (prior). */
  quietMaxDelayMs: number;
  /**
   * Longest delay of all: after a run overshoots its window the delay grows by
   * `overshootGrowth` of the overshoot up to this (a very long run is still polled).
   */
  maxDelayMs: number;
  overshootGrowth: number;
  /**
   * Up to this fraction is taken off each delay at random, so runs started together do not
   * poll in lockstep; only ever earlier, so the lag bounds above hold.
   */
  jitter: number;
  /** After failed polls the delay doubles per failure, up to this. */
  errorMaxDelayMs: number;
  /** Global cap: at most maxRequests requests per perMs across all runs (retries included). */
  maxRequests: number;
  perMs: number;
}

export const DEFAULT_POLL_POLICY: PollPolicy = {
  // 2.5 s inside the window: a mean lag of about 1.2 s and never more than 2.5 s, where the
  // 3 s loop has 1.5 s and 3 s; the requests are saved before and after the window.
  initialDelayMs: 2_500,
  quietMaxDelayMs: 20_000,
  maxDelayMs: 12_000,
  overshootGrowth: 0.1,
  jitter: 0.1,
  errorMaxDelayMs: 60_000,
  // Enough for 100 runs in their windows at once, so the cap bounds a runaway case without
  // delaying anyone in normal use (4/s made a 100-run batch notice finishes ~25 s late).
  maxRequests: 50,
  perMs: 1_000,
};

/** Which part of the schedule a run of this age is in. */
type PollPhase = 'quiet' | 'window' | 'overshoot';

function pollPhase(prediction: FinishPrediction, ageMs: number): PollPhase {
  if (ageMs < prediction.earliestMs) return 'quiet';
  return ageMs <= prediction.latestMs ? 'window' : 'overshoot';
}

/**
 * The delay before the next poll of a run that is ageMs old (ignoring errors and jitter).
 * - Before the window, with history: evenly spaced steps of at most quietMaxDelayMs that
 *   land on the window's start. With only a prior (a guess): the delay starts at
 *   initialDelayMs and is at most the run's age, so a run far quicker than the prior is
 *   still noticed within its own age (the detection lag stays ≤ the run's time).
 * - In the window: initialDelayMs.
 * - After it: initialDelayMs plus overshootGrowth of the overshoot, up to maxDelayMs.
 */
export function baseDelay(policy: PollPolicy, prediction: FinishPrediction, ageMs: number): number {
  const dense = policy.initialDelayMs;
  switch (pollPhase(prediction, ageMs)) {
    case 'quiet': {
      const untilWindow = prediction.earliestMs - ageMs;
      // Within one dense step of the window: a tiny landing step would only add a request.
      if (untilWindow <= dense) return dense;
      if (prediction.basis === 'prior') {
        return Math.round(Math.min(untilWindow, policy.quietMaxDelayMs, Math.max(dense, ageMs)));
      }
      return Math.round(untilWindow / Math.ceil(untilWindow / policy.quietMaxDelayMs));
    }
    case 'window':
      return dense;
    case 'overshoot': {
      const overshoot = ageMs - prediction.latestMs;
      return Math.round(Math.min(policy.maxDelayMs, dense + policy.overshootGrowth * overshoot));
    }
  }
}

export interface DelayInput {
  ageMs: number;
  prediction: FinishPrediction;
  /** Polls that failed in a row just before this one. */
  consecutiveErrors: number;
  /** What the server asked for in Retry-After, if it did. */
  retryAfterMs?: number;
}

/** The delay to sleep before the next poll: schedule, jitter, error backoff; Retry-After wins. */
export function nextPollDelay(policy: PollPolicy, input: DelayInput, random: () => number): number {
  let delay = baseDelay(policy, input.prediction, input.ageMs);
  if (input.consecutiveErrors > 0) {
    delay = Math.min(
      policy.errorMaxDelayMs,
      Math.max(delay, policy.initialDelayMs) * 2 ** input.consecutiveErrors,
    );
  }
  delay = Math.round(delay * (1 - policy.jitter * random()));
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
