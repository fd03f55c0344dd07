import { describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import type { RenderRequest } from '../../shared/render-request';
import type { CreateRenderOptions } from '../library/library';
import { queueSet, totalOf } from './queue-set';

function recorder(estimates: (number | null)[] = []) {
  const calls: string[] = [];
  const queued: { request: RenderRequest; options: CreateRenderOptions }[] = [];
  let totals: [number | null, number] | null = null;
  let estimateIndex = 0;
  return {
    calls,
    queued,
    totals: () => totals,
    deps: {
      inspectImage: async (path: string) => void calls.push(`inspect ${path}`),
      uploadImage: async (path: string) => {
        calls.push(`upload ${path}`);
        return 'https://cdn.weshop.test/u/1.png';
      },
      estimate: async () => {
        calls.push('estimate');
        const i = estimateIndex++;
        return i < estimates.length ? (estimates[i] as number | null) : 10;
      },
      onTotal: (total: number | null, count: number) => {
        calls.push('total');
        totals = [total, count];
      },
      queue: async (request: RenderRequest, options: CreateRenderOptions) => {
        calls.push('queue');
        queued.push({ request, options });
        return { id: `r${queued.length}`, request } as unknown as RenderManifest;
      },
      newSetId: () => 'set-test-000001',
    },
  };
}

describe('queueSet', () => {
  it('uploads once, reports the total before queueing, queues the cross product with the set id', async () => {
    const r = recorder([10, 20, 30, 40]);
    const result = await queueSet(r.deps, {
      image: '/img/cat.png',
      prompts: ['A', 'B'],
      models: ['Kling_3_0', 'Kling_2_6'],
      durations: [],
    });
    expect(result.setId).toBe('set-test-000001');
    expect(result.total).toBe(100);
    expect(r.totals()).toEqual([100, 4]);
    expect(r.calls.filter((c) => c.startsWith('upload'))).toEqual(['upload /img/cat.png']);
    // The total is known before the first render exists.
    expect(r.calls.indexOf('total')).toBeLessThan(r.calls.indexOf('queue'));
    expect(r.queued.map((q) => `${q.request.prompt}/${q.request.model}`)).toEqual([
      'A/Kling_3_0',
      'A/Kling_2_6',
      'B/Kling_3_0',
      'B/Kling_2_6',
    ]);
    expect(r.queued.every((q) => q.options.setId === 'set-test-000001')).toBe(true);
    expect(
      r.queued.every((q) => q.options.uploadedImageUrl === 'https://cdn.weshop.test/u/1.png'),
    ).toBe(true);
  });

  it('sends nothing at all for an invalid combination', async () => {
    const r = recorder();
    await expect(
      queueSet(r.deps, {
        image: '/img/cat.png',
        prompts: ['A'],
        models: ['Kling_2_1'],
        durations: ['7s'],
      }),
    ).rejects.toMatchObject({
      kind: 'invalid-input',
      message: 'duration: Kling_2_1 supports 5s or 10s, not 7s',
    });
    expect(r.calls).toEqual([]);
  });

  it('does not upload an https image, and an unknown estimate makes the total unknown', async () => {
    const r = recorder([10, null]);
    const result = await queueSet(r.deps, {
      image: 'https://example.com/cat.png',
      prompts: ['A', 'B'],
      models: ['Kling_3_0'],
      durations: [],
    });
    expect(result.total).toBeNull();
    expect(r.calls.some((c) => c.startsWith('upload') || c.startsWith('inspect'))).toBe(false);
    expect(r.queued.map((q) => q.options)).toEqual([
      { setId: 'set-test-000001' },
      { setId: 'set-test-000001' },
    ]);
  });
});

describe('totalOf', () => {
  it('sums, or is unknown when one is', () => {
    expect(totalOf([1, 2, 3])).toBe(6);
    expect(totalOf([])).toBe(0);
    expect(totalOf([1, null])).toBeNull();
  });
});
