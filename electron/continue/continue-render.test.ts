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

/** A finished render of any agent, from the request fields given. */
function finishedOf(fields: Parameters<typeof RenderRequest.parse>[0]): RenderManifest {
  const m = finishedRender();
  m.request = RenderRequest.parse(fields);
  return m;
}

/** Continues `source`; what was queued (or the refusal) and whether a frame was written. */
async function attempt(
  source: RenderManifest,
  input: Omit<Parameters<typeof continueRender>[1], 'id'>,
  checked: string[] = [],
) {
  const queued: RenderRequest[] = [];
  const deps: ContinueDeps = {
    ...depsFor(source, () => 'a frame', queued),
    checkPicture: async (path) => {
      checked.push(path);
      if (path.includes('tiny')) throw new KlingError('invalid-input', `Too small: ${path}`);
    },
  };
  const outcome = await continueRender(deps, { id: source.id, ...input }).then(
    () => null,
    (error: unknown) => error as KlingError,
  );
  const frames = await readdir(join(home, 'frames')).catch(() => [] as string[]);
  return { queued, error: outcome, frames };
}

describe('continueRender: every agent whose picture is a first frame', () => {
  it("keeps Kling O1's image-to-video model and leaves the source's own end frame behind", async () => {
    const source = finishedOf({
      agent: 'kling-O1',
      model: 'Kling_Video_O1_I2V',
      image: '/pictures/cat.png',
      endFrame: '/pictures/cat-asleep.png',
      prompt: 'the cat lies down',
      duration: '7s',
    });
    const { queued, error } = await attempt(source, { prompt: 'it wakes up' });
    expect(error).toBeNull();
    expect(queued[0]).toMatchObject({
      agent: 'kling-O1',
      model: 'Kling_Video_O1_I2V',
      duration: '7s',
      image: lastFramePath(home, source.id, 0),
      prompt: 'it wakes up',
    });
    expect(queued[0]?.endFrame).toBeUndefined();
  });

  it('refuses a Kling 3.0 Omni render without a first-frame model, before any frame is taken', async () => {
    const source = finishedOf({
      agent: 'kling-v3-omni',
      image: '/pictures/a.png',
      moreImages: ['/pictures/b.png'],
      prompt: 'image 1 meets image 2',
    });
    const { queued, error, frames } = await attempt(source, { prompt: 'they dance' });
    expect(error?.kind).toBe('invalid-input');
    expect(error?.message).toBe(
      'This render was made with Kling 3.0 Omni (Text or references), which does not start from a picture: choose a model that does (Kling_3_0, Kling_2_6, Kling_2_5_Turbo, Kling_2_1_Master, Kling_2_1, Kling_Video_O1_I2V)',
    );
    expect(queued).toEqual([]);
    expect(frames).toEqual([]);
  });

  it('continues an Omni render with a first-frame model, without its references, video or aspect', async () => {
    const source = finishedOf({
      agent: 'kling-v3-omni',
      image: '/pictures/a.png',
      moreImages: ['/pictures/b.png'],
      referenceVideo: 'https://cdn.example/dance.mp4',
      prompt: 'image 1 dances like the video',
      duration: '12s',
      generateAudio: true,
    });
    const { queued, error } = await attempt(source, { prompt: 'she bows', model: 'Kling_3_0' });
    expect(error).toBeNull();
    expect(queued[0]).toEqual({
      agent: 'kling',
      model: 'Kling_3_0',
      image: lastFramePath(home, source.id, 0),
      prompt: 'she bows',
      duration: '12s',
      generateAudio: true,
      batchCount: 1,
    });
  });

  it('refuses a chosen model that takes no first frame, and Motion Control without one', async () => {
    const omni = await attempt(finishedRender(), { prompt: 'x', model: 'Kling_Video_O1_Ele' });
    expect(omni.error?.message).toMatch(
      /^Kling O1 · Text or references does not start from a picture, so it cannot continue a video: choose a model that does/,
    );
    const motion = finishedOf({
      agent: 'kling-motion-control',
      image: '/pictures/dancer.png',
      referenceVideo: 'https://cdn.example/moves.mp4',
    });
    const refused = await attempt(motion, { prompt: 'x' });
    expect(refused.error?.message).toMatch(
      /made with Motion Control \(Character follows a video\)/,
    );
    const allowed = await attempt(motion, { prompt: 'x', model: 'Kling_2_6' });
    expect(allowed.queued[0]).toMatchObject({ agent: 'kling', model: 'Kling_2_6' });
    expect(allowed.queued[0]?.referenceVideo).toBeUndefined();
  });

  it('makes one video unless told otherwise, whatever the source batch was', async () => {
    const source = finishedOf({ image: '/pictures/cat.png', prompt: 'a', batchCount: 4 });
    expect((await attempt(source, { prompt: 'b' })).queued[0]?.batchCount).toBe(1);
    expect((await attempt(source, { prompt: 'b', batchCount: 3 })).queued[0]?.batchCount).toBe(3);
  });
});

describe('continueRender: to a chosen end frame', () => {
  it('ends on the picture given, checked like any picture before the frame is taken', async () => {
    const checked: string[] = [];
    const source = finishedRender();
    const { queued, error } = await attempt(
      source,
      { prompt: 'the cat jumps onto the table', endFrame: '/pictures/cat-on-table.png' },
      checked,
    );
    expect(error).toBeNull();
    expect(queued[0]).toMatchObject({
      model: 'Kling_3_0',
      image: lastFramePath(home, source.id, 0),
      endFrame: '/pictures/cat-on-table.png',
    });
    expect(checked).toEqual(['/pictures/cat-on-table.png']);
  });

  it('refuses an end frame on Kling 2.1 Master with the reason, and a picture that fails its checks', async () => {
    const source = finishedRender();
    const master = await attempt(source, {
      prompt: 'x',
      model: 'Kling_2_1_Master',
      endFrame: '/pictures/end.png',
    });
    expect(master.error?.message).toBe(
      'endFrame: Kling 2.1 Master cannot end on a chosen frame: choose Kling 3.0, 2.6, 2.5 Turbo or 2.1 for an end frame',
    );
    const tiny = await attempt(source, { prompt: 'x', endFrame: '/pictures/tiny.png' });
    expect(tiny.error?.message).toBe('Too small: /pictures/tiny.png');
    expect([...master.queued, ...tiny.queued]).toEqual([]);
    expect([...master.frames, ...tiny.frames]).toEqual([]);
  });
});
