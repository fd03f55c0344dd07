import { createStore } from 'zustand/vanilla';
import type { BridgeClient } from '../bridge';
import { errorMessage } from '../bridge';
import { i18n } from '../i18n';
import { createCreativeSlice } from './creative-slice';
import { createJobsSlice } from './jobs-slice';
import { createLibrarySlice } from './library-slice';
import { createNewRenderSlice } from './new-render-slice';
import { createSettingsSlice } from './settings-slice';
import type { AppState, AppStore } from './types';
import { createUiSlice } from './ui-slice';

/**
 * Each slice writes only its own fields (SliceSet in types.ts makes another slice's field a
 * type error); what one action means for other slices is composed here, in one place.
 */
export function createAppStore(client: BridgeClient): AppStore {
  return createStore<AppState>()((set, get) => {
    const jobs = createJobsSlice(set, get, client);
    const library = createLibrarySlice(set, get, client);
    const ui = createUiSlice(set, get, client);
    const newRender = createNewRenderSlice(set, get, client);
    const rememberFromLibrary = (id: string | null) => {
      const view = id && !get().jobs[id] ? library.libraryView(id) : undefined;
      if (view) jobs.upsertJobs([view]);
    };
    return {
      ...jobs,
      ...library,
      ...createSettingsSlice(set, get, client),
      ...newRender,
      ...ui,
      ...createCreativeSlice(set, get, client),
      // A newer copy of a render (event, action) also replaces the one in the Library's pages.
      upsertJobs(views) {
        jobs.upsertJobs(views);
        library.patchLibrary(views);
      },
      // The detail view and Compare read `jobs`: a card's render (held in the Library's pages
      // only) is remembered there when the user acts on it.
      openRender(id) {
        rememberFromLibrary(id);
        ui.openRender(id);
      },
      toggleCompare(id) {
        rememberFromLibrary(id);
        ui.toggleCompare(id);
      },
      // A render that is gone leaves the Queue, the Library list, Compare and the detail view.
      forgetJob(id) {
        jobs.forgetJob(id);
        library.dropFromList(id);
        ui.forgetSelection(id);
      },
      // A delete waiting for Undo is already out of sight: list, Compare and detail view.
      deleteWithUndo(id, options) {
        library.deleteWithUndo(id, options);
        ui.forgetSelection(id);
      },
      // "Use these settings" opens New render with them.
      reuseSettings(request) {
        ui.showNewRender();
        return newRender.reuseSettings(request);
      },
    };
  });
}

/** Feeds main's events into the store; returns the unsubscribe for all of them. */
export function connectBridgeEvents(store: AppStore, client: BridgeClient): () => void {
  let connected = true;
  // The OS opened an image with the app: New render, with that image (main checked it exists).
  const openImage = (path: string) => {
    if (!connected) return;
    store.getState().setScreen('new');
    void store.getState().inspectImage(path);
  };
  const unsubscribers = [
    client.on('job:update', (view) => store.getState().upsertJobs([view])),
    client.on('job:progress', (progress) => store.getState().applyProgress(progress)),
    client.on('library:changed', () => {
      void store.getState().loadLibrary();
      void store.getState().loadLibraryInfo();
    }),
    client.on('app:open-image', ({ path }) => openImage(path)),
    // Its notification was clicked: the render, in the Library's detail view.
    client.on('app:open-render', ({ id }) => {
      store.getState().setScreen('library');
      store.getState().openRender(id);
    }),
    // A new version finished downloading in the background: say where to restart into it.
    client.on('app:update-status', (status) => {
      if (status.state !== 'ready') return;
      store
        .getState()
        .pushToast('info', i18n.t('store:start.updateReady', { version: status.version }));
    }),
  ];
  // Listening now: a picture handed over before (a first launch with "Open with…") waits in
  // main until the page asks; main sends only later ones as app:open-image.
  client.call('app:pending-image', {}).then(
    (path) => {
      if (path) openImage(path);
    },
    (error: unknown) =>
      store
        .getState()
        .pushToast('error', i18n.t('store:start.openImageFailed', { reason: errorMessage(error) })),
  );
  return () => {
    connected = false;
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

/** First load after start-up; a failing part is reported and the rest still loads. */
export async function loadInitialData(store: AppStore): Promise<void> {
  const state = store.getState();
  const report =
    (key: 'store:start.keyStatusFailed' | 'store:start.settingsFailed') => (error: unknown) =>
      store.getState().pushToast('error', i18n.t(key, { reason: errorMessage(error) }));
  await Promise.all([
    state.loadKeyStatus().catch(report('store:start.keyStatusFailed')),
    state.loadSettings().catch(report('store:start.settingsFailed')),
    state.loadLibrary(),
    state.loadLibraryInfo(),
    state.loadRecentPrompts(),
  ]);
}
