import { afterAll, describe, expect, it } from 'vitest';
import { createSecretStore, loadKeytarKeychain } from '../../electron/secrets';

/**
 * Talks to a real OS keychain through keytar. Needs a Secret Service: run it through
 * test/keychain/run.sh, which starts a throw-away gnome-keyring; plain `vitest run` skips it.
 */
describe.skipIf(!process.env.KLING_REAL_KEYCHAIN)('real keychain via keytar', () => {
  // A service name of its own, so it can never touch a real Kling Studio key.
  const service = `Kling Studio test ${process.pid}`;
  const account = 'weshop-api-key';
  const key = `test-key-${Date.now()}-abcd`;

  afterAll(async () => {
    const keychain = await loadKeytarKeychain();
    await keychain.deletePassword(service, account);
  });

  it('sets, reads back, reports and clears a key', async () => {
    const keychain = await loadKeytarKeychain();
    const store = createSecretStore({ env: {}, keychain, service, account });
    expect(await store.get()).toBeNull();
    await store.set(key);
    expect(await keychain.getPassword(service, account)).toBe(key);
    expect(await store.get()).toBe(key);
    expect(await store.status()).toEqual({ set: true, source: 'keychain', last4: 'abcd' });

    // A second store (as after an app restart) finds the same key.
    const again = createSecretStore({
      env: {},
      keychain: await loadKeytarKeychain(),
      service,
      account,
    });
    expect(await again.get()).toBe(key);

    await store.clear();
    expect(await keychain.getPassword(service, account)).toBeNull();
    expect(await store.status()).toEqual({ set: false, source: null, last4: null });
  });
});
