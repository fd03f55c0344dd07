/**
 * The app's Delete (render:delete) through the real dispatcher and core: it never deletes a
 * render a process drives (the app's own included: cancel it first), and deletes one WeShop
 * may still be charging for only with the confirmation the renderer's dialog sends.
 */
import { access } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import { createLibrary, type Library } from '../library/library';
import { corePerTest, quietPlatform } from './core-per-test';
import { createIpcDispatch } from './ipc-handlers';

const openCore = corePerTest('kling-delete-ipc-');
const others: Library[] = [];
afterEach(async () => {
  for (const library of others.splice(0)) await library.close();
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function setUp() {
  const { core, home } = await openCore();
  const dispatch = createIpcDispatch(core, quietPlatform());
  /** Another process on the same library home (a CLI, say). */
  const otherProcess = () => {
    const library = createLibrary({ home, indexDebounceMs: 5 });
    others.push(library);
    return library;
  };
  return { core, dispatch, otherProcess };
}

const request = { image: '/pictures/cat.png', prompt: 'a heron takes off' };

describe('render:delete', () => {
  it('refuses a render this app still drives: cancel it first (it is not stopped for you)', async () => {
    const { core, dispatch } = await setUp();
    const queued = await core.library.create(request);
    const result = await dispatch('render:delete', { id: queued.id, confirmPaidRun: true });
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({
        kind: 'invalid-input',
        message:
          'This render is still queued in this Kling Studio process; cancel it first (Stop waiting, once WeShop may have started it), or wait for it to finish.',
      }),
    });
    expect(await core.library.read(queued.id)).not.toBeNull();
    expect(await core.library.driver(queued.id)).toBe('this');
  });

  it('refuses a render another process drives, saying which', async () => {
    const { core, dispatch, otherProcess } = await setUp();
    const made = await core.library.create(request);
    await core.library.release(made.id);
    expect(await otherProcess().claim(made.id)).toEqual({ ok: true }); // the CLI resumed it
    const result = await dispatch('render:delete', { id: made.id });
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid-input',
        message: `This render is being driven by another Kling Studio process (process ${process.pid}); stop it there first, or wait for it to finish.`,
      },
    });
    expect(await exists(core.library.folderOf(made.id))).toBe(true);
  });

  it('deletes a render WeShop may still be charging for only when the user confirmed', async () => {
    const { core, dispatch } = await setUp();
    const made = await core.library.create(request);
    // Stop waiting while the run went on: its runner ended and let the render go.
    await core.library.update(made.id, (m: RenderManifest) => {
      m.state = 'canceled';
      m.startSentAt = '2025-03-01T10:00:00.000Z';
      m.executionId = 'run-still-going';
      m.remoteState = 'Running';
    });
    await core.library.release(made.id);

    const refused = await dispatch('render:delete', { id: made.id });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    const message = refused.ok ? '' : refused.error.message;
    expect(message).toMatch(/^WeShop may still be making \(and charging for\) this render's run/);
    expect(message).toContain('its videos will not be collected');
    // Its id and values travel with it, so the app says it in the chosen language.
    expect(refused).toMatchObject({
      error: {
        messageRef: {
          id: 'deleteMayBeCharging',
          params: {
            detail: { ref: { id: 'runNotFinished' } },
            collect: { ref: { id: 'collectByRetry' } },
          },
        },
      },
    });
    expect(await exists(core.library.folderOf(made.id))).toBe(true);

    const confirmed = await dispatch('render:delete', { id: made.id, confirmPaidRun: true });
    expect(confirmed).toEqual({ ok: true, value: { freedBytes: expect.any(Number) } });
    expect(await exists(core.library.folderOf(made.id))).toBe(false);
    expect(await dispatch('render:get', { id: made.id })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
  });
});
