import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFfmpeg } from '../../electron/continue/last-frame';
import { decodeRgb, meanDifference } from '../../electron/testing/raw-frames';
import { FIXTURES } from '../emulator/fixtures';
import { runCli } from './helpers';
import { cliSandbox } from './sandbox';

const cli = cliSandbox('kling-cli-continue-', {
  // 480x360 clips: their frames are valid Kling images (>= 300 px a side).
  videoFixtures: [FIXTURES.largeVideo],
});

describe('kling-studio continue', { timeout: 120_000 }, () => {
  it('uploads the last frame of the first video and renders on with the same settings', async () => {
    const env = cli.env();
    const first = await runCli(
      [
        'generate',
        FIXTURES.pngImage,
        '-p',
        'a kite rises',
        '-m',
        'Kling_2_6',
        '-d',
        '10s',
        '--json',
      ],
      { env },
    );
    expect(first.code, first.stderr).toBe(0);
    const source = JSON.parse(first.stdout);

    const next = await runCli(['continue', source.id, '--prompt', 'the kite loops', '--json'], {
      env,
    });
    expect(next.code, next.stderr).toBe(0);
    const result = JSON.parse(next.stdout);
    expect(result).toMatchObject({ state: 'done', executionId: expect.any(String) });
    const manifest = await cli.readManifest(result.id);
    expect(manifest?.continuedFrom).toEqual({ id: source.id, videoIndex: 0 });
    const shown = await runCli(['show', result.id], { env });
    expect(shown.stdout).toContain(`continues video 1 of ${source.id}`);
    expect(manifest?.request).toMatchObject({
      prompt: 'the kite loops',
      model: 'Kling_2_6',
      duration: '10s',
      batchCount: 1,
    });

    // What WeShop received, decoded, is the source video's last frame (decoded separately).
    const uploads = cli.emulator.requests.filter(
      (r) => r.origin === 'api' && r.path.endsWith('/agent/assets/images'),
    );
    expect(uploads).toHaveLength(2); // the first image, then the frame
    const uploaded = join(cli.home, 'uploaded-frame.png');
    await writeFile(
      uploaded,
      Buffer.from(await (await fetch(manifest?.uploadedImageUrl as string)).arrayBuffer()),
    );
    const ffmpeg = await findFfmpeg(process.env);
    const frame = await decodeRgb(ffmpeg, uploaded);
    const video = await decodeRgb(ffmpeg, source.videos[0]);
    expect([frame.width, frame.height]).toEqual([video.width, video.height]);
    expect(meanDifference(frame.frames[0] as Buffer, video.frames.at(-1) as Buffer)).toBeLessThan(
      1,
    );
    expect(meanDifference(frame.frames[0] as Buffer, video.frames[0] as Buffer)).toBeGreaterThan(1);
  });

  it('says clearly when ffmpeg is missing (WeShop gave no lastFrame), and queues nothing', async () => {
    const env = cli.env();
    const first = await runCli(['generate', FIXTURES.pngImage, '-p', 'a', '--json'], { env });
    expect(first.code, first.stderr).toBe(0);
    const requestsBefore = cli.emulator.requests.length;
    const run = await runCli(['continue', JSON.parse(first.stdout).id, '--prompt', 'x'], {
      env: { ...env, PATH: cli.home },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'ffmpeg is needed to take the last frame of a video and was not found',
    );
    expect(cli.emulator.requests.length).toBe(requestsBefore);
    const listed = await runCli(['list', '--json'], { env });
    expect(JSON.parse(listed.stdout).items).toHaveLength(1);
  });

  it("uses WeShop's lastFrame when the run gave one: those exact bytes, no ffmpeg needed", async () => {
    await cli.restartEmulator({ lastFrames: true });
    const env = cli.env();
    const first = await runCli(['generate', FIXTURES.pngImage, '-p', 'a', '--json'], { env });
    expect(first.code, first.stderr).toBe(0);
    const source = await cli.readManifest(JSON.parse(first.stdout).id);
    expect(source?.videos[0]?.lastFrameFile).toBe('last-frame-1.png');
    const next = await runCli(['continue', source?.id as string, '-p', 'b', '--json'], {
      env: { ...env, PATH: cli.home }, // no ffmpeg anywhere
    });
    expect(next.code, next.stderr).toBe(0);
    const manifest = await cli.readManifest(JSON.parse(next.stdout).id);
    const uploaded = Buffer.from(
      await (await fetch(manifest?.uploadedImageUrl as string)).arrayBuffer(),
    );
    expect(uploaded.equals(await readFile(FIXTURES.largeVideoLastFrame))).toBe(true);
  });

  it('holds a continuation to --max-credits and the Settings caps, like generate (exit 5, no start)', async () => {
    const env = cli.env();
    const first = await runCli(['generate', FIXTURES.pngImage, '-p', 'a', '--json'], { env });
    expect(first.code, first.stderr).toBe(0);
    const id = JSON.parse(first.stdout).id as string;
    const startsBefore = cli.startRequests().length;

    const capped = await runCli(['continue', id, '-p', 'b', '--max-credits', '10'], { env });
    expect(capped.code, capped.stderr).toBe(5);
    expect(capped.stderr).toContain(
      'refused, nothing was started: This render is estimated at 20 credits, more than --max-credits of 10 credits.',
    );

    await writeFile(join(cli.home, 'settings.json'), JSON.stringify({ maxCreditsPerRender: 15 }));
    const overSettings = await runCli(['continue', id, '-p', 'b'], { env });
    expect(overSettings.code, overSettings.stderr).toBe(5);
    expect(overSettings.stderr).toContain('more than your per-render cap of 15 credits.');

    const badCap = await runCli(['continue', id, '-p', 'b', '--max-credits', 'lots'], { env });
    expect(badCap.code).toBe(2);
    expect(badCap.stderr).toMatch(/--max-credits must be a number/);

    expect(cli.startRequests()).toHaveLength(startsBefore);
    const listed = await runCli(['list', '--json'], { env });
    expect(JSON.parse(listed.stdout).items).toHaveLength(1);
  });

  it('refuses a failed render (no video to continue from) before any request (exit 2)', async () => {
    const env = cli.env();
    cli.emulator.inject({ fault: { kind: 'run-fails', reason: 'no face found in the image' } });
    const first = await runCli(['generate', FIXTURES.pngImage, '-p', 'a', '--json'], { env });
    expect(first.code).toBe(1);
    const failed = JSON.parse(first.stdout) as { id: string; state: string };
    expect(failed.state).toBe('failed');
    const requestsBefore = cli.emulator.requests.length;
    const run = await runCli(['continue', failed.id, '-p', 'b'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      `error: Render ${failed.id} has no downloaded video to continue from (it is failed)`,
    );
    expect(cli.emulator.requests.length).toBe(requestsBefore);
  });

  it('refuses an unknown render and a combination the catalogue does not allow', async () => {
    const env = cli.env();
    const unknown = await runCli(['continue', 'm3x9k2a1b-4fz0qa', '--prompt', 'x'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No render with id m3x9k2a1b-4fz0qa');
    expect(unknown.stderr).toContain('(see `kling-studio list`)');
    const first = await runCli(['generate', FIXTURES.pngImage, '-p', 'a', '-d', '7s', '--json'], {
      env,
    });
    expect(first.code, first.stderr).toBe(0);
    const requestsBefore = cli.emulator.requests.length;
    const bad = await runCli(
      ['continue', JSON.parse(first.stdout).id, '-p', 'b', '-m', 'Kling_2_1'],
      { env },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('error: duration: Kling_2_1 supports 5s or 10s, not 7s');
    expect(cli.emulator.requests.length).toBe(requestsBefore);
  });
});
