/**
 * Upload once: the engine sends a local picture to WeShop once per content, whatever runs it
 * again (retry, re-run, render-missing, a second render, another process on the library),
 * until the cached URL is older than the freshness window.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import { UPLOAD_FRESH_FOR_MS } from '../library/upload-cache';
import { createHarness, type Harness, videoBytesFor, waitFor } from './testing/harness';

const local = { image: '/pictures/cat.png', prompt: 'the cat slowly turns its head' };

let h: Harness;
afterEach(async () => {
  await h?.close();
});
const onDisk = async (id: string) => {
  const m = await h.library.read(id);
  if (!m) throw new Error(`no manifest for ${id}`);
  return m;
};

/** Queues `local` (the test made its first try fail), then Retry, then Re-run, each to the end. */
async function failRetryRerun() {
  const job = await h.engine.queue(local);
  await h.engine.idle();
  expect((await onDisk(job.id)).state).toBe('failed');
  await h.engine.retry(job.id);
  await h.engine.idle();
  const again = await h.engine.rerun(job.id);
  await h.engine.idle();
  return { job, again };
}

describe('engine: upload once', () => {
  it('a second render of the same picture does not upload it again', async () => {
    h = await createHarness();
    const first = await h.engine.queue(local);
    await h.engine.idle();
    const second = await h.engine.queue({ ...local, prompt: 'a slow zoom out' });
    await h.engine.idle();
    expect(h.fake.calls.upload).toEqual([local.image]);
    const [a, b] = [await onDisk(first.id), await onDisk(second.id)];
    expect(b.state).toBe('done');
    expect(b.uploadedImageUrl).toBe(a.uploadedImageUrl);
    expect(h.fake.calls.start.map((s) => s.imageUrl)).toEqual([
      a.uploadedImageUrl,
      a.uploadedImageUrl,
    ]);
  });

  it('a render of a picture already on WeShop goes straight to its start (no uploading step)', async () => {
    h = await createHarness();
    const first = await h.engine.queue(local);
    await h.engine.idle();
    const second = await h.engine.queue(local);
    await h.engine.idle();
    expect(h.statesOf(first.id)).toContain('uploading');
    expect(h.statesOf(second.id)).not.toContain('uploading');
    expect((await onDisk(second.id)).uploadedImageUrl).toBe(
      (await onDisk(first.id)).uploadedImageUrl,
    );
  });

  it('two renders queued at once share one upload', async () => {
    h = await createHarness();
    await Promise.all([h.engine.queue(local), h.engine.queue(local), h.engine.queue(local)]);
    await h.engine.idle();
    expect(h.fake.calls.upload).toHaveLength(1);
    expect(h.fake.calls.start).toHaveLength(3);
  });

  it('retry after a refused start and re-run do not upload again', async () => {
    h = await createHarness();
    h.fake.startFailures.push(new KlingError('invalid-input', 'bad parameter', { status: 400 }));
    const { job, again } = await failRetryRerun();
    expect((await onDisk(job.id)).state).toBe('done');
    expect((await onDisk(again.id)).state).toBe('done');
    expect(h.fake.calls.upload).toHaveLength(1);
    expect(h.fake.calls.start).toHaveLength(3);
  });

  it('retry after a failed upload uploads (it never reached WeShop), then never again', async () => {
    h = await createHarness();
    h.fake.uploadFailures.push(new KlingError('invalid-input', 'not an image', { status: 400 }));
    await failRetryRerun();
    expect(h.fake.calls.upload).toHaveLength(2);
    expect(h.fake.calls.start).toHaveLength(2);
  });

  it('render-missing of a partial render does not upload again', async () => {
    h = await createHarness();
    const url = h.cdn.add('/short/0.mp4', videoBytesFor('short', 0));
    h.fake.scripts.push({ states: ['Success'], videos: [{ index: 0, url }] });
    const job = await h.engine.queue({ ...local, batchCount: 2 });
    await h.engine.idle();
    expect((await onDisk(job.id)).state).toBe('partial');
    const rest = await h.engine.renderMissing(job.id);
    await h.engine.idle();
    expect((await onDisk(rest.id)).state).toBe('done');
    expect(h.fake.calls.upload).toHaveLength(1);
  });

  it('another process on the same library finds the upload in the cache', async () => {
    h = await createHarness();
    await h.engine.queue(local);
    await h.engine.idle();
    const other = await h.restart();
    const job = await other.engine.queue(local);
    await other.engine.idle();
    expect((await other.library.read(job.id))?.state).toBe('done');
    expect(h.fake.calls.upload).toHaveLength(1);
  });

  it('uploads again once the cached URL is older than the freshness window', async () => {
    h = await createHarness();
    await h.engine.queue(local);
    await h.engine.idle();
    await h.clock.sleep(UPLOAD_FRESH_FOR_MS + 1); // virtual time: a day goes by
    await h.engine.queue(local);
    await h.engine.idle();
    expect(h.fake.calls.upload).toHaveLength(2);
  });

  it('a re-run or retry a day later uploads again instead of sending the old URL', async () => {
    h = await createHarness();
    h.fake.startFailures.push(new KlingError('invalid-input', 'bad parameter', { status: 400 }));
    const job = await h.engine.queue(local);
    await h.engine.idle();
    const first = await onDisk(job.id);
    expect(first.state).toBe('failed');
    await h.clock.sleep(UPLOAD_FRESH_FOR_MS + 1); // virtual time: a day goes by
    const again = await h.engine.rerun(job.id);
    await h.engine.idle();
    await h.engine.retry(job.id);
    await h.engine.idle();
    expect(h.fake.calls.upload).toHaveLength(2);
    const renewed = (await onDisk(again.id)).uploadedImageUrl;
    expect(renewed).not.toBe(first.uploadedImageUrl);
    // The retry finds the re-run's fresh upload by content: no third upload, no stale URL.
    expect(h.fake.calls.start.map((s) => s.imageUrl)).toEqual([
      first.uploadedImageUrl,
      renewed,
      renewed,
    ]);
    expect((await onDisk(job.id)).state).toBe('done');
  });

  it('cancel during the upload stops it (nobody else waits) and leaves nothing half-done', async () => {
    h = await createHarness();
    const { uploadImage } = h.fake.api;
    const signals: AbortSignal[] = [];
    let held = true;
    h.fake.api.uploadImage = async (path, options) => {
      if (options?.signal) signals.push(options.signal);
      while (held && !options?.signal?.aborted) await new Promise((r) => setTimeout(r, 2));
      options?.signal?.throwIfAborted();
      return uploadImage(path, options);
    };
    const job = await h.engine.queue(local);
    await waitFor(() => signals.length === 1, 'the upload to start');
    await h.engine.cancel(job.id);
    await h.engine.idle();
    expect(signals[0]?.aborted).toBe(true);
    expect((await onDisk(job.id)).state).toBe('canceled');
    expect((await onDisk(job.id)).uploadedImageUrl).toBeUndefined();
    // The next render of that picture uploads it (nothing was cached) and completes.
    held = false;
    const next = await h.engine.queue(local);
    await h.engine.idle();
    expect((await onDisk(next.id)).state).toBe('done');
    expect(h.fake.calls.upload).toHaveLength(1);
    expect(signals).toHaveLength(2);
  });
});
