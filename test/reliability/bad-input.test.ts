import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes';
import {
  type DamagedPicture,
  damagedPictures,
  pngClaiming,
} from '../../electron/images/testing/pictures';
import { createMediaHandler } from '../../electron/library/media';
import { mapLimit } from '../../electron/library/serialize';
import type { ErrorKind } from '../../shared/errors';
import type { IpcResult } from '../../shared/ipc';
import { mediaUrl } from '../../shared/media-url';
import { MODEL_CATALOGUE, type ModelName } from '../../shared/models';
import { cliEnv, manifestsOnDisk, runCli, tempDir } from '../cli/helpers';
import { FIXTURES } from '../emulator/fixtures';
import { type CoreStack, MEDIA_BASE, startCoreStack } from './support/core-stack';
import { recordCounts } from './support/counts';
import { makePng } from './support/images';

/**
 * Bad input never costs credits: every row is refused with the exact error kind, and the
 * emulator (both origins) sees no request at all. Images are checked twice — through
 * `image:inspect` and through a queued render, which must fail locally before any upload.
 */

const KEY = 'bad-input-key-0001';
let stack: CoreStack;
let files: string;
let renderA: string;
let renderB: string;
let passedRows = 0;

type Observed =
  | ErrorKind
  | 'ok'
  | 'the two paths disagree'
  | 'a render was created for a bad image'
  | `http ${number}`;

interface BadInput {
  name: string;
  kind: ErrorKind;
  run: () => Promise<Observed>;
}

const kindOf = (result: IpcResult<unknown>): Observed => (result.ok ? 'ok' : result.error.kind);
const ipc = (channel: string, payload: unknown) => async () =>
  kindOf(await stack.dispatch(channel, payload));

/** A bad image: refused by image:inspect, and by render:queue before any render is created. */
const image = (name: string, pathOf: () => string): BadInput => ({
  name: `image: ${name}`,
  kind: 'invalid-input',
  run: async () => {
    const path = pathOf();
    const inspected = kindOf(await stack.dispatch('image:inspect', { path }));
    // Queuing it is refused the same way, before a render exists (nothing to clean up).
    const queued = await stack.dispatch('render:queue', { image: path, prompt: 'wave' });
    if (queued.ok) return 'a render was created for a bad image';
    if (queued.error.kind !== inspected) return 'the two paths disagree';
    return inspected;
  },
});

/** A bad request: refused by the engine itself and by IPC render:queue, no render created. */
const request = (name: string, fields: Record<string, unknown>): BadInput => ({
  name: `request: ${name}`,
  kind: 'invalid-input',
  run: async () => {
    const full = { image: FIXTURES.pngImage, prompt: 'slow dolly-in', ...fields };
    const before = (await stack.core.library.list()).total;
    const viaIpc = kindOf(await stack.dispatch('render:queue', full));
    const viaEngine = await stack.core.engine.queue(full as never).then(
      () => 'ok' as const,
      (error: { kind?: ErrorKind }) => error.kind ?? 'internal',
    );
    const after = (await stack.core.library.list()).total;
    if (after !== before) return 'ok'; // a render was created: that is the failure
    return viaIpc === viaEngine ? viaIpc : 'the two paths disagree';
  },
});

const media = (name: string, url: () => string): BadInput => ({
  name: `media protocol: ${name}`,
  kind: 'not-found',
  run: async () => {
    const response = await createMediaHandler({ library: stack.core.library })(new Request(url()));
    await response.body?.cancel();
    return response.status === 404 ? 'not-found' : `http ${response.status}`;
  },
});

const file = (name: string) => join(files, name);
const FIVE_TEN_MODELS = (Object.keys(MODEL_CATALOGUE) as ModelName[]).filter(
  (m) => MODEL_CATALOGUE[m].durations.length === 2,
);
const SILENT_MODELS = (Object.keys(MODEL_CATALOGUE) as ModelName[]).filter(
  (m) => !MODEL_CATALOGUE[m].audio,
);
const NO_SUCH_ID = 'zzzzzzzzz-nosuch';
const DAMAGED = damagedPictures();
const BOMB = { file: 'claims-100000x100000.png', bytes: pngClaiming(100_000, 100_000) };

const ROWS: BadInput[] = [
  // Images (local checks before any upload)
  image('missing file', () => file('nope.png')),
  image('zero-byte file', () => file('empty.png')),
  image('corrupt PNG (signature, then garbage)', () => file('corrupt.png')),
  image('truncated JPEG header', () => file('truncated.jpg')),
  image('huge (> 10 MB)', () => file('huge.png')),
  image('text file named .png', () => file('notes.png')),
  image('text file named .jpg', () => file('notes.jpg')),
  image('unsupported format: GIF', () => file('still.gif')),
  image('GIF renamed to .png', () => file('gif-in-disguise.png')),
  image('unsupported format: BMP', () => file('bitmap.bmp')),
  image('too small (200×200)', () => file('small.png')),
  image('one side too small (299×600)', () => file('narrow.png')),
  image('too wide (1000×300)', () => file('wide.png')),
  image('too tall (300×800)', () => file('tall.png')),
  image('a folder, not a file', () => files),
  // Pictures cut short or damaged: their headers are fine, so only reading them whole tells.
  ...DAMAGED.map((picture) => image(`damaged: ${picture.file}`, () => file(picture.file))),
  image('a header claiming 100000×100000 px', () => file(BOMB.file)),
  // Image sources that are not a local absolute path or an https URL
  request('http (not https) image URL', { image: 'http://cdn.example.com/cat.png' }),
  request('non-URL garbage as image', { image: 'not a path or url ::' }),
  request('relative image path', { image: 'cat.png' }),
  request('ftp image URL', { image: 'ftp://example.com/cat.png' }),
  request('file: URL as image', { image: 'file:///etc/passwd' }),
  request('empty image', { image: '' }),
  // Prompt
  request('empty prompt', { prompt: '' }),
  request('whitespace-only prompt', { prompt: ' \n\t ' }),
  request('prompt of 2501 characters', { prompt: 'x'.repeat(2501) }),
  request('prompt missing', { prompt: undefined }),
  request('prompt not a string', { prompt: 42 }),
  // Model, duration, audio
  request('unknown model', { model: 'Kling_9_9' }),
  request('model in the wrong case', { model: 'kling_3_0' }),
  ...['2s', '16s', '5.5s', '5', '0s', '-5s'].map((duration) =>
    request(`Kling_3_0 duration ${JSON.stringify(duration)}`, { model: 'Kling_3_0', duration }),
  ),
  request('Kling_3_0 duration as a number', { model: 'Kling_3_0', duration: 5 }),
  ...FIVE_TEN_MODELS.flatMap((model) =>
    ['3s', '7s', '15s'].map((duration) =>
      request(`${model} duration ${duration}`, { model, duration }),
    ),
  ),
  ...SILENT_MODELS.map((model) => request(`audio on ${model}`, { model, generateAudio: true })),
  request('audio as the string "true"', { generateAudio: 'true' }),
  // Batch
  ...[0, 17, 1.5, '3', -1, Number.NaN].map((batchCount) =>
    request(`batch ${String(typeof batchCount === 'string' ? `"${batchCount}"` : batchCount)}`, {
      batchCount,
    }),
  ),
  // IPC payloads
  request('unknown field in render:queue', { extra: true }),
  { name: 'ipc: unknown channel', kind: 'invalid-input', run: ipc('fs:read', { path: '/etc' }) },
  {
    name: 'ipc: unknown field in key:status',
    kind: 'invalid-input',
    run: ipc('key:status', { reveal: true }),
  },
  {
    name: 'ipc: unknown field in render:get',
    kind: 'invalid-input',
    run: ipc('render:get', { id: NO_SUCH_ID, withKey: true }),
  },
  {
    name: 'ipc: unknown field in settings:set',
    kind: 'invalid-input',
    run: ipc('settings:set', { concurrency: 2, apiBase: 'https://evil.example' }),
  },
  {
    name: 'ipc: settings concurrency 0',
    kind: 'invalid-input',
    run: ipc('settings:set', { concurrency: 0 }),
  },
  {
    name: 'ipc: render:list with an unknown field',
    kind: 'invalid-input',
    run: ipc('render:list', { where: '1=1' }),
  },
  {
    name: 'ipc: open-external with http',
    kind: 'invalid-input',
    run: ipc('app:open-external', { url: 'http://example.com' }),
  },
  {
    name: 'ipc: thumbnail that is not a JPEG data URL',
    kind: 'invalid-input',
    run: ipc('render:save-thumbnail', { id: NO_SUCH_ID, dataUrl: 'data:image/png;base64,AAAA' }),
  },
  {
    name: 'ipc: render:retry with a confirmation that is not a boolean',
    kind: 'invalid-input',
    run: ipc('render:retry', { id: NO_SUCH_ID, confirmChargeTwice: 'yes' }),
  },
  {
    name: 'ipc: render:render-missing asking for its own count',
    kind: 'invalid-input',
    run: ipc('render:render-missing', { id: NO_SUCH_ID, batchCount: 16 }),
  },
  {
    // Only a partial render has missing videos; anything else would be a new paid run.
    name: 'ipc: render:render-missing of a render that is not partial',
    kind: 'invalid-input',
    run: async () => kindOf(await stack.dispatch('render:render-missing', { id: renderA })),
  },
  {
    name: 'ipc: key:set with a too-short key',
    kind: 'invalid-input',
    run: ipc('key:set', { key: 'short' }),
  },
  // Path traversal through IPC
  {
    name: 'ipc: image:inspect with ../ (relative)',
    kind: 'invalid-input',
    run: async () =>
      kindOf(
        await stack.dispatch('image:inspect', {
          // ../<this folder>/…: resolves to the real fixture from the process's cwd.
          path: join('..', relative(join(process.cwd(), '..'), FIXTURES.pngImage)),
        }),
      ),
  },
  {
    name: 'ipc: image:inspect with ../ climbing from a real folder',
    kind: 'invalid-input',
    run: async () =>
      kindOf(
        await stack.dispatch('image:inspect', {
          path: `${files}/../${relative(join(files, '..'), FIXTURES.pngImage)}`,
        }),
      ),
  },
  { name: 'ipc: render id ".."', kind: 'invalid-input', run: ipc('render:get', { id: '..' }) },
  {
    name: 'ipc: render id with ../',
    kind: 'invalid-input',
    run: ipc('render:get', { id: '../../etc' }),
  },
  {
    name: 'ipc: render id with slashes',
    kind: 'invalid-input',
    run: ipc('render:delete', { id: 'renders/abc/def' }),
  },
  {
    name: 'ipc: render id with a backslash',
    kind: 'invalid-input',
    run: ipc('render:show-in-folder', { id: '..\\..\\windows' }),
  },
  // Ids that do not exist
  {
    name: 'ipc: render:get unknown id',
    kind: 'not-found',
    run: ipc('render:get', { id: NO_SUCH_ID }),
  },
  {
    name: 'ipc: render:delete unknown id',
    kind: 'not-found',
    run: ipc('render:delete', { id: NO_SUCH_ID }),
  },
  {
    name: 'ipc: render:retry unknown id',
    kind: 'not-found',
    run: ipc('render:retry', { id: NO_SUCH_ID }),
  },
  {
    name: 'ipc: render:render-missing unknown id',
    kind: 'not-found',
    run: ipc('render:render-missing', { id: NO_SUCH_ID }),
  },
  {
    name: 'ipc: render:favourite unknown id',
    kind: 'not-found',
    run: ipc('render:favourite', { id: NO_SUCH_ID, favourite: true }),
  },
  {
    name: 'ipc: render:show-in-folder unknown id',
    kind: 'not-found',
    run: ipc('render:show-in-folder', { id: NO_SUCH_ID }),
  },
  // The media protocol
  media('render.json is not media', () => mediaUrl(MEDIA_BASE, renderA, 'render.json')),
  media('a .part file is never served', () => `${MEDIA_BASE}/${renderA}/video-1.mp4.part`),
  media('../ encoded in the file name', () => `${MEDIA_BASE}/${renderA}/..%2Frender.json`),
  media('%2e%2e segments', () => `${MEDIA_BASE}/${renderA}/%2e%2e/%2e%2e/secret.mp4`),
  media('plain ../ segments', () => `${MEDIA_BASE}/${renderA}/../../../secret.mp4`),
  media(
    'encoded slashes to another render',
    () => `${MEDIA_BASE}/${renderA}/..%2F${renderB}%2Fvideo-1.mp4`,
  ),
  media('encoded backslashes', () => `${MEDIA_BASE}/${renderA}/..%5C..%5Csecret.mp4`),
  media('absolute path as the file', () => `${MEDIA_BASE}/${renderA}/%2Fetc%2Fpasswd.mp4`),
  media('absolute path as the URL', () => 'kling-media:///etc/passwd.mp4'),
  media('id that is ..', () => `${MEDIA_BASE}/%2e%2e/video-1.mp4`),
  media('symlink out of the render folder', () => `${MEDIA_BASE}/${renderA}/video-9.mp4`),
  media('unknown render id', () => `${MEDIA_BASE}/${NO_SUCH_ID}/video-1.mp4`),
];

beforeAll(async () => {
  stack = await startCoreStack({ key: KEY });
  files = await mkdtemp(join(tmpdir(), 'kling-bad-input-'));
  const huge = Buffer.concat([makePng(400, 400), Buffer.alloc(10 * 1024 * 1024 + 1024)]);
  const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([64, 1, 64, 1]), Buffer.alloc(64)]);
  await Promise.all([
    writeFile(file('empty.png'), ''),
    writeFile(
      file('corrupt.png'),
      Buffer.concat([makePng(400, 400).subarray(0, 8), Buffer.alloc(200, 7)]),
    ),
    writeFile(file('truncated.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00])),
    writeFile(file('huge.png'), huge),
    writeFile(file('notes.png'), 'these are my notes, not an image\n'),
    writeFile(file('notes.jpg'), '{"json": "not an image either"}'),
    writeFile(file('still.gif'), gif),
    writeFile(file('gif-in-disguise.png'), gif),
    writeFile(file('bitmap.bmp'), Buffer.concat([Buffer.from('BM'), Buffer.alloc(120)])),
    writeFile(file('small.png'), makePng(200, 200)),
    writeFile(file('narrow.png'), makePng(299, 600)),
    writeFile(file('wide.png'), makePng(1000, 300)),
    writeFile(file('tall.png'), makePng(300, 800)),
    writeFile(file('secret.mp4'), 'outside the library'),
    ...[...DAMAGED, BOMB].map((picture) => writeFile(file(picture.file), picture.bytes)),
  ]);
  // Two real renders with a media file each, for the protocol rows.
  const request = { image: FIXTURES.pngImage, prompt: 'media target' };
  renderA = (await stack.core.library.create(request)).id;
  renderB = (await stack.core.library.create(request)).id;
  for (const id of [renderA, renderB]) {
    await writeFile(join(stack.core.library.folderOf(id), 'video-1.mp4'), `video of ${id}`);
  }
  await symlink(file('secret.mp4'), join(stack.core.library.folderOf(renderA), 'video-9.mp4'));
  await mkdir(join(files, 'sub'), { recursive: true });
});

afterAll(async () => {
  await stack?.close();
  if (files) await rm(files, { recursive: true, force: true });
  if (passedRows === ROWS.length) {
    await recordCounts('badInputs', {
      rows: passedRows,
      images: ROWS.filter((r) => r.name.startsWith('image:')).length,
      requests: ROWS.filter((r) => r.name.startsWith('request:')).length,
      ipc: ROWS.filter((r) => r.name.startsWith('ipc:')).length,
      media: ROWS.filter((r) => r.name.startsWith('media protocol:')).length,
    });
  }
});

describe('bad input is refused locally, with the right kind, and sends nothing', () => {
  it('has at least 40 rows', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
  });

  it('serves a legitimate media URL (so the 404s below mean something)', async () => {
    const handler = createMediaHandler({ library: stack.core.library });
    const response = await handler(new Request(mediaUrl(MEDIA_BASE, renderA, 'video-1.mp4')));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`video of ${renderA}`);
  });

  it('accepts the good fixture image (so the image rows mean something)', async () => {
    const result = await stack.dispatch('image:inspect', { path: FIXTURES.pngImage });
    expect(result.ok).toBe(true);
  });

  for (const row of ROWS) {
    it(row.name, async () => {
      const seen = stack.emulator.requests.length;
      expect(await row.run()).toBe(row.kind);
      expect(stack.emulator.requests.slice(seen)).toEqual([]);
      passedRows++;
    });
  }
});

/**
 * The same damaged pictures through the real CLI process: `generate` (and `estimate`, which
 * would ask WeShop for a price) exit with the invalid-input code, name the file and the
 * damage, create no render, and the emulator sees no upload, no estimate and no start.
 */
describe('the CLI refuses a damaged picture before any request', { timeout: 240_000 }, () => {
  it('generate and estimate, one process per picture', async () => {
    const home = await tempDir('kling-bad-input-cli-');
    const seen = stack.emulator.requests.length;
    try {
      const env = cliEnv(home.path, stack.emulator);
      const runs = [
        ...[...DAMAGED, BOMB].map((p) => ({ command: 'generate', picture: p })),
        { command: 'estimate', picture: DAMAGED[0] as DamagedPicture },
      ];
      // Each process is seconds of tsx start-up: two at a time on a two-core machine.
      const exits = await mapLimit(runs, 2, async ({ command, picture }) => {
        const path = file(picture.file);
        const run = await runCli([command, path, '--prompt', 'wave'], { env, timeoutMs: 90_000 });
        return { command, path, code: run.code, stderr: run.stderr };
      });
      for (const exit of exits) {
        const what = `${exit.command} ${exit.path}: ${exit.stderr}`;
        expect(exit.code, what).toBe(EXIT.invalidInput);
        expect(exit.stderr, what).toContain(exit.path);
        expect(exit.stderr, what).toMatch(
          exit.path.endsWith(BOMB.file)
            ? /Kling Studio takes at most 100 MP/
            : /the picture is damaged or incomplete \(.+\)\. Open it in an image viewer/,
        );
      }
      expect(stack.emulator.requests.slice(seen)).toEqual([]);
      expect(await manifestsOnDisk(home.path)).toEqual([]);
    } finally {
      await home.remove();
    }
  });
});
