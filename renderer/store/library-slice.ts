import { errorMessage } from '../bridge';
import { formatBytes } from '../format';
import { EMPTY_FILTERS, toLibraryQuery } from './library-query';
import type { LibrarySlice, SliceCreator } from './types';

/** How long a delete waits for Undo before the core removes the folder (the toast's life). */
export const UNDO_DELETE_MS = 6000;

export const createLibrarySlice: SliceCreator<LibrarySlice> = (set, get, client) => {
  // Only the newest list request may write its answer: typing fast sends several.
  let latestRequest = 0;

  return {
    filters: EMPTY_FILTERS,
    libraryIds: [],
    libraryTotal: 0,
    libraryStatus: 'idle',
    libraryError: null,
    pendingDeletes: {},

    async setFilters(partial) {
      set((state) => ({ filters: { ...state.filters, ...partial } }));
      await get().loadLibrary();
    },

    async resetFilters() {
      set({ filters: EMPTY_FILTERS });
      await get().loadLibrary();
    },

    async loadLibrary() {
      const request = ++latestRequest;
      set({ libraryStatus: 'loading', libraryError: null });
      try {
        const { items, total } = await client.call('render:list', toLibraryQuery(get().filters));
        if (request !== latestRequest) return;
        get().upsertJobs(items);
        // A render waiting out its Undo stays hidden, as if already deleted.
        const pending = get().pendingDeletes;
        const shown = items.filter((item) => !pending[item.id]);
        set({
          libraryIds: shown.map((item) => item.id),
          libraryTotal: Math.max(0, total - (items.length - shown.length)),
          libraryStatus: 'ready',
        });
      } catch (error) {
        if (request !== latestRequest) return;
        set({ libraryStatus: 'error', libraryError: errorMessage(error) });
      }
    },

    async setFavourite(id, favourite) {
      const view = await client.call('render:favourite', { id, favourite });
      get().upsertJobs([view]);
    },

    async deleteRender(id, options = {}) {
      const { freedBytes } = await client.call('render:delete', { id, ...options });
      get().forgetJob(id);
      return freedBytes;
    },

    deleteWithUndo(id, options) {
      const settle = () =>
        set((state) => {
          const { [id]: _settled, ...pendingDeletes } = state.pendingDeletes;
          return { pendingDeletes };
        });
      set((state) => ({ pendingDeletes: { ...state.pendingDeletes, [id]: true } }));
      get().dropFromList(id);
      const timer = setTimeout(() => {
        get()
          .deleteRender(id, options)
          .then(
            (freed) =>
              get().pushToast('success', `Render deleted. ${formatBytes(freed)} freed on disk.`),
            (error) => {
              get().pushToast('error', `Could not delete the render: ${errorMessage(error)}`);
              void get().loadLibrary();
            },
          )
          .finally(settle);
      }, UNDO_DELETE_MS);
      get().pushToast(
        'info',
        `Render removed from the Library. Its folder is deleted from disk in ${UNDO_DELETE_MS / 1000} seconds unless you undo.`,
        {
          label: 'Undo',
          run: () => {
            clearTimeout(timer);
            settle();
            void get().loadLibrary();
          },
        },
      );
    },

    dropFromList(id) {
      if (!get().libraryIds.includes(id)) return;
      set((state) => ({
        libraryIds: state.libraryIds.filter((other) => other !== id),
        libraryTotal: Math.max(0, state.libraryTotal - 1),
      }));
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
