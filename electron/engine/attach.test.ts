import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isKlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import type { RenderRequestInput } from '../../shared/render-request';
import { manifestPath } from '../library/layout';
import type { ManifestMutation } from '../library/library';
import { createHarness, type Harness, videoBytesFor } from './testing/harness';

/*
 * "I found the run": a render whose start may have reached WeShop without its run id gets the
 * run the user found in WeShop's history, and is collected with no new start (engine.attach).
 */

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const local = { image: '/pictures/cat.png', prompt: 'the cat slowly turns its head' };
const at = '2025-03-01T09:59:00.000Z';
const onDisk = async (id: string) =>
  JSON.parse(await readFile(manifestPath(h.home, id), 'utf8')) as RenderManifest;

/** A render on disk the way it is left when the start's answer never came back. */
async function leftBehind(
  request: RenderRequestInput = local,
  mutate: ManifestMutation = (m) => {
    Object.assign(m, {
      state: 'needs-attention',
      startSentAt: at,
      uploadedImageUrl: 'https://u/1.png',
      error: { kind: 'needs-attention', message: 'The start request may have reached WeShop' },
    });
  },
): Promise<RenderManifest> {
  const created = await h.library.create(request);
  const manifest = await h.library.update(created.id, mutate);
  await h.library.flush();
  return manifest;
}

/** The refusal attach throws (the test fails if it resolves). */
async function refusal(id: string, runId: string): Promise<Error> {
  const error = await h.engine.attach(id, runId).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('attach was expected to refuse');
  return error;
}

const kling = (modelName: string, batchCount: number) => ({
  agentName: 'kling',
  modelName,
  batchCount,
});

describe('engine.attach: a run the user found', () => {
  it('a matching run is saved, polled and downloaded: done, videos on disk, no start sent', async () => {
    h = await createHarness();
    h.fake.addRun('found-run-1', { states: ['Success'], reported: kling('Kling_3_0', 2) }, 2);
    const job = await leftBehind({ ...local, batchCount: 2 });

    const attached = await h.engine.attach(job.id, '  found-run-1 ');
    expect(attached).toMatchObject({ state: 'running', executionId: 'found-run-1' });
    expect(attached.error).toBeUndefined();
    expect(attached.history.at(-1)?.message).toBe('Attached run found-run-1 found by the user');
    await h.engine.idle();

    const final = await onDisk(job.id);
    expect(final).toMatchObject({ state: 'done', executionId: 'found-run-1' });
    const folder = h.library.folderOf(job.id);
    for (const index of [0, 1]) {
      const bytes = await readFile(join(folder, `video-${index + 1}.mp4`));
      expect(bytes.equals(videoBytesFor('found-run-1', index))).toBe(true);
    }
    expect(h.fake.calls.start).toEqual([]);
    expect(h.fake.calls.upload).toEqual([]);
    expect(h.statesOf(job.id)).toEqual(['running', 'downloading', 'done']);
  });

  it('an older version\'s "failed" with an unknown start takes a run too', async () => {
    h = await createHarness();
    h.fake.addRun('found-run-2', { states: ['Running', 'Success'] }); // reports nothing: not held against it
    const job = await leftBehind(local, (m) => {
      Object.assign(m, {
        state: 'failed',
        startSentAt: at,
        error: { kind: 'internal', message: 'EPERM' },
      });
    });
    await h.engine.attach(job.id, 'found-run-2');
    await h.engine.idle();
    expect(await onDisk(job.id)).toMatchObject({ state: 'done', executionId: 'found-run-2' });
    expect(h.fake.calls.start).toEqual([]);
  });

  it.each([
    ['model', kling('Kling_2_6', 1), /its model is Kling_2_6, this render's is Kling_3_0/],
    ['batch', kling('Kling_3_0', 4), /it makes 4 videos, this render asked for 1 video/],
    ['agent', { agentName: 'kling-O1' }, /it is a kling-O1 run, not a kling one/],
  ])(
    'a run with another %s is refused with what differs, the render untouched',
    async (_what, reported, said) => {
      h = await createHarness();
      h.fake.addRun('other-run', { states: ['Success'], reported });
      const job = await leftBehind();
      const before = await onDisk(job.id);
      const error = await refusal(job.id, 'other-run');
      expect(isKlingError(error, 'invalid-input')).toBe(true);
      expect(error.message).toMatch(/^Run other-run does not match render /);
      expect(error.message).toMatch(said);
      expect(await onDisk(job.id)).toEqual(before);
      expect(h.fake.calls.getRun).toEqual(['other-run']); // polled once, nothing collected
      expect(h.fake.calls.start).toEqual([]);
      // Refused, the render is free for any process again.
      expect(await h.library.driver(job.id)).toBeNull();
    },
  );

  it('a run WeShop does not know is refused with that, the render untouched', async () => {
    h = await createHarness();
    const job = await leftBehind();
    const before = await onDisk(job.id);
    const error = await refusal(job.id, 'no-such-run');
    expect(isKlingError(error, 'invalid-input')).toBe(true);
    expect(error.message).toMatch(/WeShop has no run no-such-run \(it answered "not found"\)/);
    expect(await onDisk(job.id)).toEqual(before);
    expect(h.fake.calls.start).toEqual([]);
  });

  it('a run another render already holds is refused, naming that render, before any request', async () => {
    h = await createHarness();
    h.fake.addRun('shared-run', { states: ['Success'] });
    const owner = await leftBehind(local, (m) => {
      Object.assign(m, { state: 'done', startSentAt: at, executionId: 'shared-run' });
    });
    const job = await leftBehind();
    const error = await refusal(job.id, 'shared-run');
    expect(isKlingError(error, 'invalid-input')).toBe(true);
    expect(error.message).toContain(`Run shared-run already belongs to render ${owner.id}`);
    expect((await onDisk(job.id)).state).toBe('needs-attention');
    expect(h.fake.calls.getRun).toEqual([]);
  });

  it('a render another live process drives is refused, and left to it', async () => {
    h = await createHarness();
    h.fake.addRun('found-run-3', { states: ['Success'] });
    const job = await leftBehind(); // h.library (one process) holds its claim
    const other = await h.restart(); // another live process on the same library
    const error = await other.engine.attach(job.id, 'found-run-3').catch((e: unknown) => e);
    expect(isKlingError(error, 'invalid-input')).toBe(true);
    expect((error as Error).message).toMatch(/driven by another Kling Studio process/);
    expect((await onDisk(job.id)).state).toBe('needs-attention');
    expect(h.fake.calls.getRun).toEqual([]);
  });

  it('refuses renders that are not waiting for a run, and malformed ids, before any request', async () => {
    h = await createHarness();
    const done = await leftBehind(local, (m) => {
      Object.assign(m, { state: 'done', startSentAt: at, executionId: 'exec-done' });
    });
    const failedBeforeStart = await leftBehind(local, (m) => {
      Object.assign(m, { state: 'failed', error: { kind: 'network', message: 'offline' } });
    });
    const job = await leftBehind();

    expect((await refusal(done.id, 'found-run')).message).toBe(
      `Render ${done.id} already has its run (exec-done); nothing to attach`,
    );
    expect((await refusal(failedBeforeStart.id, 'found-run')).message).toBe(
      `Render ${failedBeforeStart.id} never sent its start to WeShop, so there is no run to attach (it is failed)`,
    );
    expect((await refusal(job.id, '   ')).message).toBe(
      'Paste the run id you found in your WeShop history',
    );
    expect((await refusal(job.id, 'run/../../keys')).message).toMatch(/only letters, digits/);
    expect((await refusal(job.id, 'x'.repeat(129))).message).toMatch(/at most 128 characters/);
    expect(isKlingError(await refusal('nosuchrender', 'found-run'), 'not-found')).toBe(true);
    expect(h.fake.calls).toEqual({ upload: [], start: [], getRun: [] });
    expect((await onDisk(job.id)).state).toBe('needs-attention');
  });
});
