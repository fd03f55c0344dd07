import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../emulator/fixtures';
import { type RunningEmulator, startEmulator } from '../emulator/server';
import { cliEnv, manifestsOnDisk, runCli, tempDir } from './helpers';

/*
 * `batch --images DIR` against the emulator: a folder with two distinct good pictures, a copy
 * of one under another name, a broken picture and a text file. Every good picture is one
 * render of one set, each distinct content is uploaded once, the broken one is listed and
 * skipped, and a set over --max-credits starts nothing.
 */

let emulator: RunningEmulator;
let home: { path: string; remove: () => Promise<void> };
let work: { path: string; remove: () => Promise<void> };
let pics: string;

beforeEach(async () => {
  emulator = await startEmulator({
    timings: { pendingMs: 30, segmentingMs: 30, runningMs: 60 },
    resultsPerExecution: 1,
  });
  home = await tempDir('kling-cli-catalog-home-');
  work = await tempDir('kling-cli-catalog-work-');
  pics = join(work.path, 'catalog');
  await mkdir(pics);
  await copyFile(FIXTURES.pngImage, join(pics, 'red-shoe.png'));
  await copyFile(FIXTURES.jpegImage, join(pics, 'blue-bag.jpg'));
  // The same bytes as red-shoe.png under another name: rendered, but uploaded once.
  await copyFile(FIXTURES.pngImage, join(pics, 'red-shoe-copy.png'));
  // A PNG cut short: its checks fail, so it is listed and skipped.
  await writeFile(join(pics, 'broken.png'), (await readFile(FIXTURES.pngImage)).subarray(0, 200));
  await writeFile(join(pics, 'notes.txt'), 'not a picture');
});
afterEach(async () => {
  await emulator.close();
  await home.remove();
  await work.remove();
});

const env = () => cliEnv(home.path, emulator);
/** Each run is a fresh node + tsx process: minutes, not seconds, on a machine this busy. */
const SLOW_MS = 180_000;
const posts = (suffix: string) =>
  emulator.requests.filter(
    (r) => r.origin === 'api' && r.method === 'POST' && r.path.endsWith(suffix),
  );

// Generous: each case spawns the CLI (node + tsx), slow on a busy machine.
describe('kling-studio batch --images', { timeout: 600_000 }, () => {
  it('renders every good picture as one set: one upload per distinct picture, the broken one skipped', async () => {
    const run = await runCli(
      [
        'batch',
        '--images',
        pics,
        '--prompt',
        'Turntable of the {name}',
        '--duration',
        '5',
        '--json',
      ],
      { env: env(), timeoutMs: SLOW_MS },
    );
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as {
      set: string;
      skipped: { path: string; problem: string }[];
      renders: { id: string; state: string }[];
    };
    expect(out.set).toMatch(/^set-/);
    expect(out.skipped).toEqual([
      expect.objectContaining({
        path: join(pics, 'broken.png'),
        problem: expect.stringContaining('damaged'),
      }),
    ]);
    expect(run.stderr).toContain(`skipped ${join(pics, 'broken.png')}`);
    expect(out.renders.map((r) => r.state)).toEqual(['done', 'done', 'done']);
    const manifests = await manifestsOnDisk(home.path);
    expect(manifests).toHaveLength(3);
    expect(new Set(manifests.map((m) => m.setId))).toEqual(new Set([out.set]));
    // Sorted by name; {name} is the file name without its extension.
    expect(out.renders.map((r) => manifests.find((m) => m.id === r.id)?.request.prompt)).toEqual([
      'Turntable of the blue-bag',
      'Turntable of the red-shoe-copy',
      'Turntable of the red-shoe',
    ]);
    // Two distinct contents: two uploads for three renders (the copy reuses red-shoe's).
    expect(posts('/agent/assets/images')).toHaveLength(2);
    expect(posts('/agent/runs')).toHaveLength(3);
  });

  it('starts nothing when the total is over --max-credits (exit 5)', async () => {
    // Kling 3.0, 5 s: 20 credits a render in the emulator, 60 for the three good pictures.
    const run = await runCli(['batch', '--images', pics, '--max-credits', '50'], {
      env: env(),
      timeoutMs: SLOW_MS,
    });
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toContain('estimated 60 credits in total');
    expect(run.stderr).toContain('more than --max-credits of 50 credits');
    expect(posts('/agent/runs')).toHaveLength(0);
    expect(await manifestsOnDisk(home.path)).toEqual([]);
    // Pricing needs one picture WeShop can read: at most that one upload, no other.
    expect(posts('/agent/assets/images').length).toBeLessThanOrEqual(1);
  });

  it('sends nothing for a folder without a usable picture, and names each problem (exit 2)', async () => {
    const bad = join(work.path, 'bad');
    await mkdir(bad);
    await writeFile(join(bad, 'empty.png'), '');
    await writeFile(join(bad, 'fake.jpg'), 'text, not a picture');
    const run = await runCli(['batch', '--images', bad], { env: env(), timeoutMs: SLOW_MS });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`skipped ${join(bad, 'empty.png')}: The image file is empty`);
    expect(run.stderr).toContain(`skipped ${join(bad, 'fake.jpg')}`);
    expect(emulator.requests.filter((r) => r.origin === 'api')).toHaveLength(0);
  });

  it('refuses a folder that does not exist and options without --images before any request', async () => {
    const missing = await runCli(['batch', '--images', join(work.path, 'nope')], {
      env: env(),
      timeoutMs: SLOW_MS,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('it does not exist');
    const stray = await runCli(['batch', join(work.path, 'jobs.csv'), '--prompt', 'x'], {
      env: env(),
    });
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('--prompt goes with --images');
    expect(emulator.requests).toHaveLength(0);
  });
});
