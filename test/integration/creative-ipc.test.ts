import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Core, createCore } from '../../electron/app/core';
import { createIpcDispatch, type IpcDispatch } from '../../electron/app/ipc-handlers';
import { findFfmpeg } from '../../electron/continue/last-frame';
import { memoryLogger } from '../../electron/logging/logger';
import { readRecipe } from '../../electron/media/mp4-recipe';
import { createSecretStore, memoryKeychain } from '../../electron/secrets/store';
import type { RenderView } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import { startEmulator } from '../emulator/server';
import type { Emulator } from '../emulator/types';
import { videoFacts } from '../same-video';

const run = promisify(execFile);
let emulator: Emulator;
let home: string;
let core: Core;
let dispatch: IpcDispatch;
let exportFolder: string | null;

beforeEach(async () => {
  emulator = await startEmulator({
    timings: { pendingMs: 30, segmentingMs: 30, runningMs: 60 },
    honourIdempotencyKey: false,
    videoFixtures: [FIXTURES.largeVideo],
  });
  home = await mkdtemp(join(tmpdir(), 'kling-creative-'));
  exportFolder = null;
  core = await createCore({
    home,
    secrets: createSecretStore({
      env: { WESHOP_API_KEY: emulator.apiKey },
      keychain: memoryKeychain(),
    }),
    env: { WESHOP_API_BASE: emulator.apiBase, WESHOP_API_KEY: emulator.apiKey },
    mediaBase: 'http://127.0.0.1:9/media',
    watchLibrary: false,
    logger: memoryLogger(),
  });
  dispatch = createIpcDispatch(core, {
    pickImage: async () => null,
    showInFolder: () => undefined,
    openExternal: async () => undefined,
    chooseExportFolder: async () => exportFolder,
  });
});
afterEach(async () => {
  await core.close();
  await core.library.close();
  await emulator.close();
  await rm(home, { recursive: true, force: true });
});

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const answer = await dispatch(channel, payload);
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.kind}: ${answer.error.message}`);
  return answer.value as T;
}
const uploads = () =>
  emulator.requests.filter((r) => r.origin === 'api' && r.path.endsWith('/agent/assets/images'));

describe('sets over IPC', { timeout: 60_000 }, () => {
  const set = {
    image: FIXTURES.pngImage,
    prompts: ['wave', 'bow'],
    models: ['Kling_3_0', 'Kling_2_6'],
    durations: [],
  };

  it('estimates the total first, then queues 4 renders with one set id and one upload', async () => {
    const estimate = await call<{ total: number | null; count: number }>(
      'render:estimate-set',
      set,
    );
    expect(estimate.count).toBe(4);
    expect(estimate.total).toEqual(expect.any(Number));
    const queued = await call<{ setId: string; renders: RenderView[] }>('render:queue-set', set);
    expect(queued.renders).toHaveLength(4);
    expect(new Set(queued.renders.map((r) => r.setId))).toEqual(new Set([queued.setId]));
    await core.engine.idle();
    const done = await Promise.all(queued.renders.map((r) => core.library.read(r.id)));
    expect(done.map((m) => m?.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(uploads()).toHaveLength(1);
    expect([...emulator.startsByIdempotencyKey().values()]).toEqual([1, 1, 1, 1]);
  });

  it('refuses an invalid combination with the catalogue message, sending nothing', async () => {
    const answer = await dispatch('render:queue-set', {
      ...set,
      models: ['Kling_2_1'],
      durations: ['7s'],
    });
    expect(answer).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', message: 'duration: Kling_2_1 supports 5s or 10s, not 7s' },
    });
    expect(emulator.requests).toEqual([]);
  });
});

describe('continue and sequence export over IPC', { timeout: 60_000 }, () => {
  it('keeps the frame the renderer sent, links the render, exports the chain in order', async () => {
    const first = await call<RenderView>('render:queue', {
      image: FIXTURES.pngImage,
      prompt: 'a kite rises',
    });
    await core.engine.idle();
    // What the renderer would capture: the video's last frame as a PNG (ffmpeg stands in here).
    const source = await core.library.read(first.id);
    const video = join(core.library.folderOf(first.id), source?.videos[0]?.file as string);
    const framePng = join(home, 'captured.png');
    await run(await findFfmpeg(process.env), [
      '-loglevel',
      'error',
      '-sseof',
      '-1',
      '-i',
      video,
      '-update',
      '1',
      framePng,
    ]);
    const dataUrl = `data:image/png;base64,${(await readFile(framePng)).toString('base64')}`;

    const next = await call<RenderView>('render:continue', {
      id: first.id,
      videoIndex: 0,
      prompt: 'the kite loops',
      frameDataUrl: dataUrl,
    });
    expect(next.continuedFrom).toEqual({ id: first.id, videoIndex: 0 });
    expect(next.request.image).toBe(join(home, 'frames', `${first.id}-video-1-last.png`));
    expect((await readFile(next.request.image ?? '')).equals(await readFile(framePng))).toBe(true);
    await core.engine.idle();
    expect((await core.library.read(next.id))?.state).toBe('done');

    // The renderer asks for the chain (the detail view's Sequence button): the chain's views.
    for (const id of [first.id, next.id]) {
      const chain = await call<RenderView[]>('sequence:get', { id });
      expect(chain.map((view) => [view.id, view.state])).toEqual([
        [first.id, 'done'],
        [next.id, 'done'],
      ]);
    }
    exportFolder = join(home, 'exports');
    // The chain is one query of the index, never pages of the library.
    const list = vi.spyOn(core.library, 'list');
    const exported = await call<{ folder: string; files: string[] }>('sequence:export', {
      id: next.id,
    });
    expect(list).not.toHaveBeenCalled();
    list.mockRestore();
    expect(exported.folder).toBe(join(exportFolder, `kling-sequence-${first.id}`));
    expect(await readdir(exported.folder)).toEqual([`01-${first.id}.mp4`, `02-${next.id}.mp4`]);
    // The same video (media data and packets unchanged) with its render's recipe in the metadata.
    expect(await videoFacts(exported.files[0] as string)).toEqual(await videoFacts(video));
    expect(await readRecipe(exported.files[0] as string)).toMatchObject({ renderId: first.id });

    exportFolder = null; // the user closes the dialog
    expect(await call('sequence:export', { id: first.id })).toEqual({ folder: null, files: [] });
  });

  it('sequence:get refuses a malformed id before the library is asked, and says an unknown one', async () => {
    const sequenceOf = vi.spyOn(core.library, 'sequenceOf');
    for (const payload of [{}, { id: '../etc' }, { id: 'abc' }, { id: 'x'.repeat(65) }, null]) {
      expect(await dispatch('sequence:get', payload)).toMatchObject({
        ok: false,
        error: { kind: 'invalid-input' },
      });
    }
    expect(await dispatch('sequence:get', { id: 'a1b2c3d4', extra: 1 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
    expect(sequenceOf).not.toHaveBeenCalled();
    expect(await dispatch('sequence:get', { id: '0mwor1nmo-kwefvd' })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
  });

  it('ends on the picture given, checked as render:queue checks pictures, after the same number of videos asked', async () => {
    const first = await call<RenderView>('render:queue', {
      image: FIXTURES.pngImage,
      prompt: 'a kite rises',
      batchCount: 2,
    });
    await core.engine.idle();
    const frameDataUrl = `data:image/png;base64,${(await readFile(FIXTURES.largeVideoLastFrame)).toString('base64')}`;
    const ask = (more: Record<string, unknown>) =>
      dispatch('render:continue', {
        id: first.id,
        videoIndex: 1,
        prompt: 'it lands',
        frameDataUrl,
        ...more,
      });
    const startsBefore = emulator.startsByIdempotencyKey().size;
    const climbing = `${home}/../end.jpg`;
    expect(await ask({ endFrame: climbing })).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid-input',
        message: `End frame: the path must be absolute, without "..": ${climbing}`,
      },
    });
    expect(await ask({ endFrame: FIXTURES.jpegImage, model: 'Kling_2_1_Master' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Kling 2.1 Master cannot end on a chosen frame') },
    });
    expect(emulator.startsByIdempotencyKey().size).toBe(startsBefore);

    const next = await call<RenderView>('render:continue', {
      id: first.id,
      videoIndex: 1,
      prompt: 'it lands',
      frameDataUrl,
      batchCount: 3,
      endFrame: FIXTURES.jpegImage,
    });
    expect(next.request).toMatchObject({ endFrame: FIXTURES.jpegImage, batchCount: 3 });
    expect(next.continuedFrom).toEqual({ id: first.id, videoIndex: 1 });
    await core.engine.idle();
    expect((await core.library.read(next.id))?.state).toBe('done');
    const run = emulator.createdRuns?.().at(-1);
    expect(run?.params?.images).toHaveLength(2);
  });

  it('refuses a frame that is not a usable image, and a render with no video', async () => {
    const tiny =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=';
    const first = await call<RenderView>('render:queue', { image: FIXTURES.pngImage, prompt: 'x' });
    await core.engine.idle();
    const small = await dispatch('render:continue', {
      id: first.id,
      videoIndex: 0,
      prompt: 'y',
      frameDataUrl: tiny,
    });
    expect(small).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    const noVideo = await dispatch('render:continue', {
      id: first.id,
      videoIndex: 3,
      prompt: 'y',
      frameDataUrl: tiny,
    });
    expect(noVideo).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', message: expect.stringContaining('no downloaded video 4') },
    });
  });
});
