import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import { type RunningEmulator, startEmulator } from '../emulator/server';
import { cliEnv, manifestsOnDisk, runCli, tempDir } from './helpers';

let emulator: RunningEmulator;
let home: { path: string; remove: () => Promise<void> };
let work: { path: string; remove: () => Promise<void> };

beforeEach(async () => {
  // Idempotency-Key ignored: one start per render is the CLI's doing, not the server's.
  emulator = await startEmulator({
    timings: { pendingMs: 50, segmentingMs: 50, runningMs: 100 },
    honourIdempotencyKey: false,
  });
  home = await tempDir('kling-cli-batch-home-');
  work = await tempDir('kling-cli-batch-work-');
  // Relative image paths in a batch file are read from the file's own folder.
  await mkdir(join(work.path, 'pics'));
  await copyFile(FIXTURES.pngImage, join(work.path, 'pics', 'a.png'));
  await copyFile(FIXTURES.jpegImage, join(work.path, 'pics', 'b.jpg'));
});
afterEach(async () => {
  await emulator.close();
  await home.remove();
  await work.remove();
});

const env = () => cliEnv(home.path, emulator);

const startBodies = () =>
  emulator.requests
    .filter((r) => r.method === 'POST' && r.path.endsWith('/agent/runs'))
    .map((r) => JSON.parse(r.body ?? '{}').params);

async function expectAllOnDisk(results: { id: string; videos: string[] }[]) {
  const manifests = await manifestsOnDisk(home.path);
  for (const result of results) {
    const m = manifests.find((x) => x.id === result.id) as RenderManifest;
    expect(m.state).toBe('done');
    expect(result.videos).toHaveLength(m.videos.length);
    for (const [i, video] of m.videos.entries()) {
      const bytes = await readFile(result.videos[i] as string);
      expect(bytes.equals(await emulator.videoBytes(video.url))).toBe(true);
    }
  }
  return manifests;
}

describe('kling-studio batch', { timeout: 120_000 }, () => {
  it('renders every row of a CSV, quoted commas and quotes included', async () => {
    // Run from another folder: the images must still be found next to the CSV.
    await writeFile(
      join(work.path, 'jobs.csv'),
      'image,prompt,model,duration,audio,batch\r\n' +
        'pics/a.png,"pan left, then zoom",Kling_2_6,10,yes,2\r\n' +
        'pics/b.jpg,"tilt ""up"" slowly",,,,\r\n',
    );
    const run = await runCli(
      ['batch', join(work.path, 'jobs.csv'), '--json', '--concurrency', '2'],
      {
        env: env(),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout);
    expect(results).toHaveLength(2);
    expect(results.map((r: { state: string }) => r.state)).toEqual(['done', 'done']);
    const manifests = await expectAllOnDisk(results);
    const byPrompt = new Map(manifests.map((m) => [m.request.prompt, m.request]));
    expect(byPrompt.get('pan left, then zoom')).toMatchObject({
      image: join(work.path, 'pics', 'a.png'),
      model: 'Kling_2_6',
      duration: '10s',
      generateAudio: true,
      batchCount: 2,
    });
    expect(byPrompt.get('tilt "up" slowly')).toMatchObject({
      image: join(work.path, 'pics', 'b.jpg'),
      model: 'Kling_3_0',
      batchCount: 1,
    });
    expect(startBodies()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ textDescription: 'pan left, then zoom', generateAudio: 'true' }),
      ]),
    );
    expect(run.stderr).toContain('2 of 2 renders done');
  });

  it('renders a JSON batch and prints a summary', async () => {
    await writeFile(
      join(work.path, 'jobs.json'),
      JSON.stringify([
        { image: 'pics/a.png', prompt: 'first' },
        {
          image: join(work.path, 'pics', 'b.jpg'),
          prompt: 'second',
          duration: '3s',
          batchCount: 2,
        },
      ]),
    );
    const run = await runCli(['batch', join(work.path, 'jobs.json')], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('2 of 2 renders done');
    const manifests = await manifestsOnDisk(home.path);
    expect(manifests.map((m) => m.state)).toEqual(['done', 'done']);
    expect(manifests.reduce((n, m) => n + m.videos.length, 0)).toBe(3);
    expect(
      startBodies()
        .map((p) => p.duration)
        .sort(),
    ).toEqual(['3s', '5s']);
  });

  it('reports every bad row before sending anything, and queues nothing', async () => {
    await writeFile(join(work.path, 'notes.png'), 'not a picture');
    await writeFile(
      join(work.path, 'jobs.json'),
      JSON.stringify([
        { image: 'pics/a.png', prompt: 'fine' },
        { image: 'pics/missing.png', prompt: 'x' },
        { image: 'pics/a.png', prompt: 'x', model: 'Kling_2_1', duration: '7s' },
        { image: 'http://example.com/a.png', prompt: 'x' },
        { image: 'notes.png', prompt: 'x' },
        { image: 'pics/a.png', prompt: 'x', colour: 'red' },
      ]),
    );
    const run = await runCli(['batch', join(work.path, 'jobs.json'), '--json'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('error: 5 rows are invalid; nothing was queued');
    expect(lines.slice(1).map((l) => l.trim().split(':')[0])).toEqual([
      'row 2',
      'row 3',
      'row 4',
      'row 5',
      'row 6',
    ]);
    expect(lines[1]).toContain('Image not found');
    expect(lines[2]).toContain('supports 5s or 10s');
    expect(lines[3]).toContain('https');
    expect(lines[4]).toContain('Not an image');
    expect(lines[5]).toContain('colour');
    expect(emulator.requests).toEqual([]);
    expect(await manifestsOnDisk(home.path)).toEqual([]);
  });

  it('reports a CSV row error with its row number', async () => {
    await writeFile(
      join(work.path, 'jobs.csv'),
      'image,prompt,batch\npics/a.png,ok,1\npics/a.png,unquoted, comma,1\npics/a.png,ok,lots\n',
    );
    const run = await runCli(['batch', join(work.path, 'jobs.csv')], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ {2}row 2: has 4 fields but the header has 3/m);
    expect(run.stderr).toMatch(/^ {2}row 3: batchCount: .*whole number/m);
    expect(run.stderr).not.toMatch(/row 1:/);
    expect(emulator.requests).toEqual([]);
  });
});
