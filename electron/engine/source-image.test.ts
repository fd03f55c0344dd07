import { access, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import { manifestPath } from '../library/layout';
import { createHarness, type Harness, waitFor } from './testing/harness';

/*
 * The source image's copy into the render folder is made after the start request has left,
 * not before: Queue → start waits for no 5 MB copy. What a job owes is on disk
 * (sourceImageCopy 'pending'), so a process stopped in between is repaired by resume.
 */

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const onDisk = async (id: string) =>
  JSON.parse(await readFile(manifestPath(h.home, id), 'utf8')) as RenderManifest;
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function picture(name: string, bytes: string): Promise<string> {
  const folder = join(h.home, 'pictures');
  await mkdir(folder, { recursive: true });
  const path = join(folder, name);
  await writeFile(path, bytes);
  return path;
}

describe('engine: the source image copy follows the start', () => {
  it('sends the start before copying, then keeps the copy beside the videos', async () => {
    h = await createHarness();
    const image = await picture('cat.png', 'png bytes');
    const atStart: Array<{ manifest: RenderManifest; files: string[] }> = [];
    const { startRun } = h.fake.api;
    h.fake.api.startRun = async (...args) => {
      const id = h.updates[0]?.id as string;
      atStart.push({ manifest: await onDisk(id), files: await readdir(h.library.folderOf(id)) });
      return startRun(...args);
    };
    const queued = await h.engine.queue({ image, prompt: 'the cat turns its head' });
    expect(queued.sourceImageCopy).toBe('pending');
    await h.engine.idle();

    // When the start left: startSentAt on disk, the copy still owed and not in the folder.
    expect(atStart).toHaveLength(1);
    expect(atStart[0]?.manifest).toMatchObject({ state: 'starting', sourceImageCopy: 'pending' });
    expect(atStart[0]?.manifest.startSentAt).toEqual(expect.any(String));
    expect(atStart[0]?.files).toEqual(['render.json']);
    // Then made, and announced (the Queue shows it from that job:update on).
    const final = await onDisk(queued.id);
    expect(final).toMatchObject({ state: 'done', sourceImageFile: 'source.png' });
    expect(final.sourceImageCopy).toBeUndefined();
    expect(await readFile(join(h.library.folderOf(queued.id), 'source.png'), 'utf8')).toBe(
      'png bytes',
    );
    const announced = h.updates.findIndex((m) => m.sourceImageFile === 'source.png');
    const running = h.updates.findIndex((m) => m.state === 'running');
    expect(running).toBeGreaterThan(-1);
    expect(announced).toBeGreaterThan(running);
  });

  it('keeps the copy of a job canceled while it waited in the queue (it never ran)', async () => {
    h = await createHarness({ concurrency: 1 });
    h.fake.scripts.push({ states: ['Running'] }); // the first job holds the only slot
    const first = await h.engine.queue({ image: '/pictures/first.png', prompt: 'first' });
    await waitFor(() => h.fake.calls.getRun.length >= 1, 'the first job polling');
    const image = await picture('waiting.webp', 'webp bytes');
    const waiting = await h.engine.queue({ image, prompt: 'waits, then is canceled' });
    const canceled = await h.engine.cancel(waiting.id);
    expect(canceled.state).toBe('canceled');
    expect(await onDisk(waiting.id)).toMatchObject({
      state: 'canceled',
      sourceImageFile: 'source.webp',
    });
    expect(await readFile(join(h.library.folderOf(waiting.id), 'source.webp'), 'utf8')).toBe(
      'webp bytes',
    );
    expect(h.fake.calls.start).toHaveLength(1);
    await h.engine.cancel(first.id);
  });

  it('a waiting job being canceled as a slot frees is never picked up, and keeps its copy', async () => {
    h = await createHarness({ concurrency: 1 });
    h.fake.scripts.push({ states: ['Running'] }); // the first job holds the only slot
    const first = await h.engine.queue({ image: '/pictures/first.png', prompt: 'first' });
    await waitFor(() => h.fake.calls.getRun.length >= 1, 'the first job polling');
    const image = await picture('late.webp', 'webp bytes');
    const waiting = await h.engine.queue({ image, prompt: 'canceled as a slot frees' });
    // A slot frees as the cancel is written (here a second one opens; a job ending does the
    // same). Before, the pump took the job then: its runner found it canceled and ended it
    // without the copy, unscheduled, so the cancel did not make the copy either. Given that
    // runner time to end (its claim let go), or a moment when none may take the job.
    const { update } = h.library;
    h.library.update = async (id, mutate) => {
      const saved = await update(id, mutate);
      if (id !== waiting.id) return saved;
      h.engine.setConcurrency(2);
      const until = Date.now() + 300;
      await waitFor(
        async () => Date.now() > until || (await h.library.driver(id)) !== 'this',
        'the runner, if one took the job, to end',
      );
      return saved;
    };
    await h.engine.cancel(waiting.id);
    h.library.update = update;
    await h.engine.cancel(first.id);
    await h.engine.idle();
    expect(await onDisk(waiting.id)).toMatchObject({
      state: 'canceled',
      sourceImageFile: 'source.webp',
    });
    expect(h.fake.calls.upload).toHaveLength(1); // the first job's only
    expect(h.fake.calls.start).toHaveLength(1);
  });

  it('a job stopped between the start and the copy: resume makes the copy, and says so when the original is gone', async () => {
    h = await createHarness();
    const kept = await picture('kept.jpg', 'jpeg bytes');
    const gone = await picture('gone.png', 'png bytes');
    // What a process killed after sending the start (before its answer and the copy) leaves.
    const leftBehind = async (image: string) => {
      const created = await h.library.create({ image, prompt: 'stopped mid-start' });
      await h.library.update(created.id, (m) => {
        Object.assign(m, {
          state: 'starting',
          startSentAt: '2025-03-01T09:59:00.000Z',
          uploadedImageUrl: 'https://u/1.png',
        });
      });
      return created.id;
    };
    const keptId = await leftBehind(kept);
    const goneId = await leftBehind(gone);
    await h.library.flush();
    await h.engine.close();
    await h.library.close(); // the claims go with the "dead" process
    await rm(gone);

    const second = await h.restart();
    const summary = await second.engine.resume();
    expect(summary.needsAttention.sort()).toEqual([keptId, goneId].sort());
    const keptOnDisk = await onDisk(keptId);
    expect(keptOnDisk).toMatchObject({ state: 'needs-attention', sourceImageFile: 'source.jpg' });
    expect(keptOnDisk.sourceImageCopy).toBeUndefined();
    expect(await readFile(join(h.library.folderOf(keptId), 'source.jpg'), 'utf8')).toBe(
      'jpeg bytes',
    );
    // The original was gone: the render is kept, and its manifest says the copy is missing.
    const goneOnDisk = await onDisk(goneId);
    expect(goneOnDisk).toMatchObject({ state: 'needs-attention', sourceImageCopy: 'missing' });
    expect(goneOnDisk.sourceImageFile).toBeUndefined();
    expect(await exists(join(h.library.folderOf(goneId), 'source.png'))).toBe(false);
    expect(h.fake.calls.start).toEqual([]); // never sent again
  });
});
