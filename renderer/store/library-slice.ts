import { errorMessage } from '../bridge';
import { EMPTY_FILTERS, toLibraryQuery } from './library-query';
import type { LibrarySlice, SliceCreator } from './types';

export const createLibrarySlice: SliceCreator<LibrarySlice> = (set, get, client) => {
  // Only the newest list request may write its answer: typing fast sends several.
  let latestRequest = 0;

  return {
    filters: EMPTY_FILTERS,
    libraryIds: [],
    libraryTotal: 0,
    libraryStatus: 'idle',
    libraryError: null,

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
        set({
          libraryIds: items.map((item) => item.id),
          libraryTotal: total,
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

    async deleteRender(id) {
      const { freedBytes } = await client.call('render:delete', { id });
      get().forgetJob(id);
      return freedBytes;
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
