import { access, copyFile, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLibrary } from '../../electron/library/library';
import { makeTempHome } from '../../electron/library/testing';
import { FIXTURES } from '../emulator/fixtures';
import { startEmulator } from '../emulator/server';
import { manifestsIn, spawnCli } from './support/cli-process';
import { waitFor } from './support/wait';

/*
 * The source image's copy into the render folder is made after the start request has left
 * (so Queue → start waits for no 5 MB copy). kill -9 in between — the start sent, its answer
 * and the copy not yet made — and `resume` in a new process makes the copy; if the original
 * is gone by then, the manifest says so and the render is kept.
 */

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  cleanup = [];
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function killBetweenStartAndCopy(options: { originalGoneBeforeResume: boolean }) {
  const emulator = await startEmulator({ honourIdempotencyKey: false });
  cleanup.push(() => emulator.close());
  const { home, remove } = await makeTempHome('kling-source-copy-');
  cleanup.push(remove);
  const env = {
    KLING_STUDIO_HOME: home,
    WESHOP_API_BASE: emulator.apiBase,
    WESHOP_API_KEY: emulator.apiKey,
  };
  // The user's picture, outside the library (it may be moved or deleted later).
  const picture = join(home, '..', `${home.split('/').at(-1)}-picture.png`);
  await copyFile(FIXTURES.pngImage, picture);
  cleanup.push(() => rm(picture, { force: true }));
  // The start's answer is late: the process is killed while it is on its way.
  emulator.inject({
    fault: { kind: 'slow', delayMs: 1_500 },
    match: { method: 'POST', path: '/agent/runs' },
  });

  const generate = spawnCli(['generate', picture, '--prompt', 'copy after start', '--json'], env);
  cleanup.push(async () => generate.child.kill('SIGKILL'));
  const starts = () =>
    emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/agent/runs'));
  await Promise.race([
    (async () => {
      await waitFor(
        async () => (await manifestsIn(home))[0]?.startSentAt,
        'startSentAt on disk',
        30_000,
      );
      await waitFor(() => starts().length === 1, 'the start to arrive', 30_000);
    })(),
    generate.exited.then((exit) => {
      throw new Error(`generate exited before the crash point (${exit.code}): ${exit.stderr}`);
    }),
  ]);
  generate.child.kill('SIGKILL');
  expect((await generate.exited).signal).toBe('SIGKILL');

  const crashed = (await manifestsIn(home))[0];
  if (!crashed) throw new Error('no render on disk at the crash point');
  const library = createLibrary({ home });
  cleanup.push(() => library.close());
  const folder = library.folderOf(crashed.id);
  // The start left before the copy: at the kill, the copy is owed and not made.
  expect(crashed.sourceImageCopy).toBe('pending');
  expect(crashed.sourceImageFile).toBeUndefined();
  expect((await readdir(folder)).filter((name) => name.startsWith('source.'))).toEqual([]);
  await waitFor(() => emulator.runCount() === 1, 'the slow start to create its run', 5_000);

  if (options.originalGoneBeforeResume) await rm(picture);
  const resume = await spawnCli(['resume', '--json'], env).exited;
  const m = await library.read(crashed.id);
  if (!m) throw new Error(`render ${crashed.id} is unreadable after resume`);
  // The start's fate is unknown (its answer never came back): never sent again.
  expect(m.state, resume.stderr).toBe('needs-attention');
  expect(emulator.startAttemptsByIdempotencyKey().get(m.idempotencyKey)).toBe(1);
  return { m, folder, picture };
}

describe('source image copy: kill -9 between the start and the copy, then resume', () => {
  it('resume copies the source image into the render folder', async () => {
    const { m, folder } = await killBetweenStartAndCopy({ originalGoneBeforeResume: false });
    expect(m.sourceImageFile).toBe('source.png');
    expect(m.sourceImageCopy).toBeUndefined();
    expect(
      (await readFile(join(folder, 'source.png'))).equals(await readFile(FIXTURES.pngImage)),
    ).toBe(true);
  }, 120_000);

  it('the original gone by then: the manifest says the copy is missing, and the render is kept', async () => {
    const { m, folder } = await killBetweenStartAndCopy({ originalGoneBeforeResume: true });
    expect(m.sourceImageCopy).toBe('missing');
    expect(m.sourceImageFile).toBeUndefined();
    expect(await exists(join(folder, 'source.png'))).toBe(false);
    expect(await exists(join(folder, 'render.json'))).toBe(true);
  }, 120_000);
});
