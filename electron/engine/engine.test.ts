import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isKlingError, KlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { FIXTURES } from '../../test/emulator/fixtures';
import { manifestPath } from '../library/layout';
import { createHarness, type Harness, videoBytesFor, waitFor } from './testing/harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const local = { image: '/pictures/cat.png', prompt: 'the cat slowly turns its head' };
const onDisk = async (id: string) =>
  JSON.parse(await readFile(manifestPath(h.home, id), 'utf8')) as RenderManifest;

describe('engine: a job from queue to done', () => {
  it('goes through every state, writing each step before the next network call', async () => {
    h = await createHarness();
    const seenAtStart: RenderManifest[] = [];
    const seenAtPoll: RenderManifest[] = [];
    const { startRun, getRun } = h.fake.api;
    h.fake.api.startRun = async (...args) => {
      seenAtStart.push(await onDisk(h.updates[0]!.id));
      return startRun(...args);
    };
    h.fake.api.getRun = async (...args) => {
      if (seenAtPoll.length === 0) seenAtPoll.push(await onDisk(h.updates[0]!.id));
      return getRun(...args);
    };

    const queued = await h.engine.queue({ ...local, batchCount: 2 });
    expect(queued.state).toBe('queued');
    await h.engine.idle();

    const final = await onDisk(queued.id);
    expect(h.statesOf(queued.id)).toEqual([
      'queued',
      'uploading',
      'starting',
      'running',
      'downloading',
      'done',
    ]);
    expect(final).toEqual(h.updates.at(-1));
    expect(final.history.map((c) => c.remoteState).filter(Boolean)).toEqual([
      'Pending',
      'Running',
      'Success',
    ]);
    expect(final).toMatchObject({
      state: 'done',
      executionId: 'exec-1',
      remoteState: 'Success',
      uploadedImageUrl: 'https://uploads.fake/1.png',
      credits: { powerConsumption: 10, powerBalanceAmount: 90 },
    });
    // startSentAt and the state were on disk before startRun was called; the run id before the first poll.
    expect(seenAtStart[0]).toMatchObject({ state: 'starting', startSentAt: expect.any(String) });
    expect(seenAtStart[0]?.executionId).toBeUndefined();
    expect(seenAtPoll[0]).toMatchObject({ state: 'running', executionId: 'exec-1' });

    expect(h.fake.calls.upload).toEqual(['/pictures/cat.png']);
    expect(h.fake.calls.start).toEqual([
      {
        request: final.request,
        imageUrl: 'https://uploads.fake/1.png',
        imageUrls: ['https://uploads.fake/1.png'],
        idempotencyKey: queued.idempotencyKey,
      },
    ]);
    const folder = h.library.folderOf(queued.id);
    for (const index of [0, 1]) {
      expect(final.videos[index]).toMatchObject({
        index,
        file: `video-${index + 1}.mp4`,
        bytes: videoBytesFor('exec-1', index).length,
      });
      expect(
        (await readFile(join(folder, `video-${index + 1}.mp4`))).equals(
          videoBytesFor('exec-1', index),
        ),
      ).toBe(true);
    }
    expect((await readdir(folder)).filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(h.cdn.requests).toHaveLength(2);
    expect(h.cdn.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('skips the upload for an https image and fetches posters when WeShop has them', async () => {
    h = await createHarness();
    const poster = h.cdn.add('/p/0.jpg', Buffer.from('poster bytes'));
    const video = h.cdn.add('/v/0.mp4', videoBytesFor('x', 0));
    h.fake.scripts.push({
      states: ['Success'],
      videos: [{ index: 0, url: video, posterUrl: poster }],
    });
    const queued = await h.engine.queue({ image: 'https://example.com/cat.png', prompt: 'wave' });
    await h.engine.idle();
    expect(h.fake.calls.upload).toEqual([]);
    expect(h.fake.calls.start[0]?.imageUrl).toBe('https://example.com/cat.png');
    expect(h.statesOf(queued.id)).toEqual(['queued', 'starting', 'running', 'downloading', 'done']);
    const final = await onDisk(queued.id);
    expect(final.videos[0]).toMatchObject({ posterUrl: poster, posterFile: 'poster-1.jpg' });
    expect(await readFile(join(h.library.folderOf(queued.id), 'poster-1.jpg'), 'utf8')).toBe(
      'poster bytes',
    );
  });

  it("records each downloaded video's real frame rate (a readable MP4), and none for other bytes", async () => {
    h = await createHarness();
    const real = h.cdn.add('/v/real.mp4', await readFile(FIXTURES.videos[1]));
    const other = h.cdn.add('/v/other.mp4', videoBytesFor('x', 1));
    h.fake.scripts.push({
      states: ['Success'],
      videos: [
        { index: 0, url: real },
        { index: 1, url: other },
      ],
    });
    const queued = await h.engine.queue({ ...local, batchCount: 2 });
    await h.engine.idle();
    const final = await onDisk(queued.id);
    expect(final.state).toBe('done');
    expect(final.videos[0]).toMatchObject({ file: 'video-1.mp4', frameRate: 24 });
    expect(final.videos[1]?.file).toBe('video-2.mp4');
    expect(final.videos[1]?.frameRate).toBeUndefined();
  });

  it('refuses invalid input without writing or sending anything', async () => {
    h = await createHarness();
    const error = await h.engine.queue({ image: 'relative/cat.png', prompt: '' }).catch((e) => e);
    expect(isKlingError(error, 'invalid-input')).toBe(true);
    expect(error.message).toMatch(/image: Local image paths must be absolute/);
    expect((await h.library.list()).total).toBe(0);
    expect(h.fake.calls).toEqual({ upload: [], start: [], getRun: [] });
  });

  it('emits typed events until unsubscribed, and survives (and logs) a throwing listener', async () => {
    const logged: string[] = [];
    const log = {
      info: () => {},
      warn: () => {},
      error: (f: Record<string, unknown>, m: string) => logged.push(`${m}: ${String(f.error)}`),
    };
    h = await createHarness({ log });
    const mine: string[] = [];
    h.engine.on('job:update', () => {
      throw new Error('broken listener');
    });
    const off = h.engine.on('job:update', (m) => mine.push(m.state));
    const progress: number[] = [];
    h.engine.on('job:progress', (p) => progress.push(p.receivedBytes));
    const first = await h.engine.queue(local);
    await h.engine.idle();
    expect(mine.at(-1)).toBe('done');
    expect(progress.at(-1)).toBe(videoBytesFor('exec-1', 0).length);
    off();
    const count = mine.length;
    await h.engine.queue(local);
    await h.engine.idle();
    expect(mine).toHaveLength(count);
    expect((await onDisk(first.id)).state).toBe('done');
    expect(logged).toContain('an engine event listener failed: Error: broken listener');
  });
});

describe('engine: failures', () => {
  it('marks a failed run with the server reason, or "generation failed"', async () => {
    h = await createHarness();
    h.fake.scripts.push(
      { states: ['Running', 'Failed'], message: 'face not detected' },
      { states: ['Failed'] },
    );
    // Both share one upload of the same picture, so either may start first: the first start
    // (exec-1) gets the first script.
    const queued = [await h.engine.queue(local), await h.engine.queue(local)] as const;
    await h.engine.idle();
    const firstStarted = (await onDisk(queued[0].id)).executionId === 'exec-1' ? 0 : 1;
    const [a, b] = firstStarted === 0 ? queued : [queued[1], queued[0]];
    expect(await onDisk(a.id)).toMatchObject({
      state: 'failed',
      remoteState: 'Failed',
      serverMessage: 'face not detected',
      error: { kind: 'run-failed', message: 'Generation failed: face not detected' },
    });
    expect((await onDisk(b.id)).error).toEqual({
      kind: 'run-failed',
      message: 'generation failed',
      messageRef: { id: 'generationFailedNoReason' },
    });
  });

  it('marks a run WeShop canceled as canceled', async () => {
    h = await createHarness();
    h.fake.scripts.push({ states: ['Pending', 'Canceled'] });
    const job = await h.engine.queue(local);
    await h.engine.idle();
    expect(await onDisk(job.id)).toMatchObject({ state: 'canceled', remoteState: 'Canceled' });
  });

  it('needs attention when the start may have reached WeShop, and never starts it again on resume', async () => {
    h = await createHarness();
    h.fake.startFailures.push(new KlingError('network', 'socket hang up'));
    const job = await h.engine.queue(local);
    await h.engine.idle();
    const stuck = await onDisk(job.id);
    expect(stuck.state).toBe('needs-attention');
    expect(stuck.startSentAt).toBeDefined();
    expect(stuck.error?.kind).toBe('needs-attention');
    expect(stuck.error?.message).toMatch(
      /may have reached WeShop but no run id came back.*charge twice/,
    );

    await h.engine.close();
    const second = await h.restart();
    expect(await second.engine.resume()).toEqual({ resumed: [], needsAttention: [] });
    await second.engine.idle();
    expect(h.fake.calls.start).toHaveLength(1);
    expect((await onDisk(job.id)).state).toBe('needs-attention');
  });

  it('fails (safe to retry) when WeShop clearly refused the start', async () => {
    h = await createHarness();
    h.fake.startFailures.push(
      new KlingError('insufficient-credits', 'Not enough credits', { status: 402 }),
    );
    const job = await h.engine.queue(local);
    await h.engine.idle();
    const failed = await onDisk(job.id);
    expect(failed).toMatchObject({
      state: 'failed',
      error: { kind: 'insufficient-credits', message: 'Not enough credits' },
    });
    expect(failed.startSentAt).toBeUndefined();
  });

  it('fails with download-failed when a video cannot be fetched, and Retry downloads without a new start', async () => {
    h = await createHarness();
    h.fake.scripts.push({
      states: ['Success'],
      videos: [{ index: 0, url: `${h.cdn.base}/late.mp4` }],
    });
    const job = await h.engine.queue(local);
    await h.engine.idle();
    expect(await onDisk(job.id)).toMatchObject({
      state: 'failed',
      error: { kind: 'download-failed' },
    });
    expect((await onDisk(job.id)).error?.message).toMatch(/HTTP 404/);

    h.cdn.add('/late.mp4', videoBytesFor('late', 0));
    await h.engine.retry(job.id);
    await h.engine.idle();
    expect((await onDisk(job.id)).state).toBe('done');
    expect(h.fake.calls.start).toHaveLength(1);
  });

  it('keeps polling through transient errors (a paid run is not given up)', async () => {
    h = await createHarness();
    for (let i = 0; i < 5; i++)
      h.fake.getRunFailures.push(new KlingError('server-error', 'HTTP 503', { retryable: true }));
    const job = await h.engine.queue(local);
    await h.engine.idle();
    expect((await onDisk(job.id)).state).toBe('done');
    expect(h.fake.calls.getRun.length).toBeGreaterThanOrEqual(8);
  });
});

describe('engine: cancel, retry, rerun', () => {
  it('cancels a queued job before it uploads or starts anything', async () => {
    h = await createHarness({ concurrency: 1 });
    let release = () => {};
    h.fake.startGate = new Promise((resolve) => {
      release = resolve;
    });
    const first = await h.engine.queue(local);
    const second = await h.engine.queue({ ...local, prompt: 'second' });
    await waitFor(() => h.fake.inFlightStarts === 1, 'first start');
    const canceled = await h.engine.cancel(second.id);
    expect(canceled.state).toBe('canceled');
    expect(canceled.error?.message).toMatch(/no credits were used/);
    release();
    await h.engine.idle();
    expect((await onDisk(first.id)).state).toBe('done');
    expect((await onDisk(second.id)).state).toBe('canceled');
    expect(h.fake.calls.upload).toHaveLength(1);
    expect(h.fake.calls.start).toHaveLength(1);
  });

  it('cancels a running job locally (WeShop has no cancel) and stops polling', async () => {
    h = await createHarness();
    h.fake.scripts.push({ states: ['Running'] });
    const job = await h.engine.queue(local);
    await waitFor(() => h.fake.calls.getRun.length >= 3, 'polling');
    const canceled = await h.engine.cancel(job.id);
    expect(canceled).toMatchObject({ state: 'canceled', executionId: 'exec-1' });
    // WeShop has no cancel: the app says the credits are spent and keeps the run collectable.
    expect(canceled.error?.message).toMatch(/Stopped waiting.*credits are spent.*no cancel/);
    await h.engine.idle();
    const polls = h.fake.calls.getRun.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.fake.calls.getRun.length).toBe(polls);
    expect((await onDisk(job.id)).state).toBe('canceled');
  });

  it('retries a failed run as a new run with a new Idempotency-Key', async () => {
    h = await createHarness();
    h.fake.scripts.push({ states: ['Failed'], message: 'blurry' });
    const job = await h.engine.queue(local);
    await h.engine.idle();
    const retried = await h.engine.retry(job.id);
    expect(retried.state).toBe('queued');
    await h.engine.idle();
    const final = await onDisk(job.id);
    expect(final).toMatchObject({ state: 'done', executionId: 'exec-2' });
    expect(final.serverMessage).toBeUndefined();
    const [firstStart, secondStart] = h.fake.calls.start;
    expect(secondStart?.idempotencyKey).not.toBe(firstStart?.idempotencyKey);
    expect(secondStart?.imageUrl).toBe(firstStart?.imageUrl);
    expect(h.fake.calls.upload).toHaveLength(1); // the uploaded image is reused
  });

  it('retries a needs-attention job only when asked, with the SAME Idempotency-Key', async () => {
    h = await createHarness();
    h.fake.startFailures.push(new KlingError('timeout', 'no answer in 30 s'));
    const job = await h.engine.queue(local);
    await h.engine.idle();
    expect((await onDisk(job.id)).state).toBe('needs-attention');
    // Without the user's confirmation that it may charge twice, nothing is sent.
    const refused = await h.engine.retry(job.id).catch((e) => e);
    expect(isKlingError(refused, 'needs-attention')).toBe(true);
    expect(refused.message).toMatch(/may charge twice/);
    expect(h.fake.calls.start).toHaveLength(1);
    expect((await onDisk(job.id)).state).toBe('needs-attention');
    await h.engine.retry(job.id, { confirmChargeTwice: true });
    await h.engine.idle();
    expect((await onDisk(job.id)).state).toBe('done');
    expect(h.fake.calls.start.map((c) => c.idempotencyKey)).toEqual([
      job.idempotencyKey,
      job.idempotencyKey,
    ]);
  });

  it('refuses to retry a job that has not ended', async () => {
    h = await createHarness();
    const job = await h.engine.queue(local);
    await h.engine.idle();
    const error = await h.engine.retry(job.id).catch((e) => e);
    expect(isKlingError(error, 'invalid-input')).toBe(true);
    expect(
      isKlingError(await h.engine.retry('zzzzzzzz-nothere').catch((e) => e), 'not-found'),
    ).toBe(true);
  });

  it('reruns a render as a new job with the same request', async () => {
    h = await createHarness();
    const job = await h.engine.queue({ ...local, batchCount: 1, duration: '10s' });
    await h.engine.idle();
    const again = await h.engine.rerun(job.id);
    expect(again.id).not.toBe(job.id);
    expect(again.request).toEqual(job.request);
    expect(again.idempotencyKey).not.toBe(job.idempotencyKey);
    await h.engine.idle();
    expect((await onDisk(again.id)).state).toBe('done');
    expect(h.fake.calls.upload).toHaveLength(1);
    expect(h.fake.calls.start).toHaveLength(2);
  });
});

describe('engine: concurrency', () => {
  it('never runs more jobs at once than the limit, and follows setConcurrency', async () => {
    h = await createHarness({ concurrency: 2 });
    let release = () => {};
    h.fake.startGate = new Promise((resolve) => {
      release = resolve;
    });
    const active = new Set<string>();
    let maxActive = 0;
    h.engine.on('job:update', (m) => {
      if (['uploading', 'starting', 'running', 'downloading'].includes(m.state)) active.add(m.id);
      else active.delete(m.id);
      maxActive = Math.max(maxActive, active.size);
    });
    for (let i = 0; i < 5; i++) await h.engine.queue({ ...local, prompt: `job ${i}` });
    await waitFor(() => h.fake.inFlightStarts === 2, 'two starts');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.fake.inFlightStarts).toBe(2);
    h.engine.setConcurrency(3);
    await waitFor(() => h.fake.inFlightStarts === 3, 'a third start after raising the limit');
    release();
    await h.engine.idle();
    expect(h.fake.maxInFlightStarts).toBe(3);
    expect(maxActive).toBe(3);
    const { items } = await h.library.list({ state: 'done' });
    expect(items).toHaveLength(5);
  });
});
