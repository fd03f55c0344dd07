import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findJoinTools } from '../../electron/storyboard/join-clips';
import { FIXTURES } from '../emulator/fixtures';
import { runCli } from './helpers';
import { cliSandbox } from './sandbox';

const cli = cliSandbox('kling-cli-storyboard-');
const tools = await findJoinTools(process.env).catch(() => null);
const hasFfmpeg = tools !== null;

/** Three distinct keyframes (a copy of one picture is a new file, the same content). */
async function keyframes(): Promise<string[]> {
  const dir = join(cli.home, 'pictures');
  await mkdir(dir, { recursive: true });
  const third = join(dir, 'third.png');
  await copyFile(FIXTURES.pngImage, third);
  return [FIXTURES.pngImage, FIXTURES.jpegImage, third];
}

describe('kling-studio storyboard', { timeout: 120_000 }, () => {
  it.skipIf(!hasFfmpeg)(
    'renders keyframe 1→2 and 2→3 as one set and prints { set, renders, joined } with one joined MP4 (needs ffmpeg)',
    async () => {
      const run = await runCli(
        ['storyboard', ...(await keyframes()), '--prompt', 'walk in', '--prompt', 'wave', '--json'],
        { env: cli.env() },
      );
      expect(run.code, run.stderr).toBe(0);
      const body = JSON.parse(run.stdout);
      expect(Object.keys(body)).toEqual(['set', 'renders', 'joined']);
      expect(body.set).toMatch(/^set-/);
      expect(body.renders).toHaveLength(2);
      for (const render of body.renders) expect(render).toMatchObject({ state: 'done' });
      expect(body.joined).toBe(join(cli.home, 'storyboards', body.set, 'storyboard.mp4'));
      expect(run.stderr).toMatch(
        /Storyboard of 2 transitions: (estimated \d+ credits in total|cost estimate unavailable)/,
      );
      const seconds = Number(
        execFileSync(tools?.ffprobe as string, [
          '-v',
          'error',
          '-show_entries',
          'format=duration',
          '-of',
          'csv=p=0',
          body.joined,
        ])
          .toString()
          .trim(),
      );
      expect(seconds).toBeCloseTo(2, 0);
      // Each start carries keyframe i then keyframe i+1.
      const starts = cli
        .startRequests()
        .map((r) => JSON.parse(r.body ?? '{}').params.images as string[]);
      expect(starts).toHaveLength(2);
      expect(starts[0]?.[1]).toBe(starts[1]?.[0]);
      // keyframes 1 and 3 are the same content: two uploads for three keyframes.
      expect(cli.posts('/agent/assets/images')).toHaveLength(2);
      const manifests = await Promise.all(
        body.renders.map((r: { id: string }) => cli.readManifest(r.id)),
      );
      expect(manifests.map((m) => [m?.setId, m?.request.prompt, m?.request.model])).toEqual([
        [body.set, 'walk in', 'Kling_3_0'],
        [body.set, 'wave', 'Kling_3_0'],
      ]);
      expect((await readdir(join(cli.home, 'storyboards', body.set))).sort()).toEqual([
        'keyframe-01.png',
        'keyframe-02.jpg',
        'keyframe-03.png',
        'storyboard.json',
        'storyboard.mp4',
      ]);
    },
  );

  it('without ffmpeg on the PATH the transitions are rendered and joined is null with the reason (exit 1); --join makes it later', async () => {
    const run = await runCli(
      ['storyboard', FIXTURES.pngImage, FIXTURES.jpegImage, '-p', 'glide', '--json'],
      {
        // The child is started by its absolute path: a PATH of one empty folder holds no ffmpeg.
        env: cli.env({ PATH: join(cli.home, 'no-bin') }),
      },
    );
    expect(run.code, run.stderr).toBe(1);
    const body = JSON.parse(run.stdout);
    expect(body.renders).toHaveLength(1);
    expect(body.renders[0]).toMatchObject({ state: 'done', agent: 'kling' });
    expect(body.joined).toBeNull();
    expect(body.reason).toMatch(
      /^Joining needs ffmpeg: install it \(.*export the clips one by one$/,
    );
    if (!hasFfmpeg) return;
    // ffmpeg found again: --join makes the MP4 of the done transitions, asking WeShop nothing.
    const before = cli.emulator.requests.length;
    const joinRun = await runCli(['storyboard', '--join', body.set, '--json'], { env: cli.env() });
    expect(joinRun.code, joinRun.stderr).toBe(0);
    const joined = JSON.parse(joinRun.stdout);
    expect(joined).toMatchObject({
      set: body.set,
      joined: expect.stringMatching(/storyboard\.mp4$/),
    });
    expect(joined.renders[0]).toMatchObject({ agent: 'kling' });
    expect(joined.renders.map((r: { id: string }) => r.id)).toEqual(
      body.renders.map((r: { id: string }) => r.id),
    );
    expect(cli.emulator.requests.length).toBe(before);
  });

  it('refuses a model without an end frame before any request (exit 2)', async () => {
    const run = await runCli(
      [
        'storyboard',
        FIXTURES.pngImage,
        FIXTURES.jpegImage,
        '-p',
        'x',
        '--model',
        'Kling_2_1_Master',
      ],
      { env: cli.env() },
    );
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'error: Kling 2.1 Master cannot end on a chosen frame, so it cannot render a storyboard: choose Kling 3.0, Kling 2.6, Kling 2.5 Turbo, Kling 2.1 or Kling O1 · First frame to video',
    );
    expect(cli.emulator.requests).toEqual([]);
  });

  it('--max-credits below the total refuses the whole storyboard: nothing started (exit 5)', async () => {
    const run = await runCli(
      [
        'storyboard',
        FIXTURES.pngImage,
        FIXTURES.jpegImage,
        FIXTURES.pngImage,
        '-p',
        'x',
        '--max-credits',
        '1',
      ],
      { env: cli.env() },
    );
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toMatch(/Storyboard of 2 transitions: estimated \d+ credits in total/);
    expect(run.stderr).toContain('refused, nothing was started');
    expect(cli.startRequests()).toEqual([]);
    expect(await readdir(join(cli.home, 'storyboards')).catch(() => [])).toEqual([]);
  });
});
