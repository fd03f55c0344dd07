import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { type Core, createCore } from '../../electron/app/core';
import { createIpcDispatch, type IpcDispatch } from '../../electron/app/ipc-handlers';
import { createMediaHandler } from '../../electron/library/media';
import { createSecretStore, memoryKeychain } from '../../electron/secrets/store';
import { startAppServer } from '../e2e/static-server';
import type { RunningEmulator } from '../emulator/server';

const rendererDir = join(import.meta.dirname, '..', '..', 'dist', 'renderer');

/**
 * window.kling assembled from the exposed binding, as the preload would. A string, not a
 * function: tsx's transform wraps named functions in a `__name` helper the page lacks, so the
 * script also defines that helper for the functions page.evaluate sends later. Events from
 * main are not needed here (the library does not change during the benchmark).
 */
const BRIDGE_SCRIPT = `
  globalThis.__name = (fn) => fn;
  Object.defineProperty(window, 'kling', {
    value: Object.freeze({
      invoke: (channel, request) => window.__klingInvoke(channel, request),
      on: () => () => {},
      pathForFile: () => null,
    }),
  });
`;

/**
 * A slim version of test/e2e/studio.ts for an existing library home: the built renderer in
 * Chromium with the real core (library, engine, IPC dispatch) bridged in through
 * page.exposeBinding, media served by the same handler Electron's protocol uses.
 */
export async function startGridApp(home: string, emulator: Pick<RunningEmulator, 'apiBase'>) {
  let core: Core | undefined;
  const server = await startAppServer(rendererDir, () => {
    if (!core) throw new Error('the core is not ready');
    return createMediaHandler({ library: core.library });
  });
  core = await createCore({
    home,
    secrets: createSecretStore({ env: {}, keychain: memoryKeychain() }),
    env: { WESHOP_API_BASE: emulator.apiBase },
    mediaBase: `${server.origin}/media`,
  });
  const dispatch: IpcDispatch = createIpcDispatch(core, {
    pickImage: async () => null,
    showInFolder: () => {},
    openExternal: async () => {},
  });
  await core.start();
  // Each render:list's limit (null: none asked, the core's default): the grid must ask for pages.
  const served = { lists: 0, listLimits: [] as Array<number | null> };

  return {
    served,
    /** The core's IPC, as main answers the page (for timing a query without a page). */
    dispatch,
    /** Opens the app; resolves once the page has loaded (its first data may still be coming). */
    async open(browser: Browser): Promise<Page> {
      const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
      await page.exposeBinding('__klingInvoke', async (_source, channel: string, payload) => {
        const result = await dispatch(channel, payload);
        if (channel === 'render:list') {
          served.lists++;
          served.listLimits.push((payload as { limit?: number }).limit ?? null);
        }
        return result;
      });
      await page.addInitScript(BRIDGE_SCRIPT);
      await page.goto(`${server.origin}/index.html`);
      return page;
    },
    async close() {
      await core?.close();
      await server.close();
    },
  };
}
