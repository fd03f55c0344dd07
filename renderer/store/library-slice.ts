import type { JobState, LibraryQueryInput } from '../../shared/job';
import { errorMessage } from '../bridge';
import { createDeleteUndo } from './delete-undo';
import {
  findHeld,
  heldItems,
  heldPages,
  isNear,
  keepNear,
  type LibraryPages,
  PAGE_SIZE,
  pagesFor,
  patchPages,
  removeFromPages,
} from './library-pages';
import { EMPTY_FILTERS, toLibraryQuery } from './library-query';
import type { LibrarySlice, SliceCreator } from './types';

/** The states the Queue follows from any session: unfinished, or waiting for a decision. */
const FOLLOWED_STATES: JobState[] = [
  'queued',
  'uploading',
  'starting',
  'running',
  'downloading',
  'needs-attention',
];
/** At most this many followed renders at start-up (the Queue's own list pages the rest). */
const FOLLOWED_LIMIT = 500;
/** The core's cap on excluded ids: renders waiting out their Undo are few. */
const MAX_EXCLUDED = 200;

export const createLibrarySlice: SliceCreator<LibrarySlice> = (set, get, client) => {
  const deleteUndo = createDeleteUndo({
    client,
    get,
    setPending: (change) => set((state) => ({ pendingDeletes: change(state.pendingDeletes) })),
  });
  // Bumped by a filter change: answers for the old filters are dropped.
  let epoch = 0;
  // Per page, only the newest request may write its answer (a reload while one is in flight).
  let requestSeq = 0;
  const latest = new Map<number, number>();
  // The positions the grid shows; pages far from them are dropped.
  let shown = { first: 0, last: 0 };
  // library:changed can come in bursts: one reload at a time, then one more if asked meanwhile.
  let reloading: { epoch: number; again: boolean; done: Promise<void> } | null = null;

  const pagesState = (libraryPages: LibraryPages) => ({
    libraryPages,
    libraryIds: heldItems(libraryPages).map((view) => view.id),
  });

  const queryFor = (page: number): LibraryQueryInput => {
    const excluded = Object.keys(get().pendingDeletes).slice(0, MAX_EXCLUDED);
    return {
      ...toLibraryQuery(get().filters),
      offset: page * PAGE_SIZE,
      limit: PAGE_SIZE,
      ...(excluded.length ? { excludeIds: excluded } : {}),
    };
  };

  async function fetchPage(page: number, forEpoch: number): Promise<void> {
    const request = ++requestSeq;
    latest.set(page, request);
    const fresh = () => forEpoch === epoch && latest.get(page) === request;
    try {
      const { items, total } = await client.call('render:list', queryFor(page));
      if (!fresh()) return;
      latest.delete(page);
      set((state) => {
        const near = isNear(page, shown.first, shown.last) || page === 0;
        const pages = near ? { ...state.libraryPages, [page]: items } : state.libraryPages;
        // The list got shorter (deletes, another process): pages past its end go.
        const trimmed = keepNear(pages, shown.first, shown.last, total) ?? pages;
        return {
          ...pagesState(trimmed),
          libraryTotal: total,
          libraryStatus: 'ready',
          libraryError: null,
        };
      });
    } catch (error) {
      if (!fresh()) return;
      latest.delete(page);
      set({ libraryStatus: 'error', libraryError: errorMessage(error) });
    }
  }

  /** The unfinished and needs-attention renders, for the Queue (a restart, another process). */
  async function loadFollowed(): Promise<void> {
    try {
      const { items } = await client.call('render:list', {
        states: FOLLOWED_STATES,
        sort: 'oldest',
        limit: FOLLOWED_LIMIT,
      });
      get().upsertJobs(items);
    } catch (error) {
      // The Library's own banner reports a core that does not answer; this one is a log line.
      console.error('Could not load the unfinished renders for the Queue', error);
    }
  }

  async function reloadOnce(forEpoch: number): Promise<void> {
    const { libraryPages, libraryTotal } = get();
    const wanted = new Set([
      ...heldPages(libraryPages),
      ...pagesFor(shown.first, shown.last, libraryTotal),
    ]);
    await Promise.all([...[...wanted].map((page) => fetchPage(page, forEpoch)), loadFollowed()]);
  }

  /** New filters: a new list from its top (the grid scrolls up; late answers are dropped). */
  function restart(): Promise<void> {
    epoch += 1;
    shown = { first: 0, last: 0 };
    latest.clear();
    set({
      ...pagesState({}),
      libraryEpoch: epoch,
      libraryStatus: 'loading',
      libraryError: null,
    });
    return get().loadLibrary();
  }

  return {
    filters: EMPTY_FILTERS,
    libraryPages: {},
    libraryIds: [],
    libraryTotal: 0,
    libraryStatus: 'idle',
    libraryError: null,
    libraryEpoch: 0,
    libraryRevision: 0,
    pendingDeletes: {},

    async setFilters(partial) {
      set((state) => ({ filters: { ...state.filters, ...partial } }));
      await restart();
    },

    async resetFilters() {
      set({ filters: EMPTY_FILTERS });
      await restart();
    },

    loadLibrary() {
      if (reloading?.epoch === epoch) {
        reloading.again = true;
        return reloading.done;
      }
      const run = { epoch, again: false, done: Promise.resolve() };
      run.done = (async () => {
        if (get().libraryStatus !== 'ready') set({ libraryStatus: 'loading', libraryError: null });
        do {
          run.again = false;
          await reloadOnce(run.epoch);
        } while (run.again && run.epoch === epoch);
        if (run.epoch === epoch) set((state) => ({ libraryRevision: state.libraryRevision + 1 }));
      })().finally(() => {
        if (reloading === run) reloading = null;
      });
      reloading = run;
      return run.done;
    },

    showLibraryRange(first, last) {
      shown = { first, last };
      const { libraryPages, libraryTotal, libraryStatus } = get();
      if (libraryStatus === 'idle') return;
      const missing = pagesFor(first, last, libraryTotal).filter(
        (page) => !libraryPages[page] && !latest.has(page),
      );
      for (const page of missing) void fetchPage(page, epoch);
      const kept = keepNear(libraryPages, first, last, libraryTotal);
      if (kept) set(pagesState(kept));
    },

    libraryView(id) {
      return findHeld(get().libraryPages, id);
    },

    patchLibrary(views) {
      const patched = patchPages(get().libraryPages, views);
      if (patched) set({ libraryPages: patched });
    },

    async setFavourite(id, favourite) {
      const view = await client.call('render:favourite', { id, favourite });
      get().upsertJobs([view]);
    },

    async readFrameRate(id, videoIndex) {
      const view = await client.call('render:frame-rate', { id, videoIndex });
      get().upsertJobs([view]);
    },

    async deleteRender(id, options = {}) {
      const { freedBytes } = await client.call('render:delete', { id, ...options });
      get().forgetJob(id);
      return freedBytes;
    },

    // Delete's behaviour (render:delete now, Undo / Ctrl+Z, the toast): delete-undo.ts.
    deleteWithUndo: (id, options) => void deleteUndo.deleteWithUndo(id, options),
    undoDelete: deleteUndo.undoDelete,
    undoLastDelete: deleteUndo.undoLastDelete,

    dropFromList(id) {
      const removed = removeFromPages(get().libraryPages, id);
      if (!removed) return;
      set((state) => ({
        ...pagesState(removed),
        libraryTotal: Math.max(0, state.libraryTotal - 1),
      }));
      // The pages after it moved up by one: ask the core again (without it).
      void get().loadLibrary();
    },

    async showInFolder(id) {
      await client.call('render:show-in-folder', { id });
    },

    async saveThumbnail(id, dataUrl) {
      const view = await client.call('render:save-thumbnail', { id, dataUrl });
      get().upsertJobs([view]);
    },
  };
};
