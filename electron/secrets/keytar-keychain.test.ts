import { describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import { loadKeytarKeychain } from './keytar-keychain';
import { memoryKeychain } from './memory-keychain';
import { createSecretStore } from './store';

/** A keytar-shaped module whose every call fails like a locked Secret Service. */
const lockedKeytar = {
  getPassword: async () => {
    throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
  },
  setPassword: async () => {
    throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
  },
  deletePassword: async () => {
    throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
  },
};

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as KlingError,
  );

describe('loadKeytarKeychain', () => {
  it('uses the functions on a CommonJS default export', async () => {
    const inner = memoryKeychain();
    const keychain = await loadKeytarKeychain(async () => ({ default: inner }));
    await keychain.setPassword('s', 'a', 'secret-value');
    expect(await inner.getPassword('s', 'a')).toBe('secret-value');
    expect(await keychain.deletePassword('s', 'a')).toBe(true);
  });

  it('uses the functions on the module itself', async () => {
    const inner = memoryKeychain({ 's\u0000a': 'v' });
    const keychain = await loadKeytarKeychain(async () => inner);
    expect(await keychain.getPassword('s', 'a')).toBe('v');
  });

  it('turns a missing native module into a clear internal error on use, not on load', async () => {
    const keychain = await loadKeytarKeychain(async () => {
      throw new Error("Cannot find module 'keytar'");
    });
    const error = await errorOf(keychain.getPassword('s', 'a'));
    expect(error).toBeInstanceOf(KlingError);
    expect(error?.kind).toBe('internal');
    expect(error?.message).toBe(
      "The system keychain is not available: Cannot find module 'keytar'",
    );
  });

  it('turns a module without the keytar functions into the same error', async () => {
    const keychain = await loadKeytarKeychain(async () => ({ default: {} }));
    const error = await errorOf(keychain.setPassword('s', 'a', 'secret-value'));
    expect(error?.message).toMatch(/^The system keychain is not available: /);
    expect(error?.message).not.toContain('secret-value');
  });

  it('lets a store still use WESHOP_API_KEY when the keychain is missing', async () => {
    const keychain = await loadKeytarKeychain(async () => {
      throw new Error('no native module');
    });
    const store = createSecretStore({ env: { WESHOP_API_KEY: 'env-key-12345678' }, keychain });
    expect(await store.get()).toBe('env-key-12345678');
    expect(await store.status()).toMatchObject({ source: 'env', last4: '5678' });
    expect((await errorOf(createSecretStore({ env: {}, keychain }).get()))?.kind).toBe('internal');
  });

  it('wraps failures of a locked keychain on every call', async () => {
    const keychain = await loadKeytarKeychain(async () => lockedKeytar);
    for (const call of [
      () => keychain.getPassword('s', 'a'),
      () => keychain.setPassword('s', 'a', 'secret-value'),
      () => keychain.deletePassword('s', 'a'),
    ]) {
      const error = await errorOf(call());
      expect(error).toBeInstanceOf(KlingError);
      expect(error?.kind).toBe('internal');
      expect(error?.message).toMatch(
        /^The system keychain is not available: Cannot autolaunch D-Bus/,
      );
      expect(error?.message).not.toContain('secret-value');
    }
  });
});
