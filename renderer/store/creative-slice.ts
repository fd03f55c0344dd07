import type { Duration, ModelName } from '../../shared/models';
import type { SliceCreator } from './types';

/** The Variations form as the user left it: kept while they visit other screens. */
export interface VariationsForm {
  /** One prompt a line, as typed. */
  prompts: string;
  /** Ticked models; null until the user ticks one (then the form's model is the default). */
  models: ModelName[] | null;
  durations: Duration[];
}

export interface CreativeSlice {
  variationsForm: VariationsForm;
  editVariations(partial: Partial<VariationsForm>): void;
  /** A set of variations opened in the set view (from its toast), or null. */
  openedSetId: string | null;
  openSet(setId: string | null): void;
}

export const EMPTY_VARIATIONS: VariationsForm = { prompts: '', models: null, durations: [] };

export const createCreativeSlice: SliceCreator<CreativeSlice> = (set) => ({
  variationsForm: EMPTY_VARIATIONS,
  editVariations: (partial) =>
    set((state) => ({ variationsForm: { ...state.variationsForm, ...partial } })),
  openedSetId: null,
  openSet: (openedSetId) => set({ openedSetId }),
});
