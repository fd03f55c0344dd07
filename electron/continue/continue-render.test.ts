import { mkdir, open, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { RenderRequest } from '../../shared/render-request';
import { newManifest } from '../library/new-render';
import { makeTempHome } from '../library/testing';
import { type ContinueDeps, continueRender, lastFramePath } from './continue-render';

let home: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ home, remove: cleanup } = await makeTempHome('kling-continue-'));
});
afterEach(() => cleanup());

/** A finished render whose first video is on disk (and, if asked, WeShop's last frame too). */
function finishedRender(lastFrameFile?: string): RenderManifest {
  const request = RenderRequest.parse({ image: '/pictures/cat.png', prompt: 'a cat sits' });
  const m = newManifest('r-source', request, new Date('2026-01-01T00:00:00Z'), {});
  m.state = 'done';
  m.executionId = 'exec-1';
  m.videos = [{ index: 0, url: 'https://example.com/v.mp4', file: 'video-1.mp4' }];
  if (lastFrameFile && m.videos[0]) m.videos[0].lastFrameFile = lastFrameFile;
  return m;
}

function depsFor(
  source: RenderManifest,
  frameBytes: () => string,
  queued: RenderRequest[],
): ContinueDeps {
  return {
    home,
    read: async (id) => (id === source.id ? source : null),
    folderOf: (id) => join(home, 'renders', id),
    // As ffmpeg and the app's handler do: write the frame at the path they are given.
    writeLastFrame: async (_video, png) => writeFile(png, frameBytes()),
    inspectImage: async (path) => {
      if ((await readFile(path, 'utf8')).startsWith('bad'))
        throw new KlingError('invalid-input', `The image is too small: ${path}`);
    },
    queue: async (request) => {
      queued.push(request);
      return source;
    },
  };
}

describe('continueRender: the frame file', () => {
  it('replaces an earlier frame whole: a continuation still reading it keeps its picture', async () => {
    const source = finishedRender();
    const queued: RenderRequest[] = [];
    let frameBytes = 'first frame '.repeat(100);
    const deps = depsFor(source, () => frameBytes, queued);
    await continueRender(deps, { id: source.id, prompt: 'it stands up' });
    const frame = lastFramePath(home, source.id, 0);
    expect(queued[0]?.image).toBe(frame);

    // The first continuation's upload has the frame open while the video is continued again.
    const reading = await open(frame, 'r');
    try {
      frameBytes = 'second frame '.repeat(50);
      await continueRender(deps, { id: source.id, prompt: 'it walks away' });
      const { buffer, bytesRead } = await reading.read(Buffer.alloc(4096), 0, 4096, 0);
      expect(buffer.subarray(0, bytesRead).toString()).toBe('first frame '.repeat(100));
    } finally {
      await reading.close();
    }
    expect(await readFile(frame, 'utf8')).toBe('second frame '.repeat(50));
    expect(await readdir(join(home, 'frames'))).toEqual([`${source.id}-video-1-last.png`]);
  });

  it('keeps the previous frame when a new one fails its checks, and leaves no partial file', async () => {
    const source = finishedRender();
    const queued: RenderRequest[] = [];
    let frameBytes = 'good frame';
    const deps = depsFor(source, () => frameBytes, queued);
    await continueRender(deps, { id: source.id, prompt: 'it stands up' });
    frameBytes = 'bad frame';
    const frame = lastFramePath(home, source.id, 0);
    // The message names the frame the user knows, not the partial file it was checked as.
    await expect(continueRender(deps, { id: source.id, prompt: 'again' })).rejects.toThrow(
      `The image is too small: ${frame}`,
    );
    expect(await readFile(frame, 'utf8')).toBe('good frame');
    expect(await readdir(join(home, 'frames'))).toEqual([`${source.id}-video-1-last.png`]);
    expect(queued).toHaveLength(1);
  });

  it("copies WeShop's own last frame the same way (its extension kept)", async () => {
    const source = finishedRender('last-frame-1.jpg');
    const folder = join(home, 'renders', source.id);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'last-frame-1.jpg'), 'jpeg frame');
    const queued: RenderRequest[] = [];
    const deps = depsFor(source, () => 'never decoded', queued);
    await continueRender(deps, { id: source.id, prompt: 'it stands up' });
    const frame = lastFramePath(home, source.id, 0, '.jpg');
    expect(queued[0]?.image).toBe(frame);
    expect(await readFile(frame, 'utf8')).toBe('jpeg frame');
    expect(await readdir(join(home, 'frames'))).toEqual([`${source.id}-video-1-last.jpg`]);
  });
});
