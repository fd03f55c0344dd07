import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import { diskError } from '../library/disk-errors';
import { manifestPath, renderDir } from '../library/layout';
import type { Library } from '../library/library';
import { createHarness, type Harness } from './testing/harness';
import type { StoppedJob } from './types';

/*
 * Disk problems under the engine. A job stopped by a disk error that its render.json cannot take either (the disk that filled
 * during the download holds render.json too): on disk the render still looks unfinished, so
 * the engine must say which render stopped and what to do (event + stoppedUnrecorded()). And
 * an action the user asked for that cannot write says to do that action again, not resume.
 */

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const local = { image: '/pictures/cat.png', prompt: 'the cat slowly turns its head' };
const onDisk = async (id: string) =>
  JSON.parse(await readFile(manifestPath(h.home, id), 'utf8')) as RenderManifest;

const enospc = (path: string) =>
  diskError(
    Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
    path,
  );

/**
 * A library whose render.json writes fail with ENOSPC once a render is downloading, `times`
 * times (Infinity: until `disk.freed()`).
 */
function fillsWhileDownloading(library: Library, times: number) {
  const disk = { failures: 0, freed: false };
  const wrapped: Library = {
    ...library,
    async update(id, mutate) {
      const current = await library.read(id);
      if (!disk.freed && current?.state === 'downloading' && disk.failures < times) {
        disk.failures++;
        throw enospc(manifestPath(library.home, id));
      }
      return library.update(id, mutate);
    },
  };
  return { library: wrapped, disk };
}

describe('a job stopped by an error its render.json cannot record', () => {
  it('is told as job:stopped with the render, the place, the cause and resume; a later save clears it', async () => {
    h = await createHarness();
    const full = fillsWhileDownloading(h.library, Infinity);
    const { engine } = await h.restart({ library: full.library });
    const stops: StoppedJob[] = [];
    engine.on('job:stopped', (stop) => stops.push(stop));

    const queued = await engine.queue({ ...local, batchCount: 1 });
    await engine.idle();

    const folder = renderDir(h.home, queued.id);
    const stopped: StoppedJob = {
      id: queued.id,
      error: {
        kind: 'internal',
        message: `The disk holding ${folder} is full: free space there, then run \`kling-studio resume\`.`,
      },
    };
    expect(stops).toEqual([stopped]);
    expect(engine.stoppedUnrecorded()).toEqual([stopped]);
    // Nothing could be written: on disk it is still downloading, which resume picks up.
    expect((await onDisk(queued.id)).state).toBe('downloading');

    full.disk.freed = true; // the user frees space and resumes (here, in the same process)
    await engine.resume();
    await engine.idle();
    expect((await onDisk(queued.id)).state).toBe('done');
    expect(engine.stoppedUnrecorded()).toEqual([]);
    expect(h.fake.calls.start).toHaveLength(1);
  });

  it('names the next step the program gives (the app: restart it)', async () => {
    h = await createHarness();
    const full = fillsWhileDownloading(h.library, Infinity);
    const { engine } = await h.restart({
      library: full.library,
      resumeStep: 'then restart Kling Studio',
    });
    const queued = await engine.queue({ ...local, batchCount: 1 });
    await engine.idle();
    expect(engine.stoppedUnrecorded().map((stop) => stop.error.message)).toEqual([
      `The disk holding ${renderDir(h.home, queued.id)} is full: free space there, then restart Kling Studio.`,
    ]);
  });

  it('a disk error the job could record after all ends in render.json as before, with no event', async () => {
    h = await createHarness();
    // The video's save and the job's own failure fail; recording the crash works again.
    const full = fillsWhileDownloading(h.library, 2);
    const { engine } = await h.restart({ library: full.library });
    const stops: StoppedJob[] = [];
    engine.on('job:stopped', (stop) => stops.push(stop));

    const queued = await engine.queue({ ...local, batchCount: 1 });
    await engine.idle();

    expect(full.disk.failures).toBe(2);
    const m = await onDisk(queued.id);
    expect(m.state).toBe('failed');
    expect(m.error).toEqual({
      kind: 'internal',
      // Resume does not pick a failed render up: the way on is Retry (no new charge for its run).
      message: `The disk holding ${renderDir(h.home, queued.id)} is full: free space there, then retry the render (a run WeShop already started is collected, not paid for again).`,
    });
    expect(stops).toEqual([]);
    expect(engine.stoppedUnrecorded()).toEqual([]);
  });
});

describe('an action that cannot write names itself as the next step', () => {
  it('retry: "then retry it again" (resume would not pick a failed render up)', async () => {
    h = await createHarness();
    const made = await h.library.create(local);
    await h.library.update(made.id, (d) => {
      d.state = 'failed';
      d.error = { kind: 'network', message: 'offline' };
    });
    await h.library.release(made.id);
    // Where the claims folder should be, a file: the retry must claim the render first.
    await rm(join(h.home, 'claims'), { recursive: true, force: true });
    await writeFile(join(h.home, 'claims'), 'in the way');

    await expect(h.engine.retry(made.id)).rejects.toThrow(
      `${join(h.home, 'claims')} is a file where Kling Studio needs a folder (to write ${join(h.home, 'claims', made.id)}): move that file out of the way, then retry it again.`,
    );
    expect(h.fake.calls.start).toEqual([]);
  });
});
