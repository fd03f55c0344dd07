// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { UNDO_DELETE_MS } from '../../shared/trash';
import { createBridgeClient } from '../bridge';
import { createFakeBridge, type FakeBridgeState } from '../testing/fake-bridge';
import { makeRender, makeRenders } from '../testing/fixtures';
import { connectBridgeEvents, createAppStore, loadInitialData } from './create-store';
import { PAGE_SIZE } from './library-pages';
import {
  selectKeyMissing,
  selectLibraryItems,
  selectQueueJobs,
  summarizeDownload,
} from './selectors';
import type { LibrarySlice, SliceSet, UiSlice } from './types';

function setup(renders = makeRenders(3), state: Partial<FakeBridgeState> = {}) {
  const bridge = createFakeBridge({ renders, ...state });
  const client = createBridgeClient(bridge);
  const store = createAppStore(client);
  const disconnect = connectBridgeEvents(store, client);
  return { bridge, store, disconnect };
}

describe('app store', () => {
  it('loads key status, settings, library and prompts at start-up', async () => {
    const { bridge, store } = setup();
    bridge.state.recentPrompts = ['wave hello'];
    await loadInitialData(store);
    const state = store.getState();
    expect(state.keyStatus).toEqual({ set: true, source: 'keychain', last4: '7f3a' });
    expect(state.settings?.concurrency).toBe(2);
    expect(selectLibraryItems(state).map((view) => view.id)).toEqual([
      'render-000001',
      'render-000002',
      'render-000003',
    ]);
    expect(state.recentPrompts).toEqual(['wave hello']);
    expect(state.libraryStatus).toBe('ready');
  });

  it('applies job:update events to the job and follows unfinished ones in the queue', () => {
    const { bridge, store } = setup([]);
    bridge.emit('job:update', makeRender(1, { state: 'running', remoteState: 'Segmenting' }));
    bridge.emit('job:update', makeRender(2, { state: 'done' }));
    expect(selectQueueJobs(store.getState()).map((view) => view.id)).toEqual(['render-000001']);

    bridge.emit('job:update', makeRender(1, { state: 'done' }));
    const [job] = selectQueueJobs(store.getState());
    expect(job?.state).toBe('done');
    expect(store.getState().jobs['render-000002']?.state).toBe('done');
  });

  it('clears only finished jobs from the queue', () => {
    const { bridge, store } = setup([]);
    bridge.emit('job:update', makeRender(1, { state: 'queued' }));
    bridge.emit('job:update', makeRender(2, { state: 'running' }));
    bridge.emit('job:update', makeRender(1, { state: 'failed' }));
    store.getState().clearFinished();
    expect(selectQueueJobs(store.getState()).map((view) => view.id)).toEqual(['render-000002']);
    // Still known to the library, just no longer in the queue.
    expect(store.getState().jobs['render-000001']?.state).toBe('failed');
  });

  it('brings needs-attention renders from earlier sessions into the queue until cleared', async () => {
    const { store } = setup([
      makeRender(1, { state: 'needs-attention' }),
      makeRender(2, { state: 'failed' }),
      makeRender(3, { state: 'done' }),
    ]);
    await store.getState().loadLibrary();
    expect(selectQueueJobs(store.getState()).map((view) => view.id)).toEqual(['render-000001']);
    store.getState().clearFinished();
    await store.getState().loadLibrary();
    expect(selectQueueJobs(store.getState())).toEqual([]);
  });

  it('sums job:progress across videos and goes indeterminate when a size is unknown', () => {
    const { bridge, store } = setup([]);
    const id = 'render-000001';
    bridge.emit('job:progress', { id, videoIndex: 0, receivedBytes: 300, totalBytes: 1000 });
    bridge.emit('job:progress', { id, videoIndex: 1, receivedBytes: 100, totalBytes: 500 });
    bridge.emit('job:progress', { id, videoIndex: 0, receivedBytes: 600, totalBytes: 1000 });
    expect(summarizeDownload(store.getState().progress[id])).toEqual({
      receivedBytes: 700,
      totalBytes: 1500,
    });
    bridge.emit('job:progress', { id, videoIndex: 2, receivedBytes: 5, totalBytes: null });
    expect(summarizeDownload(store.getState().progress[id])).toEqual({
      receivedBytes: 705,
      totalBytes: null,
    });
    expect(summarizeDownload(store.getState().progress.other)).toBeNull();
  });

  it('reloads the library when main says it changed', async () => {
    const { bridge, store } = setup(makeRenders(2));
    await store.getState().loadLibrary();
    bridge.state.renders = makeRenders(5);
    bridge.emit('library:changed', { reason: 'imported' });
    await expect.poll(() => store.getState().libraryIds.length).toBe(5);
    expect(bridge.callsTo('library:info').length).toBeGreaterThan(0);
  });

  it('opens New render with the image the OS handed to the app', async () => {
    const { bridge, store } = setup();
    store.getState().setScreen('library');
    bridge.emit('app:open-image', { path: '/photos/cat.png' });
    expect(store.getState().screen).toBe('new');
    await expect.poll(() => store.getState().image?.path).toBe('/photos/cat.png');
    expect(store.getState().draft.image).toBe('/photos/cat.png');
    expect(bridge.callsTo('image:inspect')).toEqual([{ path: '/photos/cat.png' }]);
  });

  it('asks main for a picture the OS handed over before the page listened, once', async () => {
    const { bridge, store } = setup([], { pendingImage: '/photos/first-launch.png' });
    await expect.poll(() => store.getState().image?.path).toBe('/photos/first-launch.png');
    expect(store.getState().screen).toBe('new');
    expect(bridge.callsTo('app:pending-image')).toEqual([{}]);
    expect(bridge.state.pendingImage).toBeNull();
  });

  it('opens a render in the Library when its notification is clicked', () => {
    const { bridge, store } = setup();
    store.getState().setScreen('new');
    bridge.emit('app:open-render', { id: 'render-0002' });
    expect(store.getState().screen).toBe('library');
    expect(store.getState().selectedId).toBe('render-0002');
  });

  it('unsubscribes from every event on disconnect', () => {
    const { bridge, disconnect } = setup();
    expect(bridge.listenerCount('job:update')).toBe(1);
    disconnect();
    expect(bridge.listenerCount('job:update')).toBe(0);
    expect(bridge.listenerCount('job:progress')).toBe(0);
    expect(bridge.listenerCount('library:changed')).toBe(0);
    expect(bridge.listenerCount('app:open-image')).toBe(0);
    expect(bridge.listenerCount('app:update-status')).toBe(0);
    expect(bridge.listenerCount('app:open-render')).toBe(0);
  });

  it('derives "key missing" only once the status is known', async () => {
    const { bridge, store } = setup();
    expect(selectKeyMissing(store.getState())).toBeNull();
    bridge.state.keyStatus = { set: false, source: null, last4: null };
    await store.getState().loadKeyStatus();
    expect(selectKeyMissing(store.getState())).toBe(true);
  });

  it('keeps only the newest list answer when filters change quickly', async () => {
    const { bridge, store } = setup(makeRenders(4));
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    bridge.handle('render:list', async (query) => {
      if (query.text === 'slow') {
        await slow;
        return { items: bridge.state.renders, total: 4 };
      }
      return { items: bridge.state.renders.slice(0, 1), total: 1 };
    });
    const first = store.getState().setFilters({ text: 'slow' });
    await store.getState().setFilters({ text: 'fast' });
    release();
    await first;
    expect(store.getState().libraryIds).toEqual(['render-000001']);
    expect(store.getState().libraryTotal).toBe(1);
  });

  it('removes a deleted render everywhere and reports the freed bytes', async () => {
    const { store } = setup(makeRenders(3));
    await store.getState().loadLibrary();
    store.getState().toggleCompare('render-000002');
    store.getState().openRender('render-000002');
    await expect(store.getState().deleteRender('render-000002')).resolves.toBe(12_582_912);
    const state = store.getState();
    expect(state.libraryIds).toEqual(['render-000001', 'render-000003']);
    expect(state.jobs['render-000002']).toBeUndefined();
    expect(state.compareIds).toEqual([]);
    expect(state.selectedId).toBeNull();
  });

  it('deletes at once (main sets the folder aside), and Undo or Ctrl+Z brings it back within the window', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { bridge, store } = setup(makeRenders(3));
      await store.getState().loadLibrary();
      store.getState().deleteWithUndo('render-000002');
      expect(store.getState().libraryIds).toEqual(['render-000001', 'render-000003']);
      expect(store.getState().libraryTotal).toBe(2);
      await vi.waitFor(() =>
        expect(bridge.callsTo('render:delete')).toEqual([{ id: 'render-000002' }]),
      );
      await vi.waitFor(() =>
        expect(store.getState().toasts.at(-1)?.text).toBe(
          'Render deleted: its folder goes to the trash in a few seconds. Undo (Ctrl+Z) puts it back.',
        ),
      );
      // A list reload meanwhile does not bring it back: the core no longer lists it.
      await store.getState().loadLibrary();
      expect(store.getState().libraryIds).toEqual(['render-000001', 'render-000003']);

      store.getState().toasts.at(-1)?.action?.run();
      await vi.waitFor(() =>
        expect(bridge.callsTo('render:undo-delete')).toEqual([{ id: 'render-000002' }]),
      );
      await vi.waitFor(() => expect(store.getState().libraryIds).toHaveLength(3));
      expect(store.getState().toasts.at(-1)?.text).toBe('Render restored to the Library.');

      // Ctrl+Z's action: the newest delete still in its window.
      store.getState().deleteWithUndo('render-000003');
      await vi.waitFor(() =>
        expect(store.getState().pendingDeletes).toEqual({ 'render-000003': true }),
      );
      await vi.waitFor(() => expect(bridge.callsTo('render:delete')).toHaveLength(2));
      store.getState().undoLastDelete();
      await vi.waitFor(() => expect(bridge.callsTo('render:undo-delete')).toHaveLength(2));
      await vi.waitFor(() => expect(store.getState().libraryIds).toHaveLength(3));

      // Once the window is over there is nothing to undo: the folder is on its way to the trash.
      store.getState().deleteWithUndo('render-000001');
      await vi.waitFor(() => expect(bridge.callsTo('render:delete')).toHaveLength(3));
      await vi.advanceTimersByTimeAsync(UNDO_DELETE_MS);
      expect(store.getState().pendingDeletes).toEqual({});
      store.getState().undoLastDelete();
      expect(bridge.callsTo('render:undo-delete')).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds pages near what the grid shows and drops far ones (never the whole library)', async () => {
    const { bridge, store } = setup(makeRenders(1_000));
    await store.getState().loadLibrary();
    expect(store.getState().libraryTotal).toBe(1_000);
    expect(store.getState().libraryIds).toHaveLength(PAGE_SIZE);
    store.getState().showLibraryRange(900, 930);
    await vi.waitFor(() => expect(store.getState().libraryIds).toContain('render-000901'));
    const held = Object.keys(store.getState().libraryPages).map(Number);
    expect(held).not.toContain(0);
    expect(held.every((page) => page >= 11)).toBe(true);
    const pages = bridge.callsTo('render:list').filter((query) => query.offset !== undefined);
    expect(pages.every((query) => query.limit === PAGE_SIZE)).toBe(true);
  });

  it('keeps at most two renders for compare, dropping the oldest pick', () => {
    const { store } = setup();
    for (const id of ['a', 'b', 'c']) store.getState().toggleCompare(id);
    expect(store.getState().compareIds).toEqual(['b', 'c']);
    store.getState().toggleCompare('b');
    expect(store.getState().compareIds).toEqual(['c']);
  });
});

describe('slices own their fields', () => {
  it("a slice set takes its own fields and refuses another slice's (a type error)", () => {
    const written: unknown[] = [];
    const uiSet: SliceSet<UiSlice> = (partial) => written.push(partial);
    const librarySet: SliceSet<LibrarySlice> = (partial) => written.push(partial);
    uiSet({ selectedId: null });
    librarySet({ libraryTotal: 0 });
    // @ts-expect-error the UI slice may not write the Library's list
    uiSet({ libraryIds: [] });
    // @ts-expect-error nor through an updater
    librarySet(() => ({ selectedId: null }));
    expect(written).toHaveLength(4);
  });

  it('composes what a delete with Undo means for the other slices at once', async () => {
    const { store } = setup(makeRenders(3));
    await store.getState().loadLibrary();
    store.getState().openRender('render-000002');
    store.getState().toggleCompare('render-000002');
    store.getState().deleteWithUndo('render-000002');
    const state = store.getState();
    expect(state.libraryIds).toEqual(['render-000001', 'render-000003']);
    expect(state.selectedId).toBeNull();
    expect(state.compareIds).toEqual([]);
    expect(state.pendingDeletes).toEqual({ 'render-000002': true });
  });

  it('reusing settings opens New render with the detail view and Compare closed', async () => {
    const { store } = setup(makeRenders(1));
    store.getState().setScreen('library');
    store.getState().openRender('render-000001');
    store.getState().setCompareOpen(true);
    await store.getState().reuseSettings(makeRender(1).request);
    const state = store.getState();
    expect([state.screen, state.selectedId, state.compareOpen]).toEqual(['new', null, false]);
    expect(state.draft.prompt).toBe(makeRender(1).request.prompt);
  });
});
