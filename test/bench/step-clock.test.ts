import { describe, expect, it } from 'vitest';
import { createStepClock } from './step-clock';

const realDelay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('step clock', () => {
  it('wakes sleepers in time order and jumps straight to their times', async () => {
    const clock = createStepClock(0);
    const woke: Array<[string, number]> = [];
    void clock.sleep(5_000).then(() => woke.push(['b', clock.nowMs()]));
    void clock.sleep(1_000).then(() => woke.push(['a', clock.nowMs()]));
    await clock.runUntil(() => woke.length === 2, { realMs: 5_000, virtualMs: 60_000 });
    expect(woke).toEqual([
      ['a', 1_000],
      ['b', 5_000],
    ]);
  });

  it('holds virtual time still while tracked work is in flight', async () => {
    const clock = createStepClock(0);
    let seenAfterWork: number | null = null;
    let late = false;
    void clock.sleep(10).then(async () => {
      // Real work that takes real time: a sleeper due 1 ms later must not fire meanwhile.
      await clock.track(realDelay(50));
      seenAfterWork = clock.nowMs();
    });
    void clock.sleep(11).then(() => {
      late = seenAfterWork === null;
    });
    const bothDone = () => seenAfterWork !== null && clock.nowMs() >= 11;
    await clock.runUntil(bothDone, { realMs: 5_000, virtualMs: 60_000 });
    expect(seenAfterWork).toBe(10);
    expect(late).toBe(false);
  });

  it('fails instead of hanging when virtual time runs past its limit', async () => {
    const clock = createStepClock(0);
    void clock.sleep(120_000);
    await expect(clock.runUntil(() => false, { realMs: 5_000, virtualMs: 60_000 })).rejects.toThrow(
      /virtual time limit/,
    );
  });
});
