import { isRemoteImage } from '../../shared/render-request';
import { errorMessage } from '../bridge';
import { budgetConcernFor } from './budget';
import { DRAFT_FIELDS, draftFromRequest, EMPTY_DRAFT, validateDraft, withModel } from './draft';
import type { NewRenderSlice, SliceCreator } from './types';

const ALL_TOUCHED = Object.fromEntries(DRAFT_FIELDS.map((field) => [field, true]));

export const createNewRenderSlice: SliceCreator<NewRenderSlice> = (set, get, client) => ({
  draft: EMPTY_DRAFT,
  image: null,
  imageBusy: false,
  imageError: null,
  touched: {},
  submitting: false,
  submitError: null,
  recentPrompts: [],
  budgetConcern: null,

  dismissBudgetConcern: () => set({ budgetConcern: null }),

  editDraft(partial) {
    set((state) => ({ draft: { ...state.draft, ...partial }, submitError: null }));
  },

  setModel(model) {
    set((state) => ({ draft: withModel(state.draft, model), submitError: null }));
  },

  touch(field) {
    if (get().touched[field]) return;
    set((state) => ({ touched: { ...state.touched, [field]: true } }));
  },

  async pickImage() {
    set({ imageBusy: true, imageError: null });
    try {
      const info = await client.call('image:pick', {});
      // null: the user closed the dialog; keep whatever image was there.
      if (info) {
        set((state) => ({
          image: info,
          draft: { ...state.draft, image: info.path },
          touched: { ...state.touched, image: true },
        }));
      }
    } catch (error) {
      set({ imageError: errorMessage(error) });
    } finally {
      set({ imageBusy: false });
    }
  },

  async inspectImage(path) {
    set((state) => ({
      imageBusy: true,
      imageError: null,
      image: null,
      draft: { ...state.draft, image: path },
      touched: { ...state.touched, image: true },
    }));
    try {
      const info = await client.call('image:inspect', { path });
      // A slower inspection of an older pick must not replace a newer one.
      if (get().draft.image === path)
        set((state) => ({ image: info, draft: { ...state.draft, image: info.path } }));
    } catch (error) {
      if (get().draft.image === path) set({ imageError: errorMessage(error) });
    } finally {
      set({ imageBusy: false });
    }
  },

  async dropFile(file) {
    get().setScreen('new');
    const path = client.pathForFile(file);
    if (!path) {
      set({
        imageError: `Could not read where "${file.name}" is stored. Use "Choose image…" instead.`,
      });
      return;
    }
    await get().inspectImage(path);
  },

  async reuseSettings(request) {
    set({
      draft: draftFromRequest(request),
      image: null,
      imageError: null,
      touched: {},
      submitError: null,
    });
    // Local files get a fresh preview (and a clear message if the file has moved since).
    if (request.image && !isRemoteImage(request.image)) await get().inspectImage(request.image);
  },

  async queueRender(options = {}) {
    const state = get();
    if (state.submitting) return null;
    const validation = validateDraft(state.draft);
    if (!validation.ok) {
      set({ touched: ALL_TOUCHED });
      return null;
    }
    set({ submitting: true, submitError: null, budgetConcern: null });
    try {
      if (!options.overBudgetConfirmed) {
        const concern = await budgetConcernFor(client, validation.request, state.settings);
        if (concern) {
          set({ budgetConcern: concern });
          return null;
        }
      }
      const view = await client.call('render:queue', validation.request);
      get().upsertJobs([view]);
      const count = validation.request.batchCount;
      get().pushToast('success', `Queued ${count} video${count === 1 ? '' : 's'}`, {
        label: 'View in Queue',
        run: () => get().setScreen('queue'),
      });
      void get().loadRecentPrompts();
      void get().loadLibrary();
      return view;
    } catch (error) {
      set({ submitError: errorMessage(error) });
      return null;
    } finally {
      set({ submitting: false });
    }
  },

  async loadRecentPrompts() {
    try {
      set({ recentPrompts: await client.call('prompts:recent', {}) });
    } catch {
      // The list is a convenience: without it the form still works, so stay quiet.
    }
  },
});
