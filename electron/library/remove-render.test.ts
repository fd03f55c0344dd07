/**
 * Deleting a render can lose a paid run: a delete never takes a render a live process drives,
 * one whose start may be in flight, or (unless confirmed) one WeShop may still be charging
 * for. Two library instances on one home stand for two processes (owner.ts).
 */
import { access, readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKlingError, type KlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { claimDir, renderDir, rendersDir } from './layout';
import { createLibrary, type Library } from './library';
import { removeRender } from './remove-render';
import { makeTempHome } from './testing';

const request = (prompt: string) => ({ image: '/pictures/cat.png', prompt });
const SENT = '2025-03-01T10:00:00.000Z';

let home: string;
let cleanup: () => Promise<void>;
let libraries: Library[];
const open = () => {
  const library = createLibrary({ home, indexDebounceMs: 5 });
  libraries.push(library);
  return library;
};

beforeEach(async () => {
  ({ home, remove: cleanup } = await makeTempHome('kling-remove-'));
  libraries = [];
});
afterEach(async () => {
  for (const library of libraries) await library.close().catch(() => undefined);
  await cleanup();
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The refusal a delete threw (fails the test when it did not throw one). */
async function refusal(deleting: Promise<unknown>): Promise<KlingError> {
  const error = await deleting.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isKlingError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

/**
 * A render in the given state, written by a process that then let it go (no live driver),
 * the way a stopped or finished process leaves it.
 */
async function leftBehind(facts: Partial<RenderManifest>): Promise<RenderManifest> {
  const writer = open();
  const made = await writer.create(request('left behind'));
  const m = await writer.update(made.id, (d) => Object.assign(d, facts));
  await writer.release(made.id);
  return m;
}

describe('library.remove: who drives the render', () => {
  it('refuses a render another live process drives, and leaves its claim and folder alone', async () => {
    const other = open();
    const driven = await other.create(request('driven elsewhere'));
    await other.update(driven.id, (d) => {
      d.state = 'starting';
      d.startSentAt = SENT;
    });
    const here = open();
    const error = await refusal(here.remove(driven.id, { confirmPaidRun: true }));
    expect(error.kind).toBe('invalid-input');
    expect(error.message).toBe(
      `This render is being driven by another Kling Studio process (process ${process.pid}); stop it there first, or wait for it to finish.`,
    );
    expect(await exists(renderDir(home, driven.id))).toBe(true);
    expect(await other.driver(driven.id)).toBe('this');
    expect((await here.read(driven.id))?.state).toBe('starting');
  });

  it('refuses a render this process drives until it is canceled or finished', async () => {
    const library = open();
    const queued = await library.create(request('queued here'));
    const error = await refusal(library.remove(queued.id));
    expect(error.kind).toBe('invalid-input');
    expect(error.message).toMatch(
      /^This render is still queued in this Kling Studio process; cancel it first/,
    );
    // Canceled (nothing was sent) and let go, as the engine does: nothing stands in the way.
    await library.update(queued.id, (d) => {
      d.state = 'canceled';
    });
    const stillHeld = await refusal(library.remove(queued.id));
    expect(stillHeld.message).toMatch(/still finishing in this Kling Studio process/);
    await library.release(queued.id);
    await expect(library.remove(queued.id)).resolves.toMatchObject({
      freedBytes: expect.any(Number),
    });
  });

  it('holds the claim while it deletes: a claim taken since the check refuses the delete', async () => {
    const library = open();
    const m = await leftBehind({ state: 'done' });
    const calls: string[] = [];
    const error = await refusal(
      removeRender(
        {
          home,
          index: { has: () => true, get: () => m, beginWrite: async () => {}, endWrite: () => {} },
          claims: {
            driver: async () => {
              calls.push('driver');
              return null;
            },
            claim: async () => {
              calls.push('claim');
              return { ok: false, owner: 'process 4242' };
            },
            release: async () => void calls.push('release'),
            forget: async () => void calls.push('forget'),
          },
        },
        m.id,
      ),
    );
    expect(error.message).toMatch(/another Kling Studio process \(process 4242\)/);
    expect(calls).toEqual(['driver', 'claim']);
    expect(await library.read(m.id)).not.toBeNull();
  });
});

describe('library.remove: a paid run', () => {
  it('refuses while a start may be in flight, and lets the claim go again', async () => {
    const m = await leftBehind({ state: 'starting', startSentAt: SENT });
    const here = open();
    const error = await refusal(here.remove(m.id, { confirmPaidRun: true }));
    expect(error.kind).toBe('invalid-input');
    expect(error.message).toBe(
      `This render's start request was sent to WeShop (${SENT}) and its run id was never saved: the process that sent it stopped. Deleting it now could lose a paid run; run \`kling-studio resume\` (or open the app) so it is checked first, then delete it.`,
    );
    expect(await exists(renderDir(home, m.id))).toBe(true);
    // The refused delete held the claim only while it looked: resume can take the render.
    expect(await here.driver(m.id)).toBeNull();
    expect(await open().claim(m.id)).toEqual({ ok: true });
  });

  const charging: [string, Partial<RenderManifest>, RegExp][] = [
    [
      'needs attention (start sent, no run id)',
      { state: 'needs-attention', startSentAt: SENT },
      /its start may have reached WeShop without the run id coming back/,
    ],
    [
      'stopped waiting while the run went on',
      { state: 'canceled', startSentAt: SENT, executionId: 'run-1', remoteState: 'Running' },
      /run run-1 had not finished.*`kling-studio retry [a-z0-9-]+` \(Check again/,
    ],
    [
      'failed while the run was not final',
      { state: 'failed', startSentAt: SENT, executionId: 'run-2' },
      /run run-2 had not finished/,
    ],
    [
      'running, its process gone',
      { state: 'running', startSentAt: SENT, executionId: 'run-3', remoteState: 'Pending' },
      /run run-3 had not finished.*`kling-studio resume`/,
    ],
  ];
  it.each(charging)(
    'asks first for a render WeShop may still charge for: %s',
    async (_, facts, detail) => {
      const m = await leftBehind(facts);
      const here = open();
      const error = await refusal(here.remove(m.id));
      expect(error.kind).toBe('invalid-input');
      expect(error.message).toMatch(
        /^WeShop may still be making \(and charging for\) this render's run \(/,
      );
      expect(error.message).toContain(
        'If you delete the render, its videos will not be collected.',
      );
      expect(error.message).toMatch(detail);
      expect(error.message).toContain(
        `To delete it anyway, confirm: \`kling-studio delete ${m.id} --yes\` (in the app: Delete anyway).`,
      );
      expect(await exists(renderDir(home, m.id))).toBe(true);

      await expect(here.remove(m.id, { confirmPaidRun: true })).resolves.toMatchObject({
        freedBytes: expect.any(Number),
      });
      expect(await exists(renderDir(home, m.id))).toBe(false);
    },
  );

  const final: [string, Partial<RenderManifest>][] = [
    ['done', { state: 'done', startSentAt: SENT, executionId: 'run-4', remoteState: 'Success' }],
    ['partial', { state: 'partial', startSentAt: SENT, executionId: 'run-5' }],
    [
      'failed on WeShop',
      { state: 'failed', startSentAt: SENT, executionId: 'run-6', remoteState: 'Failed' },
    ],
    ['canceled before its start', { state: 'canceled' }],
    ['failed before its start', { state: 'failed' }],
  ];
  it.each(final)('deletes a render whose run is final without asking: %s', async (_, facts) => {
    const m = await leftBehind(facts);
    await expect(open().remove(m.id)).resolves.toMatchObject({ freedBytes: expect.any(Number) });
    expect(await exists(renderDir(home, m.id))).toBe(false);
  });

  it('a refused delete lets its claim go; a confirmed one leaves no claim behind', async () => {
    const m = await leftBehind({ state: 'needs-attention', startSentAt: SENT });
    expect(await exists(claimDir(home, m.id))).toBe(true);
    const here = open();
    await refusal(here.remove(m.id));
    expect(await here.driver(m.id)).toBeNull();
    await here.remove(m.id, { confirmPaidRun: true });
    expect(await exists(claimDir(home, m.id))).toBe(false);
    expect(await here.driver(m.id)).toBeNull();
    expect(await readdir(rendersDir(home))).toEqual([]);
  });
});
