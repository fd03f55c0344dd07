import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../electron/app/core';
import { diskError } from '../../electron/library/disk-errors';
import { manifestPath, renderDir } from '../../electron/library/layout';
import { memoryLogger } from '../../electron/logging/logger';
import { createSecretStore, memoryKeychain } from '../../electron/secrets/store';
import type { RenderView } from '../../shared/job';
import { waitFor } from '../cli/helpers';
import { FIXTURES } from '../emulator/fixtures';
import { startEmulator } from '../emulator/server';
import type { Emulator } from '../emulator/types';

/*
 * The app's side of a render stopped by a disk error its render.json could not take: the
 * renderer hears it through the job:update it already listens to (the render's row shows the
 * error as its problem, in memory), with the app's own next step (restart it), not the CLI's.
 */

let emulator: Emulator | undefined;
let home: string | undefined;
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  await core?.library.close().catch(() => undefined);
  await emulator?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('app: a render that stopped without a record', () => {
  it('reaches the renderer as a job:update whose warning says why and what to do', async () => {
    emulator = await startEmulator({ timings: { pendingMs: 30, segmentingMs: 30, runningMs: 60 } });
    home = await mkdtemp(join(tmpdir(), 'kling-stopped-app-'));
    const env = { WESHOP_API_BASE: emulator.apiBase, WESHOP_API_KEY: emulator.apiKey };
    core = await createCore({
      home,
      secrets: createSecretStore({ env, keychain: memoryKeychain() }),
      env,
      mediaBase: 'http://127.0.0.1:9/media',
      watchLibrary: false,
      logger: memoryLogger(),
    });
    // The disk fills once the render downloads: render.json cannot be written any more.
    const { library } = core;
    const update = library.update;
    library.update = async (id, mutate) => {
      if ((await library.read(id))?.state !== 'downloading') return update(id, mutate);
      const full = Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
      });
      throw diskError(full, manifestPath(library.home, id));
    };
    const views: RenderView[] = [];
    core.subscribe('job:update', (view) => views.push(view));

    const queued = await core.engine.queue({ image: FIXTURES.pngImage, prompt: 'a full disk' });
    await core.engine.idle();

    const shown = await waitFor(
      () => views.find((view) => view.id === queued.id && view.warning),
      'the stopped render in a job:update',
    );
    expect(shown).toMatchObject({
      state: 'downloading',
      warning: `The disk holding ${renderDir(home, queued.id)} is full: free space there, then restart Kling Studio (it picks the render up where it stopped).`,
    });
  }, 30_000);
});
