import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { createLibrary, type Library } from '../../electron/library/library';
import { makeTempHome } from '../../electron/library/testing';
import { createWeShopClient } from '../../electron/weshop/client';
import type { RenderManifest } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import { type RunningEmulator, startEmulator } from '../emulator/server';

/** The engine with the real WeShop client against the emulator, over real HTTP on 127.0.0.1. */
let emulator: RunningEmulator;
let home: string;
let removeHome: () => Promise<void>;
let library: Library;
let engine: Engine;

beforeEach(async () => {
  // The emulator ignores Idempotency-Key: one start per render is our guarantee, not its.
  emulator = await startEmulator({
    honourIdempotencyKey: false,
    timings: { pendingMs: 20, segmentingMs: 20, runningMs: 60 },
  });
  ({ home, remove: removeHome } = await makeTempHome('kling-engine-it-'));
  library = createLibrary({ home });
  const api = createWeShopClient({
    apiBase: emulator.apiBase,
    getKey: async () => emulator.apiKey,
    timeoutMs: 5_000,
    retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 },
  });
  engine = createEngine({
    library,
    api,
    concurrency: 4,
    // Real time, so keep it short: the schedule itself is tested with a virtual clock.
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

const cdnRequests = () => emulator.requests.filter((r) => r.origin === 'cdn');

async function expectVideosOnDisk(m: RenderManifest): Promise<void> {
  expect(m.state).toBe('done');
  for (const video of m.videos) {
    const bytes = await readFile(join(library.folderOf(m.id), video.file as string));
    expect(bytes.equals(await emulator.videoBytes(video.url)), video.url).toBe(true);
  }
}

describe('engine + WeShop client + emulator', () => {
  it('renders a batch of 4: four videos on disk, byte-equal to what the CDN serves', async () => {
    const queued = await engine.queue({
      image: FIXTURES.pngImage,
      prompt: 'slow dolly-in',
      batchCount: 4,
    });
    await engine.idle();
    const m = (await library.read(queued.id)) as RenderManifest;
    expect(m.videos).toHaveLength(4);
    await expectVideosOnDisk(m);
    expect(
      (await readdir(library.folderOf(m.id))).filter((f) => f.endsWith('.mp4')).sort(),
    ).toEqual(['video-1.mp4', 'video-2.mp4', 'video-3.mp4', 'video-4.mp4']);
    expect(emulator.startsByIdempotencyKey().get(m.idempotencyKey)).toBe(1);
    // Posters come with even indexes only (the emulator's choice).
    expect(m.videos.map((v) => v.posterFile ?? null)).toEqual([
      'poster-1.jpg',
      null,
      'poster-3.jpg',
      null,
    ]);
  });

  it('resumes a cut download with Range and ends with the whole file', async () => {
    emulator.inject({
      fault: { kind: 'cut-download', afterBytes: 2_000 },
      match: { origin: 'cdn', path: /\/videos?\// },
    });
    const queued = await engine.queue({ image: FIXTURES.pngImage, prompt: 'cut me' });
    await engine.idle();
    const m = (await library.read(queued.id)) as RenderManifest;
    await expectVideosOnDisk(m);
    const videoRequests = cdnRequests().filter((r) => r.path.includes('.mp4'));
    expect(videoRequests.length).toBeGreaterThanOrEqual(2);
    expect(videoRequests.slice(1).some((r) => /^bytes=\d+-$/.test(r.headers.range ?? ''))).toBe(
      true,
    );
  });

  it('never sends the API key to the CDN or writes it into the library', async () => {
    const queued = await engine.queue({
      image: FIXTURES.jpegImage,
      prompt: 'no key leaks',
      batchCount: 2,
    });
    await engine.idle();
    await expectVideosOnDisk((await library.read(queued.id)) as RenderManifest);
    await library.flush();
    expect(cdnRequests().length).toBeGreaterThan(0);
    for (const request of cdnRequests()) expect(request.headers.authorization).toBeUndefined();
    const files = [join(home, 'library.sqlite'), join(library.folderOf(queued.id), 'render.json')];
    for (const file of files) expect(await readFile(file, 'latin1')).not.toContain(emulator.apiKey);
  });

  it("names each start for WeShop's history: input.taskName is the prompt's start and the render id", async () => {
    const queued = await engine.queue({
      image: FIXTURES.pngImage,
      prompt: 'a lantern drifts over the dark harbour while the fog rolls in slowly',
    });
    await engine.idle();
    const taskName = `Kling Studio · a lantern drifts over the dark harbour… · ${queued.id}`;
    const starts = emulator.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/agent/runs'),
    );
    expect(starts).toHaveLength(1);
    // The bytes that went over the wire (UTF-8 JSON), not a re-serialised copy.
    expect(starts[0]?.body).toContain(`"taskName":"${taskName}"`);
    expect(emulator.createdRuns?.()[0]?.input).toMatchObject({ taskName });
    // Saved with startSentAt, so a run whose id never comes back can be looked for by it.
    expect(await library.read(queued.id)).toMatchObject({ state: 'done', taskName });
  });

  it('marks a run that WeShop fails with its reason', async () => {
    emulator.inject({ fault: { kind: 'run-fails', reason: 'no face found in the image' } });
    const queued = await engine.queue({ image: FIXTURES.pngImage, prompt: 'fail me' });
    await engine.idle();
    expect(await library.read(queued.id)).toMatchObject({
      state: 'failed',
      serverMessage: expect.stringContaining('no face found in the image'),
      error: { kind: 'run-failed' },
    });
  });
});

describe('engine + client + emulator: the Kling family (issue 20)', () => {
  const uploads = () =>
    emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/agent/assets/images'));

  it('renders from a first and an end frame: two uploads, sent as [first, end], saved on the render', async () => {
    const queued = await engine.queue({
      image: FIXTURES.pngImage,
      endFrame: FIXTURES.jpegImage,
      prompt: 'the door swings open',
    });
    await engine.idle();
    const m = (await library.read(queued.id)) as RenderManifest;
    await expectVideosOnDisk(m);
    expect(uploads()).toHaveLength(2);
    const [run] = emulator.createdRuns();
    const sent = JSON.parse(run?.body ?? '{}') as { params: { images: string[] } };
    expect(sent.params.images).toEqual(m.uploadedImageUrls);
    expect(m.uploadedImageUrls).toHaveLength(2);
    expect(run?.agent).toBe('kling');
  });

  it('renders Kling 3.0 Omni from text alone in 9:16: nothing uploaded', async () => {
    const queued = await engine.queue({
      agent: 'kling-v3-omni',
      prompt: 'a paper boat on a rainy street',
      aspectRatio: '9:16',
    });
    await engine.idle();
    await expectVideosOnDisk((await library.read(queued.id)) as RenderManifest);
    expect(uploads()).toHaveLength(0);
    expect(emulator.createdRuns()[0]).toMatchObject({
      agent: 'kling-v3-omni',
      params: expect.objectContaining({ aspectRatio: '9:16' }),
    });
  });

  it('fails a render whose end frame WeShop refuses with what to do, charging nothing', async () => {
    emulator.inject({ fault: { kind: 'last-frame-unsupported' } });
    const queued = await engine.queue({
      image: FIXTURES.pngImage,
      endFrame: FIXTURES.jpegImage,
      prompt: 'the door swings open',
    });
    await engine.idle();
    const m = (await library.read(queued.id)) as RenderManifest;
    expect(m.state).toBe('failed');
    expect(m.error?.message).toMatch(
      /^WeShop refused the end frame while starting the run: .* Nothing was started and no credits were used\. Remove the end frame or choose another model/,
    );
    expect(emulator.runCount()).toBe(0);
  });
});
