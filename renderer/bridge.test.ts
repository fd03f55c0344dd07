import { describe, expect, it } from 'vitest';
import type { KlingBridge } from '../shared/ipc';
import { BridgeCallError, createBridgeClient, readWindowBridge } from './bridge';
import { createFakeBridge } from './testing/fake-bridge';

describe('bridge client', () => {
  it('unwraps ok results', async () => {
    const client = createBridgeClient(createFakeBridge());
    await expect(client.call('settings:get', {})).resolves.toEqual({
      concurrency: 2,
      notifications: true,
      checkForUpdates: true,
      language: 'system',
      maxCreditsPerRender: null,
      maxCreditsPerDay: null,
    });
  });

  it('throws a BridgeCallError that carries the AppError and its message', async () => {
    const bridge = createFakeBridge();
    bridge.fail('key:test', { kind: 'bad-key', message: 'WeShop refused the key', status: 401 });
    const client = createBridgeClient(bridge);
    const error = await client.call('key:test', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BridgeCallError);
    const callError = error as BridgeCallError;
    expect(callError.message).toBe('WeShop refused the key');
    expect(callError.kind).toBe('bad-key');
    expect(callError.appError).toEqual({
      kind: 'bad-key',
      message: 'WeShop refused the key',
      status: 401,
    });
    expect(callError.channel).toBe('key:test');
  });

  it('turns a rejected invoke (no handler in main) into an internal error naming the channel', async () => {
    const broken: KlingBridge = {
      invoke: () => Promise.reject(new Error("No handler registered for 'library:info'")),
      on: () => () => {},
      pathForFile: () => null,
    };
    const error = (await createBridgeClient(broken)
      .call('library:info', {})
      .catch((caught: unknown) => caught)) as BridgeCallError;
    expect(error.kind).toBe('internal');
    expect(error.message).toContain('library:info');
  });

  it('reads window.kling, or null outside the desktop app', () => {
    const bridge = createFakeBridge();
    expect(readWindowBridge({ kling: bridge })).toBe(bridge);
    expect(readWindowBridge({})).toBeNull();
  });

  it('the fake refuses requests that break the shared contract, like main does', async () => {
    const client = createBridgeClient(createFakeBridge());
    await expect(client.call('render:get', { id: 'NOT VALID' })).rejects.toMatchObject({
      kind: 'invalid-input',
    });
  });
});
