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
