import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../emulator/fixtures';
import { type RunningEmulator, startEmulator } from '../emulator/server';
import { cliEnv, runCli, tempDir } from './helpers';

let emulator: RunningEmulator;
let home: { path: string; remove: () => Promise<void> };

beforeEach(async () => {
  emulator = await startEmulator({ timings: { pendingMs: 30, segmentingMs: 30, runningMs: 60 } });
  home = await tempDir('kling-cli-upload-once-');
});
afterEach(async () => {
  await emulator.close();
  await home.remove();
});

const uploads = () =>
  emulator.requests.filter(
    (r) => r.origin === 'api' && r.method === 'POST' && r.path.endsWith('/agent/assets/images'),
  );
const starts = () =>
  emulator.requests.filter(
    (r) => r.origin === 'api' && r.method === 'POST' && r.path.endsWith('/agent/runs'),
  );

// Real CLI processes (tsx start-up takes seconds on a busy machine): generous bounds.
describe('kling-studio generate: upload once', { timeout: 120_000 }, () => {
  it('uploads a picture once across runs, processes and file names; the cache holds no key', async () => {
    const generate = async (image: string, prompt: string) => {
      const run = await runCli(['generate', image, '--prompt', prompt, '--json'], {
        env: cliEnv(home.path, emulator),
      });
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ state: 'done' });
    };
    // The background upload (started once the image is valid) and the job's upload step are
    // one upload, not two.
    await generate(FIXTURES.pngImage, 'slow dolly-in');
    expect(uploads()).toHaveLength(1);
    // A second CLI process, another prompt: the library's upload cache answers.
    await generate(FIXTURES.pngImage, 'a slow zoom out');
    // The same bytes under another name are the same picture.
    const copy = join(home.path, 'copy of input.png');
    await copyFile(FIXTURES.pngImage, copy);
    await generate(copy, 'the camera circles');
    expect(uploads()).toHaveLength(1);
    expect(starts()).toHaveLength(3);
    // Another picture is another upload.
    await generate(FIXTURES.jpegImage, 'slow dolly-in');
    expect(uploads()).toHaveLength(2);

    const cache = await readFile(join(home.path, 'uploads.json'), 'utf8');
    expect(Object.keys(JSON.parse(cache).uploads)).toHaveLength(2);
    expect(cache).not.toContain(emulator.apiKey);
    expect(cache).not.toContain('input.png');
  });
});
