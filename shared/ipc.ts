import { z } from 'zod';
import { RunId } from './attach';
import { CATALOG_CHANNELS } from './catalog-set';
import { MessageRef } from './core-messages';
import { CreditEstimate, DayString, LedgerEntry } from './credits';
import { DownloadProgress, LibraryQuery, RenderView } from './job';
import { Duration, ModelName } from './models';
import { NATIVE_CHANNELS } from './native-channels';
import { Preset, PresetDraft, PresetName } from './presets';
import { QueueControlRequest, QueueControlResult, QueueMoveRequest, QueueState } from './queue';
import { BATCH_MAX, BatchCount, ImageSource, RenderRequest } from './render-request';
import { KeyStatus, Settings, SettingsPatch } from './settings';
import { JoinedStoryboard, Storyboard, StoryboardRequest, StoryboardView } from './storyboard';
import { UpdateStatus } from './updates';
import { SetId, SetRequest } from './variations';

const Empty = z.strictObject({});

/** What "Install command-line tool" did: where the launcher is and what the user does next. */
export const CliInstallResult = z.object({
  path: z.string(),
  onPath: z.boolean(),
  replaced: z.boolean(),
  message: z.string(),
});
export type CliInstallResult = z.infer<typeof CliInstallResult>;
const RenderId = z.strictObject({ id: z.string().regex(/^[a-z0-9-]{6,64}$/, 'Unknown render id') });
/** Which of a render's videos (0-based; a batch holds at most BATCH_MAX). */
const VideoIndex = z
  .number()
  .int()
  .min(0)
  .max(BATCH_MAX - 1);

export const ImageInfo = z.object({
  path: z.string(),
  format: z.enum(['png', 'jpg', 'webp']),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  /** A data: URL preview small enough to show in the renderer. */
  previewUrl: z.string(),
});
export type ImageInfo = z.infer<typeof ImageInfo>;

/** Save video as…: where the copy went (null when the user canceled the dialog). */
export const SavedVideo = z.object({ path: z.string().nullable() });
export type SavedVideo = z.infer<typeof SavedVideo>;

/** Export render: the new folder and the files written in it (folder null: canceled). */
export const ExportedRender = z.object({
  folder: z.string().nullable(),
  files: z.array(z.string()),
});
export type ExportedRender = z.infer<typeof ExportedRender>;

/**
 * A local image that is on WeShop (image:prepare, the core's prepareImage): checked, hashed,
 * and uploaded once (or found fresh in the library's upload cache). Never carries the key.
 */
export const PreparedImage = z.object({
  /** The URL WeShop answered for the upload: what a start or a power estimate sends. */
  imageUrl: z.url({ protocol: /^https?$/ }),
  /** sha256 of the file's bytes (hex): the upload cache's key. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int(),
  format: z.enum(['png', 'jpg', 'webp']),
  /** When these bytes were uploaded (ISO); reused while fresh. */
  uploadedAt: z.iso.datetime(),
  /** True when no upload was sent for this call (the cache had it, or another call's upload). */
  reused: z.boolean(),
});
export type PreparedImage = z.infer<typeof PreparedImage>;

export const LibraryInfo = z.object({
  home: z.string(),
  count: z.number().int(),
  usedBytes: z.number().int(),
  problems: z.array(z.string()),
});
export type LibraryInfo = z.infer<typeof LibraryInfo>;

/** The Spent view's data: every render WeShop said the cost of, and the last balance seen. */
export const CreditLedger = z.object({
  entries: z.array(LedgerEntry),
  balance: z.number().nullable(),
});
export type CreditLedger = z.infer<typeof CreditLedger>;

/**
 * Every renderer → main call: name → request schema, response schema. Main validates each
 * request with `request` before acting; the renderer gets `response`-shaped data back or an
 * AppError. No channel returns the API key.
 */
export const IPC = {
  'key:status': { request: Empty, response: KeyStatus },
  'key:set': {
    request: z.strictObject({ key: z.string().trim().min(8).max(512) }),
    response: KeyStatus,
  },
  'key:clear': { request: Empty, response: KeyStatus },
  'key:test': { request: Empty, response: z.object({ ok: z.boolean(), message: z.string() }) },
  'image:pick': { request: Empty, response: ImageInfo.nullable() },
  'image:inspect': {
    request: z.strictObject({ path: z.string().min(1).max(4096) }),
    response: ImageInfo,
  },
  /** Uploads a picked local image in the background (once per content; see PreparedImage). */
  'image:prepare': {
    request: z.strictObject({ path: z.string().min(1).max(4096) }),
    response: PreparedImage,
  },
  /** The cost of a request before queueing (never throws for a missing figure: credits null). */
  'render:estimate': { request: RenderRequest, response: CreditEstimate },
  'render:queue': { request: RenderRequest, response: RenderView },
  'render:cancel': { request: RenderId, response: RenderView },
  'render:retry': {
    request: z.strictObject({
      id: RenderId.shape.id,
      // Only a render whose start may have reached WeShop without a saved run id needs this:
      // the user confirmed, in a dialog that says so, that retrying may charge twice.
      confirmChargeTwice: z.boolean().optional(),
    }),
    response: RenderView,
  },
  /** A partial render: queue a new render of just the videos WeShop did not deliver. */
  /**
   * "I found the run": a render whose start outcome is unknown gets the run the user found in
   * WeShop's history, checked against it and collected; nothing is started (engine.attach).
   */
  'render:attach': {
    request: z.strictObject({ id: RenderId.shape.id, executionId: RunId }),
    response: RenderView,
  },
  'render:render-missing': { request: RenderId, response: RenderView },
  'render:rerun': { request: RenderId, response: RenderView },
  'render:get': { request: RenderId, response: RenderView },
  'render:list': {
    request: LibraryQuery,
    response: z.object({ items: z.array(RenderView), total: z.number().int() }),
  },
  'render:delete': {
    request: z.strictObject({
      id: RenderId.shape.id,
      // Only a render WeShop may still be charging for (shared/job.ts runMayStillBeCharging)
      // needs this: the user confirmed, in a dialog that says so, that its videos will not be
      // collected. The core refuses, saying why, while a process drives the render.
      confirmPaidRun: z.boolean().optional(),
    }),
    response: z.object({ freedBytes: z.number().int() }),
  },
  'render:favourite': {
    request: z.strictObject({ id: RenderId.shape.id, favourite: z.boolean() }),
    response: RenderView,
  },
  /**
   * The render with one video's frame rate filled in: read from the MP4 once when its manifest
   * has none (videos downloaded before rates were recorded) and stored, so frame steps are real.
   */
  'render:frame-rate': {
    request: z.strictObject({ id: RenderId.shape.id, videoIndex: VideoIndex }),
    response: RenderView,
  },
  'render:save-thumbnail': {
    request: z.strictObject({
      id: RenderId.shape.id,
      // A JPEG data: URL made from the first frame in the renderer; capped at 2 MB.
      dataUrl: z.string().startsWith('data:image/jpeg;base64,').max(2_800_000),
    }),
    response: RenderView,
  },
  'render:show-in-folder': { request: RenderId, response: z.null() },
  /** Asks where (a save dialog in the shell), then copies one downloaded video there. */
  'render:save-video': {
    request: z.strictObject({
      id: RenderId.shape.id,
      videoIndex: VideoIndex,
    }),
    response: SavedVideo,
  },
  /** Asks for a folder (a dialog in the shell), then writes videos + settings.json into a new one in it. */
  'render:export': { request: RenderId, response: ExportedRender },
  /** Variations: the cross product, checked whole, the image uploaded once, one set id. */
  'render:queue-set': {
    request: SetRequest,
    response: z.object({ setId: z.string(), renders: z.array(RenderView) }),
  },
  /** A set's total before it is queued: the sum of each render's estimate (null: unknown). */
  'render:estimate-set': {
    request: SetRequest,
    response: z.object({ total: z.number().nullable(), count: z.number().int() }),
  },
  /**
   * Continue: the renderer captured the video's last frame (full resolution PNG); main keeps
   * it in the library and queues a render of it with the same settings and a new prompt.
   */
  'render:continue': {
    request: z.strictObject({
      id: RenderId.shape.id,
      videoIndex: VideoIndex,
      prompt: z.string().max(2500),
      model: ModelName.optional(),
      duration: Duration.optional(),
      /** How many videos the new render makes (not given: 1, never the source's batch). */
      batchCount: BatchCount,
      /** A picture to end on (local path or https URL), checked like any picture. */
      endFrame: ImageSource.optional(),
      // A 4K PNG stays well under this; anything bigger is not a frame of ours.
      frameDataUrl: z.string().startsWith('data:image/png;base64,').max(80_000_000),
    }),
    response: RenderView,
  },
  /**
   * Whether a library render's WeShop video link still answers (a reference video for New
   * render): main asks that link itself, without the API key. `ok` false says why (expired).
   */
  'video:check-url': {
    request: z.strictObject({ id: RenderId.shape.id, videoIndex: VideoIndex }),
    response: z.object({
      ok: z.boolean(),
      url: z.string(),
      message: z.string(),
      messageRef: MessageRef.optional(),
    }),
  },
  /**
   * The sequence a render belongs to (renders made with Continue), oldest first: ancestors,
   * the render, its continuations. One query of the library's index in main, so the answer
   * is the chain, never the library; not-found for an unknown render.
   */
  'sequence:get': { request: RenderId, response: z.array(RenderView) },
  /** Asks for a folder (a dialog), then copies the sequence's clips into it in play order. */
  'sequence:export': { request: RenderId, response: ExportedRender },
  /** A storyboard's total before it is queued: each transition's estimate summed (null: unknown). */
  'storyboard:estimate': {
    request: StoryboardRequest,
    response: z.object({ total: z.number().nullable(), count: z.number().int() }),
  },
  /** Queues every transition as one set (pictures checked, each keyframe uploaded once). */
  'storyboard:queue': { request: StoryboardRequest, response: StoryboardView },
  'storyboard:list': { request: Empty, response: z.array(Storyboard) },
  'storyboard:get': { request: z.strictObject({ id: SetId }), response: StoryboardView },
  /** One transition (0-based) rendered again alone; its new render replaces it. */
  'storyboard:rerender': {
    request: z.strictObject({ id: SetId, transition: z.number().int().min(0).max(64) }),
    response: StoryboardView,
  },
  /** Joins the done transitions into one MP4 in the storyboard's folder and shows it there. */
  'storyboard:join': { request: z.strictObject({ id: SetId }), response: JoinedStoryboard },
  /**
   * Pause / resume / cancel the renders not yet picked up, of one set (setId) or the whole
   * queue (no setId). Renders under way finish (the message says so); pauses survive a restart.
   */
  'queue:control': { request: QueueControlRequest, response: QueueControlResult },
  /** Moves a waiting render to the front / back or before another; the order survives a restart. */
  'queue:move': { request: QueueMoveRequest, response: QueueState },
  /** The pauses and the waiting renders in the order they start (see queue:changed). */
  'queue:state': { request: Empty, response: QueueState },
  'library:info': { request: Empty, response: LibraryInfo },
  /** Prompts queued before, newest first, kept after their renders are deleted. */
  'prompts:recent': {
    request: z.strictObject({
      text: z.string().max(500).optional(),
      limit: z.number().int().min(1).max(200).optional(),
    }),
    response: z.array(z.string()),
  },
  'presets:list': { request: Empty, response: z.array(Preset) },
  /** Saves a preset, replacing one with the same name (case-insensitive). */
  'presets:save': { request: PresetDraft, response: Preset },
  'presets:delete': { request: z.strictObject({ name: PresetName }), response: z.null() },
  'settings:get': { request: Empty, response: Settings },
  'settings:set': { request: SettingsPatch, response: Settings },
  'credits:ledger': { request: Empty, response: CreditLedger },
  /** Asks where to save (a save dialog in the shell) and writes the ledger as CSV; null path = canceled. */
  'credits:export-csv': {
    request: z.strictObject({
      since: DayString.optional(),
    }),
    response: z.object({ path: z.string().nullable(), rows: z.number().int() }),
  },
  'app:open-external': {
    request: z.strictObject({ url: z.url({ protocol: /^https$/ }) }),
    response: z.null(),
  },
  /** Opens the support log's folder in the file manager; main decides which folder. */
  'app:open-logs-folder': { request: Empty, response: z.null() },
  /**
   * The picture the OS handed the app ("Open with…", a second launch, macOS open-file) before
   * the page listened, or null; taking it clears it. The page calls it once its
   * `app:open-image` listener is in place; later pictures come as that event.
   */
  'app:pending-image': { request: Empty, response: z.string().min(1).max(4096).nullable() },
  /** Where the app's own update stands. */
  'app:update-status': { request: Empty, response: UpdateStatus },
  /** Looks for a new version now (downloaded in the background when there is one). */
  'app:check-for-updates': { request: Empty, response: UpdateStatus },
  /**
   * Restarts into the downloaded version, once no render is between "start sent" and "run id
   * saved" (until then the answer is waiting-for-renders); renders resume after the restart.
   */
  'app:install-update': { request: Empty, response: UpdateStatus },
  /** Puts a `kling-studio` launcher on the PATH (electron/cli/install); main picks the place. */
  'app:install-cli': { request: Empty, response: CliInstallResult },
  ...CATALOG_CHANNELS,
  ...NATIVE_CHANNELS,
} as const;

export type IpcChannel = keyof typeof IPC;
export type IpcRequest<C extends IpcChannel> = z.input<(typeof IPC)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.infer<(typeof IPC)[C]['response']>;
export const IPC_CHANNELS = Object.keys(IPC) as IpcChannel[];

/** Main → renderer events. */
export const IPC_EVENTS = {
  'job:update': RenderView,
  'job:progress': DownloadProgress,
  'library:changed': z.object({ reason: z.string() }),
  /** The queue's pauses or order changed (here, or by another process on the library). */
  'queue:changed': QueueState,
  /** The OS opened an image with the app ("Open with…", a second launch with a path): main
   * checked it is an existing image file; the renderer starts a New render with it. */
  'app:open-image': z.object({ path: z.string().min(1).max(4096) }),
  /** The app's update moved on (checking, downloading, ready, …). */
  'app:update-status': UpdateStatus,
  /** A render's notification was clicked: the renderer shows that render. */
  'app:open-render': z.object({ id: z.string().min(1).max(64) }),
} as const;
export type IpcEvent = keyof typeof IPC_EVENTS;
export type IpcEventPayload<E extends IpcEvent> = z.infer<(typeof IPC_EVENTS)[E]>;
export const IPC_EVENT_NAMES = Object.keys(IPC_EVENTS) as IpcEvent[];

/** Results cross IPC as a tagged union so errors keep their kind (Electron drops Error fields). */
export type IpcResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: import('./errors').AppError };

/** The one object the preload exposes as `window.kling`. */
export interface KlingBridge {
  invoke<C extends IpcChannel>(
    channel: C,
    request: IpcRequest<C>,
  ): Promise<IpcResult<IpcResponse<C>>>;
  /** Returns an unsubscribe function. */
  on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
  /** Absolute path of a dropped File (Electron's webUtils.getPathForFile); null where unknown. */
  pathForFile(file: File): string | null;
}
