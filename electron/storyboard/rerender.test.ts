import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobState, RenderManifest } from '../../shared/job';
import type { RenderRequest } from '../../shared/render-request';
import type { Storyboard } from '../../shared/storyboard';
import { type CreateRenderOptions, createLibrary, type Library } from '../library/library';
import { rerenderTransition } from './rerender';
import { createStoryboardStore, type StoryboardStore } from './storyboard-store';

let home: string;
let store: StoryboardStore;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'kling-sb-'));
  store = createStoryboardStore(home, () => undefined);
});
afterEach(() => rm(home, { recursive: true, force: true }));

const record = (): Storyboard => ({
  schemaVersion: 1,
  id: 'set-story-000001',
  createdAt: '2026-12-07T10:00:00.000Z',
  keyframes: ['/sb/k1.png', '/sb/k2.png', '/sb/k3.png'],
  prompts: ['walk in', 'wave'],
  model: 'Kling_2_6',
  duration: '10s',
  generateAudio: false,
  transitions: [
    { renderId: 'render-1', replaced: [] },
    { renderId: 'render-2', replaced: [] },
  ],
});

function deps(
  states: Record<string, JobState>,
  claims: Claims = claimsOf(createLibrary({ home })),
) {
  const calls: string[] = [];
  const queued: { request: RenderRequest; options: CreateRenderOptions }[] = [];
  return {
    calls,
    queued,
    deps: {
      store,
      ...claims,
      readRender: async (id: string) =>
        states[id] ? ({ id, state: states[id] } as unknown as RenderManifest) : null,
      inspectImage: async (path: string) => void calls.push(`inspect ${path}`),
      uploadImage: async (path: string) => {
        calls.push(`upload ${path}`);
        return `https://cdn.weshop.test/${path.split('/').pop()}`;
      },
      estimate: async () => {
        calls.push('estimate');
        return 40;
      },
      onTotal: (total: number | null) => void calls.push(`total ${total}`),
      queue: async (request: RenderRequest, options: CreateRenderOptions) => {
        calls.push('queue');
        queued.push({ request, options });
        states['render-9'] = 'queued'; // as the library has it from now on
        return { id: 'render-9', request } as unknown as RenderManifest;
      },
    },
  };
}

type Claims = Pick<Library, 'driver' | 'claim' | 'release'>;
/** A library's claims: each library is one owner, as each process is. */
const claimsOf = (library: Library): Claims => ({
  driver: (id) => library.driver(id),
  claim: (id) => library.claim(id),
  release: (id) => library.release(id),
});

describe('rerenderTransition', () => {
  it('replaces only the failed transition with a new render of the same keyframes, prompt and settings', async () => {
    await store.save(record());
    const r = deps({ 'render-1': 'done', 'render-2': 'failed' });
    const { storyboard, total } = await rerenderTransition(r.deps, 'set-story-000001', 1);
    expect(total).toBe(40);
    expect(r.queued).toHaveLength(1);
    expect(r.queued[0]?.request).toMatchObject({
      image: '/sb/k2.png',
      endFrame: '/sb/k3.png',
      prompt: 'wave',
      model: 'Kling_2_6',
      duration: '10s',
    });
    expect(r.queued[0]?.options).toEqual({
      setId: 'set-story-000001',
      uploadedImageUrl: 'https://cdn.weshop.test/k2.png',
      uploadedImageUrls: ['https://cdn.weshop.test/k2.png', 'https://cdn.weshop.test/k3.png'],
    });
    expect(r.calls.indexOf('total 40')).toBeLessThan(r.calls.indexOf('queue'));
    expect(storyboard.transitions).toEqual([
      { renderId: 'render-1', replaced: [] },
      { renderId: 'render-9', replaced: ['render-2'] },
    ]);
    expect((await store.read('set-story-000001'))?.transitions).toEqual(storyboard.transitions);
  });

  it('refuses a transition still rendering, or one whose start may have been paid, and an index out of range', async () => {
    await store.save(record());
    const r = deps({ 'render-1': 'running', 'render-2': 'needs-attention' });
    await expect(rerenderTransition(r.deps, 'set-story-000001', 0)).rejects.toThrow(
      'Transition 1 is still running: wait for it, or cancel it in the Queue first',
    );
    await expect(rerenderTransition(r.deps, 'set-story-000001', 1)).rejects.toThrow(
      "Transition 2's start may have reached WeShop",
    );
    await expect(rerenderTransition(r.deps, 'set-story-000001', 2)).rejects.toThrow(
      'Storyboard set-story-000001 has transitions 1 to 2, not 3',
    );
    // Each with its message id and values, so the app says it in the chosen language.
    await expect(rerenderTransition(r.deps, 'set-story-000001', 0)).rejects.toMatchObject({
      messageRef: {
        id: 'transitionStill',
        params: { number: 1, state: { text: 'running', ref: { id: 'stateRunning' } } },
      },
    });
    await expect(rerenderTransition(r.deps, 'set-story-000001', 1)).rejects.toMatchObject({
      messageRef: { id: 'transitionStartUnknown', params: { number: 2 } },
    });
    await expect(rerenderTransition(r.deps, 'set-nope-000001', 0)).rejects.toMatchObject({
      kind: 'not-found',
    });
    expect(r.queued).toEqual([]);
  });
});

describe('rerenderTransition, asked twice at once', () => {
  it('in one process (a double click): one new render; the second ask finds the new one queued', async () => {
    await store.save(record());
    const r = deps({ 'render-1': 'done', 'render-2': 'failed' });
    const [first, second] = await Promise.allSettled([
      rerenderTransition(r.deps, 'set-story-000001', 1),
      rerenderTransition(r.deps, 'set-story-000001', 1),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({
      status: 'rejected',
      reason: {
        message: 'Transition 2 is still queued: wait for it, or cancel it in the Queue first',
      },
    });
    expect(r.queued).toHaveLength(1);
  });

  it('from another process holding the transition: refused, nothing queued, and allowed once it lets go', async () => {
    await store.save(record());
    const other = createLibrary({ home });
    expect(await other.claim('render-2')).toEqual({ ok: true });
    const r = deps({ 'render-1': 'done', 'render-2': 'failed' });
    await expect(rerenderTransition(r.deps, 'set-story-000001', 1)).rejects.toThrow(
      /^Transition 2 is being rendered or re-rendered by .*: nothing new was queued; wait for it there$/,
    );
    expect(r.queued).toEqual([]);
    await other.release('render-2');
    await rerenderTransition(r.deps, 'set-story-000001', 1);
    expect(r.queued).toHaveLength(1);
    await other.close();
  });
});

describe('storyboard store', () => {
  it('lists records newest first and never reads outside storyboards/', async () => {
    await store.save(record());
    await store.save({
      ...record(),
      id: 'set-story-000002',
      createdAt: '2026-12-08T10:00:00.000Z',
    });
    expect((await store.list()).map((s) => s.id)).toEqual(['set-story-000002', 'set-story-000001']);
    expect(await store.read('../renders')).toBeNull();
    expect(() => store.folderOf('../x')).toThrow();
  });
});
