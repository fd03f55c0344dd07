import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import { manifestPath } from '../library/layout';
import type { ManifestMutation } from '../library/library';
import { createHarness, type Harness, videoBytesFor, waitFor } from './testing/harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const local = { image: '/pictures/cat.png', prompt: 'resume me' };
const onDisk = async (id: string) =>
  JSON.parse(await readFile(manifestPath(h.home, id), 'utf8')) as RenderManifest;

/** A render left on disk in some state by a previous session (no engine touched it). */
async function leftBehind(mutate: ManifestMutation): Promise<RenderManifest> {
  const created = await h.library.create(local);
  const manifest = await h.library.update(created.id, mutate);
  await h.library.flush();
  return manifest;
}

const at = '2025-03-01T09:59:00.000Z';

describe('engine.resume after a restart or crash', () => {
  it('resumes polling a run that has a run id, without starting again', async () => {
    h = await createHarness();
    h.fake.addRun('exec-old', { states: ['Running', 'Success'] });
    const job = await leftBehind((m) => {
      Object.assign(m, {
        state: 'running',
        startSentAt: at,
        executionId: 'exec-old',
        uploadedImageUrl: 'https://u/1.png',
      });
    });
    const summary = await h.engine.resume();
    expect(summary).toEqual({ resumed: [job.id], needsAttention: [] });
    await h.engine.idle();
    expect((await onDisk(job.id)).state).toBe('done');
    expect(h.fake.calls.start).toEqual([]);
    expect(h.fake.calls.upload).toEqual([]);
    expect(h.fake.calls.getRun).toEqual(['exec-old', 'exec-old']);
  });

  it('turns "start sent, no run id" into needs-attention and never sends a second start', async () => {
    h = await createHarness();
    const job = await leftBehind((m) => {
      Object.assign(m, { state: 'starting', startSentAt: at, uploadedImageUrl: 'https://u/1.png' });
    });
    expect(await h.engine.resume()).toEqual({ resumed: [], needsAttention: [job.id] });
    await h.engine.idle();
    const m = await onDisk(job.id);
    expect(m.state).toBe('needs-attention');
    expect(m.error?.message).toMatch(/charge twice/);
    expect(h.fake.calls.start).toEqual([]);
  });

  it('re-enqueues queued and uploading jobs (nothing was started yet)', async () => {
    h = await createHarness();
    const queued = await leftBehind(() => undefined);
    const uploading = await leftBehind((m) => {
      m.state = 'uploading';
    });
    const summary = await h.engine.resume();
    expect(summary.resumed.sort()).toEqual([queued.id, uploading.id].sort());
    await h.engine.idle();
    expect((await onDisk(queued.id)).state).toBe('done');
    expect((await onDisk(uploading.id)).state).toBe('done');
    expect(h.fake.calls.start).toHaveLength(2);
  });

  it('finishes an interrupted download with a Range request, without polling again', async () => {
    h = await createHarness();
    const bytes = videoBytesFor('exec-dl', 0);
    const url = h.cdn.add('/exec-dl/0.mp4', bytes);
    const job = await leftBehind((m) => {
      Object.assign(m, {
        state: 'downloading',
        startSentAt: at,
        executionId: 'exec-dl',
        remoteState: 'Success',
        videos: [{ index: 0, url }],
      });
    });
    await writeFile(
      join(h.library.folderOf(job.id), 'video-1.mp4.part'),
      bytes.subarray(0, 12_345),
    );
    await h.engine.resume();
    await h.engine.idle();
    expect(h.cdn.requests.map((r) => r.headers.range)).toEqual(['bytes=12345-']);
    expect(h.fake.calls.getRun).toEqual([]);
    const m = await onDisk(job.id);
    expect(m).toMatchObject({
      state: 'done',
      videos: [{ index: 0, file: 'video-1.mp4', bytes: bytes.length }],
    });
    expect((await readFile(join(h.library.folderOf(job.id), 'video-1.mp4'))).equals(bytes)).toBe(
      true,
    );
  });

  it('re-downloads a done render whose video file disappeared', async () => {
    h = await createHarness();
    const job = await h.engine.queue(local);
    await h.engine.idle();
    await unlink(join(h.library.folderOf(job.id), 'video-1.mp4'));
    await h.engine.close();

    const second = await h.restart();
    expect((await second.engine.resume()).resumed).toEqual([job.id]);
    await second.engine.idle();
    expect((await onDisk(job.id)).state).toBe('done');
    expect(
      (await readFile(join(h.library.folderOf(job.id), 'video-1.mp4'))).equals(
        videoBytesFor('exec-1', 0),
      ),
    ).toBe(true);
    expect(h.fake.calls.start).toHaveLength(1);
    expect(second.library.problems().some((p) => p.includes(job.id))).toBe(true);
  });

  it('leaves jobs resumable when the engine closes mid-run, and a new engine finishes them', async () => {
    h = await createHarness();
    h.fake.scripts.push({ states: ['Running'] });
    const job = await h.engine.queue(local);
    await waitFor(() => h.fake.calls.getRun.length >= 2, 'polling');
    await h.engine.close();
    const paused = await onDisk(job.id);
    expect(paused).toMatchObject({ state: 'running', executionId: 'exec-1' });

    h.fake.addRun('exec-1', { states: ['Success'] }); // it finished while the app was closed
    const second = await h.restart();
    await second.engine.resume();
    await second.engine.idle();
    expect((await onDisk(job.id)).state).toBe('done');
    expect(h.fake.calls.start).toHaveLength(1);
  });

  it('does not resume finished jobs', async () => {
    h = await createHarness();
    const job = await h.engine.queue(local);
    await h.engine.idle();
    const before = h.fake.calls.getRun.length;
    expect(await h.engine.resume()).toEqual({ resumed: [], needsAttention: [] });
    await h.engine.idle();
    expect(h.fake.calls.getRun.length).toBe(before);
    expect((await onDisk(job.id)).state).toBe('done');
  });
});
