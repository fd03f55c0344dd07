import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RenderManifest } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import { filesUnder, manifestsOnDisk, runCli } from './helpers';
import { cliSandbox } from './sandbox';

const cli = cliSandbox('kling-cli-home-');

// Each test spawns the real CLI (tsx start-up is seconds on a busy machine): generous bounds.
describe('kling-studio generate', { timeout: 120_000 }, () => {
  it('renders with --json: one JSON object, videos on disk byte-equal to the CDN, library intact', async () => {
    const run = await runCli(
      [
        'generate',
        FIXTURES.pngImage,
        '--prompt',
        'slow dolly-in, hair in the wind',
        '--batch',
        '2',
        '--json',
      ],
      { env: cli.env() },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout); // the whole of stdout is one JSON value
    expect(result).toMatchObject({ state: 'done', executionId: expect.any(String) });
    expect(result.error).toBeUndefined();
    expect(result.videos).toHaveLength(2);

    // The library the CLI wrote, read back by the app's own library code.
    const manifest = await cli.readManifest(result.id);
    expect(manifest).not.toBeNull();
    expect(RenderManifest.safeParse(manifest).success).toBe(true);
    expect(manifest?.state).toBe('done');
    expect(manifest?.request).toMatchObject({ image: FIXTURES.pngImage, batchCount: 2 });
    const folder = join(cli.home, 'renders', result.id);
    expect(result.videos).toEqual(manifest?.videos.map((v) => join(folder, v.file as string)));
    for (const [i, video] of (manifest?.videos ?? []).entries()) {
      const onDisk = await readFile(result.videos[i]);
      expect(onDisk.equals(await cli.emulator.videoBytes(video.url)), video.url).toBe(true);
    }
    expect(cli.emulator.startsByIdempotencyKey().get(manifest?.idempotencyKey as string)).toBe(1);

    const listed = await runCli(['list', '--json'], { env: cli.env() });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).items).toEqual([
      expect.objectContaining({ id: result.id, state: 'done', videos: result.videos }),
    ]);

    const shown = await runCli(['show', result.id, '--json'], { env: cli.env() });
    expect(shown.code).toBe(0);
    const body = JSON.parse(shown.stdout);
    expect(RenderManifest.parse(body)).toEqual(manifest);
    expect(body.videoPaths).toEqual(result.videos);

    // The key is in no output, no request to the CDN, no library file.
    for (const text of [run.stdout, run.stderr, listed.stdout, shown.stdout]) {
      expect(text).not.toContain(cli.emulator.apiKey);
    }
    for (const r of cli.emulator.requests.filter((q) => q.origin === 'cdn')) {
      expect(r.headers.authorization).toBeUndefined();
    }
    for (const file of (await filesUnder(cli.home)).filter((f) => /\.json|journal/.test(f))) {
      expect(await readFile(file, 'utf8')).not.toContain(cli.emulator.apiKey);
    }
  });

  it('prints video paths on stdout and progress lines on stderr without --json', async () => {
    const run = await runCli(
      ['generate', FIXTURES.jpegImage, '-p', 'pan left', '-d', '10', '-m', 'Kling_2_1'],
      {
        env: cli.env(),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const [id] = (await manifestsOnDisk(cli.home)).map((m) => m.id);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toEqual([
      `${id} done: 1 video`,
      join(cli.home, 'renders', id as string, 'video-1.mp4'),
    ]);
    expect(run.stderr).toMatch(new RegExp(`^${id} queued \\d+s$`, 'm'));
    expect(run.stderr).toMatch(new RegExp(`^${id} downloading video 1/1 100%$`, 'm'));
    const start = cli.emulator.requests.find(
      (r) => r.method === 'POST' && r.path.endsWith('/agent/runs'),
    );
    expect(JSON.parse(start?.body ?? '{}').params).toMatchObject({
      duration: '10s',
      modelName: 'Kling_2_1',
    });
  });

  describe('refuses invalid input before any request (exit 2, one line)', () => {
    const cases: [string, () => Promise<string[]>, string][] = [
      [
        'a duration the model does not have',
        async () => [FIXTURES.pngImage, '-p', 'x', '-m', 'Kling_2_1', '-d', '7s'],
        'Kling_2_1 supports 5s or 10s, not 7s',
      ],
      ['an http URL', async () => ['http://example.com/cat.png', '-p', 'x'], 'https, not http'],
      ['a missing file', async () => [join(cli.home, 'nope.png'), '-p', 'x'], 'Image not found'],
      [
        'a file that is not an image',
        async () => {
          const path = join(cli.home, 'notes.png');
          await writeFile(path, 'plain text pretending to be a png');
          return [path, '-p', 'x'];
        },
        'Not an image',
      ],
      [
        'a batch out of range',
        async () => [FIXTURES.pngImage, '-p', 'x', '-b', '17'],
        'at most 16',
      ],
      [
        'audio on a silent model',
        async () => [FIXTURES.pngImage, '-p', 'x', '-m', 'Kling_2_1', '--audio'],
        'cannot generate audio',
      ],
    ];
    it.each(cases)('%s', async (_name, args, message) => {
      const run = await runCli(['generate', ...(await args()), '--json'], { env: cli.env() });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: /);
      expect(lines[0]).toContain(message);
      expect(cli.emulator.requests).toEqual([]);
      expect(await manifestsOnDisk(cli.home)).toEqual([]);
    });
  });

  it('says clearly when the key is wrong, without printing it', async () => {
    const wrongKey = 'wrong-key-zq81x9';
    const run = await runCli(['generate', FIXTURES.pngImage, '-p', 'x', '--json'], {
      env: cli.env({ WESHOP_API_KEY: wrongKey }),
    });
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ state: 'failed', videos: [], error: { kind: 'bad-key' } });
    expect(run.stderr).toMatch(/^error: .*API key is invalid/m);
    expect(run.stdout + run.stderr).not.toContain(wrongKey);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('delete moves a render to the OS trash and says where; an unknown id is an error', async () => {
    const made = await runCli(['generate', FIXTURES.pngImage, '-p', 'x', '--json'], {
      env: cli.env(),
    });
    const { id } = JSON.parse(made.stdout);
    const removed = await runCli(['delete', id], { env: cli.env() });
    expect(removed.code, removed.stderr).toBe(0);
    // HOME is the test's home: the freedesktop.org Trash under it, with the .trashinfo a file
    // manager needs to put the folder back.
    const trash = join(cli.home, '.local', 'share', 'Trash');
    const match = new RegExp(
      `^Moved ${id} to the trash: (${trash}/files/[^ ]+) \\(\\d+(\\.\\d)? KB left the library\\)`,
    ).exec(removed.stdout);
    expect(match, removed.stdout).not.toBeNull();
    const trashed = match?.[1] ?? '';
    expect(JSON.parse(await readFile(join(trashed, 'render.json'), 'utf8')).id).toBe(id);
    const info = await readFile(join(trash, 'info', `${basename(trashed)}.trashinfo`), 'utf8');
    expect(info).toContain(`Path=${join(cli.home, 'trash-pending', id)}`);
    expect(await manifestsOnDisk(cli.home)).toEqual([]);
    expect(JSON.parse((await runCli(['list', '--json'], { env: cli.env() })).stdout)).toEqual({
      total: 0,
      items: [],
    });

    const again = await runCli(['delete', id], { env: cli.env() });
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(`error: No render with id ${id} (see \`kling-studio list\`)`);
  });
});
