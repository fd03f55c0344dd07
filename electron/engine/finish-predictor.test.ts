import { describe, expect, it } from 'vitest';
import { MODEL_CATALOGUE } from '../../shared/models';
import type { RunSample } from '../library/run-history';
import { predictFinish, predictFromHistory, priorFinish, runTimeFactor } from './finish-predictor';

const shape = {
  model: 'Kling_3_0',
  duration: '5s',
  batchCount: 1,
  generateAudio: false,
} as const satisfies RunSample['request'];

const sample = (
  notFinalAtMs: number,
  finalByMs: number,
  request: RunSample['request'] = shape,
): RunSample => ({ request, notFinalAtMs, finalByMs });

/** Three 5 s runs whose finish fell 42–46 s in, each seen within 2 s: a settled history. */
const steadyRuns = () => [sample(40_000, 42_000), sample(44_000, 46_000), sample(42_000, 44_000)];

describe('finish prediction', () => {
  it('uses the model prior, wide, while there is no history', () => {
    const prior = priorFinish(shape);
    const typical = MODEL_CATALOGUE.Kling_3_0.typicalRunSeconds * 1000;
    expect(prior).toEqual({
      earliestMs: typical * 0.25,
      likelyMs: typical,
      latestMs: typical * 3,
      basis: 'prior',
      samples: 0,
    });
    expect(predictFinish(shape, [])).toEqual(prior);
    // Two runs are not enough to trust over the prior.
    expect(predictFinish(shape, [sample(40_000, 42_000), sample(44_000, 46_000)])).toEqual(prior);
    // Each model has its own prior; a slower model's window starts later.
    const master = priorFinish({ ...shape, model: 'Kling_2_1_Master' });
    expect(master.earliestMs).toBeGreaterThan(prior.earliestMs);
  });

  it('scales the prior with duration, audio and batch', () => {
    const base = priorFinish(shape).likelyMs;
    expect(priorFinish({ ...shape, duration: '10s' }).likelyMs).toBeGreaterThan(base);
    expect(priorFinish({ ...shape, generateAudio: true }).likelyMs).toBeGreaterThan(base);
    expect(priorFinish({ ...shape, batchCount: 8 }).likelyMs).toBeGreaterThan(base);
    expect(priorFinish({ ...shape, batchCount: 4 }).likelyMs).toBe(base);
    expect(runTimeFactor(shape)).toBe(1);
  });

  it('learns a window around the finishes in the history, padded beyond them', () => {
    const history = [
      sample(41_000, 43_500),
      sample(44_000, 46_500),
      sample(47_000, 49_500),
      sample(42_000, 44_500),
    ];
    const p = predictFinish(shape, history);
    expect(p.basis).toBe('history');
    expect(p.samples).toBe(4);
    // Every past finish lies inside the window, with room on both sides.
    expect(p.earliestMs).toBeLessThan(41_000);
    expect(p.latestMs).toBeGreaterThan(49_500);
    // likely = the median of the brackets' middles; padded by the larger of 5% of it
    // (2,212.5 ms) and range / (n + 1) = 8.5 s / 5.
    expect(p.likelyMs).toBe(44_250);
    expect(p.earliestMs).toBe(Math.round(41_000 - 2_212.5));
    expect(p.latestMs).toBe(Math.round(49_500 + 2_212.5));
    // Far narrower than the prior: that is what lets polling stay quiet until the finish.
    const prior = priorFinish(shape);
    expect(p.latestMs - p.earliestMs).toBeLessThan((prior.latestMs - prior.earliestMs) / 10);
  });

  it('prefers runs of the same duration, batch and audio; else rescales the model’s others', () => {
    const tenSeconds = { ...shape, duration: '10s' } as const;
    const fives = steadyRuns();
    const tens = [
      sample(80_000, 82_000, tenSeconds),
      sample(84_000, 86_000, tenSeconds),
      sample(82_000, 84_000, tenSeconds),
    ];
    expect(predictFinish(tenSeconds, [...fives, ...tens]).likelyMs).toBe(83_000);
    expect(predictFinish(shape, [...fives, ...tens]).likelyMs).toBe(43_000);
    // Only 5 s runs known: a 10 s run is predicted from them, scaled by runTimeFactor.
    const scaled = predictFinish(tenSeconds, fives);
    expect(scaled.basis).toBe('history');
    expect(scaled.likelyMs).toBe(Math.round(43_000 * runTimeFactor(tenSeconds)));
    // Other models say nothing about this one.
    const turbo = { ...shape, model: 'Kling_2_5_Turbo' } as const;
    expect(predictFinish(turbo, fives)).toEqual(priorFinish(turbo));
  });

  it('leaves out a finish seen only roughly (e.g. the computer slept between two polls)', () => {
    const history = [...steadyRuns(), sample(41_000, 100_000)];
    const p = predictFinish(shape, history);
    expect(p.samples).toBe(3);
    expect(p.latestMs).toBeLessThan(50_000);
    // With nothing better, rough finishes still beat the prior.
    const rough = [sample(20_000, 37_500), sample(20_000, 37_500), sample(10_000, 20_000)];
    expect(predictFinish(shape, rough)).toMatchObject({ basis: 'history', samples: 3 });
  });

  it('leaves out a run far from the others (e.g. one whose finish was seen late)', () => {
    const history = [...steadyRuns(), sample(400_000, 420_000)];
    const p = predictFinish(shape, history);
    expect(p.samples).toBe(3);
    expect(p.latestMs).toBeLessThan(60_000);
  });

  it('falls back to the prior, with a log line, when the history cannot be read', async () => {
    const errors: unknown[] = [];
    const p = await predictFromHistory(
      shape,
      async () => {
        throw new Error('index unreadable');
      },
      (error) => errors.push(error),
    );
    expect(p).toEqual(priorFinish(shape));
    expect(String(errors[0])).toContain('index unreadable');
  });
});
