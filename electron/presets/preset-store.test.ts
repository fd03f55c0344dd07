import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPresetStore } from './preset-store';
import { createPromptHistory } from './prompt-history';

let home: string;
let problems: string[];
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'kling-presets-'));
  problems = [];
});
afterEach(() => rm(home, { recursive: true, force: true }));

const onProblem = (message: string) => {
  problems.push(message);
};
const fixedNow = () => new Date('2026-11-29T04:00:00.000Z');

describe('preset store', () => {
  it('saves, lists by name, replaces by name (case-insensitive) and deletes', async () => {
    const store = createPresetStore({ home, onProblem, now: fixedNow });
    await store.save({ name: 'Zoom', promptTemplate: '{subject} zooms', model: 'Kling_2_6' });
    await store.save({ name: 'Alpha', promptTemplate: 'a', duration: '10s' });
    await store.save({ name: 'zoom', promptTemplate: '{subject} zooms out', batchCount: 3 });
    const listed = await store.list();
    expect(listed.map((p) => [p.name, p.promptTemplate, p.batchCount])).toEqual([
      ['Alpha', 'a', 1],
      ['zoom', '{subject} zooms out', 3],
    ]);
    expect((await store.get('ZOOM')).updatedAt).toBe('2026-11-29T04:00:00.000Z');
    await store.remove('Zoom');
    expect((await store.list()).map((p) => p.name)).toEqual(['Alpha']);
    await expect(store.remove('Zoom')).rejects.toMatchObject({ kind: 'not-found' });
    await expect(store.get('nope')).rejects.toThrow(
      'No preset named "nope" (saved presets: Alpha)',
    );
  });

  it('refuses an invalid preset before writing anything', async () => {
    const store = createPresetStore({ home, onProblem });
    await expect(
      store.save({ name: 'bad', promptTemplate: 'p', model: 'Kling_2_1', generateAudio: true }),
    ).rejects.toMatchObject({
      kind: 'invalid-input',
      message:
        'generateAudio: Kling_2_1 cannot generate audio (only Kling_3_0, Kling_2_6 and Kling_V3_Omni can)',
    });
    expect(await readdir(home)).toEqual([]);
  });

  it('keeps the new settings and still reads presets saved by older versions', async () => {
    // A presets.json as versions before the Kling family wrote it: no agent, aspect, video or end frame.
    const old = {
      version: 1,
      presets: [
        {
          name: 'Old',
          model: 'Kling_2_6',
          duration: '10s',
          generateAudio: true,
          batchCount: 2,
          promptTemplate: '{subject} waves',
          updatedAt: '2026-10-01T10:00:00.000Z',
        },
      ],
    };
    await writeFile(join(home, 'presets.json'), JSON.stringify(old));
    const store = createPresetStore({ home, onProblem, now: fixedNow });
    expect(await store.get('old')).toEqual(old.presets[0]);
    await store.save({
      name: 'Vertical',
      agent: 'kling-v3-omni',
      aspectRatio: '9:16',
      promptTemplate: 'image 1 dances',
    });
    await store.save({
      name: 'Dance',
      agent: 'kling-motion-control',
      referenceVideo: 'https://cdn.example.com/move.mp4',
    });
    await expect(
      store.save({
        name: 'Ending',
        model: 'Kling_3_0',
        endFrame: '/cards/end.png',
        promptTemplate: 'p',
      }),
    ).resolves.toMatchObject({ endFrame: '/cards/end.png' });
    // Read back from the file by a new store (another process): every field kept.
    const again = createPresetStore({ home, onProblem });
    expect(await again.get('Vertical')).toEqual({
      name: 'Vertical',
      model: 'Kling_V3_Omni',
      duration: '5s',
      generateAudio: false,
      batchCount: 1,
      aspectRatio: '9:16',
      promptTemplate: 'image 1 dances',
      updatedAt: '2026-11-29T04:00:00.000Z',
    });
    expect((await again.get('Ending')).endFrame).toBe('/cards/end.png');
    expect(await again.get('Dance')).toMatchObject({
      model: 'Kling_Motion_Control',
      referenceVideo: 'https://cdn.example.com/move.mp4',
      promptTemplate: '',
    });
    expect((await again.get('Old')).model).toBe('Kling_2_6');
    expect(problems).toEqual([]);
  });

  it('refuses an end frame on a model that cannot end on one, before writing', async () => {
    const store = createPresetStore({ home, onProblem });
    await expect(
      store.save({ name: 'x', model: 'Kling_2_1_Master', endFrame: '/e.png', promptTemplate: 'p' }),
    ).rejects.toMatchObject({
      kind: 'invalid-input',
      message: expect.stringMatching(/^endFrame: Kling 2.1 Master cannot end on a chosen frame/),
    });
    expect(await readdir(home)).toEqual([]);
  });

  it('loses no save when many writers (each its own lock owner) save at once', async () => {
    // Separate store instances, as separate processes would have, all writing together.
    const stores = Array.from({ length: 12 }, () => createPresetStore({ home, onProblem }));
    await Promise.all(
      stores.map((store, i) => store.save({ name: `p${i}`, promptTemplate: `prompt ${i}` })),
    );
    const names = (await createPresetStore({ home, onProblem }).list()).map((p) => p.name);
    expect(names.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `p${i}`).sort());
  });

  it('keeps an unusable presets.json aside instead of overwriting it, and says so', async () => {
    await writeFile(join(home, 'presets.json'), '{ not json');
    const store = createPresetStore({ home, onProblem });
    expect(await store.list()).toEqual([]);
    await store.save({ name: 'New', promptTemplate: 'p' });
    const aside = (await readdir(home)).filter((n) => n.startsWith('presets.json.unusable-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(home, aside[0] as string), 'utf8')).toBe('{ not json');
    expect(problems.some((p) => p.includes('not valid JSON'))).toBe(true);
    expect((await store.list()).map((p) => p.name)).toEqual(['New']);
  });
});

describe('prompt history', () => {
  it('keeps prompts newest first, each once, at most max, searchable', async () => {
    const history = createPromptHistory({ home, onProblem, max: 3 });
    for (const prompt of ['one', 'Two dolly', 'three', 'one', ' four dolly ']) {
      await history.record(prompt);
    }
    expect(await history.search(undefined, 10)).toEqual(['four dolly', 'one', 'three']);
    expect(await history.search('DOLLY', 10)).toEqual(['four dolly']);
    expect(await history.search('', 2)).toEqual(['four dolly', 'one']);
  });

  it('records concurrent prompts from several writers without losing one', async () => {
    const writers = Array.from({ length: 10 }, () => createPromptHistory({ home, onProblem }));
    await Promise.all(writers.map((w, i) => w.record(`prompt ${i}`)));
    const all = await createPromptHistory({ home, onProblem }).search(undefined, 100);
    expect(all.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `prompt ${i}`).sort());
  });
});
