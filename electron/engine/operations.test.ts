/**
 * Retry and "Render the missing N" on a library several processes share: a retry changes
 * render.json only while it holds the render's claim, and a partial render's missing videos
 * are rendered (and paid for) once, however often and from wherever they are asked for.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isKlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { createHarness, type Harness, videoBytesFor, waitFor } from './testing/harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const local = { image: '/pictures/cat.png', prompt: 'the cat slowly turns its head' };
const onDisk = async (id: string): Promise<RenderManifest> => {
  const m = await h.library.read(id);
  if (!m) throw new Error(`no manifest for ${id}`);
  return m;
};

/** A batch of 2 WeShop delivered 1 of: partial, its one video on disk. */
async function partialRender(): Promise<RenderManifest> {
  const url = h.cdn.add('/part/0.mp4', videoBytesFor('part', 0));
  h.fake.scripts.push({
    states: ['Running', 'Failed'],
    videos: [{ index: 0, url }],
    message: 'content policy',
  });
  const job = await h.engine.queue({ ...local, batchCount: 2 });
  await h.engine.idle();
  const partial = await onDisk(job.id);
  expect(partial.state).toBe('partial');
  return partial;
}

/** Starts sent for the missing video (batchCount 1) so far. */
const missingStarts = () => h.fake.calls.start.filter((s) => s.request.batchCount === 1);

describe('retry holds the claim before it touches render.json', () => {
  it('refuses while another live process holds the claim, and leaves the manifest as it was', async () => {
    h = await createHarness();
    const job = await h.engine.queue(local);
    await h.engine.idle();
    await h.library.update(job.id, (m) => {
      m.state = 'failed';
      m.error = { kind: 'network', message: 'The upload failed: connection reset' };
      delete m.executionId;
      delete m.startSentAt;
      m.videos = [];
    });
    const before = await onDisk(job.id);
    // Another process is about to drive it (its own retry, say): it holds the claim.
    const other = await h.restart();
    expect(await other.library.claim(job.id)).toEqual({ ok: true });

    const refused = await h.engine.retry(job.id).catch((e: unknown) => e);
    expect(isKlingError(refused, 'invalid-input')).toBe(true);
    expect((refused as Error).message).toMatch(
      /being driven by another Kling Studio process \(.+\); retry it there/,
    );
    expect(await onDisk(job.id)).toEqual(before);
    expect(h.fake.calls.start).toHaveLength(1);

    // Once the other process lets go, the retry goes ahead here.
    await other.library.release(job.id);
    const retried = await h.engine.retry(job.id);
    expect(retried.state).toBe('queued');
    await h.engine.idle();
    expect((await onDisk(job.id)).state).toBe('done');
    expect(h.fake.calls.start).toHaveLength(2);
  });

  it('lets the claim go when the retry is refused under it, so another process can retry', async () => {
    h = await createHarness();
    h.fake.scripts.push({ states: ['Failed'], message: 'generation failed' });
    const job = await h.engine.queue(local);
    await h.engine.idle();
    expect((await onDisk(job.id)).state).toBe('failed');
    // The render changes between the first look and the claimed update (an older version,
    // say, left a start of unknown outcome): refused there, and the claim is not kept.
    const { read } = h.library;
    let reads = 0;
    h.library.read = async (id) => {
      const m = await read(id);
      if (m && id === job.id && reads++ === 0) return { ...m, startSentAt: undefined };
      return m;
    };
    await h.library.update(job.id, (m) => {
      m.startSentAt = new Date().toISOString();
      delete m.executionId;
    });
    const refused = await h.engine.retry(job.id).catch((e: unknown) => e);
    expect(isKlingError(refused, 'needs-attention')).toBe(true);
    const other = await h.restart();
    expect(await other.library.driver(job.id)).toBeNull();
  });
});

describe('render the missing videos once per partial render', () => {
  it('asked twice in a row: the second ask gets the same render, one start', async () => {
    h = await createHarness();
    const partial = await partialRender();
    const first = await h.engine.renderMissing(partial.id);
    const second = await h.engine.renderMissing(partial.id);
    expect(second.id).toBe(first.id);
    expect((await onDisk(partial.id)).missingRenderedBy).toBe(first.id);
    await h.engine.idle();
    expect((await onDisk(first.id)).state).toBe('done');
    // Done: asking again still answers with that render, and starts nothing.
    const third = await h.engine.renderMissing(partial.id);
    expect(third).toMatchObject({ id: first.id, state: 'done' });
    await h.engine.idle();
    expect(missingStarts()).toHaveLength(1);
  });

  it('asked twice at once (a double click): one new render, one start', async () => {
    h = await createHarness();
    const partial = await partialRender();
    const [a, b] = await Promise.all([
      h.engine.renderMissing(partial.id),
      h.engine.renderMissing(partial.id),
    ]);
    expect(b.id).toBe(a.id);
    await h.engine.idle();
    const renders = (await h.library.list()).items;
    expect(renders.filter((m) => m.id !== partial.id)).toHaveLength(1);
    expect(missingStarts()).toHaveLength(1);
  });

  it('asked at once by two processes on one home: one new render, one start', async () => {
    h = await createHarness();
    const partial = await partialRender();
    const other = await h.restart();
    const [a, b] = await Promise.all([
      h.engine.renderMissing(partial.id),
      other.engine.renderMissing(partial.id),
    ]);
    expect(b.id).toBe(a.id);
    await Promise.all([h.engine.idle(), other.engine.idle()]);
    await waitFor(async () => (await onDisk(a.id)).state === 'done', 'the missing video');
    const renders = (await h.library.list()).items;
    expect(renders.filter((m) => m.id !== partial.id).map((m) => m.id)).toEqual([a.id]);
    expect(missingStarts()).toHaveLength(1);
  });

  it('a render of the missing videos that failed without a run lets a new ask start another', async () => {
    h = await createHarness();
    const partial = await partialRender();
    h.fake.scripts.push({ states: ['Failed'], message: 'generation failed' });
    const first = await h.engine.renderMissing(partial.id);
    await h.engine.idle();
    expect(await onDisk(first.id)).toMatchObject({ state: 'failed', remoteState: 'Failed' });
    const second = await h.engine.renderMissing(partial.id);
    expect(second.id).not.toBe(first.id);
    expect((await onDisk(partial.id)).missingRenderedBy).toBe(second.id);
    await h.engine.idle();
    expect((await onDisk(second.id)).state).toBe('done');
    expect(missingStarts()).toHaveLength(2);
  });

  it('a crash before the partial render recorded it: resume never starts that render, a new ask renders once', async () => {
    h = await createHarness();
    const partial = await partialRender();
    // What a process leaves when it dies between creating the render of the missing video
    // and saving missingRenderedBy on the partial render.
    const orphan = await h.library.create(
      { ...partial.request, batchCount: 1 },
      { missingOf: partial.id },
    );
    await h.library.release(orphan.id);
    const other = await h.restart();
    const summary = await other.engine.resume();
    await other.engine.idle();
    expect(summary.resumed).not.toContain(orphan.id);
    expect(await onDisk(orphan.id)).toMatchObject({ state: 'canceled' });
    expect((await onDisk(orphan.id)).error?.message).toMatch(/no credits were used/);
    expect(missingStarts()).toHaveLength(0);

    const asked = await other.engine.renderMissing(partial.id);
    expect(asked.id).not.toBe(orphan.id);
    expect(asked.missingOf).toBe(partial.id);
    await other.engine.idle();
    expect((await onDisk(asked.id)).state).toBe('done');
    expect(missingStarts()).toHaveLength(1);
  });

  it('a render of the missing videos its partial render recorded is resumed as usual', async () => {
    h = await createHarness();
    const partial = await partialRender();
    const made = await h.library.create(
      { ...partial.request, batchCount: 1 },
      { missingOf: partial.id },
    );
    await h.library.update(partial.id, (m) => {
      m.missingRenderedBy = made.id;
    });
    await h.library.release(made.id);
    const other = await h.restart();
    expect((await other.engine.resume()).resumed).toContain(made.id);
    await other.engine.idle();
    expect((await onDisk(made.id)).state).toBe('done');
    expect(missingStarts()).toHaveLength(1);
  });

  it('one whose run may be paid for is settled there first: refused, naming it', async () => {
    h = await createHarness();
    const partial = await partialRender();
    const first = await h.engine.renderMissing(partial.id);
    await h.engine.idle();
    // Stopped waiting on a run WeShop has: its videos are paid for and "Check again" gets them.
    await h.library.update(first.id, (m) => {
      m.state = 'canceled';
      m.videos = [];
      m.error = { kind: 'canceled', message: 'Stopped waiting' };
    });
    const refused = await h.engine.renderMissing(partial.id).catch((e: unknown) => e);
    expect(isKlingError(refused, 'invalid-input')).toBe(true);
    expect((refused as Error).message).toContain(`were started as render ${first.id}`);
    expect(missingStarts()).toHaveLength(1);
  });
});
