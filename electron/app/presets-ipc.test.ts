import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corePerTest, quietPlatform } from './core-per-test';
import { createIpcDispatch } from './ipc-handlers';

const IMAGE = join(import.meta.dirname, '../images/fixtures/square-300.png');
const openCore = corePerTest('kling-presets-ipc-');

async function dispatcher() {
  // No key: a queued render fails at once, without any network, and still records its prompt.
  const { core } = await openCore();
  return { dispatch: createIpcDispatch(core, quietPlatform()), core };
}

describe('presets over IPC', () => {
  it('saves, lists and deletes; an invalid preset is refused with the catalogue message', async () => {
    const { dispatch } = await dispatcher();
    const saved = await dispatch('presets:save', {
      name: 'Portrait push-in',
      model: 'Kling_2_6',
      duration: '10s',
      generateAudio: true,
      batchCount: 2,
      promptTemplate: 'slow push-in on {subject}',
    });
    expect(saved).toMatchObject({ ok: true, value: { name: 'Portrait push-in', batchCount: 2 } });
    const listed = await dispatch('presets:list', {});
    expect(listed.ok && (listed.value as { name: string }[]).map((p) => p.name)).toEqual([
      'Portrait push-in',
    ]);
    expect(
      await dispatch('presets:save', {
        name: 'x',
        model: 'Kling_2_1',
        promptTemplate: 'p',
        duration: '7s',
      }),
    ).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid-input',
        message: 'duration: Kling_2_1 supports 5s or 10s, not 7s',
        // The check's id travels too, so the app says it in the chosen language.
        messageRef: { id: 'fieldIssue', params: { field: 'duration' } },
      },
    });
    expect(await dispatch('presets:delete', { name: 'portrait PUSH-in' })).toEqual({
      ok: true,
      value: null,
    });
    expect(await dispatch('presets:delete', { name: 'Portrait push-in' })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
  });
});

describe('prompt history over IPC', () => {
  it('keeps a prompt after its render is deleted, and searches it', async () => {
    const { dispatch, core } = await dispatcher();
    const queued = await dispatch('render:queue', { image: IMAGE, prompt: 'A heron takes off' });
    expect(queued.ok).toBe(true);
    const id = queued.ok ? (queued.value as { id: string }).id : '';
    await core.engine.idle();
    // The history write follows the queued event; close() waits for it, so poll until it lands.
    await expect
      .poll(async () => (await dispatch('prompts:recent', {})) as unknown)
      .toEqual({ ok: true, value: ['A heron takes off'] });
    expect(await dispatch('render:delete', { id })).toMatchObject({ ok: true });
    expect(await dispatch('prompts:recent', { text: 'HERON' })).toEqual({
      ok: true,
      value: ['A heron takes off'],
    });
    expect(await dispatch('prompts:recent', { text: 'swan' })).toEqual({ ok: true, value: [] });
  });
});
