import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import { manifestPath } from '../library/layout';
import { createHarness, type Harness } from './testing/harness';

/*
 * Every local input picture (end frame, reference images 2–4, not just picture 1) is copied
 * into the render folder once the start has left. A process stopped in between leaves the
 * copies owed in render.json; resume (and a resumed runner) makes them.
 */

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const onDisk = async (id: string) =>
  JSON.parse(await readFile(manifestPath(h.home, id), 'utf8')) as RenderManifest;

async function picture(name: string): Promise<string> {
  const path = join(h.home, name);
  await writeFile(path, `${name} bytes`);
  return path;
}

describe('engine: every input picture is kept, also after a crash', () => {
  it('resume makes the end frame and reference copies a process stopped before making', async () => {
    h = await createHarness();
    const last = await picture('last.png');
    const two = await picture('two.jpg');
    // Picture 1 is on the web: only the end frame / reference copies are owed.
    const framed = await h.library.create({
      image: 'https://example.com/first.png',
      endFrame: last,
      prompt: 'from first to last',
    });
    const refs = await h.library.create({
      agent: 'kling-v3-omni',
      image: 'https://example.com/one.png',
      moreImages: [two],
      prompt: 'image 1 holds image 2',
    });
    // What a process killed after sending the start (before its answer and the copies) leaves.
    for (const id of [framed.id, refs.id]) {
      await h.library.update(id, (m) => {
        Object.assign(m, { state: 'starting', startSentAt: '2025-03-01T09:59:00.000Z' });
      });
    }
    expect(framed.sourceImageCopy).toBeUndefined();
    expect(framed.endFrameCopy).toBe('pending');
    expect(refs.moreImageCopies).toEqual([{ copy: 'pending' }]);
    await h.library.flush();
    await h.engine.close();
    await h.library.close();

    const second = await h.restart();
    await second.engine.resume();
    const framedNow = await onDisk(framed.id);
    expect(framedNow).toMatchObject({ state: 'needs-attention', endFrameFile: 'end-frame.png' });
    expect(framedNow.endFrameCopy).toBeUndefined();
    expect(await readFile(join(h.library.folderOf(framed.id), 'end-frame.png'), 'utf8')).toBe(
      'last.png bytes',
    );
    expect((await onDisk(refs.id)).moreImageCopies).toEqual([{ file: 'image-2.jpg' }]);
    expect(await readFile(join(h.library.folderOf(refs.id), 'image-2.jpg'), 'utf8')).toBe(
      'two.jpg bytes',
    );
    expect(h.fake.calls.start).toEqual([]); // never sent again
  });

  it('a run that is going on when the process stops: the resumed runner makes the copies', async () => {
    h = await createHarness();
    const last = await picture('end.webp');
    const created = await h.library.create({
      image: 'https://example.com/first.png',
      endFrame: last,
      prompt: 'from first to end',
    });
    await h.library.update(created.id, (m) => {
      Object.assign(m, {
        state: 'running',
        startSentAt: '2025-03-01T09:59:00.000Z',
        executionId: 'run-kept-1',
      });
    });
    await h.library.flush();
    await h.engine.close();
    await h.library.close();

    const second = await h.restart();
    await second.engine.resume();
    await second.engine.idle();
    const now = await onDisk(created.id);
    expect(now.endFrameFile).toBe('end-frame.webp');
    expect(now.endFrameCopy).toBeUndefined();
  });
});
