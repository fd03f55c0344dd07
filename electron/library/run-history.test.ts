import { afterEach, describe, expect, it } from 'vitest';
import { createLibrary, type Library } from './library';
import { recentRunSamples } from './run-history';
import { makeTempHome, manualClock } from './testing';

describe('run history', () => {
  let library: Library | undefined;
  let remove: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await library?.close();
    await remove?.();
  });

  it('reads the finishes polling saw, newest first, of finished renders of one model only', async () => {
    const temp = await makeTempHome('kling-history-');
    remove = temp.remove;
    const clock = manualClock();
    library = createLibrary({ home: temp.home, now: clock.now, indexDebounceMs: 5 });
    const make = async (
      model: 'Kling_3_0' | 'Kling_2_6',
      state: 'done' | 'failed',
      seen?: { notFinalAtMs: number; finalByMs: number },
    ) => {
      clock.advance(1_000);
      const m = await library?.create({
        image: 'https://example.com/a.png',
        prompt: `${model} ${state}`,
        model,
        duration: '10s',
      });
      await library?.update(m?.id as string, (d) => {
        d.state = state;
        if (seen) d.finishSeen = seen;
        return d;
      });
    };
    await make('Kling_3_0', 'done', { notFinalAtMs: 40_000, finalByMs: 42_000 });
    await make('Kling_3_0', 'done'); // finished before polling learned (no finishSeen)
    await make('Kling_3_0', 'failed', { notFinalAtMs: 1_000, finalByMs: 2_000 });
    await make('Kling_2_6', 'done', { notFinalAtMs: 90_000, finalByMs: 92_000 });
    await make('Kling_3_0', 'done', { notFinalAtMs: 50_000, finalByMs: 51_000 });

    const samples = await recentRunSamples(library, 'Kling_3_0');
    expect(samples).toEqual([
      {
        request: { model: 'Kling_3_0', duration: '10s', batchCount: 1, generateAudio: false },
        notFinalAtMs: 50_000,
        finalByMs: 51_000,
      },
      {
        request: { model: 'Kling_3_0', duration: '10s', batchCount: 1, generateAudio: false },
        notFinalAtMs: 40_000,
        finalByMs: 42_000,
      },
    ]);
    // Survives a reopen: the field is part of the manifest on disk and in the index.
    await library.close();
    library = createLibrary({ home: temp.home, now: clock.now, indexDebounceMs: 5 });
    expect(await recentRunSamples(library, 'Kling_3_0')).toEqual(samples);
  });
});
