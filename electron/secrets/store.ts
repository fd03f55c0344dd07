import { KlingError } from '../../shared/errors';
import type { KeyStatus } from '../../shared/settings';
import type { KeychainBackend, SecretStore } from './types';

// Re-exported so callers can take the store and its backends from one module.
export { loadKeytarKeychain } from './keytar-keychain';
export { memoryKeychain } from './memory-keychain';

export const DEFAULT_SERVICE = 'Kling Studio';
export const DEFAULT_ACCOUNT = 'weshop-api-key';
export const KEY_MIN_LENGTH = 8;
export const KEY_MAX_LENGTH = 512;

export interface SecretStoreDeps {
  env: Record<string, string | undefined>;
  keychain: KeychainBackend;
  service?: string;
  account?: string;
}

const fromEnv = (env: Record<string, string | undefined>): string | null => {
  const value = env.WESHOP_API_KEY?.trim();
  return value ? value : null;
};

/** Trims and checks a key a user typed; the message never repeats the key. */
export function normaliseApiKey(raw: string): string {
  const key = raw.trim();
  if (key.length < KEY_MIN_LENGTH || key.length > KEY_MAX_LENGTH) {
    throw new KlingError(
      'invalid-input',
      `An API key is ${KEY_MIN_LENGTH} to ${KEY_MAX_LENGTH} characters; this one has ${key.length}`,
    );
  }
  if (/\s/.test(key)) {
    throw new KlingError('invalid-input', 'An API key has no spaces or line breaks inside it');
  }
  return key;
}

/**
 * WESHOP_API_KEY wins over the keychain, as WeShop's own clients do: whoever set the
 * variable chose that key for this process. set/clear still change the keychain (so a saved
 * key is ready once the variable goes away), and status keeps reporting source 'env' because
 * that is the key requests will actually carry.
 */
export function createSecretStore(deps: SecretStoreDeps): SecretStore {
  const service = deps.service ?? DEFAULT_SERVICE;
  const account = deps.account ?? DEFAULT_ACCOUNT;

  const fromKeychain = async (): Promise<string | null> => {
    const value = (await deps.keychain.getPassword(service, account))?.trim();
    return value ? value : null;
  };

  const store: SecretStore = {
    async get() {
      return fromEnv(deps.env) ?? (await fromKeychain());
    },
    async set(key) {
      await deps.keychain.setPassword(service, account, normaliseApiKey(key));
    },
    async clear() {
      await deps.keychain.deletePassword(service, account);
    },
    async status(): Promise<KeyStatus> {
      const envKey = fromEnv(deps.env);
      const key = envKey ?? (await fromKeychain());
      if (!key) return { set: false, source: null, last4: null };
      return { set: true, source: envKey ? 'env' : 'keychain', last4: key.slice(-4) };
    },
  };
  return store;
}
