import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../emulator/fixtures';
import { CLI_MAIN, ROOT, runCli } from './helpers';
import { cliSandbox } from './sandbox';

/** The CLI run from another folder (tsx named by path: the folder has no node_modules). */
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const fromFolder = [process.execPath, '--import', TSX, CLI_MAIN];

// WeShop's own last frames: the continuation's first frame is a file, no ffmpeg needed.
const cli = cliSandbox('kling-cli-continue-end-', {
  videoFixtures: [FIXTURES.largeVideo],
  lastFrames: true,
});

/** A finished render to continue from; its id. */
async function finished(env: Record<string, string>, ...more: string[]): Promise<string> {
  const first = await runCli(
    ['generate', FIXTURES.pngImage, '-p', 'a kite rises', ...more, '--json'],
    { env },
  );
  expect(first.code, first.stderr).toBe(0);
  return JSON.parse(first.stdout).id as string;
}

describe('kling-studio continue --end-frame', { timeout: 120_000 }, () => {
  it("renders from the last frame to the picture given: sent as the run's second image", async () => {
    const env = cli.env();
    const id = await finished(env, '-b', '2');
    await writeFile(join(cli.home, 'end.jpg'), await readFile(FIXTURES.jpegImage));
    // A relative path is the user's cwd's, as generate reads its image.
    const next = await runCli(
      ['continue', id, '-p', 'the kite lands', '--end-frame', 'end.jpg', '--json'],
      { env, cwd: cli.home, command: fromFolder },
    );
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(
      `Continuing ${id} from its last frame to ${join(cli.home, 'end.jpg')}`,
    );
    const result = JSON.parse(next.stdout);
    expect(result).toMatchObject({ state: 'done' });
    const manifest = await cli.readManifest(result.id);
    expect(manifest?.continuedFrom).toEqual({ id, videoIndex: 0 });
    // One video (the source made two): the batch is asked for, never inherited.
    expect(manifest?.request).toMatchObject({
      agent: 'kling',
      endFrame: join(cli.home, 'end.jpg'),
      batchCount: 1,
    });

    const run = cli.emulator.createdRuns?.().at(-1);
    expect(run?.params?.images).toHaveLength(2);
    expect(run?.params?.images).toEqual(manifest?.uploadedImageUrls);
    const [first, last] = await Promise.all(
      (run?.params?.images ?? []).map(async (url) =>
        Buffer.from(await (await fetch(url)).arrayBuffer()),
      ),
    );
    expect(first?.equals(await readFile(FIXTURES.largeVideoLastFrame))).toBe(true);
    expect(last?.equals(await readFile(FIXTURES.jpegImage))).toBe(true);
  });

  it('refuses an end frame on Kling_2_1_Master, and one that is not a usable picture, before any request (exit 2)', async () => {
    const env = cli.env();
    const id = await finished(env);
    const requestsBefore = cli.emulator.requests.length;

    const master = await runCli(
      ['continue', id, '-p', 'x', '-m', 'Kling_2_1_Master', '--end-frame', FIXTURES.jpegImage],
      { env },
    );
    expect(master.code).toBe(2);
    expect(master.stderr.trim()).toBe(
      'error: endFrame: Kling 2.1 Master cannot end on a chosen frame: choose Kling 3.0, 2.6, 2.5 Turbo or 2.1 for an end frame',
    );

    const notAPicture = join(cli.home, 'notes.png');
    await writeFile(notAPicture, 'not a picture at all');
    const bad = await runCli(['continue', id, '-p', 'x', '--end-frame', notAPicture], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(notAPicture);

    const missing = await runCli(['continue', id, '-p', 'x', '--end-frame', '/nowhere/end.png'], {
      env,
    });
    expect(missing.code, missing.stderr).not.toBe(0);
    expect(missing.stderr).toContain('/nowhere/end.png');

    expect(cli.emulator.requests.length).toBe(requestsBefore);
    const listed = await runCli(['list', '--json'], { env });
    expect(JSON.parse(listed.stdout).items).toHaveLength(1);
  });
});
