import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { exportRender, SETTINGS_FILE, saveVideoCopy, suggestedVideoName } from './export';
import { renderDir } from './layout';
import { createLibrary, type Library } from './library';
import { makeTempHome } from './testing';

let home: string;
let cleanup: () => Promise<void>;
let library: Library;
let out: string;

beforeEach(async () => {
  ({ home, remove: cleanup } = await makeTempHome('kling-export-'));
  library = createLibrary({ home, indexDebounceMs: 5 });
  out = join(home, 'chosen');
  await mkdir(out);
});
afterEach(async () => {
  await library.close().catch(() => undefined);
  await cleanup();
});

/** A done render with `count` downloaded videos whose bytes say which they are. */
async function doneRender(count: number): Promise<RenderManifest> {
  const picture = join(home, 'cat.png');
  await writeFile(picture, 'png bytes');
  const created = await library.create({
    image: picture,
    prompt: 'The cat turns its head, slowly!',
    batchCount: count,
  });
  await library.keepSourceImage(created.id); // the engine makes the copy once the start left
  for (let index = 0; index < count; index++) {
    await writeFile(join(renderDir(home, created.id), `video-${index + 1}.mp4`), `video ${index}`);
  }
  return library.update(created.id, (manifest) => ({
    ...manifest,
    state: 'done',
    executionId: 'exec-42',
    credits: { powerConsumption: 12 },
    videos: Array.from({ length: count }, (_, index) => ({
      index,
      url: `https://cdn.example/${index}.mp4`,
      file: `video-${index + 1}.mp4`,
      bytes: 7,
    })),
  }));
}

const resolveMediaFile = (id: string, file: string) => library.resolveMediaFile(id, file);

describe('Save video as', () => {
  it('copies the chosen video to the chosen path, adding .mp4 when missing', async () => {
    const manifest = await doneRender(2);
    const saved = await saveVideoCopy({
      manifest,
      videoIndex: 1,
      destination: join(out, 'my cat'),
      resolveMediaFile,
    });
    expect(saved).toBe(join(out, 'my cat.mp4'));
    expect(await readFile(saved, 'utf8')).toBe('video 1');
  });

  it('refuses a video that is not downloaded, and a relative destination', async () => {
    const manifest = await doneRender(1);
    const missing = await saveVideoCopy({
      manifest,
      videoIndex: 3,
      destination: join(out, 'x.mp4'),
      resolveMediaFile,
    }).catch((error) => error);
    expect(isKlingError(missing) && missing.kind).toBe('not-found');
    const relative = await saveVideoCopy({
      manifest,
      videoIndex: 0,
      destination: 'x.mp4',
      resolveMediaFile,
    }).catch((error) => error);
    expect(isKlingError(relative) && relative.kind).toBe('invalid-input');
    expect(await readdir(out)).toEqual([]);
  });

  it('suggests a name from the prompt', async () => {
    const manifest = await doneRender(2);
    expect(suggestedVideoName(manifest, 1)).toBe('the-cat-turns-its-head-slowly-2.mp4');
  });
});

describe('Export render', () => {
  it('writes every video, the source image and settings.json into a new folder', async () => {
    const manifest = await doneRender(2);
    const { folder, files } = await exportRender({ manifest, parent: out, resolveMediaFile });
    expect(folder).toBe(join(out, `kling-${manifest.id}`));
    expect(files).toEqual(['video-1.mp4', 'video-2.mp4', 'source.png', SETTINGS_FILE]);
    expect((await readdir(folder)).sort()).toEqual([...files].sort());
    expect(await readFile(join(folder, 'video-2.mp4'), 'utf8')).toBe('video 1');
    expect(await readFile(join(folder, 'source.png'), 'utf8')).toBe('png bytes');
    const settings = JSON.parse(await readFile(join(folder, SETTINGS_FILE), 'utf8'));
    expect(settings).toMatchObject({
      renderId: manifest.id,
      prompt: 'The cat turns its head, slowly!',
      model: manifest.request.model,
      duration: manifest.request.duration,
      batchCount: 2,
      weshopRunId: 'exec-42',
      credits: { powerConsumption: 12 },
      videos: ['video-1.mp4', 'video-2.mp4'],
    });
    // What the library keeps for itself stays there.
    expect(settings).not.toHaveProperty('idempotencyKey');
    expect(settings).not.toHaveProperty('uploadedImageUrl');
  });

  it('writes every kept input picture too (end frame, references) and the agent in settings.json', async () => {
    const last = join(home, 'last.jpg');
    await writeFile(last, 'jpg bytes');
    const framed = await library.create({
      image: 'https://example.com/first.png',
      endFrame: last,
      prompt: 'ends on the chosen frame',
    });
    await library.keepSourceImage(framed.id);
    await writeFile(join(renderDir(home, framed.id), 'video-1.mp4'), 'video 0');
    const manifest = await library.update(framed.id, (m) => ({
      ...m,
      state: 'done',
      videos: [{ index: 0, url: 'https://cdn.example/0.mp4', file: 'video-1.mp4' }],
    }));
    const { folder, files } = await exportRender({ manifest, parent: out, resolveMediaFile });
    expect(files).toEqual(['video-1.mp4', 'end-frame.jpg', SETTINGS_FILE]);
    expect(await readFile(join(folder, 'end-frame.jpg'), 'utf8')).toBe('jpg bytes');
    const settings = JSON.parse(await readFile(join(folder, SETTINGS_FILE), 'utf8'));
    expect(settings).toMatchObject({
      agent: 'kling',
      image: 'https://example.com/first.png',
      endFrame: last,
    });
  });

  it('never writes into an existing folder: a second export gets its own', async () => {
    const manifest = await doneRender(1);
    const first = await exportRender({ manifest, parent: out, resolveMediaFile });
    const second = await exportRender({ manifest, parent: out, resolveMediaFile });
    expect(second.folder).toBe(`${first.folder}-2`);
    expect(await readdir(out)).toHaveLength(2);
  });

  it('refuses a render without downloaded videos and writes nothing', async () => {
    const created = await library.create({ image: '/pictures/cat.png', prompt: 'failed one' });
    const error = await exportRender({ manifest: created, parent: out, resolveMediaFile }).catch(
      (caught) => caught,
    );
    expect(isKlingError(error) && error.message).toBe(
      'This render has no downloaded videos to export',
    );
    expect(await readdir(out)).toEqual([]);
  });
});
