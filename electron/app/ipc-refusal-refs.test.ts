/**
 * A payload the dispatcher refuses, and the desktop-only refusals, carry their message ids
 * beside the English (the app says them in its language; the log keeps the English).
 */
import { describe, expect, it } from 'vitest';
import { corePerTest, quietPlatform } from './core-per-test';
import { createIpcDispatch } from './ipc-handlers';

const openCore = corePerTest('kling-ipc-refusal-refs-');

describe('refusals from the IPC dispatcher', () => {
  it("a run id too long for I found the run: its check's id, on its field", async () => {
    const { core } = await openCore();
    const dispatch = createIpcDispatch(core, quietPlatform());
    const refused = await dispatch('render:attach', {
      id: 'render-1',
      executionId: 'x'.repeat(300),
    });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.message).toMatch(/^executionId: A run id is at most \d+ characters/);
    expect(refused.error.messageRef).toMatchObject({
      id: 'fieldIssue',
      params: { field: 'executionId', issue: { ref: { id: 'runIdTooLong' } } },
    });
  });

  it('installing an update where no updater runs says so by its id', async () => {
    const { core } = await openCore();
    const dispatch = createIpcDispatch(core, quietPlatform());
    const status = await dispatch('app:update-status', {});
    expect(status).toEqual({
      ok: true,
      value: expect.objectContaining({ reasonRef: { id: 'onlyInstalledUpdates' } }),
    });
    const refused = await dispatch('app:install-update', {});
    expect(refused).toEqual({
      ok: false,
      error: expect.objectContaining({ messageRef: { id: 'onlyInstalledUpdates' } }),
    });
  });
});
