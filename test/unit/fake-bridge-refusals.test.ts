import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../../renderer/testing/fake-bridge';
import { makeRender } from '../../renderer/testing/fixtures';
import { coreSaid } from '../../shared/core-messages';

// The demo and the screens run on the fake bridge: its refusals carry the real core's ids, so
// they are said in the chosen language (Chinese screens show no English left).
describe("the fake bridge's refusals are the core's messages", () => {
  it('a retry that may charge twice carries retryMayChargeTwice', async () => {
    const view = makeRender(1, {
      state: 'needs-attention',
      startSentAt: '2026-12-07T10:00:00.000Z',
    });
    const fake = createFakeBridge({ renders: [view] });
    const result = await fake.invoke('render:retry', { id: view.id });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const said = coreSaid('retryMayChargeTwice');
    expect(result.error.message).toBe(said.text);
    expect(result.error.messageRef).toEqual(said.ref);
  });

  it('installing before a download carries updateNotDownloaded', async () => {
    const fake = createFakeBridge();
    const result = await fake.invoke('app:install-update', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.messageRef).toEqual({ id: 'updateNotDownloaded' });
  });
});
