import type { SliceCreator, UiSlice } from './types';

export const createUiSlice: SliceCreator<UiSlice> = (set) => {
  let nextToastId = 1;
  return {
    screen: 'new',
    selectedId: null,
    compareIds: [],
    compareOpen: false,
    toasts: [],
    searchFocusPending: false,

    setScreen: (screen) => set({ screen }),
    openRender: (id) => set({ selectedId: id }),

    toggleCompare(id) {
      set((state) => {
        if (state.compareIds.includes(id)) {
          return { compareIds: state.compareIds.filter((other) => other !== id) };
        }
        // Two at most: a third pick replaces the oldest one.
        return { compareIds: [...state.compareIds, id].slice(-2) };
      });
    },

    clearCompare: () => set({ compareIds: [], compareOpen: false }),

    forgetSelection(id) {
      set((state) => ({
        compareIds: state.compareIds.filter((other) => other !== id),
        selectedId: state.selectedId === id ? null : state.selectedId,
      }));
    },

    showNewRender: () => set({ screen: 'new', selectedId: null, compareOpen: false }),

    setCompareOpen: (compareOpen) => set({ compareOpen }),

    pushToast(tone, text, action) {
      const toast = { id: nextToastId++, tone, text, ...(action ? { action } : {}) };
      // No pile-up: the same message again replaces the older copy; at most 3 at once.
      set((state) => ({
        toasts: [
          ...state.toasts.filter((old) => old.tone !== tone || old.text !== text),
          toast,
        ].slice(-3),
      }));
    },

    dismissToast(id) {
      set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) }));
    },

    requestSearchFocus: () => set({ screen: 'library', searchFocusPending: true }),
    consumeSearchFocus: () => set({ searchFocusPending: false }),
  };
};
