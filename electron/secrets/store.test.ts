import { describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import { memoryKeychain } from './memory-keychain';
import { createSecretStore, DEFAULT_ACCOUNT, DEFAULT_SERVICE } from './store';

const KEY = 'sk-live-abcdefgh1234';

describe('createSecretStore', () => {
  it('starts empty', async () => {
    const store = createSecretStore({ env: {}, keychain: memoryKeychain() });
    expect(await store.get()).toBeNull();
    expect(await store.status()).toEqual({ set: false, source: null, last4: null });
  });

  it('stores a trimmed key in the keychain under the app service/account and clears it', async () => {
    const keychain = memoryKeychain();
    const store = createSecretStore({ env: {}, keychain });
    await store.set(`  ${KEY}\n`);
    expect(await keychain.getPassword(DEFAULT_SERVICE, DEFAULT_ACCOUNT)).toBe(KEY);
    expect(await store.get()).toBe(KEY);
    expect(await store.status()).toEqual({ set: true, source: 'keychain', last4: '1234' });
    await store.clear();
    expect(await keychain.getPassword(DEFAULT_SERVICE, DEFAULT_ACCOUNT)).toBeNull();
    expect(await store.get()).toBeNull();
  });

  it('honours a custom service and account', async () => {
    const keychain = memoryKeychain();
    const store = createSecretStore({ env: {}, keychain, service: 'svc', account: 'acct' });
    await store.set(KEY);
    expect(await keychain.getPassword('svc', 'acct')).toBe(KEY);
    expect(await keychain.getPassword(DEFAULT_SERVICE, DEFAULT_ACCOUNT)).toBeNull();
  });

  it('lets WESHOP_API_KEY win; set/clear still change the keychain', async () => {
    const keychain = memoryKeychain();
    const store = createSecretStore({ env: { WESHOP_API_KEY: ' env-key-00009999 ' }, keychain });
    expect(await store.get()).toBe('env-key-00009999');
    await store.set(KEY);
    expect(await keychain.getPassword(DEFAULT_SERVICE, DEFAULT_ACCOUNT)).toBe(KEY);
    expect(await store.get()).toBe('env-key-00009999');
    expect(await store.status()).toEqual({ set: true, source: 'env', last4: '9999' });
    await store.clear();
    expect(await keychain.getPassword(DEFAULT_SERVICE, DEFAULT_ACCOUNT)).toBeNull();
    expect(await store.status()).toMatchObject({ source: 'env' });
  });

  it('ignores a blank WESHOP_API_KEY', async () => {
    const store = createSecretStore({
      env: { WESHOP_API_KEY: '   ' },
      keychain: memoryKeychain({ [`${DEFAULT_SERVICE}\u0000${DEFAULT_ACCOUNT}`]: KEY }),
    });
    expect(await store.status()).toEqual({ set: true, source: 'keychain', last4: '1234' });
  });

  it.each([
    ['too short', 'abc1234', /8 to 512 characters; this one has 7/],
    ['too long', 'k'.repeat(513), /this one has 513/],
    ['a space inside', 'abcd efgh1234', /no spaces or line breaks/],
    ['a line break inside', 'abcdefgh\n1234', /no spaces or line breaks/],
  ])('refuses a key with %s, without repeating it', async (_label, key, message) => {
    const keychain = memoryKeychain();
    const store = createSecretStore({ env: {}, keychain });
    const error = await store.set(key).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KlingError);
    expect((error as KlingError).kind).toBe('invalid-input');
    expect((error as KlingError).message).toMatch(message);
    expect((error as KlingError).message).not.toContain(key.trim());
    expect(await keychain.getPassword(DEFAULT_SERVICE, DEFAULT_ACCOUNT)).toBeNull();
  });
});

/** A keychain that counts reads and answers them only when the test says so. */
function slowKeychain(initial: string | null) {
  let value = initial;
  let reads = 0;
  const pending: Array<() => void> = [];
  const keychain = {
    getPassword: async () => {
      reads++;
      await new Promise<void>((resolve) => pending.push(resolve));
      return value;
    },
    setPassword: async (_s: string, _a: string, password: string) => {
      value = password;
    },
    deletePassword: async () => {
      const had = value !== null;
      value = null;
      return had;
    },
  };
  return {
    keychain,
    reads: () => reads,
    answerAll: () => {
      for (const resolve of pending.splice(0)) resolve();
    },
    /** What another process would do: change the entry behind this store's back. */
    setBehindTheBack: (next: string | null) => {
      value = next;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createSecretStore: cache and keychain timeout', () => {
  it('reads the keychain once and answers later gets from memory', async () => {
    const slow = slowKeychain(KEY);
    const store = createSecretStore({ env: {}, keychain: slow.keychain });
    const first = store.get();
    const second = store.get();
    await settle();
    slow.answerAll();
    expect(await first).toBe(KEY);
    expect(await second).toBe(KEY);
    // Concurrent gets shared one read; later ones, and status, never reach the keychain.
    expect(slow.reads()).toBe(1);
    slow.setBehindTheBack('sk-other-000099998888');
    expect(await store.get()).toBe(KEY);
    expect(await store.status()).toMatchObject({ last4: '1234' });
    expect(slow.reads()).toBe(1);
  });

  it('replaces the cached key on set and forgets it on clear', async () => {
    const slow = slowKeychain(KEY);
    const store = createSecretStore({ env: {}, keychain: slow.keychain });
    const reading = store.get();
    await settle();
    slow.answerAll();
    await reading;
    await store.set('sk-new-key-55556666');
    expect(await store.get()).toBe('sk-new-key-55556666');
    await store.clear();
    expect(await store.get()).toBeNull();
    expect(slow.reads()).toBe(1);
  });

  it('does not let a read that started before set overwrite the new key', async () => {
    const slow = slowKeychain(KEY);
    const store = createSecretStore({ env: {}, keychain: slow.keychain });
    const stale = store.get();
    await settle();
    await store.set('sk-new-key-55556666');
    slow.answerAll();
    await stale;
    expect(await store.get()).toBe('sk-new-key-55556666');
  });

  it('fails a stuck keychain read with a clear error after the timeout, and caches a late answer', async () => {
    const slow = slowKeychain(KEY);
    const store = createSecretStore({ env: {}, keychain: slow.keychain, readTimeoutMs: 30 });
    const error = await store.get().then(
      () => null,
      (e: unknown) => e as KlingError,
    );
    expect(error).toBeInstanceOf(KlingError);
    expect(error?.kind).toBe('internal');
    expect(error?.message).toBe(
      'The system keychain did not answer within 30 ms: unlock it (or allow Kling Studio to use it) and try again, or set WESHOP_API_KEY',
    );
    // The keychain answers at last (the user clicked "Allow"): the next get needs no new read.
    slow.answerAll();
    await settle();
    expect(await store.get()).toBe(KEY);
    expect(slow.reads()).toBe(1);
  });

  it('never waits on the keychain when WESHOP_API_KEY is set', async () => {
    const slow = slowKeychain(null);
    const store = createSecretStore({
      env: { WESHOP_API_KEY: 'env-key-00009999' },
      keychain: slow.keychain,
      readTimeoutMs: 10,
    });
    expect(await store.get()).toBe('env-key-00009999');
    expect(slow.reads()).toBe(0);
  });
});
