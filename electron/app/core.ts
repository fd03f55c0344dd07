import { setTimeout as delay } from 'node:timers/promises';
import {
  type DownloadProgress,
  isTerminal,
  type RenderManifest,
  type RenderView,
} from '../../shared/job';
import type { QueueState } from '../../shared/queue';
import type { RenderRequest } from '../../shared/render-request';
import { createEstimator } from '../credits/estimator';
import { readLedgerWithBalance } from '../credits/ledger';
import { createEngine, type Engine } from '../engine/engine';
import { httpGetFromFetch } from '../engine/http-get';
import { createImageUploads } from '../engine/image-uploads';
import { createRateLimiter, DEFAULT_POLL_POLICY } from '../engine/poll-policy';
import { fileQueueStore } from '../engine/queue-store';
import type { EngineLog, StoppedJob } from '../engine/types';
import { createLibrary, type Library } from '../library/library';
import { nodeTrashItem } from '../library/os-trash';
import { onOwnerProblem } from '../library/owner';
import { createPendingTrash, type TrashItem } from '../library/pending-trash';
import { createUploadCache } from '../library/upload-cache';
import { createJobLog, logRequest } from '../logging/job-log';
import { createLogger, type Logger, logLevelFrom, logsDir } from '../logging/logger';
import { redactSecrets } from '../logging/redact';
import { createPresetStore } from '../presets/preset-store';
import { createPromptHistory } from '../presets/prompt-history';
import type { SecretStore } from '../secrets/types';
import { apiBaseFromEnv } from '../weshop/api-base';
import { createWeShopClient } from '../weshop/client';
import { assertVideoUrlAllowed } from '../weshop/reference-video';
import type { WeShopApi } from '../weshop/types';
import { toRenderView } from './render-view';
import { createSettingsStore, type SettingsStore } from './settings-store';

export interface CoreOptions {
  /** The library home (resolveLibraryHome). */
  home: string;
  secrets: SecretStore;
  /** Usually process.env; WESHOP_API_BASE / WESHOP_BASE_URL (apiBaseFromEnv) and the key are read. */
  env: Record<string, string | undefined>;
  /** Prefix of media URLs handed to the renderer: 'kling-media://render' in Electron. */
  mediaBase: string;
  /** Injected for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /**
   * Show renders other processes (a CLI) create or change, as job:update events within a
   * second. Default true; the CLI turns it off (it shows only its own jobs).
   */
  watchLibrary?: boolean;
  /**
   * Where state changes, requests and errors are written. Default: the support log under
   * <home>/logs (level from KLING_LOG_LEVEL), shared by the app and every CLI on this home.
   */
  logger?: Logger;
  /**
   * The next step that picks an unfinished render up again here, said when a render stopped
   * and its render.json could not record why (a full disk). Default: restart the app; the
   * CLI says `kling-studio resume`.
   */
  resumeStep?: string;
  /**
   * Moves a deleted render's folder to the OS trash: Electron's shell.trashItem in the app,
   * the `trash` package (library/os-trash.ts) elsewhere; a fake in tests.
   */
  trashItem?: TrashItem;
}

/** The app resumes every unfinished render at start-up. */
const APP_RESUME_STEP = 'then restart Kling Studio (it picks the render up where it stopped)';

/** The engine logs pino-style (fields, message); the support log takes (message, fields). */
const engineLog = (logger: Logger): EngineLog => ({
  info: (fields, message) => logger.info(message, fields),
  warn: (fields, message) => logger.warn(message, fields),
  error: (fields, message) => logger.error(message, fields),
});

export interface CoreEvents {
  'job:update': (view: RenderView) => void;
  'job:progress': (progress: DownloadProgress) => void;
  'queue:changed': (state: QueueState) => void;
}

/** How often queue.json is looked at for another process's pause or move. */
const QUEUE_WATCH_MS = 1000;

/**
 * The composition root shared by the Electron app, the E2E bridge and (through the same
 * engine and library) the CLI: one library, one WeShop client, one engine.
 */
export async function createCore(options: CoreOptions) {
  const logger =
    options.logger ??
    createLogger({
      dir: logsDir(options.home),
      level: logLevelFrom(options.env),
      bindings: { proc: 'core' },
    });
  // Known before any request, so no line can carry it even if a server echoes it.
  logger.addSecret(options.env.WESHOP_API_KEY);
  // When this process cannot tell exactly whether another one lives (library/owner.ts).
  const stopOwnerProblems = onOwnerProblem((message, fields) => logger.warn(message, fields));
  const apiBase = apiBaseFromEnv(options.env);
  const settings: SettingsStore = createSettingsStore(options.home, (message, fields) =>
    logger.warn(message, fields),
  );
  const library: Library = await createLibrary({ home: options.home });
  // Delete with Undo: set aside, then the OS trash (library/pending-trash.ts).
  const trash = createPendingTrash({
    home: options.home,
    library,
    trashItem: options.trashItem ?? nodeTrashItem,
    warn: (message, fields) => logger.warn(message, fields),
    info: (message, fields) => logger.info(message, fields),
  });
  let knownKey: string | null = options.env.WESHOP_API_KEY ?? null;
  // One global request cap: the engine takes a turn before each poll, the client before
  // each retry inside any call, so retries count against the same cap (never twice).
  const limiter = createRateLimiter({
    max: DEFAULT_POLL_POLICY.maxRequests,
    perMs: DEFAULT_POLL_POLICY.perMs,
    now: () => performance.now(),
    sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : {}),
  });
  const api: WeShopApi = createWeShopClient({
    apiBase,
    getKey: async () => {
      const key = await options.secrets.get();
      logger.addSecret(key);
      knownKey = key;
      return key;
    },
    beforeRequest: (signal, attempt) => (attempt > 1 ? limiter.acquire(signal) : Promise.resolve()),
    onRequest: logRequest(logger),
    warn: (message, fields) => logger.warn(message, fields),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  // One upload per image content for the whole process: the New render screen's pick, the
  // engine's upload step and credit estimates all share it (and the library's upload cache).
  const images = createImageUploads({
    api,
    cache: createUploadCache({
      home: options.home,
      warn: (message, fields) => logger.warn(message, fields),
    }),
    log: engineLog(logger),
  });
  // The queue's pauses and order, shared by every process on the library: known before resume.
  const queueStore = fileQueueStore({
    home: options.home,
    watchMs: QUEUE_WATCH_MS,
    onProblem: (message, fields) => logger.warn(message, fields),
  });
  await queueStore.load();
  const engine: Engine = createEngine({
    library,
    queueStore,
    api,
    images,
    // The fetch injected by tests carries the downloads too; node:http(s) otherwise.
    ...(options.fetch ? { download: httpGetFromFetch(options.fetch) } : {}),
    concurrency: (await settings.get()).concurrency,
    limiter,
    log: engineLog(logger),
    // http.ts already cleans answers; this also covers text that reaches a manifest otherwise.
    redact: (text) => redactSecrets(text, knownKey),
    resumeStep: options.resumeStep ?? APP_RESUME_STEP,
  });
  // Only this process's own jobs: another process logs the ones it drives.
  engine.on('job:update', createJobLog(logger));
  const onStoreProblem = (message: string, fields: Record<string, unknown>) =>
    logger.warn(message, fields);
  const presets = createPresetStore({ home: options.home, onProblem: onStoreProblem });
  const promptHistory = createPromptHistory({ home: options.home, onProblem: onStoreProblem });
  // Every render this process creates (queue, rerun, a set, continue) adds its prompt to the
  // history, which outlives the render: one place, whichever path created it.
  const historyWrites = new Set<Promise<void>>();
  engine.on('job:update', (manifest) => {
    if (manifest.state !== 'queued' || manifest.history.length !== 1) return;
    const write = promptHistory.record(manifest.request.prompt).catch((error: unknown) => {
      logger.warn('prompt history not updated', { id: manifest.id, err: error });
    });
    historyWrites.add(write);
    void write.finally(() => historyWrites.delete(write));
  });
  logger.info('core started', { home: options.home, apiBase });
  const readLedger = () => readLedgerWithBalance(library);
  // A local image is estimated through its one upload (the same one New render's pick made).
  const estimator = createEstimator({
    api,
    uploadedUrlFor: async (path) => (await images.prepare(path)).imageUrl,
    latestBalance: async () => (await readLedger()).balance ?? undefined,
    now: Date.now,
    log: (message, fields) => logger.warn(message, fields),
  });
  const view = (manifest: Parameters<typeof toRenderView>[0]) =>
    toRenderView(manifest, options.mediaBase, (id) => library.folderOf(id));
  /**
   * A render stopped by an error its render.json could not take: its last saved state with
   * that error as its warning, so its row says why it stopped and what to do (in memory only).
   */
  const showStopped = (stop: StoppedJob, forward: (manifest: RenderManifest) => void) =>
    library
      .read(stop.id)
      .then((manifest) => {
        if (manifest && !isTerminal(manifest.state))
          forward({
            ...manifest,
            warning: stop.error.message,
            warningRef: stop.error.messageRef,
          });
      })
      .catch((error: unknown) =>
        logger.warn('could not show why a render stopped', { id: stop.id, err: error }),
      );
  // Renders written by other processes on this library reach the same job:update listeners.
  const foreignListeners = new Set<(manifest: RenderManifest) => void>();
  const stopWatching =
    options.watchLibrary === false
      ? () => undefined
      : library.watch((manifest) => {
          for (const listener of foreignListeners) listener(manifest);
        });

  return {
    home: options.home,
    apiBase,
    library,
    /** Delete (set aside), Undo, and the OS trash after the Undo window, at close or next start. */
    trash,
    api,
    engine,
    /**
     * prepareImage(path, { signal? }) → PreparedImage { imageUrl, sha256, bytes, format,
     * uploadedAt, reused }: checks a local image (invalid-input before any request), then
     * returns a fresh cached URL or uploads it once (concurrent calls share the upload).
     */
    prepareImage: images.prepare,
    /** The local image checks, trusted on a stat for a file checked (picked) before. */
    checkImage: images.check,
    /** Refuses a loopback http reference video unless the API base is loopback too (the emulator). */
    checkReferenceVideo: (request: RenderRequest) => assertVideoUrlAllowed(request, apiBase),
    settings,
    /** Cost before queueing (cached per request body) and the ledger of what was spent. */
    estimator,
    readLedger,
    presets,
    promptHistory,
    secrets: options.secrets,
    logger,
    /** The folder of the support log (Settings → Open logs folder, `kling-studio logs`). */
    logsDir: logsDir(options.home),
    view,
    /** Subscribes to engine events already shaped for the renderer. Returns unsubscribe. */
    subscribe<E extends keyof CoreEvents>(event: E, listener: CoreEvents[E]): () => void {
      if (event === 'job:update') {
        const forward = (manifest: RenderManifest) =>
          (listener as CoreEvents['job:update'])(view(manifest));
        const off = engine.on('job:update', forward);
        const offStopped = engine.on('job:stopped', (stop) => void showStopped(stop, forward));
        foreignListeners.add(forward);
        return () => {
          off();
          offStopped();
          foreignListeners.delete(forward);
        };
      }
      if (event === 'queue:changed') {
        return engine.on('queue:changed', listener as CoreEvents['queue:changed']);
      }
      return engine.on('job:progress', listener as CoreEvents['job:progress']);
    },
    /** Resume everything unfinished (call once at start-up). */
    start: async () => {
      // A crash or kill during an Undo window left folders set aside: they go to the OS trash.
      await trash.recover();
      return engine.resume();
    },
    /**
     * Stops the engine; a paid run's id not saved yet is saved first, unless `force` (then
     * the next start recovers it from the started-runs journal or the support log).
     */
    close: async (closeOptions: { force?: boolean } = {}) => {
      stopWatching();
      // A delete still offering Undo is final once the app closes: to the OS trash.
      await trash.flush();
      stopOwnerProblems();
      queueStore.close();
      await engine.close(closeOptions);
      // A CLI exits right after: the last prompt must be in the history first.
      await Promise.all(historyWrites);
    },
  };
}
export type Core = Awaited<ReturnType<typeof createCore>>;
