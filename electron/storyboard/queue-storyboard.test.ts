import { describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import type { RenderRequest } from '../../shared/render-request';
import type { Storyboard } from '../../shared/storyboard';
import type { CreateRenderOptions } from '../library/library';
import { queueStoryboard } from './queue-storyboard';

function recorder(estimates: (number | null)[] = []) {
  const calls: string[] = [];
  const queued: { request: RenderRequest; options: CreateRenderOptions }[] = [];
  const saved: Storyboard[] = [];
  let estimateIndex = 0;
  return {
    calls,
    queued,
    saved,
    deps: {
      inspectImage: async (path: string) => void calls.push(`inspect ${path}`),
      keepKeyframes: async (id: string, keyframes: readonly string[]) => {
        calls.push(`keep ${id}`);
        return keyframes.map((k, i) =>
          k.startsWith('https:') ? k : `/sb/${id}/keyframe-${i + 1}.png`,
        );
      },
      uploadImage: async (path: string) => {
        calls.push(`upload ${path}`);
        return `https://cdn.weshop.test/u/${path.split('/').pop()}`;
      },
      estimate: async () => {
        calls.push('estimate');
        const i = estimateIndex++;
        return i < estimates.length ? (estimates[i] as number | null) : 10;
      },
      onTotal: () => void calls.push('total'),
      queue: async (request: RenderRequest, options: CreateRenderOptions) => {
        calls.push('queue');
        queued.push({ request, options });
        return { id: `render-${queued.length}`, request } as unknown as RenderManifest;
      },
      save: async (storyboard: Storyboard) => {
        saved.push(structuredClone(storyboard));
      },
      discard: async (id: string) => void calls.push(`discard ${id}`),
      newSetId: () => 'set-story-000001',
      now: () => new Date('2026-12-07T10:00:00Z'),
    },
  };
}

describe('queueStoryboard', () => {
  it('makes one transition per pair of keyframes, uploads each keyframe once, totals first, one set', async () => {
    const r = recorder([10, 20, 30]);
    const result = await queueStoryboard(r.deps, {
      keyframes: ['/in/a.png', '/in/b.png', '/in/c.png', '/in/d.png'],
      prompts: ['walk in', 'turn', 'wave'],
    });
    expect(result.total).toBe(60);
    expect(r.queued.map((q) => [q.request.image, q.request.endFrame, q.request.prompt])).toEqual([
      ['/sb/set-story-000001/keyframe-1.png', '/sb/set-story-000001/keyframe-2.png', 'walk in'],
      ['/sb/set-story-000001/keyframe-2.png', '/sb/set-story-000001/keyframe-3.png', 'turn'],
      ['/sb/set-story-000001/keyframe-3.png', '/sb/set-story-000001/keyframe-4.png', 'wave'],
    ]);
    expect(r.queued.every((q) => q.request.model === 'Kling_3_0')).toBe(true);
    const url = (n: number) => `https://cdn.weshop.test/u/keyframe-${n}.png`;
    expect(r.queued.map((q) => q.options)).toEqual(
      [1, 2, 3].map((n) => ({
        setId: 'set-story-000001',
        uploadedImageUrl: url(n),
        uploadedImageUrls: [url(n), url(n + 1)],
      })),
    );
    // 4 keyframes, 4 uploads: the middle ones end one transition and start the next.
    expect(r.calls.filter((c) => c.startsWith('upload'))).toHaveLength(4);
    expect(new Set(r.calls.filter((c) => c.startsWith('upload'))).size).toBe(4);
    // Every picture checked before anything else; the total known before the first render.
    expect(r.calls.slice(0, 4)).toEqual([
      'inspect /in/a.png',
      'inspect /in/b.png',
      'inspect /in/c.png',
      'inspect /in/d.png',
    ]);
    expect(r.calls.indexOf('total')).toBeLessThan(r.calls.indexOf('queue'));
    const record = r.saved.at(-1) as Storyboard;
    expect(record).toMatchObject({
      id: 'set-story-000001',
      model: 'Kling_3_0',
      duration: '5s',
      prompts: ['walk in', 'turn', 'wave'],
      transitions: [
        { renderId: 'render-1', replaced: [] },
        { renderId: 'render-2', replaced: [] },
        { renderId: 'render-3', replaced: [] },
      ],
    });
  });

  it('one prompt serves every transition', async () => {
    const r = recorder();
    await queueStoryboard(r.deps, {
      keyframes: ['/a.png', '/b.png', '/c.png'],
      prompts: ['glide'],
    });
    expect(r.queued.map((q) => q.request.prompt)).toEqual(['glide', 'glide']);
  });

  it('refuses a model without an end frame before any request, naming the ones that take one', async () => {
    const r = recorder();
    await expect(
      queueStoryboard(r.deps, {
        keyframes: ['/a.png', '/b.png'],
        prompts: ['x'],
        model: 'Kling_2_1_Master',
      }),
    ).rejects.toMatchObject({
      kind: 'invalid-input',
      message:
        'Kling 2.1 Master cannot end on a chosen frame, so it cannot render a storyboard: choose Kling 3.0, Kling 2.6, Kling 2.5 Turbo, Kling 2.1 or Kling O1 · First frame to video',
    });
    expect(r.calls).toEqual([]);
  });

  it('refuses one keyframe, and a prompt count that fits neither rule, before any request', async () => {
    const r = recorder();
    await expect(
      queueStoryboard(r.deps, { keyframes: ['/a.png'], prompts: ['x'] }),
    ).rejects.toThrow('A storyboard needs at least 2 keyframes');
    await expect(
      queueStoryboard(r.deps, {
        keyframes: ['/a.png', '/b.png', '/c.png'],
        prompts: ['x', 'y', 'z'],
      }),
    ).rejects.toThrow('3 keyframes make 2 transitions, not 3');
    await expect(
      queueStoryboard(r.deps, {
        keyframes: ['/a.png', '/b.png'],
        prompts: ['x'],
        duration: '7s',
        model: 'Kling_2_6',
      }),
    ).rejects.toThrow('transition 1: duration: Kling_2_6 supports 5s or 10s, not 7s');
    expect(r.calls).toEqual([]);
  });

  it('a bad picture stops it before any upload', async () => {
    const r = recorder();
    r.deps.inspectImage = async (path: string) => {
      r.calls.push(`inspect ${path}`);
      if (path === '/b.png') throw new Error('b.png is not an image');
    };
    await expect(
      queueStoryboard(r.deps, { keyframes: ['/a.png', '/b.png', '/c.png'], prompts: ['x'] }),
    ).rejects.toThrow('b.png is not an image');
    expect(r.calls).toEqual(['inspect /a.png', 'inspect /b.png']);
  });

  it('a refused total queues nothing and leaves no storyboard behind', async () => {
    const r = recorder([50, 50]);
    r.deps.onTotal = () => {
      r.calls.push('total');
      throw new Error('over the cap');
    };
    await expect(
      queueStoryboard(r.deps, { keyframes: ['/a.png', '/b.png', '/c.png'], prompts: ['x'] }),
    ).rejects.toThrow('over the cap');
    expect(r.queued).toEqual([]);
    expect(r.calls.at(-1)).toBe('discard set-story-000001');
  });
});
