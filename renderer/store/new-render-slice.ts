import type { ImageInfo } from '../../shared/ipc';
import { isRemoteImage } from '../../shared/render-request';
import { errorMessage } from '../bridge';
import { i18n } from '../i18n';
import { budgetConcernFor } from './budget';
import {
  type AdaptedDraft,
  DRAFT_FIELDS,
  draftFromRequest,
  EMPTY_DRAFT,
  validateDraft,
  withAgent,
  withModel,
} from './draft';
import { MORE_SLOTS, type PictureSlot, slotPath, withoutSlot, withSlotPath } from './pictures';
import type { AppState, NewRenderSlice, SliceCreator } from './types';

const ALL_TOUCHED = Object.fromEntries(DRAFT_FIELDS.map((field) => [field, true]));

/** The touched flag of the draft field a slot belongs to. */
const fieldOf = (slot: PictureSlot) =>
  slot === 'image' ? 'image' : slot === 'endFrame' ? 'endFrame' : 'moreImages';

/** Where a slot's picture goes in the state once checked (picture 1 keeps its own fields). */
function checkedPicture(state: AppState, slot: PictureSlot, info: ImageInfo) {
  const draft = withSlotPath(state.draft, slot, info.path);
  const previews = { ...state.previews, [info.path]: info };
  return slot === 'image' ? { image: info, previews, draft } : { previews, draft };
}

function busyState(state: AppState, slot: PictureSlot, busy: boolean, error?: string | null) {
  if (slot === 'image') {
    return error === undefined ? { imageBusy: busy } : { imageBusy: busy, imageError: error };
  }
  const pictureBusy = { ...state.pictureBusy, [slot]: busy };
  if (error === undefined) return { pictureBusy };
  const pictureErrors = { ...state.pictureErrors };
  if (error === null) delete pictureErrors[slot];
  else pictureErrors[slot] = error;
  return { pictureBusy, pictureErrors };
}

export const createNewRenderSlice: SliceCreator<NewRenderSlice> = (set, get, client) => {
  /** An agent or model change: the adapted draft, and its notes (replacing older ones). */
  const applyAdapted = ({ draft, notes }: AdaptedDraft) =>
    set({ draft, draftNotes: notes, submitError: null });
  return {
    draft: EMPTY_DRAFT,
    image: null,
    imageBusy: false,
    imageError: null,
    touched: {},
    submitting: false,
    submitError: null,
    recentPrompts: [],
    budgetConcern: null,
    previews: {},
    pictureBusy: {},
    pictureErrors: {},
    draftNotes: [],

    dismissBudgetConcern: () => set({ budgetConcern: null }),

    editDraft(partial) {
      set((state) => ({ draft: { ...state.draft, ...partial }, submitError: null }));
    },

    setAgent(agent) {
      if (get().draft.agent === agent) return;
      applyAdapted(withAgent(get().draft, agent));
    },

    setModel(model) {
      if (get().draft.model === model) return;
      applyAdapted(withModel(get().draft, model));
    },

    dismissDraftNotes: () => set({ draftNotes: [] }),

    touch(field) {
      if (get().touched[field]) return;
      set((state) => ({ touched: { ...state.touched, [field]: true } }));
    },

    pickImage: () => get().pickPicture('image'),

    inspectImage: (path) => get().inspectPicture('image', path),

    async pickPicture(slot) {
      set((state) => busyState(state, slot, true, null));
      try {
        const info = await client.call('image:pick', {});
        // null: the user closed the dialog; keep whatever picture was there.
        if (info) {
          set((state) => ({
            ...checkedPicture(state, slot, info),
            touched: { ...state.touched, [fieldOf(slot)]: true },
          }));
        }
      } catch (error) {
        set((state) => busyState(state, slot, false, errorMessage(error)));
      } finally {
        set((state) => busyState(state, slot, false));
      }
    },

    async inspectPicture(slot, path) {
      set((state) => ({
        ...busyState(state, slot, true, null),
        ...(slot === 'image' ? { image: null } : {}),
        draft: withSlotPath(state.draft, slot, path),
        touched: { ...state.touched, [fieldOf(slot)]: true },
      }));
      // A slower inspection of an older pick must not replace a newer one.
      const stillThere = () => slotPath(get().draft, slot) === path;
      try {
        const info = await client.call('image:inspect', { path });
        if (stillThere()) set((state) => checkedPicture(state, slot, info));
      } catch (error) {
        if (stillThere()) set((state) => busyState(state, slot, false, errorMessage(error)));
      } finally {
        set((state) => busyState(state, slot, false));
      }
    },

    removePicture(slot) {
      set((state) => {
        const { draft, note } = withoutSlot(state.draft, slot);
        // Picture 1 may now be the reference that moved up into its place.
        const cleared =
          slot === 'image' ? { image: state.previews[draft.image] ?? null, imageError: null } : {};
        // Reference errors belong to numbers that may have moved: they go with the picture.
        const pictureErrors = { ...state.pictureErrors };
        for (const each of slot === 'endFrame' ? ['endFrame' as const] : MORE_SLOTS)
          delete pictureErrors[each];
        return {
          ...cleared,
          draft,
          pictureErrors,
          draftNotes: note ? [note] : state.draftNotes,
          submitError: null,
        };
      });
    },

    async dropFile(file) {
      get().setScreen('new');
      const path = client.pathForFile(file);
      if (!path) {
        set({
          imageError: i18n.t('newRender:notes.unreadableDrop', { name: file.name }),
        });
        return;
      }
      await get().inspectImage(path);
    },

    async reuseSettings(request) {
      const draft = draftFromRequest(request);
      set({
        draft,
        image: null,
        imageError: null,
        pictureErrors: {},
        draftNotes: [],
        touched: {},
        submitError: null,
      });
      // Local files get a fresh preview (and a clear message if the file has moved since).
      const slots: PictureSlot[] = ['image', ...MORE_SLOTS, 'endFrame'];
      const local = slots.filter((slot) => {
        const path = slotPath(draft, slot);
        return path !== '' && !isRemoteImage(path);
      });
      await Promise.all(local.map((slot) => get().inspectPicture(slot, slotPath(draft, slot))));
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
        get().pushToast('success', i18n.t('newRender:notes.queued', { count }), {
          label: i18n.t('newRender:notes.viewInQueue'),
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
  };
};
