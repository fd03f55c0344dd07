/**
 * Recipes travel with the video: Save video as…, Export render and Export sequence write the
 * render's settings into each MP4 (no re-encode), and recipe:read (a drop on New render) gives
 * them back. A copy in the system clipboard goes through main (app:copy-text).
 */
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/emulator/fixtures';
import { renderDir } from '../library/layout';
import { corePerTest, quietPlatform } from './core-per-test';
import { createIpcDispatch } from './ipc-handlers';

const openCore = corePerTest('kling-recipe-ipc-');

async function doneRender(prompt: string, continuedFrom?: string) {
  const { core, home } = await openCore();
  return { core, home, id: await addDone(core, home, prompt, continuedFrom) };
}

async function addDone(
  core: Awaited<ReturnType<typeof openCore>>['core'],
  home: string,
  prompt: string,
  continuedFrom?: string,
) {
  const made = await core.library.create(
    { image: '/pictures/boat.png', prompt, model: 'Kling_2_6', duration: '5s' },
    continuedFrom ? { continuedFrom: { id: continuedFrom, videoIndex: 0 } } : {},
  );
  await copyFile(FIXTURES.videos[0], join(renderDir(home, made.id), 'video-1.mp4'));
  await core.library.update(made.id, (m) => ({
    ...m,
    state: 'done',
    videos: [{ index: 0, url: 'https://cdn.example/0.mp4', file: 'video-1.mp4', bytes: 6747 }],
  }));
  await core.library.release(made.id);
  return made.id;
}

const expected = (id: string, prompt: string) => ({
  renderId: id,
  agent: 'kling',
  model: 'Kling_2_6',
  prompt,
  duration: '5s',
  generateAudio: false,
  sourcePicture: 'boat.png',
});

describe('recipes in saved and exported videos', () => {
  it('Save video as… and Export render carry the settings; recipe:read reads them back', async () => {
    const { core, home, id } = await doneRender('Paper boat in the rain');
    const out = join(home, 'out');
    await mkdir(out);
    const dispatch = createIpcDispatch(core, {
      ...quietPlatform(),
      chooseVideoSavePath: async () => join(out, 'boat.mp4'),
      chooseExportFolder: async () => out,
    });
    expect(await dispatch('render:save-video', { id, videoIndex: 0 })).toMatchObject({ ok: true });
    expect(await dispatch('recipe:read', { path: join(out, 'boat.mp4') })).toEqual({
      ok: true,
      value: expect.objectContaining(expected(id, 'Paper boat in the rain')),
    });
    expect(await dispatch('render:export', { id })).toMatchObject({ ok: true });
    const exported = join(out, `kling-${id}`, 'video-1.mp4');
    expect(await dispatch('recipe:read', { path: exported })).toEqual({
      ok: true,
      value: expect.objectContaining(expected(id, 'Paper boat in the rain')),
    });
  });

  it('Export sequence carries each clip its own render settings', async () => {
    const { core, home, id: first } = await doneRender('Shot one');
    const second = await addDone(core, home, 'Shot two', first);
    const out = join(home, 'seq');
    await mkdir(out);
    const dispatch = createIpcDispatch(core, {
      ...quietPlatform(),
      chooseExportFolder: async () => out,
    });
    const result = await dispatch('sequence:export', { id: second });
    expect(result).toMatchObject({ ok: true });
    const folder = join(out, `kling-sequence-${first}`);
    const clips = (await readdir(folder)).sort();
    expect(clips).toEqual([`01-${first}.mp4`, `02-${second}.mp4`]);
    const read = async (name: string) => dispatch('recipe:read', { path: join(folder, name) });
    expect(await read(clips[0] ?? '')).toMatchObject({ value: expected(first, 'Shot one') });
    expect(await read(clips[1] ?? '')).toMatchObject({ value: expected(second, 'Shot two') });
  });

  it('recipe:read: an MP4 without settings is null, a picture is not read, a relative path is refused', async () => {
    const { core } = await doneRender('x');
    const dispatch = createIpcDispatch(core, quietPlatform());
    expect(await dispatch('recipe:read', { path: FIXTURES.videos[1] })).toEqual({
      ok: true,
      value: null,
    });
    expect(await dispatch('recipe:read', { path: FIXTURES.pngImage })).toEqual({
      ok: true,
      value: null,
    });
    const relative = await dispatch('recipe:read', { path: 'clip.mp4' });
    expect(relative.ok).toBe(false);
  });
});

describe('app:copy-text', () => {
  it('writes through the shell clipboard; an empty or huge text is refused before it', async () => {
    const { core } = await doneRender('x');
    const copied: string[] = [];
    const dispatch = createIpcDispatch(core, {
      ...quietPlatform(),
      copyText: (text) => void copied.push(text),
    });
    expect(await dispatch('app:copy-text', { text: 'Slow dolly-in' })).toEqual({
      ok: true,
      value: null,
    });
    expect((await dispatch('app:copy-text', { text: '' })).ok).toBe(false);
    expect((await dispatch('app:copy-text', { text: 'x'.repeat(100_001) })).ok).toBe(false);
    expect(copied).toEqual(['Slow dolly-in']);
  });
});
