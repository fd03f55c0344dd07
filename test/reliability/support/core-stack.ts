import { type Core, createCore } from '../../../electron/app/core';
import { createIpcDispatch, type IpcDispatch } from '../../../electron/app/ipc-handlers';
import type { PlatformServices } from '../../../electron/app/platform';
import { makeTempHome } from '../../../electron/library/testing';
import { createSecretStore, memoryKeychain } from '../../../electron/secrets';
import { type RunningEmulator, startEmulator } from '../../emulator/server';
import type { EmulatorOptions } from '../../emulator/types';
import { FAST_TIMINGS } from './stack';

export const MEDIA_BASE = 'kling-media://render';

export interface CoreStack {
  emulator: RunningEmulator;
  core: Core;
  /** The app's real IPC entry point (what ipcMain.handle calls). */
  dispatch: IpcDispatch;
  home: string;
  /** What the renderer asked the shell to do (open a link, show a folder). */
  platformCalls: string[];
  close(): Promise<void>;
}

/**
 * The Electron app's composition root (createCore + createIpcDispatch) without Electron: the
 * key lives in an in-memory keychain (set through IPC when `setKeyThroughIpc`), the API base
 * is the emulator's.
 */
export async function startCoreStack(
  options: {
    emulator?: EmulatorOptions;
    /** Key put in the keychain up front; omit to start without a key. */
    key?: string;
    fetch?: typeof fetch;
  } = {},
): Promise<CoreStack> {
  // Idempotency-Key ignored: "one start" checks prove the app's guarantee (see stack.ts).
  const emulator = await startEmulator({
    timings: FAST_TIMINGS,
    honourIdempotencyKey: false,
    ...options.emulator,
  });
  const { home, remove } = await makeTempHome('kling-reliability-core-');
  const secrets = createSecretStore({ env: {}, keychain: memoryKeychain() });
  if (options.key) await secrets.set(options.key);
  const core = await createCore({
    home,
    secrets,
    env: { WESHOP_API_BASE: emulator.apiBase },
    mediaBase: MEDIA_BASE,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const platformCalls: string[] = [];
  const platform: PlatformServices = {
    pickImage: async () => null,
    showInFolder: (path) => {
      platformCalls.push(`show ${path}`);
    },
    openExternal: async (url) => {
      platformCalls.push(`open ${url}`);
    },
  };
  return {
    emulator,
    core,
    dispatch: createIpcDispatch(core, platform),
    home,
    platformCalls,
    async close() {
      await core.close().catch(() => undefined);
      await core.library.close().catch(() => undefined);
      await emulator.close();
      await remove();
    },
  };
}
