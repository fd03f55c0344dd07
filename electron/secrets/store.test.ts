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
