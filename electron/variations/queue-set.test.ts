import { describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
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
      inspectImage: async (path: string) => {
        calls.push(`inspect ${path}`);
        if (path.includes('broken'))
          throw new KlingError('invalid-input', `${path} is not an image`);
      },
      uploadImage: async (path: string) => {
        calls.push(`upload ${path}`);
        return `https://cdn.weshop.test/u/${calls.filter((c) => c.startsWith('upload')).length}.png`;
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

describe('queueSet: every picture, every agent', () => {
  const uploads = (r: ReturnType<typeof recorder>) => r.calls.filter((c) => c.startsWith('upload'));

  it('checks every local picture first, uploads each once and gives each render all their URLs', async () => {
    const r = recorder();
    await queueSet(r.deps, {
      image: '/img/first.png',
      endFrame: '/img/last.png',
      prompts: ['A', 'B'],
      models: ['Kling_3_0', 'Kling_2_6'],
      durations: [],
    });
    // Both checked before the first upload: a bad end frame would send nothing at all.
    expect(r.calls.slice(0, 4)).toEqual([
      'inspect /img/first.png',
      'inspect /img/last.png',
      'upload /img/first.png',
      'upload /img/last.png',
    ]);
    expect(uploads(r)).toHaveLength(2);
    expect(r.queued).toHaveLength(4);
    for (const { request, options } of r.queued) {
      expect(request.endFrame).toBe('/img/last.png');
      expect(options).toEqual({
        setId: 'set-test-000001',
        uploadedImageUrl: 'https://cdn.weshop.test/u/1.png',
        uploadedImageUrls: ['https://cdn.weshop.test/u/1.png', 'https://cdn.weshop.test/u/2.png'],
      });
    }
  });

  it('uploads the same picture as first and end frame once; a remote one is its own URL', async () => {
    const r = recorder();
    await queueSet(r.deps, {
      image: '/img/loop.png',
      endFrame: '/img/loop.png',
      prompts: ['A'],
      models: ['Kling_3_0'],
      durations: [],
    });
    expect(uploads(r)).toEqual(['upload /img/loop.png']);
    expect(r.queued[0]?.options.uploadedImageUrls).toEqual([
      'https://cdn.weshop.test/u/1.png',
      'https://cdn.weshop.test/u/1.png',
    ]);
    const mixed = recorder();
    await queueSet(mixed.deps, {
      image: 'https://example.com/first.png',
      endFrame: '/img/last.png',
      prompts: ['A'],
      models: ['Kling_2_1'],
      durations: [],
    });
    expect(mixed.queued[0]?.options).toEqual({
      setId: 'set-test-000001',
      uploadedImageUrls: ['https://example.com/first.png', 'https://cdn.weshop.test/u/1.png'],
    });
  });

  it('sends nothing when one local picture is bad, not even the good ones', async () => {
    const r = recorder();
    await expect(
      queueSet(r.deps, {
        image: '/img/first.png',
        endFrame: '/img/broken.png',
        prompts: ['A'],
        models: ['Kling_3_0'],
        durations: [],
      }),
    ).rejects.toMatchObject({ kind: 'invalid-input', message: '/img/broken.png is not an image' });
    expect(uploads(r)).toEqual([]);
    expect(r.calls).not.toContain('estimate');
  });

  it('renders text-only across Omni and O1 without any upload, in the aspect ratio asked', async () => {
    const r = recorder();
    await queueSet(r.deps, {
      image: '',
      prompts: ['a paper boat on a rainy street'],
      models: ['Kling_V3_Omni', 'Kling_Video_O1_Ele'],
      durations: [],
      aspectRatio: '9:16',
    });
    expect(r.calls.filter((c) => c !== 'estimate' && c !== 'total' && c !== 'queue')).toEqual([]);
    expect(r.queued.map((q) => [q.request.agent, q.request.image, q.request.aspectRatio])).toEqual([
      ['kling-v3-omni', undefined, '9:16'],
      ['kling-O1', undefined, '9:16'],
    ]);
    expect(r.queued.map((q) => q.options)).toEqual([
      { setId: 'set-test-000001' },
      { setId: 'set-test-000001' },
    ]);
  });

  it('puts the same prompt and pictures on Kling 3.0 and Kling 3.0 Omni (first frame, reference 1)', async () => {
    const r = recorder();
    await queueSet(r.deps, {
      image: '/img/cat.png',
      prompts: ['the cat turns its head'],
      models: ['Kling_3_0', 'Kling_V3_Omni'],
      durations: ['10s'],
    });
    expect(uploads(r)).toEqual(['upload /img/cat.png']);
    expect(r.queued.map((q) => q.request)).toMatchObject([
      { agent: 'kling', model: 'Kling_3_0', image: '/img/cat.png', duration: '10s' },
      { agent: 'kling-v3-omni', image: '/img/cat.png', duration: '10s', aspectRatio: '16:9' },
    ]);
  });

  it('refuses a reference video WeShop cannot fetch before checking or sending any picture', async () => {
    const r = recorder();
    const deps = {
      ...r.deps,
      checkReferenceVideo: (request: RenderRequest) => {
        r.calls.push(`video ${request.referenceVideo}`);
        throw new KlingError('invalid-input', 'Reference video: that is on this computer');
      },
    };
    await expect(
      queueSet(deps, {
        image: '/img/hat.png',
        referenceVideo: 'http://127.0.0.1:9/clip.mp4',
        prompts: ['A'],
        models: ['Kling_Motion_Control'],
        durations: [],
      }),
    ).rejects.toMatchObject({ message: 'Reference video: that is on this computer' });
    expect(r.calls).toEqual(['video http://127.0.0.1:9/clip.mp4']);
  });

  it('refuses the whole set, naming the model, when one model cannot take a shared input', async () => {
    const r = recorder();
    await expect(
      queueSet(r.deps, {
        image: '/img/first.png',
        endFrame: '/img/last.png',
        prompts: ['A'],
        models: ['Kling_3_0', 'Kling_V3_Omni', 'Kling_2_1_Master'],
        durations: [],
      }),
    ).rejects.toMatchObject({
      kind: 'invalid-input',
      message:
        'endFrame: Kling 3.0 Omni takes no end frame (models that do: Kling_3_0, Kling_2_6, Kling_2_5_Turbo, Kling_2_1 or Kling_Video_O1_I2V); endFrame: Kling 2.1 Master cannot end on a chosen frame: choose Kling 3.0, 2.6, 2.5 Turbo or 2.1 for an end frame',
    });
    expect(r.calls).toEqual([]);
  });
});

describe('totalOf', () => {
  it('sums, or is unknown when one is', () => {
    expect(totalOf([1, 2, 3])).toBe(6);
    expect(totalOf([])).toBe(0);
    expect(totalOf([1, null])).toBeNull();
  });
});
