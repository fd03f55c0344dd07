import { coreError, messageOf } from '../../shared/errors';
import type { KeychainBackend } from './types';

type KeytarModule = KeychainBackend;

const unavailable = (error: unknown) =>
  coreError('internal', 'keychainUnavailable', { reason: messageOf(error) }, { cause: error });

/** keytar is CommonJS: under ESM its functions may sit on the module or on `default`. */
function pickKeytar(loaded: unknown): KeytarModule {
  const candidates = [loaded, (loaded as { default?: unknown } | null)?.default];
  for (const candidate of candidates) {
    const c = candidate as Partial<KeytarModule> | null | undefined;
    if (
      typeof c?.getPassword === 'function' &&
      typeof c.setPassword === 'function' &&
      typeof c.deletePassword === 'function'
    ) {
      return c as KeytarModule;
    }
  }
  throw new Error('the keytar module has no getPassword/setPassword/deletePassword');
}

/** Wraps a keychain so any failure (locked, no Secret Service, no D-Bus) is one clear error. */
export function guardKeychain(backend: KeychainBackend): KeychainBackend {
  const guard = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw unavailable(error);
    }
  };
  return {
    getPassword: (service, account) => guard(() => backend.getPassword(service, account)),
    setPassword: (service, account, password) =>
      guard(() => backend.setPassword(service, account, password)),
    deletePassword: (service, account) => guard(() => backend.deletePassword(service, account)),
  };
}

/** A keychain whose every call fails with the same clear error (keytar could not be loaded). */
function missingKeychain(error: unknown): KeychainBackend {
  const fail = async (): Promise<never> => {
    throw unavailable(error);
  };
  return { getPassword: fail, setPassword: fail, deletePassword: fail };
}

/**
 * The OS keychain via keytar (macOS Keychain, Windows Credential Vault, Secret Service on
 * Linux). Loaded lazily and never rejects: when the native module is missing, every call fails
 * with a clear error instead, so the app still starts and WESHOP_API_KEY still works.
 */
export async function loadKeytarKeychain(
  importKeytar: () => Promise<unknown> = () => import('keytar'),
): Promise<KeychainBackend> {
  let keytar: KeytarModule;
  try {
    keytar = pickKeytar(await importKeytar());
  } catch (error) {
    return missingKeychain(error);
  }
  return guardKeychain({
    getPassword: (service, account) => keytar.getPassword(service, account),
    setPassword: (service, account, password) => keytar.setPassword(service, account, password),
    deletePassword: (service, account) => keytar.deletePassword(service, account),
  });
}
