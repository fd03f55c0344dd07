import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import type { Storyboard } from '../../shared/storyboard';
import { FIXTURES } from '../../test/emulator/fixtures';
import { findJoinTools, JOIN_NEEDS_FFMPEG, type JoinTools } from './join-clips';
import { joinStoryboard } from './join-storyboard';
import { createStoryboardStore, type StoryboardStore } from './storyboard-store';

/** ffmpeg and ffprobe on this machine's PATH, or null (the tests that need them say why they skip). */
const tools: JoinTools | null = await findJoinTools(process.env).catch(() => null);
const duration = (file: string) =>
  Number(
    execFileSync(tools?.ffprobe ?? 'ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration',
      '-of',
      'csv=p=0',
      file,
    ])
      .toString()
      .trim(),
  );

let home: string;
let store: StoryboardStore;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'kling-join-'));
  store = createStoryboardStore(home, () => undefined);
});
afterEach(() => rm(home, { recursive: true, force: true }));

/** A storyboard whose transitions are done renders playing the given clips. */
async function storyboardOf(clips: readonly string[], states: string[] = []) {
  const storyboard: Storyboard = {
    schemaVersion: 1,
    id: 'set-join-000001',
    createdAt: '2026-12-07T10:00:00.000Z',
    keyframes: clips.concat('x').map((_, i) => `/k${i}.png`),
    prompts: clips.map(() => 'p'),
    model: 'Kling_3_0',
    duration: '5s',
    generateAudio: false,
    transitions: clips.map((_, i) => ({ renderId: `render-${i + 1}`, replaced: [] })),
  };
  await store.save(storyboard);
  const manifests = new Map(
    clips.map((clip, i) => [
      `render-${i + 1}`,
      {
        id: `render-${i + 1}`,
        state: states[i] ?? 'done',
        videos: [{ index: 0, url: 'https://cdn/x.mp4', file: clip.split('/').pop() }],
      } as unknown as RenderManifest,
    ]),
  );
  const folders = new Map(
    clips.map((clip, i) => [`render-${i + 1}`, clip.slice(0, clip.lastIndexOf('/'))]),
  );
  return {
    store,
    readRender: async (id: string) => manifests.get(id) ?? null,
    renderFolder: (id: string) => folders.get(id) as string,
    env: process.env,
    fileExists: async (path: string) =>
      (await readdir(join(path, '..'))).includes(path.split('/').pop() as string),
  };
}

describe('joinStoryboard', () => {
  it.skipIf(!tools)(
    'remuxes matching clips into one MP4 whose duration is their sum (needs ffmpeg)',
    async () => {
      const clips = [...FIXTURES.videos];
      const deps = await storyboardOf(clips);
      const joined = await joinStoryboard(deps, 'set-join-000001');
      expect(joined.reencoded).toBe(false);
      expect(joined.file).toBe(join(home, 'storyboards', 'set-join-000001', 'storyboard.mp4'));
      expect(joined.message).toBe(`Joined 3 clips into ${joined.file} without re-encoding`);
      expect(joined.messageRef).toEqual({
        id: 'joinedAsTheyAre',
        params: { count: 3, file: joined.file },
      });
      const sum = clips.map(duration).reduce((a, b) => a + b, 0);
      expect(duration(joined.file)).toBeCloseTo(sum, 1);
      // No temporary file is left beside it; the record names the join.
      expect((await readdir(join(home, 'storyboards', 'set-join-000001'))).sort()).toEqual([
        'storyboard.json',
        'storyboard.mp4',
      ]);
      expect((await store.read('set-join-000001'))?.joined).toMatchObject({
        file: joined.file,
        renderIds: ['render-1', 'render-2', 'render-3'],
        reencoded: false,
      });
      // Asked again for the same renders: the same file, not a second join.
      expect((await joinStoryboard(deps, 'set-join-000001')).file).toBe(joined.file);
    },
  );

  it.skipIf(!tools)(
    'never overwrites a file that holds the name, and re-encodes clips that differ, saying why (needs ffmpeg)',
    async () => {
      const deps = await storyboardOf([FIXTURES.videos[0], FIXTURES.largeVideo]);
      const folder = join(home, 'storyboards', 'set-join-000001');
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 'storyboard.mp4'), 'a file of the user');
      const joined = await joinStoryboard(deps, 'set-join-000001');
      expect(joined.file).toBe(join(folder, 'storyboard-2.mp4'));
      expect(joined.reencoded).toBe(true);
      expect(joined.message).toContain(
        're-encoded because clip 2 is h264 480x360, timebase 1/12288, yuv420p while clip 1 is h264 320x240',
      );
      // Said by id in the app: why it was re-encoded too.
      expect(joined.messageRef).toMatchObject({
        id: 'joinedReencoded',
        params: { mismatch: { ref: { id: 'clipVideoDiffers', params: { number: 2 } } } },
      });
      expect(duration(joined.file)).toBeCloseTo(2, 0);
      expect(execFileSync('cat', [join(folder, 'storyboard.mp4')]).toString()).toBe(
        'a file of the user',
      );
    },
  );

  it('refuses while a transition is not done, naming each', async () => {
    const deps = await storyboardOf([...FIXTURES.videos], ['done', 'failed', 'running']);
    await expect(joinStoryboard(deps, 'set-join-000001')).rejects.toThrow(
      'Not every transition is done: transition 2 is failed (re-render it), transition 3 is running. The joined MP4 is made once all 3 are',
    );
  });

  it('says how to get ffmpeg, or to export the clips one by one, where there is none on the PATH', async () => {
    const empty = join(home, 'empty-bin');
    await mkdir(empty);
    const deps = await storyboardOf([...FIXTURES.videos]);
    await expect(
      joinStoryboard({ ...deps, env: { PATH: empty } }, 'set-join-000001'),
    ).rejects.toMatchObject({ kind: 'not-found', message: JOIN_NEEDS_FFMPEG });
    expect(JOIN_NEEDS_FFMPEG).toMatch(
      /^Joining needs ffmpeg: install it \(.+\).*export the clips one by one$/,
    );
  });
});
