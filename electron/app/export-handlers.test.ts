import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDir } from '../library/layout';
import { corePerTest, quietPlatform } from './core-per-test';
import { createIpcDispatch } from './ipc-handlers';
import type { PlatformServices } from './platform';

const openCore = corePerTest('kling-export-ipc-');

/** A core with one done render of one downloaded video, and dialogs that answer `answers`. */
async function setUp(answers: { savePath: string | null; folder: string | null }) {
  const { core, home } = await openCore();
  const asked: string[] = [];
  const platform: PlatformServices = {
    ...quietPlatform(),
    chooseVideoSavePath: async (suggested) => {
      asked.push(`save ${suggested}`);
      return answers.savePath;
    },
    chooseExportFolder: async () => {
      asked.push('folder');
      return answers.folder;
    },
  };
  const created = await core.library.create({ image: '/pictures/cat.png', prompt: 'Cat waves' });
  await writeFile(join(renderDir(home, created.id), 'video-1.mp4'), 'the video');
  await core.library.update(created.id, (manifest) => ({
    ...manifest,
    state: 'done',
    videos: [{ index: 0, url: 'https://cdn.example/0.mp4', file: 'video-1.mp4', bytes: 9 }],
  }));
  const out = join(home, 'out');
  await mkdir(out);
  return { core, dispatch: createIpcDispatch(core, platform), id: created.id, asked, out };
}

describe('render:save-video and render:export', () => {
  it('refuses bad payloads before any dialog opens', async () => {
    const { dispatch, asked, id } = await setUp({ savePath: null, folder: null });
    for (const payload of [
      { id, videoIndex: -1 },
      { id, videoIndex: 1.5 },
      { id, videoIndex: 0, path: '/etc/passwd' },
      { id: '../../etc', videoIndex: 0 },
    ]) {
      const result = await dispatch('render:save-video', payload);
      expect(result.ok, JSON.stringify(payload)).toBe(false);
    }
    expect((await dispatch('render:export', { id, folder: '/tmp' })).ok).toBe(false);
    // A video that is not there is refused before the dialog, too.
    const missing = await dispatch('render:save-video', { id, videoIndex: 2 });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(asked).toEqual([]);
  });

  it('saves the video where the dialog says, with a name from the prompt suggested', async () => {
    const made = await setUp({ savePath: null, folder: null });
    const target = join(made.out, 'wave.mp4');
    // The target lives in the test's home, known only now: a dispatch whose dialog answers it.
    const dispatch = createIpcDispatch(made.core, {
      ...quietPlatform(),
      chooseVideoSavePath: async (suggested) => {
        made.asked.push(`save ${suggested}`);
        return target;
      },
    });
    expect(await dispatch('render:save-video', { id: made.id, videoIndex: 0 })).toEqual({
      ok: true,
      value: { path: target },
    });
    expect(made.asked).toEqual(['save cat-waves.mp4']);
    expect(await readFile(target, 'utf8')).toBe('the video');
  });

  it('a canceled dialog writes nothing', async () => {
    const { dispatch, id, out } = await setUp({ savePath: null, folder: null });
    expect(await dispatch('render:save-video', { id, videoIndex: 0 })).toEqual({
      ok: true,
      value: { path: null },
    });
    expect(await dispatch('render:export', { id })).toEqual({
      ok: true,
      value: { folder: null, files: [] },
    });
    expect(await readdir(out)).toEqual([]);
  });

  it('exports into a new folder inside the chosen one', async () => {
    const made = await setUp({ savePath: null, folder: null });
    const dispatch = createIpcDispatch(made.core, {
      ...quietPlatform(),
      chooseExportFolder: async () => made.out,
    });
    const result = await dispatch('render:export', { id: made.id });
    expect(result).toEqual({
      ok: true,
      value: {
        folder: join(made.out, `kling-${made.id}`),
        files: ['video-1.mp4', 'settings.json'],
      },
    });
    expect(await readdir(join(made.out, `kling-${made.id}`))).toEqual([
      'settings.json',
      'video-1.mp4',
    ]);
  });
});
