import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../electron/engine/engine';
import { httpGetFromFetch } from '../../electron/engine/http-get';
import { baseDelay, DEFAULT_POLL_POLICY } from '../../electron/engine/poll-policy';
import { createLibrary, type Library } from '../../electron/library/library';
import { createWeShopClient } from '../../electron/weshop/client';
import type { WeShopApi } from '../../electron/weshop/types';
import { FIXTURES } from '../emulator/fixtures';
import type { RunTimings } from '../emulator/types';
import {
  type Detection,
  POLL_RUNS,
  type PollOutcome,
  runTimingsFor,
  startSteppedEmulator,
  totalMs,
  trackedFetch,
} from './poll-setup';
import { createStepClock, type StepClock } from './step-clock';

/** The library with its disk work tracked, so virtual time waits for manifest writes. */
function trackedLibrary(library: Library, clock: StepClock): Library {
  return {
    ...library,
    create: (request, options) => clock.track(library.create(request, options)),
    read: (id) => clock.track(library.read(id)),
    update: (id, mutate) => clock.track(library.update(id, mutate)),
  };
}

/**
 * 100 jobs through the real engine (its default poll policy, shared rate limit and jitter),
 * the real WeShop client and the emulator, on one step clock. Engine concurrency is 100 so
 * all runs are active at once (the app's setting allows 16; the engine itself has no cap).
 */
export async function pollWithEngine(seed: number): Promise<PollOutcome> {
  const clock = createStepClock();
  const emulator = await startSteppedEmulator(clock);
  const home = await mkdtemp(join(tmpdir(), 'kling-bench-poll-'));
  const counter = { statusRequests: 0 };
  const fetchTracked = trackedFetch(clock, counter);
  const client = createWeShopClient({
    apiBase: emulator.apiBase,
    getKey: async () => emulator.apiKey,
    fetch: fetchTracked,
    sleep: clock.sleep,
  });
  const timings = runTimingsFor(seed);
  const starts = new Map<string, { at: number; timings: RunTimings }>();
  const detected = new Map<string, number>();
  let startChain: Promise<unknown> = Promise.resolve();
  const api: WeShopApi = {
    ...client,
    // One start at a time, so each run gets its own length from the emulator's setTimings.
    startRun(request, imageUrl, key, options) {
      const started = startChain.then(async () => {
        const own = timings[starts.size];
        if (!own) throw new Error('more starts than runs');
        emulator.setTimings(own);
        const at = clock.nowMs();
        const run = await client.startRun(request, imageUrl, key, options);
        starts.set(run.executionId, { at, timings: own });
        return run;
      });
      startChain = started.catch(() => undefined);
      return started;
    },
    async getRun(executionId, options) {
      const snapshot = await client.getRun(executionId, options);
      if (snapshot.state === 'Success' && !detected.has(executionId)) {
        detected.set(executionId, clock.nowMs());
      }
      return snapshot;
    },
  };
  const library = createLibrary({ home, now: clock.now });
  const engine = createEngine({
    library: trackedLibrary(library, clock),
    api,
    download: httpGetFromFetch(fetchTracked),
    now: clock.now,
    sleep: clock.sleep,
    concurrency: POLL_RUNS,
  });
  try {
    const ids: string[] = [];
    for (let i = 0; i < POLL_RUNS; i++) {
      const m = await engine.queue({ image: FIXTURES.pngImage, prompt: `poll bench ${i}` });
      ids.push(m.id);
    }
    let idle = false;
    void engine.idle().then(() => {
      idle = true;
    });
    await clock.runUntil(() => idle, { realMs: 240_000, virtualMs: 60 * 60_000 });
    const states = await Promise.all(ids.map(async (id) => (await library.read(id))?.state));
    if (states.some((s) => s !== 'done')) throw new Error(`not every job is done: ${states}`);

    const jitter = 1 + DEFAULT_POLL_POLICY.jitter;
    const detections: Detection[] = [...starts].map(([executionId, start]) => {
      const successAt = start.at + totalMs(start.timings);
      const detectedAt = detected.get(executionId);
      if (detectedAt === undefined) throw new Error(`run ${executionId} was never seen to succeed`);
      return {
        successAt,
        detectedAt,
        intervalMs: baseDelay(DEFAULT_POLL_POLICY, successAt - start.at) * jitter,
        activeMs: detectedAt - start.at,
      };
    });
    return { statusRequests: counter.statusRequests, detections };
  } finally {
    await engine.close();
    await library.close();
    await emulator.close();
    await rm(home, { recursive: true, force: true });
  }
}
