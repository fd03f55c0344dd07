import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/emulator/fixtures';
import { withFrameRate } from './frame-rate';
import { manifestPath, renderDir } from './layout';
import { createLibrary, type Library } from './library';
import { makeTempHome } from './testing';

let home: string;
let cleanup: () => Promise<void>;
let library: Library;
let warnings: string[];
let id: string;

/**
 * A render as an older version left it: done, video 1 downloaded (a real MP4 from the
 * emulator's fixtures, 24 fps) and no frameRate recorded.
 */
beforeEach(async () => {
  ({ home, remove: cleanup } = await makeTempHome('kling-frame-rate-'));
  library = createLibrary({ home });
  warnings = [];
  id = (await library.create({ image: FIXTURES.pngImage, prompt: 'wave', batchCount: 2 })).id;
  await copyFile(FIXTURES.videos[0], join(renderDir(home, id), 'video-1.mp4'));
  await library.update(id, (m) => {
    m.state = 'done';
    m.videos = [
      { index: 0, url: 'https://cdn.example/1.mp4', file: 'video-1.mp4', bytes: 1 },
      { index: 1, url: 'https://cdn.example/2.mp4' },
    ];
  });
  await library.release(id); // finished: nobody drives it
});
afterEach(async () => {
  await library.close();
  await cleanup();
});

const deps = () => ({
  library,
  warn: (message: string) => {
    warnings.push(message);
  },
});
const onDisk = async () => JSON.parse(await readFile(manifestPath(home, id), 'utf8'));

describe('a video without a recorded frame rate', () => {
  it('gets it from its MP4 once, stored in render.json, then never read again', async () => {
    const first = await withFrameRate(deps(), id, 0);
    expect(first.videos[0]?.frameRate).toBe(24);
    expect((await onDisk()).videos[0].frameRate).toBe(24);

    // The second ask is answered from render.json: a file it can no longer read changes nothing.
    await writeFile(join(renderDir(home, id), 'video-1.mp4'), 'not an mp4 any more');
    expect((await withFrameRate(deps(), id, 0)).videos[0]?.frameRate).toBe(24);
    expect(warnings).toEqual([]);
  });

  it('is read but not stored while another live process drives the render', async () => {
    const other = createLibrary({ home }); // another owner, as another process would be
    try {
      expect(await other.claim(id)).toEqual({ ok: true });
      const answered = await withFrameRate(deps(), id, 0);
      expect(answered.videos[0]?.frameRate).toBe(24);
      expect((await onDisk()).videos[0].frameRate).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('stays without one for a file that is not a readable MP4, and for one not downloaded', async () => {
    await writeFile(join(renderDir(home, id), 'video-1.mp4'), 'not an mp4');
    const before = await onDisk();
    expect((await withFrameRate(deps(), id, 0)).videos[0]?.frameRate).toBeUndefined();
    expect(warnings).toEqual(['no video track timing in the MP4']);
    expect((await withFrameRate(deps(), id, 1)).videos[1]?.frameRate).toBeUndefined();
    expect(await onDisk()).toEqual(before); // nothing written
  });

  it('refuses a video the render does not have, and an unknown render', async () => {
    await expect(withFrameRate(deps(), id, 5)).rejects.toMatchObject({ kind: 'invalid-input' });
    await expect(withFrameRate(deps(), 'zzzzzz-none', 0)).rejects.toMatchObject({
      kind: 'not-found',
    });
  });
});
