// Test support (vitest only): kept apart so nothing outside a test imports afterEach.
import { afterEach } from 'vitest';
import { makeTempHome } from '../library/testing';
import { memoryLogger } from '../logging/logger';
import { createSecretStore, memoryKeychain } from '../secrets';
import { type Core, type CoreOptions, createCore } from './core';
import type { PlatformServices } from './platform';

/** A shell with no dialogs that does nothing: what an IPC test needs unless it asks more. */
export const quietPlatform = (): PlatformServices => ({
  pickImage: async () => null,
  showInFolder: () => undefined,
  openExternal: async () => undefined,
});

/**
 * For a test file: open(options) gives a core on a fresh temporary home (no key, no network
 * unless `env`/`fetch` say so, no library watcher, an in-memory log), closed and removed again
 * after each test (every one opened, if a test opens more). Any CoreOptions may be overridden.
 */
export function corePerTest(
  homePrefix: string,
): (options?: Partial<Omit<CoreOptions, 'home'>>) => Promise<{ core: Core; home: string }> {
  const opened: { core: Core; remove: () => Promise<void> }[] = [];
  afterEach(async () => {
    for (const { core, remove } of opened.splice(0)) {
      await core.close();
      await core.library.close();
      await remove();
    }
  });
  return async (options = {}) => {
    const made = await makeTempHome(homePrefix);
    const core = await createCore({
      home: made.home,
      secrets: createSecretStore({ env: {}, keychain: memoryKeychain() }),
      env: {},
      mediaBase: 'kling-media://render',
      watchLibrary: false,
      logger: memoryLogger(),
      ...options,
    }).catch(async (error: unknown) => {
      await made.remove();
      throw error;
    });
    opened.push({ core, remove: made.remove });
    return { core, home: made.home };
  };
}
