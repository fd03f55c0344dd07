import type { StoreApi } from 'zustand/vanilla';
import type { ImageInfo, IpcRequest, LibraryInfo } from '../../shared/ipc';
import type { DownloadProgress, RenderView } from '../../shared/job';
import type { AgentName, Duration, ModelName } from '../../shared/models';
import type { RenderRequest } from '../../shared/render-request';
import type { KeyStatus, Settings } from '../../shared/settings';
import type { BridgeClient } from '../bridge';
import type { BudgetConcern } from './budget';
import type { Draft, DraftField } from './draft';
import type { LibraryPages } from './library-pages';
import type { LibraryFilters } from './library-query';
import type { PictureSlot } from './picture-slots';

export const SCREENS = ['new', 'queue', 'library', 'settings', 'spent', 'storyboard'] as const;
export type Screen = (typeof SCREENS)[number];

export interface JobsSlice {
  /** Every render the renderer has seen, by id: list loads and job:update events. */
  jobs: Record<string, RenderView>;
  /**
   * What the Queue shows: ids seen unfinished in this session, plus needs-attention ones from
   * any session (they wait for the user's decision), until "Clear finished".
   */
  queueIds: string[];
  /** Ids the user cleared from the Queue; a list reload must not bring them back. */
  clearedIds: Record<string, true>;
  /** Download progress by render id, then video index (events only, never persisted). */
  progress: Record<string, Record<number, DownloadProgress>>;
  upsertJobs(views: readonly RenderView[]): void;
  applyProgress(progress: DownloadProgress): void;
  /** The render is gone: forgotten here, and (composed in create-store.ts) in the list and selection. */
  forgetJob(id: string): void;
  cancelJob(id: string): Promise<void>;
  /**
   * Queues a failed/canceled/needs-attention render again. `confirmChargeTwice` only after the
   * user confirmed, in a dialog that says so, that a start which may have reached WeShop is sent again.
   */
  retryJob(id: string, options?: { confirmChargeTwice?: boolean }): Promise<void>;
  /**
   * "I found the run": gives a render whose start outcome is unknown the run the user found in
   * WeShop's history; main checks it matches and collects it (no new start). Shown in the Queue.
   */
  attachRun(id: string, executionId: string): Promise<void>;
  /** A partial render: queues a new render of just the missing videos and resolves with it. */
  renderMissing(id: string): Promise<RenderView>;
  clearFinished(): void;
}

export type LibraryStatus = 'idle' | 'loading' | 'ready' | 'error';

/** What a delete carries besides the render's id (render:delete: the paid-run confirmation). */
export type DeleteOptions = Omit<IpcRequest<'render:delete'>, 'id'>;

export interface LibrarySlice {
  filters: LibraryFilters;
  /**
   * The pages of the current list the renderer holds (the grid's window, never the whole
   * library): page number → renders in main's order (store/library-pages.ts).
   */
  libraryPages: LibraryPages;
  /** The held pages' ids in list order (a window of the list, not all of it). */
  libraryIds: string[];
  /** How many renders the current filters match, as the core counted them. */
  libraryTotal: number;
  libraryStatus: LibraryStatus;
  libraryError: string | null;
  /** Bumped when the filters change: the grid goes back to the top of the new list. */
  libraryEpoch: number;
  /** Bumped after each reload of the list: views built on the library (sets) ask again. */
  libraryRevision: number;
  setFilters(partial: Partial<LibraryFilters>): Promise<void>;
  resetFilters(): Promise<void>;
  /** Asks the core again for the pages held and shown (coalesced), and the Queue's renders. */
  loadLibrary(): Promise<void>;
  /** The grid shows positions first..last: their pages are asked for, far pages dropped. */
  showLibraryRange(first: number, last: number): void;
  /** A held render by id (a card the user acts on), or undefined when not held. */
  libraryView(id: string): RenderView | undefined;
  /** Newer copies of renders (events, actions) replace the held ones. */
  patchLibrary(views: readonly RenderView[]): void;
  setFavourite(id: string, favourite: boolean): Promise<void>;
  /**
   * Asks the core for one video's frame rate when its manifest has none (a video downloaded
   * before rates were recorded): read from the MP4 once, stored, and the render replaced here.
   */
  readFrameRate(id: string, videoIndex: number): Promise<void>;
  /**
   * Resolves with the bytes freed on disk. `confirmPaidRun`: the user saw that WeShop may still
   * be charging for this render's run and deletes it anyway (render:delete refuses it otherwise).
   */
  deleteRender(id: string, options?: DeleteOptions): Promise<number>;
  /** Renders hidden from the Library while their delete waits out its Undo. */
  pendingDeletes: Record<string, true>;
  /**
   * Deletes at once (main sets the folder aside; the OS trash takes it after the Undo window)
   * and offers Undo in a toast; the render stays in pendingDeletes for UNDO_DELETE_MS
   * (shared/trash.ts). delete-undo.ts.
   */
  deleteWithUndo(id: string, options?: DeleteOptions): void;
  /** Puts a render deleted a moment ago back (render:undo-delete), when still in its window. */
  undoDelete(id: string): Promise<void>;
  /** Ctrl+Z: undoes the newest delete still in its Undo window. */
  undoLastDelete(): void;
  /** Takes a render out of the current list (it was deleted, or is waiting to be). */
  dropFromList(id: string): void;
  showInFolder(id: string): Promise<void>;
  saveThumbnail(id: string, dataUrl: string): Promise<void>;
}

export interface SettingsSlice {
  keyStatus: KeyStatus | null;
  settings: Settings | null;
  libraryInfo: LibraryInfo | null;
  libraryInfoError: string | null;
  loadKeyStatus(): Promise<void>;
  setKey(key: string): Promise<void>;
  clearKey(): Promise<void>;
  /** The core's own verdict, e.g. { ok: false, message: 'WeShop refused this key' }. */
  testKey(): Promise<{ ok: boolean; message: string }>;
  loadSettings(): Promise<void>;
  updateSettings(partial: Partial<Settings>): Promise<void>;
  loadLibraryInfo(): Promise<void>;
  openExternal(url: string): Promise<void>;
}

export interface NewRenderSlice {
  draft: Draft;
  /** The inspected image behind draft.image (preview, size); null when none or not inspected. */
  image: ImageInfo | null;
  imageBusy: boolean;
  imageError: string | null;
  touched: Partial<Record<DraftField, boolean>>;
  submitting: boolean;
  submitError: string | null;
  recentPrompts: string[];
  /** Checked pictures other than picture 1 (end frame, references 2–4), by path. */
  previews: Record<string, ImageInfo>;
  /** A picture other than picture 1 being picked or checked, and why one could not be. */
  pictureBusy: Partial<Record<PictureSlot, boolean>>;
  pictureErrors: Partial<Record<PictureSlot, string>>;
  /** What the last agent or model change left out or changed, said under the choice. */
  draftNotes: string[];
  editDraft(partial: Partial<Omit<Draft, 'model' | 'agent'>>): void;
  setAgent(agent: AgentName): void;
  setModel(model: ModelName): void;
  dismissDraftNotes(): void;
  touch(field: DraftField): void;
  pickImage(): Promise<void>;
  inspectImage(path: string): Promise<void>;
  /** The native picker for one picture (image:pick), then the same checks as picture 1. */
  pickPicture(slot: PictureSlot): Promise<void>;
  inspectPicture(slot: PictureSlot, path: string): Promise<void>;
  /** Empties a picture; later reference images move up one number (with a note). */
  removePicture(slot: PictureSlot): void;
  dropFile(file: File): Promise<void>;
  reuseSettings(request: RenderRequest): Promise<void>;
  /** Set when a render waits for the user's OK because of Settings → Budget (BudgetDialog). */
  budgetConcern: BudgetConcern | null;
  dismissBudgetConcern(): void;
  /**
   * Validates the draft, checks it against the budget (over a cap or cost unknown: sets
   * budgetConcern and resolves null unless `overBudgetConfirmed`), queues it, and resolves
   * with the new render (null when invalid, refused or waiting for the user's OK).
   */
  queueRender(options?: { overBudgetConfirmed?: boolean }): Promise<RenderView | null>;
  loadRecentPrompts(): Promise<void>;
}

export type ToastTone = 'info' | 'success' | 'error';
/** A button in a toast ("View in Queue", "Undo"); the toast closes once it ran. */
export interface ToastAction {
  label: string;
  run(): void;
  /** How long the toast stays (ms) when its button has a deadline (Undo); else the usual. */
  lingerMs?: number;
}
export interface Toast {
  id: number;
  tone: ToastTone;
  text: string;
  action?: ToastAction;
}

export interface UiSlice {
  screen: Screen;
  /** The render open in the Library's detail view. */
  selectedId: string | null;
  /** Up to two renders picked for Compare, oldest pick first. */
  compareIds: string[];
  compareOpen: boolean;
  toasts: Toast[];
  /** Set by Ctrl/Cmd+F on any screen; the Library search box takes focus and clears it. */
  searchFocusPending: boolean;
  setScreen(screen: Screen): void;
  openRender(id: string | null): void;
  toggleCompare(id: string): void;
  clearCompare(): void;
  setCompareOpen(open: boolean): void;
  /** A render went away: it leaves Compare and, when open, the detail view. */
  forgetSelection(id: string): void;
  /** The New render screen, with the detail view and Compare closed. */
  showNewRender(): void;
  pushToast(tone: ToastTone, text: string, action?: ToastAction): void;
  dismissToast(id: number): void;
  requestSearchFocus(): void;
  consumeSearchFocus(): void;
}

export type AppState = JobsSlice &
  LibrarySlice &
  SettingsSlice &
  NewRenderSlice &
  UiSlice &
  CreativeSlice;
export type AppStore = StoreApi<AppState>;

/** A slice's own state: its fields, not its actions. */
export type OwnState<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K];
};

/**
 * A `set` that writes only the slice's own fields (it may read the whole state): a reaction
 * that spans slices is composed in create-store.ts, where every slice is visible.
 */
type OwnUpdate<T> = Partial<OwnState<T>> & {
  [K in Exclude<keyof AppState, keyof OwnState<T>>]?: never;
};
export type SliceSet<T> = (partial: OwnUpdate<T> | ((state: AppState) => OwnUpdate<T>)) => void;

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

/** Each slice gets its own set, the store's get and the bridge: no globals, so tests inject a fake. */
export type SliceCreator<T> = (
  set: SliceSet<T>,
  get: AppStore['getState'],
  client: BridgeClient,
) => T;
