import { coreError } from '../../shared/errors';
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
  /**
   * How long a keychain read may take before it fails with a clear error; default 5 s. A
   * locked or hung keychain must not stall every poll behind it.
   */
  readTimeoutMs?: number;
}

export const DEFAULT_KEYCHAIN_READ_TIMEOUT_MS = 5_000;

const fromEnv = (env: Record<string, string | undefined>): string | null => {
  const value = env.WESHOP_API_KEY?.trim();
  return value ? value : null;
};

/** Trims and checks a key a user typed; the message never repeats the key. */
export function normaliseApiKey(raw: string): string {
  const key = raw.trim();
  if (key.length < KEY_MIN_LENGTH || key.length > KEY_MAX_LENGTH) {
    throw coreError('invalid-input', 'keyLength', {
      min: KEY_MIN_LENGTH,
      max: KEY_MAX_LENGTH,
      length: key.length,
    });
  }
  if (/\s/.test(key)) {
    throw coreError('invalid-input', 'keySpaces');
  }
  return key;
}

const seconds = (ms: number) => (ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`);

/**
 * WESHOP_API_KEY wins over the keychain, as WeShop's own clients do: whoever set the
 * variable chose that key for this process. set/clear still change the keychain (so a saved
 * key is ready once the variable goes away), and status keeps reporting source 'env' because
 * that is the key requests will actually carry.
 *
 * The keychain's answer is cached in memory (this process only; set and clear replace it), so
 * polling asks the keychain once, not once per request. Reads time out; a read that answers
 * after its timeout still fills the cache (a keychain that showed an "allow access?" prompt).
 * Concurrent reads share one keychain call.
 */
export function createSecretStore(deps: SecretStoreDeps): SecretStore {
  const service = deps.service ?? DEFAULT_SERVICE;
  const account = deps.account ?? DEFAULT_ACCOUNT;
  const timeoutMs = deps.readTimeoutMs ?? DEFAULT_KEYCHAIN_READ_TIMEOUT_MS;

  /** undefined: not known; null: known to be absent. */
  let cached: string | null | undefined;
  /** Bumped by set/clear so a read that started before them cannot overwrite their result. */
  let generation = 0;
  let reading: Promise<string | null> | undefined;

  const readKeychain = (): Promise<string | null> => {
    if (reading) return reading;
    const started = generation;
    const read = deps.keychain.getPassword(service, account).then((raw) => {
      const value = raw?.trim() || null;
      if (generation === started) cached = value;
      return value;
    });
    reading = read;
    const done = () => {
      if (reading === read) reading = undefined;
    };
    read.then(done, done);
    return read;
  };

  const fromKeychain = async (): Promise<string | null> => {
    if (cached !== undefined) return cached;
    const read = readKeychain();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            coreError(
              'internal',
              'keychainSlow',
              { limit: seconds(timeoutMs) },
              { retryable: true },
            ),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([read, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  const store: SecretStore = {
    async get() {
      return fromEnv(deps.env) ?? (await fromKeychain());
    },
    async set(key) {
      const value = normaliseApiKey(key);
      generation++;
      cached = undefined;
      await deps.keychain.setPassword(service, account, value);
      cached = value;
    },
    async clear() {
      generation++;
      cached = undefined;
      await deps.keychain.deletePassword(service, account);
      cached = null;
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
