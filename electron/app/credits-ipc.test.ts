import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corePerTest, quietPlatform } from './core-per-test';
import { createIpcDispatch } from './ipc-handlers';
import type { PlatformServices } from './platform';

const openCore = corePerTest('kling-credits-ipc-');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A core whose library holds a priced render, an unpriced one, and a newer priced one. */
async function setUp(savePath: string | null | undefined) {
  const { core } = await openCore();
  const request = { image: 'https://cdn.example.test/a.png', prompt: 'wave, "hi"' };
  const priced = async (at: string, credits: number, balance: number) => {
    const made = await core.library.create(request);
    return core.library.update(made.id, (m) => {
      m.startSentAt = at;
      m.state = 'done';
      m.credits = { powerConsumption: credits, powerBalanceAmount: balance };
    });
  };
  const first = await priced('2026-11-01T10:00:00.000Z', 20, 980);
  await core.library.create(request);
  const second = await priced('2026-11-20T10:00:00.000Z', 40, 940);
  const platform: PlatformServices = {
    ...quietPlatform(),
    ...(savePath === undefined ? {} : { chooseSavePath: async () => savePath }),
  };
  return { dispatch: createIpcDispatch(core, platform), first, second };
}

describe('credits over IPC', () => {
  it('credits:ledger lists priced renders oldest first with the latest balance', async () => {
    const { dispatch, first, second } = await setUp(undefined);
    const answer = await dispatch('credits:ledger', {});
    expect(answer).toMatchObject({
      ok: true,
      value: {
        balance: 940,
        entries: [
          { id: first.id, credits: 20, balanceAfter: 980 },
          { id: second.id, credits: 40, balanceAfter: 940 },
        ],
      },
    });
  });

  it('credits:export-csv writes where the save dialog answered (since a day), and nothing when canceled', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kling-csv-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'out.csv');
    const { dispatch, second } = await setUp(path);
    expect(await dispatch('credits:export-csv', { since: '2026-11-10' })).toEqual({
      ok: true,
      value: { path, rows: 1 },
    });
    const lines = (await readFile(path, 'utf8')).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(second.id);
    expect(lines[1]).toContain('"wave, ""hi"""');

    const canceled = await setUp(null);
    expect(await canceled.dispatch('credits:export-csv', {})).toEqual({
      ok: true,
      value: { path: null, rows: 2 },
    });
    expect(await canceled.dispatch('credits:export-csv', { since: '1 Nov' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
  });

  it('render:estimate refuses a relative local path before anything is read or sent', async () => {
    const { dispatch } = await setUp(undefined);
    expect(
      await dispatch('render:estimate', { image: '/photos/../etc/a.png', prompt: 'wave' }),
    ).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });
});
