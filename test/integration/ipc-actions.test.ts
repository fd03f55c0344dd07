import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult } from '../../shared/ipc';
import type { RenderView } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import { type CoreStack, startCoreStack } from '../reliability/support/core-stack';

/**
 * The user-facing actions of a paid render through the app's real IPC entry point, the core
 * and an emulator that ignores Idempotency-Key (so "one start" is the app's own guarantee).
 */
let stack: CoreStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const KEY = 'ipc-actions-key-0001';
async function open(emulator: { resultsPerExecution?: number }): Promise<CoreStack> {
  stack = await startCoreStack({ key: KEY, emulator: { apiKey: KEY, ...emulator } });
  return stack;
}
const view = (result: IpcResult<unknown>): RenderView => {
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.value as RenderView;
};
const starts = (s: CoreStack) =>
  s.emulator.requests.filter((r) => r.method === 'POST' && /\/agent\/runs$/.test(r.path)).length;

describe('IPC actions on paid renders', { timeout: 30_000 }, () => {
  it('render:retry of an unknown start is refused without the confirmation, sent once with it', async () => {
    const s = await open({});
    const { id } = await s.core.library.create({ image: FIXTURES.pngImage, prompt: 'wave' });
    await s.core.library.update(id, (m) => {
      m.state = 'needs-attention';
      m.startSentAt = new Date().toISOString();
      return m;
    });

    const refused = await s.dispatch('render:retry', { id });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'needs-attention' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/charge twice/);
    expect(s.emulator.requests).toEqual([]);
    expect((await s.core.library.read(id))?.state).toBe('needs-attention');

    expect(view(await s.dispatch('render:retry', { id, confirmChargeTwice: true })).state).toBe(
      'queued',
    );
    await s.core.engine.idle();
    expect((await s.core.library.read(id))?.state).toBe('done');
    expect(starts(s)).toBe(1);
  });

  it('render:attach collects the run the user found for an unknown start, and sends no start', async () => {
    const s = await open({});
    // The run the lost start created, as WeShop's history lists it (made here by a plain POST).
    const image = `${s.emulator.cdnBase}/uploads/found.png`;
    const created = await fetch(`${s.emulator.apiBase}/agent/runs`, {
      method: 'POST',
      headers: { authorization: KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        agent: { name: 'kling', version: 'v1.0' },
        input: { images: [image], originalImage: image },
        params: {
          images: [image],
          textDescription: 'wave',
          modelName: 'Kling_3_0',
          duration: '5s',
          generateAudio: 'false',
          batchCount: 1,
        },
      }),
    });
    const runId: string = (await created.json()).data.executionId;
    const { id } = await s.core.library.create({ image: FIXTURES.pngImage, prompt: 'wave' });
    await s.core.library.update(id, (m) => {
      m.state = 'needs-attention';
      m.startSentAt = new Date().toISOString();
      return m;
    });
    const requestsBefore = s.emulator.requests.length;

    // A malformed id or an extra field is refused at the door: nothing sent, nothing changed.
    const malformed = await s.dispatch('render:attach', { id, executionId: '../runs' });
    expect(malformed).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(malformed.ok ? '' : malformed.error.message).toMatch(/only letters, digits/);
    const extra = await s.dispatch('render:attach', { id, executionId: runId, confirm: true });
    expect(extra).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(s.emulator.requests).toHaveLength(requestsBefore);
    expect((await s.core.library.read(id))?.state).toBe('needs-attention');

    const attached = view(await s.dispatch('render:attach', { id, executionId: runId }));
    expect(attached).toMatchObject({ id, state: 'running', executionId: runId });
    await s.core.engine.idle();
    expect(await s.core.library.read(id)).toMatchObject({
      state: 'done',
      videos: [{ file: expect.any(String) }],
    });
    expect(starts(s)).toBe(1); // the plain POST above: the app sent none
  });

  it('render:render-missing queues just the videos a partial render lacks', async () => {
    const s = await open({ resultsPerExecution: 1 });
    s.emulator.inject({
      fault: {
        kind: 'mixed-executions',
        outcomes: ['Success', 'Failed', 'Failed'],
        reason: 'nsfw',
      },
    });
    const queued = view(
      await s.dispatch('render:queue', { image: FIXTURES.pngImage, prompt: 'w', batchCount: 3 }),
    );
    await s.core.engine.idle();
    const partial = await s.core.library.read(queued.id);
    expect(partial).toMatchObject({ state: 'partial', videos: [{ file: expect.any(String) }] });

    const missing = view(await s.dispatch('render:render-missing', { id: queued.id }));
    expect(missing.id).not.toBe(queued.id);
    expect(missing.request).toMatchObject({ batchCount: 2, prompt: 'w' });
    await s.core.engine.idle();
    const after = await s.core.library.read(missing.id);
    expect(after?.state).toBe('done');
    expect(after?.videos).toHaveLength(2);
    expect(starts(s)).toBe(2);
    // The partial render is left as it was: its delivered video stays.
    expect(await s.core.library.read(queued.id)).toMatchObject({ state: 'partial' });
  });
});
