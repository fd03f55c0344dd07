import type { CreativeSlice, SliceCreator, VariationsForm } from './types';

export const EMPTY_VARIATIONS: VariationsForm = { prompts: '', models: null, durations: [] };

export const createCreativeSlice: SliceCreator<CreativeSlice> = (set) => ({
  variationsForm: EMPTY_VARIATIONS,
  editVariations: (partial) =>
    set((state) => ({ variationsForm: { ...state.variationsForm, ...partial } })),
  openedSetId: null,
  openSet: (openedSetId) => set({ openedSetId }),
});
