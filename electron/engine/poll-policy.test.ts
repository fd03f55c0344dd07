import { afterEach, describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import {
  baseDelay,
  createRateLimiter,
  DEFAULT_POLL_POLICY,
  nextPollDelay,
  type PollPolicy,
} from './poll-policy';
import { createHarness, type Harness } from './testing/harness';
import { createVirtualClock } from './testing/virtual-clock';

const policy = DEFAULT_POLL_POLICY;

/** The largest number of timestamps inside any window of `windowMs` (a request at t counts until t + windowMs). */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[j] as number) >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('poll schedule', () => {
  it('polls every 2 s while a run is young, then backs off gradually to the maximum', () => {
    expect(baseDelay(policy, 0)).toBe(2_000);
    expect(baseDelay(policy, 30_000)).toBe(2_000);
    const ages = Array.from({ length: 40 }, (_, i) => i * 10_000);
    const delays = ages.map((age) => baseDelay(policy, age));
    for (let i = 1; i < delays.length; i++) {
      expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] as number);
      // Gradual: no step between neighbouring ages jumps by more than a second.
      expect((delays[i] as number) - (delays[i - 1] as number)).toBeLessThanOrEqual(1_000);
    }
    expect(baseDelay(policy, 180_000)).toBe(12_000);
    expect(baseDelay(policy, 3_600_000)).toBe(12_000);
  });

  it('adds up to `jitter` on top, doubles after errors, and honours Retry-After', () => {
    expect(nextPollDelay(policy, { ageMs: 0, consecutiveErrors: 0 }, () => 0)).toBe(2_000);
    expect(nextPollDelay(policy, { ageMs: 0, consecutiveErrors: 0 }, () => 0.5)).toBe(2_100);
    expect(nextPollDelay(policy, { ageMs: 0, consecutiveErrors: 2 }, () => 0)).toBe(8_000);
    expect(nextPollDelay(policy, { ageMs: 0, consecutiveErrors: 20 }, () => 0)).toBe(
      policy.errorMaxDelayMs,
    );
    expect(
      nextPollDelay(policy, { ageMs: 0, consecutiveErrors: 1, retryAfterMs: 30_000 }, () => 0),
    ).toBe(30_000);
  });
});

describe('rate limiter', () => {
  it('lets at most `max` through per window, in order, on virtual time', async () => {
    const clock = createVirtualClock();
    const limiter = createRateLimiter({
      max: 3,
      perMs: 1_000,
      now: clock.nowMs,
      sleep: clock.sleep,
    });
    const times: number[] = [];
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        limiter.acquire().then(() => {
          times.push(clock.nowMs());
          order.push(i);
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(maxInWindow(times, 1_000)).toBe(3);
    // 10 requests at 3 per second need just over 3 seconds, not more.
    expect((times.at(-1) as number) - (times[0] as number)).toBe(3_000);
  });

  it('stops waiting when the signal aborts', async () => {
    const clock = createVirtualClock();
    const limiter = createRateLimiter({
      max: 1,
      perMs: 60_000,
      now: clock.nowMs,
      sleep: clock.sleep,
    });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });
});

describe('engine polling', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const pollTimes = (harness: Harness) => {
    const times: number[] = [];
    const original = harness.fake.api.getRun;
    harness.fake.api.getRun = (...args) => {
      times.push(harness.clock.nowMs());
      return original(...args);
    };
    return times;
  };

  it('follows the schedule for one long run and notices the finish on the next poll', async () => {
    h = await createHarness();
    const states = [...Array(40).fill('Running'), 'Success'] as ('Running' | 'Success')[];
    h.fake.scripts.push({ states });
    const times = pollTimes(h);
    const job = await h.engine.queue({ image: 'https://example.com/a.png', prompt: 'long run' });
    await h.engine.idle();
    const sentAt = Date.parse((await h.library.read(job.id))?.startSentAt as string);
    expect(times).toHaveLength(41);
    const gaps = [
      (times[0] as number) - sentAt,
      ...times.slice(1).map((t, i) => t - (times[i] as number)),
    ];
    for (let i = 0; i < gaps.length; i++) {
      const age = (times[i] as number) - sentAt - (gaps[i] as number);
      expect(gaps[i], `gap ${i}`).toBe(baseDelay(DEFAULT_POLL_POLICY, age));
    }
    expect(gaps[0]).toBe(2_000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(12_000);
    // On average no more than one status request per 2 s.
    expect(((times.at(-1) as number) - sentAt) / times.length).toBeGreaterThanOrEqual(2_000);
    expect((await h.library.read(job.id))?.state).toBe('done');
  });

  it('waits as long as Retry-After says after a rate-limited poll', async () => {
    h = await createHarness();
    h.fake.getRunFailures.push(
      new KlingError('rate-limited', 'Too many requests', {
        retryable: true,
        retryAfterMs: 45_000,
      }),
    );
    const times = pollTimes(h);
    await h.engine.queue({ image: 'https://example.com/a.png', prompt: 'x' });
    await h.engine.idle();
    expect((times[1] as number) - (times[0] as number)).toBe(45_000);
  });

  it('keeps all runs together under the global cap on status requests', async () => {
    const poll: Partial<PollPolicy> = { initialDelayMs: 100, maxRequests: 2, perMs: 1_000 };
    h = await createHarness({ concurrency: 8, poll });
    h.fake.defaultScript = {
      states: [...Array(6).fill('Running'), 'Success'] as ('Running' | 'Success')[],
    };
    const times = pollTimes(h);
    for (let i = 0; i < 8; i++)
      await h.engine.queue({ image: 'https://example.com/a.png', prompt: `run ${i}` });
    await h.engine.idle();
    expect(times).toHaveLength(8 * 7);
    // Uncapped, eight runs polling every 100 ms would make ~80 requests a second.
    expect(maxInWindow(times, 1_000)).toBe(2);
    expect((await h.library.list({ state: 'done' })).total).toBe(8);
  });
});
