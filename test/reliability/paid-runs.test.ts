import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { createLibrary, type Library } from '../../electron/library/library';
import { makeTempHome } from '../../electron/library/testing';
import { createWeShopClient } from '../../electron/weshop/client';
import type { RenderManifest } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import { type RunningEmulator, startEmulator } from '../emulator/server';
import type { PollEnvelopeVariant } from '../emulator/types';

/*
 * Paid runs through the real client and the emulator, which here IGNORES Idempotency-Key:
 * a second start would create (and charge) a second run, so "one start" is our guarantee.
 */
let emulator: RunningEmulator;
let home: string;
let removeHome: () => Promise<void>;
let library: Library;
let engine: Engine;

beforeEach(async () => {
  emulator = await startEmulator({
    honourIdempotencyKey: false,
    resultsPerExecution: 1,
    timings: { pendingMs: 20, segmentingMs: 20, runningMs: 60 },
  });
  ({ home, remove: removeHome } = await makeTempHome('kling-paid-it-'));
  library = createLibrary({ home });
  engine = createEngine({
    library,
    api: createWeShopClient({
      apiBase: emulator.apiBase,
      getKey: async () => emulator.apiKey,
      timeoutMs: 5_000,
      retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 },
    }),
    poll: { initialDelayMs: 25, quietMaxDelayMs: 25, maxRequests: 40, perMs: 1_000 },
    downloads: { retryBaseMs: 10 },
  });
});
afterEach(async () => {
  await engine.close();
  await library.close();
  await emulator.close();
  await removeHome();
});

const render = async (batchCount = 1) => {
  const queued = await engine.queue({ image: FIXTURES.pngImage, prompt: 'wave', batchCount });
  await engine.idle();
  return (await library.read(queued.id)) as RenderManifest;
};

async function expectVideosOnDisk(m: RenderManifest): Promise<void> {
  for (const video of m.videos) {
    const bytes = await readFile(join(library.folderOf(m.id), video.file as string));
    expect(bytes.equals(await emulator.videoBytes(video.url)), video.url).toBe(true);
  }
}

const startsFor = (m: RenderManifest) => emulator.startsByIdempotencyKey().get(m.idempotencyKey);

describe('paid runs against the emulator (Idempotency-Key ignored)', () => {
  it('Success + Failed executions: the delivered video is downloaded, the render is partial', async () => {
    emulator.inject({
      fault: { kind: 'mixed-executions', outcomes: ['Success', 'Failed'], reason: 'policy' },
    });
    const m = await render(2);
    expect(m).toMatchObject({ state: 'partial', serverMessage: expect.stringContaining('policy') });
    expect(m.videos).toHaveLength(1);
    await expectVideosOnDisk(m);
    expect(startsFor(m)).toBe(1);
  });

  it('Success + Running executions: not done while one still runs', async () => {
    emulator.inject({ fault: { kind: 'mixed-executions', outcomes: ['Running', 'Success'] } });
    const queued = await engine.queue({ image: FIXTURES.pngImage, prompt: 'w', batchCount: 2 });
    // Wait until the Success execution has been seen by several polls; the run stays running.
    const pollsOf = () =>
      emulator.requests.filter((r) => r.method === 'GET' && r.path.includes('/agent/runs/'));
    const deadline = Date.now() + 5_000;
    while (pollsOf().length < 6 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pollsOf().length).toBeGreaterThanOrEqual(6);
    expect((await library.read(queued.id))?.state).toBe('running');
    await engine.cancel(queued.id);
  });

  it.each<PollEnvelopeVariant>(['status-only', 'executions-null'])(
    'reads a %s poll answer and keeps polling until the run is final',
    async (variant) => {
      emulator.inject({
        fault: { kind: 'poll-envelope', variant },
        match: { method: 'GET', path: /\/agent\/runs\// },
        times: 2, // fewer than EMPTY_SUCCESS_POLLS: the videos come with the next normal answer
      });
      const m = await render(2);
      expect(m.state).toBe('done');
      await expectVideosOnDisk(m);
      expect(startsFor(m)).toBe(1);
    },
  );

  it('Success results without a video: nothing to download is a failure, not done', async () => {
    emulator.inject({
      fault: { kind: 'poll-envelope', variant: 'result-without-video' },
      match: { method: 'GET', path: /\/agent\/runs\// },
      times: Number.POSITIVE_INFINITY,
    });
    const m = await render(2);
    expect(m).toMatchObject({ state: 'failed', videos: [] });
    expect(m.error?.message).toMatch(/returned no videos/);
    expect(startsFor(m)).toBe(1);
  });

  it('an expired link is refreshed by one more poll, then downloaded', async () => {
    const queued = await engine.queue({ image: FIXTURES.pngImage, prompt: 'w', batchCount: 2 });
    // Expire the links as soon as the run's videos are known, before they are downloaded.
    let injected = false;
    const off = engine.on('job:update', (m) => {
      if (!injected && m.id === queued.id && m.state === 'downloading') {
        injected = true;
        emulator.inject({ fault: { kind: 'expired-link', status: 410 } });
      }
    });
    await engine.idle();
    off();
    const m = (await library.read(queued.id)) as RenderManifest;
    expect(injected).toBe(true);
    expect(m.state).toBe('done');
    expect(m.videos.every((v) => v.url.includes('?v='))).toBe(true);
    await expectVideosOnDisk(m);
    expect(startsFor(m)).toBe(1);
  });

  it('a start answered 429 (Retry-After as a date) goes again by itself: one run', async () => {
    emulator.inject({
      fault: { kind: 'rate-limit', retryAfterSeconds: 1, retryAfterDate: true },
      match: { method: 'POST', path: /\/agent\/runs$/ },
    });
    const m = await render(1);
    expect(m.state).toBe('done');
    expect(emulator.runCount?.()).toBe(1);
    const starts = emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/runs'));
    expect(starts.map((r) => r.status)).toEqual([429, 200]);
  });
});
