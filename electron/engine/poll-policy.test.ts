import { afterEach, describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import { recentRunSamples } from '../library/run-history';
import { type FinishPrediction, predictFinish, priorFinish } from './finish-predictor';
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

const history: FinishPrediction = {
  earliestMs: 38_000,
  likelyMs: 45_000,
  latestMs: 52_000,
  basis: 'history',
  samples: 6,
};
const prior = priorFinish({
  model: 'Kling_3_0',
  duration: '5s',
  batchCount: 1,
  generateAudio: false,
});

/** Poll ages from the start, following baseDelay (no jitter) until `untilMs`. */
function schedule(prediction: FinishPrediction, untilMs: number, p: PollPolicy = policy): number[] {
  const ages: number[] = [];
  for (let age = 0; age < untilMs; ) {
    age += baseDelay(p, prediction, age);
    ages.push(age);
  }
  return ages;
}
const gapsOf = (ages: number[]) =>
  ages.map((age, i) => age - (i === 0 ? 0 : (ages[i - 1] as number)));

describe('poll schedule', () => {
  it('with history: quiet until the window (landing on its start), dense inside it', () => {
    const ages = schedule(history, 52_000);
    // 38 s in two even steps of at most 20 s, then every 2.5 s through the window.
    expect(ages.slice(0, 2)).toEqual([19_000, 38_000]);
    for (const gap of gapsOf(ages).slice(2)) expect(gap).toBe(policy.initialDelayMs);
    // A 45 s run costs 2 + 3 polls, where the 3 s loop sends 15.
    expect(ages.filter((a) => a <= 45_000 + policy.initialDelayMs)).toHaveLength(5);
  });

  it('with only a prior: starts at the dense delay and never waits longer than the run’s age', () => {
    const ages = schedule(prior, prior.earliestMs + 10_000);
    expect(ages.slice(0, 4)).toEqual([2_500, 5_000, 10_000, 20_000]);
    for (const age of ages) {
      const delay = baseDelay(policy, prior, age);
      if (age < prior.earliestMs) expect(delay).toBeLessThanOrEqual(Math.max(2_500, age));
      expect(delay).toBeLessThanOrEqual(policy.quietMaxDelayMs);
    }
    // The window of a prior starts at a quarter of the model's typical time.
    expect(ages).toContain(prior.earliestMs);
    expect(baseDelay(policy, prior, prior.earliestMs + 1)).toBe(policy.initialDelayMs);
  });

  it('after an overshoot, backs off with the overshoot up to the maximum and never stops', () => {
    expect(baseDelay(policy, history, history.latestMs)).toBe(2_500);
    expect(baseDelay(policy, history, history.latestMs + 20_000)).toBe(4_500);
    expect(baseDelay(policy, history, history.latestMs + 60_000)).toBe(8_500);
    expect(baseDelay(policy, history, history.latestMs + 3_600_000)).toBe(policy.maxDelayMs);
    const late = gapsOf(schedule(history, 3_600_000)).slice(2);
    for (let i = 1; i < late.length; i++) {
      expect(late[i]).toBeGreaterThanOrEqual(late[i - 1] as number);
      // Gradual: one poll's delay is never more than 1.5 s longer than the one before.
      expect((late[i] as number) - (late[i - 1] as number)).toBeLessThanOrEqual(1_500);
    }
    expect(Math.max(...late)).toBe(policy.maxDelayMs);
  });

  it('jitter only makes a poll earlier; errors double the delay; Retry-After always wins', () => {
    const input = { ageMs: 40_000, prediction: history, consecutiveErrors: 0 };
    expect(nextPollDelay(policy, input, () => 0)).toBe(2_500);
    expect(nextPollDelay(policy, input, () => 0.5)).toBe(2_375);
    expect(nextPollDelay(policy, input, () => 0.999)).toBeGreaterThanOrEqual(2_250);
    expect(nextPollDelay(policy, { ...input, consecutiveErrors: 2 }, () => 0)).toBe(10_000);
    expect(nextPollDelay(policy, { ...input, consecutiveErrors: 20 }, () => 0)).toBe(
      policy.errorMaxDelayMs,
    );
    // Retry-After beats the dense window, the quiet phase and the error backoff alike.
    for (const ageMs of [0, 40_000, 500_000]) {
      for (const consecutiveErrors of [0, 1, 5]) {
        const asked = { ageMs, prediction: history, consecutiveErrors, retryAfterMs: 75_000 };
        expect(nextPollDelay(policy, asked, () => 0.7)).toBe(75_000);
      }
    }
    // A Retry-After shorter than the schedule does not make the poll earlier.
    const short = { ageMs: 0, prediction: history, consecutiveErrors: 0, retryAfterMs: 1_000 };
    expect(nextPollDelay(policy, short, () => 0)).toBe(19_000);
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

  /**
   * Runs on the fake end at a set time after their start (not after a number of polls):
   * Running until then, Success from then on. Returns every run's poll times.
   */
  function finishAfter(harness: Harness, lengths: number[]) {
    const startedAt = new Map<string, number>();
    const polls = new Map<string, number[]>();
    harness.fake.defaultScript = { states: ['Success'] };
    const { startRun, getRun } = harness.fake.api;
    harness.fake.api.startRun = async (...args) => {
      const run = await startRun(...args);
      startedAt.set(run.executionId, harness.clock.nowMs());
      polls.set(run.executionId, []);
      return run;
    };
    harness.fake.api.getRun = async (executionId, options) => {
      const start = startedAt.get(executionId) as number;
      const age = harness.clock.nowMs() - start;
      polls.get(executionId)?.push(age);
      const length = lengths[[...startedAt.keys()].indexOf(executionId)] as number;
      if (age < length) return { state: 'Running', rawState: 'Running', final: false, videos: [] };
      return getRun(executionId, options);
    };
    return polls;
  }

  const request = { image: 'https://example.com/a.png', prompt: 'learning' };
  const shape = {
    model: 'Kling_3_0',
    duration: '5s',
    batchCount: 1,
    generateAudio: false,
  } as const;

  it('polls a first run on the model prior, then learns the window from the runs it saw finish', async () => {
    h = await createHarness();
    const lengths = [44_000, 46_100, 42_700, 45_300];
    const polls = finishAfter(h, lengths);
    const ids: string[] = [];
    for (let i = 0; i < lengths.length; i++) {
      ids.push((await h.engine.queue(request)).id);
      await h.engine.idle();
    }
    const ages = [...polls.values()];
    // An empty library: the prior's schedule (2.5, 5, 10, 20 s, then its window).
    expect(ages[0]).toEqual(schedule(prior, 44_000).slice(0, ages[0]?.length));
    // Each run saved when its finish was seen: after a poll that found it running, by the
    // poll that found it done.
    for (const [i, id] of ids.entries()) {
      const seen = (await h.library.read(id))?.finishSeen;
      const own = ages[i] as number[];
      expect(seen, `run ${i}`).toEqual({
        notFinalAtMs: own.at(-2),
        finalByMs: own.at(-1),
      });
      expect(seen?.notFinalAtMs).toBeLessThan(lengths[i] as number);
      expect(seen?.finalByMs).toBeGreaterThanOrEqual(lengths[i] as number);
    }
    // The fourth run is predicted from the three before it, and polled on that schedule.
    const samples = await recentRunSamples(h.library, 'Kling_3_0');
    const learned = predictFinish(shape, samples.slice(1)); // the three older ones
    expect(learned.basis).toBe('history');
    expect(learned.earliestMs).toBeGreaterThan(30_000);
    expect(ages[3]).toEqual(schedule(learned, 45_300).slice(0, ages[3]?.length));
    expect((ages[3] as number[]).length).toBeLessThan((ages[0] as number[]).length);
    // Noticed within one dense delay of its finish.
    expect(((ages[3] as number[]).at(-1) as number) - 45_300).toBeLessThanOrEqual(2_500);
  });

  it('keeps polling a run that overshoots its window, backing off up to the maximum', async () => {
    h = await createHarness();
    const lengths = [44_000, 46_000, 43_000, 600_000];
    const polls = finishAfter(h, lengths);
    for (let i = 0; i < lengths.length; i++) {
      await h.engine.queue(request);
      await h.engine.idle();
    }
    const slow = [...polls.values()][3] as number[];
    const learned = predictFinish(shape, (await recentRunSamples(h.library, 'Kling_3_0')).slice(1));
    expect(learned.latestMs).toBeLessThan(60_000);
    const gaps = gapsOf(slow).filter((_, i) => (slow[i - 1] ?? 0) >= learned.latestMs);
    // Polled all the way to its finish ten minutes later, after the window never more than
    // 12 s apart, and noticed within 12 s of it.
    expect(Math.max(...gaps)).toBe(policy.maxDelayMs);
    for (let i = 1; i < gaps.length; i++) {
      expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1] as number);
    }
    expect((slow.at(-1) as number) - 600_000).toBeLessThanOrEqual(policy.maxDelayMs);
    // Backing off: far fewer requests than a 3 s loop (200) over those ten minutes.
    expect(slow.length).toBeLessThan(80);
    const last = gaps.slice(-10);
    for (const gap of last) expect(gap).toBe(policy.maxDelayMs);
    expect((await h.library.list({ state: 'done' })).total).toBe(4);
  });

  it('records the run time at the first answer that found the run final', async () => {
    h = await createHarness();
    // Success without videos is asked again (twice) before the run counts as finished.
    h.fake.scripts.push({ states: ['Running', 'Success'], videos: [] });
    const times = pollTimes(h);
    const job = await h.engine.queue(request);
    await h.engine.idle();
    const m = await h.library.read(job.id);
    const sentAt = Date.parse(m?.startSentAt as string);
    expect(times.map((t) => t - sentAt)).toEqual([2_500, 5_000, 10_000, 20_000]);
    expect(m?.finishSeen).toEqual({ notFinalAtMs: 2_500, finalByMs: 5_000 });
  });

  it('records no run time when the first poll already found the run done', async () => {
    h = await createHarness();
    h.fake.scripts.push({ states: ['Success'] });
    const job = await h.engine.queue(request);
    await h.engine.idle();
    const done = await h.library.read(job.id);
    expect(done?.state).toBe('done');
    expect(done?.finishSeen).toBeUndefined();
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
    const poll: Partial<PollPolicy> = {
      initialDelayMs: 100,
      quietMaxDelayMs: 100,
      maxRequests: 2,
      perMs: 1_000,
    };
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
