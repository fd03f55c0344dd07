import { KlingError, messageOf } from '../../shared/errors';
import { type Core, createCore } from '../app/core';
import { THEN_RESUME } from '../library/disk-errors';
import { createSecretStore, loadKeytarKeychain } from '../secrets';
import type { KeychainBackend, SecretStore } from '../secrets/types';
import { cliLogger } from './commands/logs';
import type { CliIo } from './io';
import { libraryHome } from './open-library';

/** Media URLs are for the desktop renderer; the CLI never serves them. */
const MEDIA_BASE = 'kling-media://render';

/**
 * keytar (a native module) is loaded on the first keychain call only: list, show and every
 * run with WESHOP_API_KEY set never touch it, so they work where no keychain exists (CI).
 */
export function lazyKeychain(): KeychainBackend {
  let loading: Promise<KeychainBackend> | undefined;
  const backend = () => {
    loading ??= loadKeytarKeychain();
    return loading;
  };
  return {
    getPassword: async (service, account) => (await backend()).getPassword(service, account),
    setPassword: async (service, account, password) =>
      (await backend()).setPassword(service, account, password),
    deletePassword: async (service, account) => (await backend()).deletePassword(service, account),
  };
}

export const openSecrets = (io: CliIo): SecretStore =>
  createSecretStore({ env: io.env, keychain: lazyKeychain() });

const NO_KEY =
  'No WeShop API key: set WESHOP_API_KEY or run `kling-studio key set` (get a key at open.weshop.ai)';

/**
 * Fails early, before a render is created, when no key can be found: a render that can only
 * fail with "no key" is clutter in the library. Returns the key so it can be kept out of output.
 */
export async function requireKey(secrets: SecretStore): Promise<string> {
  let key: string | null;
  try {
    key = await secrets.get();
  } catch (error) {
    const reason = messageOf(error);
    throw new KlingError('no-key', `${NO_KEY}. ${reason}`);
  }
  if (!key) throw new KlingError('no-key', NO_KEY);
  return key;
}

/** Where each open core's warnings go (closeCore is called with the core alone). */
const stderrOf = new WeakMap<Core, CliIo['stderr']>();

export async function openCore(io: CliIo, secrets: SecretStore): Promise<Core> {
  const core = await createCore({
    home: libraryHome(io),
    secrets,
    env: io.env,
    mediaBase: MEDIA_BASE,
    watchLibrary: false, // the CLI shows its own jobs; other processes' are theirs to show
    logger: cliLogger(io),
    resumeStep: THEN_RESUME,
  });
  stderrOf.set(core, io.stderr);
  // A pause of the library's queue holds this process's new renders too: never a silent wait.
  if (core.engine.queueState().paused) {
    io.stderr.write(
      'The queue of this library is paused (by the app or `kling-studio queue pause`): renders not yet started wait here until `kling-studio queue resume`.\n',
    );
  }
  return core;
}

/**
 * Stops the engine (jobs stay resumable) and writes the index; safe to call twice. An index
 * that cannot be written is a warning, never a failure: render.json files are the truth
 * (docs/decisions/0002-library-index.md), so a render that is done stays done (exit 0).
 */
export async function closeCore(core: Core): Promise<void> {
  try {
    await core.close();
  } finally {
    try {
      await core.library.close();
    } catch (error) {
      const message = messageOf(error);
      core.logger.error('the library index could not be saved', { error: message });
      stderrOf.get(core)?.write(`warning: the library index was not saved: ${message}\n`);
    }
  }
}
