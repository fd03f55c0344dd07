import { describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import { type ManifestSource, readLedgerWithBalance } from './ledger';

/** Just the fields the ledger reads; the rest of a manifest does not matter here. */
const priced = (n: number): RenderManifest =>
  ({
    id: `render-${n}`,
    createdAt: new Date(Date.UTC(2026, 10, n)).toISOString(),
    state: 'done',
    request: {
      model: 'Kling_3_0',
      duration: '5s',
      generateAudio: false,
      batchCount: 1,
      prompt: `p${n}`,
    },
    credits: { powerConsumption: 10 * n, powerBalanceAmount: 1000 - n },
  }) as unknown as RenderManifest;

/** A source that answers at most `pageSize` items per call, newest first, like library.list. */
function pagedSource(manifests: RenderManifest[], pageSize: number) {
  const calls: number[] = [];
  const source: ManifestSource = {
    async list(query = {}) {
      const offset = query.offset ?? 0;
      calls.push(offset);
      const newest = [...manifests].reverse();
      const limit = Math.min(query.limit ?? pageSize, pageSize);
      return { items: newest.slice(offset, offset + limit), total: manifests.length };
    },
  };
  return { source, calls };
}

describe('readLedgerWithBalance', () => {
  it('reads every page of the library, oldest first, and the newest balance', async () => {
    const manifests = [1, 2, 3, 4, 5].map(priced);
    const { source, calls } = pagedSource(manifests, 2);
    const { entries, balance } = await readLedgerWithBalance(source);
    expect(entries.map((e) => e.id)).toEqual([
      'render-1',
      'render-2',
      'render-3',
      'render-4',
      'render-5',
    ]);
    expect(entries.reduce((sum, e) => sum + e.credits, 0)).toBe(150);
    expect(balance).toBe(995);
    expect(calls).toEqual([0, 2, 4]);
  });

  it('an empty library: no entries and no balance, one call', async () => {
    const { source, calls } = pagedSource([], 2);
    expect(await readLedgerWithBalance(source)).toEqual({ entries: [], balance: null });
    expect(calls).toEqual([0]);
  });
});
