import { canAttachRun, whyNotAttachable } from '../../shared/attach';
import { continueRequest } from '../../shared/continue-request';
import { coreSaid } from '../../shared/core-messages';
import { type AppError, toAppError } from '../../shared/errors';
import {
  type ImageInfo,
  IPC,
  type IpcChannel,
  type IpcEvent,
  type IpcEventPayload,
  type IpcRequest,
  type IpcResponse,
  type IpcResult,
  type KlingBridge,
  type LibraryInfo,
} from '../../shared/ipc';
import { checkIpcResult } from '../../shared/ipc-checks';
import {
  isTerminal,
  type RenderView,
  runMayStillBeCharging,
  startOutcomeUnknown,
} from '../../shared/job';
import { agentOf, ModelName } from '../../shared/models';
import { Preset, PresetDraft, searchPrompts } from '../../shared/presets';
import { missingVideosStatus } from '../../shared/rerun-cost';
import { sequenceOf } from '../../shared/sequence';
import { DEFAULT_SETTINGS, type KeyStatus, type Settings } from '../../shared/settings';
import type { UpdateStatus } from '../../shared/updates';
import { checkVariations } from '../../shared/variations';
import { fakeCatalogHandlers } from './fake-catalog';
import { fakeNativeHandlers } from './fake-native';
import { fakeQueueHandlers } from './fake-queue';
import { fakeStoryboardHandlers } from './fake-storyboards';

type Handler<C extends IpcChannel> = (
  request: IpcRequest<C>,
) => IpcResponse<C> | Promise<IpcResponse<C>>;
type Handlers = { [C in IpcChannel]: Handler<C> };

export interface RecordedCall {
  channel: IpcChannel;
  request: unknown;
}

export interface FakeBridgeState {
  renders: RenderView[];
  keyStatus: KeyStatus;
  settings: Settings;
  libraryInfo: LibraryInfo;
  recentPrompts: string[];
  presets: Preset[];
  /** What image:pick returns (null = the user closed the dialog). */
  pickedImage: ImageInfo | null;
  /** A picture the OS handed main before the page listened (app:pending-image takes it). */
  pendingImage: string | null;
  /** Where the app's update stands; a check finds `availableUpdate` (null: up to date). */
  updateStatus: UpdateStatus;
  availableUpdate: string | null;
}

/** A stand-in for main: records every invoke, answers from canned state, emits events on demand. */
export interface FakeBridge extends KlingBridge {
  readonly calls: RecordedCall[];
  readonly state: FakeBridgeState;
  /** The requests sent on one channel, in order. */
  callsTo<C extends IpcChannel>(channel: C): IpcRequest<C>[];
  /** Replace how one channel answers; throw a FakeFailure (or use fail()) to answer with an error. */
  handle<C extends IpcChannel>(channel: C, handler: Handler<C>): void;
  fail(channel: IpcChannel, error: AppError): void;
  emit<E extends IpcEvent>(event: E, payload: IpcEventPayload<E>): void;
  listenerCount(event: IpcEvent): number;
  /** What pathForFile returns for a given File (Electron's webUtils is not available here). */
  setPathForFile(file: File, path: string | null): void;
}

export class FakeFailure extends Error {
  readonly appError: AppError;
  constructor(appError: AppError) {
    super(appError.message);
    this.appError = appError;
  }
}

export const SAMPLE_IMAGE: ImageInfo = {
  path: '/home/me/Pictures/portrait.png',
  format: 'png',
  width: 1024,
  height: 1536,
  bytes: 1_482_113,
  // 1×1 grey PNG: a real image so <img> renders in tests and screenshots.
  previewUrl:
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=',
};

const notFound = (id: string) =>
  new FakeFailure({ kind: 'not-found', message: `No render with id ${id}` });

export function createFakeBridge(initial: Partial<FakeBridgeState> = {}): FakeBridge {
  const state: FakeBridgeState = {
    renders: [],
    keyStatus: { set: true, source: 'keychain', last4: '7f3a' },
    settings: DEFAULT_SETTINGS,
    libraryInfo: { home: '/home/me/Kling Studio', count: 0, usedBytes: 0, problems: [] },
    recentPrompts: [],
    presets: [],
    pickedImage: SAMPLE_IMAGE,
    pendingImage: null,
    updateStatus: { state: 'idle' },
    availableUpdate: null,
    ...initial,
  };
  const calls: RecordedCall[] = [];
  const listeners = new Map<IpcEvent, Set<(payload: never) => void>>();
  const filePaths = new Map<File, string | null>();
  const deletedForUndo = new Map<string, RenderView>();

  const findRender = (id: string): RenderView => {
    const view = state.renders.find((render) => render.id === id);
    if (!view) throw notFound(id);
    return view;
  };
  const replaceRender = (view: RenderView): RenderView => {
    state.renders = state.renders.map((render) => (render.id === view.id ? view : render));
    return view;
  };

  const handlers: Handlers = {
    'key:status': () => state.keyStatus,
    'key:set': ({ key }) => {
      state.keyStatus = { set: true, source: 'keychain', last4: key.trim().slice(-4) };
      return state.keyStatus;
    },
    'key:clear': () => {
      state.keyStatus = { set: false, source: null, last4: null };
      return state.keyStatus;
    },
    'key:test': () => ({ ok: true, message: 'WeShop accepted the key' }),
    'image:pick': () => state.pickedImage,
    'image:inspect': ({ path }) => ({ ...SAMPLE_IMAGE, path }),
    'image:prepare': () => ({
      imageUrl: 'https://cdn.weshop.test/uploads/portrait.png',
      sha256: 'a'.repeat(64),
      bytes: SAMPLE_IMAGE.bytes,
      format: SAMPLE_IMAGE.format,
      uploadedAt: new Date().toISOString(),
      reused: false,
    }),
    'render:estimate': () => ({ credits: 40, balance: 960, enough: true }),
    'credits:ledger': () => ({ entries: [], balance: null }),
    'credits:export-csv': () => ({ path: '/tmp/credits.csv', rows: 0 }),
    'render:queue': (request) => {
      const parsed = IPC['render:queue'].request.parse(request);
      const now = new Date().toISOString();
      const view: RenderView = {
        schemaVersion: 1,
        id: `queued-${String(state.renders.length + 1).padStart(4, '0')}`,
        createdAt: now,
        updatedAt: now,
        request: parsed,
        idempotencyKey: '5d3b1c7a-1e2f-4a5b-8c9d-0e1f2a3b4c5d',
        state: 'queued',
        history: [{ state: 'queued', at: now }],
        videos: [],
        favourite: false,
        videoUrls: [],
        thumbnailUrl: null,
        sourceImageUrl: null,
        folder: `/home/me/Kling Studio/queued-${state.renders.length + 1}`,
      };
      state.renders = [view, ...state.renders];
      return view;
    },
    'render:cancel': ({ id }) => replaceRender({ ...findRender(id), state: 'canceled' }),
    'render:retry': ({ id, confirmChargeTwice }) => {
      const view = findRender(id);
      // Like the engine: a start that may have reached WeShop is retried only when confirmed.
      if (startOutcomeUnknown(view) && !confirmChargeTwice) {
        const said = coreSaid('retryMayChargeTwice');
        throw new FakeFailure({
          kind: 'needs-attention',
          message: said.text,
          messageRef: said.ref,
        });
      }
      return replaceRender({ ...view, state: 'queued' });
    },
    'render:attach': ({ id, executionId }) => {
      const view = findRender(id);
      // Like the engine: only a render whose start outcome is unknown takes a found run.
      if (!canAttachRun(view)) {
        const why = whyNotAttachable(view);
        throw new FakeFailure({ kind: 'invalid-input', message: why.text, messageRef: why.ref });
      }
      const at = new Date().toISOString();
      const message = `Attached run ${executionId} found by the user`;
      const { error: _error, ...rest } = view;
      return replaceRender({
        ...rest,
        executionId: executionId.trim(),
        state: 'running',
        history: [...view.history, { state: 'running', at, message }],
      });
    },
    'render:render-missing': ({ id }) => {
      // Like the engine: once per partial render (shared missingVideosStatus), the render
      // already asked for is given back; a new one has just the missing count, nothing of the
      // old run's.
      const partial = findRender(id);
      const asked = partial.missingRenderedBy
        ? (state.renders.find((render) => render.id === partial.missingRenderedBy) ?? null)
        : null;
      const status = missingVideosStatus(partial, asked);
      if (asked && (status.kind === 'rendering' || status.kind === 'rendered')) return asked;
      if (status.kind !== 'offer') {
        throw new FakeFailure({
          kind: 'invalid-input',
          message:
            status.kind === 'settle'
              ? `The missing videos of ${id} were started as render ${status.by}, which may have a paid run on WeShop. Nothing new was started.`
              : `Only a partial render has missing videos to render; this one is ${partial.state}`,
        });
      }
      const {
        executionId: _run,
        startSentAt: _sent,
        taskName: _name,
        remoteState: _remote,
        serverMessage: _said,
        error: _error,
        warning: _warning,
        credits: _credits,
        missingRenderedBy: _asked,
        ...source
      } = partial;
      const now = new Date().toISOString();
      const view: RenderView = {
        ...source,
        id: `missing-${String(state.renders.length + 1).padStart(4, '0')}`,
        createdAt: now,
        updatedAt: now,
        request: { ...source.request, batchCount: status.count },
        state: 'queued',
        history: [{ state: 'queued', at: now }],
        videos: [],
        videoUrls: [],
        thumbnailUrl: null,
        sourceImageUrl: null,
        favourite: false,
      };
      // The core announces the partial render's change too (job:update), as the engine saves it.
      const recorded = replaceRender({ ...partial, missingRenderedBy: view.id });
      for (const listener of listeners.get('job:update') ?? []) {
        (listener as (payload: RenderView) => void)(recorded);
      }
      state.renders = [view, ...state.renders];
      return view;
    },
    'render:rerun': ({ id }) => findRender(id),
    'render:get': ({ id }) => findRender(id),
    'render:list': (query) => {
      const text = query.text?.toLowerCase();
      const items = state.renders.filter(
        (view) =>
          (!text || view.request.prompt.toLowerCase().includes(text)) &&
          (!query.agent || agentOf(view.request.model) === query.agent) &&
          (!query.model || view.request.model === query.model) &&
          (!query.state || view.state === query.state) &&
          (!query.states || query.states.includes(view.state)) &&
          (!query.setId || view.setId === query.setId) &&
          (!query.inSet || Boolean(view.setId)) &&
          !query.excludeIds?.includes(view.id) &&
          (!query.favouritesOnly || view.favourite),
      );
      const sorted = [...items].sort((a, b) =>
        query.sort === 'prompt'
          ? a.request.prompt.localeCompare(b.request.prompt)
          : query.sort === 'model'
            ? ModelName.options.indexOf(a.request.model) -
                ModelName.options.indexOf(b.request.model) || b.createdAt.localeCompare(a.createdAt)
            : query.sort === 'oldest'
              ? a.createdAt.localeCompare(b.createdAt)
              : b.createdAt.localeCompare(a.createdAt),
      );
      // A page, as the core answers: the renderer must never rely on getting everything.
      const offset = query.offset ?? 0;
      const page = sorted.slice(offset, offset + (query.limit ?? 20000));
      return { items: page, total: sorted.length };
    },
    'render:delete': ({ id, confirmPaidRun }) => {
      const view = findRender(id);
      // Like the library: an unfinished render is canceled first (here it runs in this
      // process), and one WeShop may still be charging for is deleted only when confirmed.
      if (!isTerminal(view.state)) {
        throw new FakeFailure({
          kind: 'invalid-input',
          message: `This render is still ${view.state} in this Kling Studio process; cancel it first (Stop waiting, once WeShop may have started it), or wait for it to finish.`,
        });
      }
      if (runMayStillBeCharging(view) && !confirmPaidRun) {
        throw new FakeFailure({
          kind: 'invalid-input',
          message: `WeShop may still be making (and charging for) this render's run. If you delete the render, its videos will not be collected. To delete it anyway, confirm: \`kling-studio delete ${id} --yes\` (in the app: Delete anyway).`,
        });
      }
      state.renders = state.renders.filter((other) => other.id !== id);
      deletedForUndo.set(id, view);
      return { freedBytes: 12_582_912 };
    },
    'render:favourite': ({ id, favourite }) => replaceRender({ ...findRender(id), favourite }),
    // As the core does for a video downloaded before rates were recorded: read once (the
    // fixture clips are 24 fps), kept. A rate already known is returned as it is.
    'render:frame-rate': ({ id, videoIndex }) => {
      const view = findRender(id);
      const videos = view.videos.map((video) =>
        video.index === videoIndex && video.file && video.frameRate === undefined
          ? { ...video, frameRate: 24 }
          : video,
      );
      return replaceRender({ ...view, videos });
    },
    'render:save-thumbnail': ({ id, dataUrl }) =>
      replaceRender({ ...findRender(id), thumbnailUrl: dataUrl }),
    'render:show-in-folder': ({ id }) => {
      findRender(id);
      return null;
    },
    'render:save-video': ({ id, videoIndex }) => ({
      path: `/home/me/Videos/${findRender(id).id}-${videoIndex + 1}.mp4`,
    }),
    'render:export': ({ id }) => ({
      folder: `/home/me/Exports/kling-${findRender(id).id}`,
      files: ['video-1.mp4', 'settings.json'],
    }),
    // Variations and Continue build on render:queue, as the core builds on engine.queue.
    'render:estimate-set': (request) => {
      const check = checkVariations(request);
      if (!check.ok) throw new FakeFailure({ kind: 'invalid-input', message: check.message });
      return { total: check.requests.length * 40, count: check.requests.length };
    },
    'render:queue-set': async (request) => {
      const check = checkVariations(request);
      if (!check.ok) throw new FakeFailure({ kind: 'invalid-input', message: check.message });
      const setId = `set-fake-${String(state.renders.length + 1).padStart(4, '0')}`;
      const renders: RenderView[] = [];
      for (const each of check.requests) {
        const view = { ...(await handlers['render:queue'](each)), setId };
        renders.push(replaceRender(view));
      }
      return { setId, renders };
    },
    // Built as main builds it (shared/continue-request.ts), refusals included.
    'render:continue': async ({ id, videoIndex, frameDataUrl: _captured, ...choice }) => {
      const checked = continueRequest(findRender(id).request, {
        ...choice,
        // The schema's default, as main's validated payload has it.
        batchCount: choice.batchCount ?? 1,
        frame: `/home/me/Kling Studio/frames/${id}-video-${videoIndex + 1}-last.png`,
      });
      if (!checked.ok) throw new FakeFailure({ kind: 'invalid-input', message: checked.message });
      const view = await handlers['render:queue'](checked.request);
      return replaceRender({ ...view, continuedFrom: { id, videoIndex } });
    },
    // Like main: the render's WeShop link is asked; here every link of a done render answers.
    'video:check-url': ({ id, videoIndex }) => {
      const video = findRender(id).videos[videoIndex];
      if (!video) {
        const said = coreSaid('noVideo', { id, number: videoIndex + 1 });
        throw new FakeFailure({ kind: 'not-found', message: said.text, messageRef: said.ref });
      }
      const said = coreSaid('videoLinkAnswers');
      return { ok: true, url: video.url, message: said.text, messageRef: said.ref };
    },
    // As main answers it (one query there): the chain among every render the fake holds.
    'sequence:get': ({ id }) => sequenceOf(findRender(id).id, state.renders),
    'sequence:export': ({ id }) => ({
      folder: `/home/me/Exports/kling-sequence-${findRender(id).id}`,
      files: ['01.mp4', '02.mp4'],
    }),
    'library:info': () => state.libraryInfo,
    'prompts:recent': ({ text, limit }) =>
      searchPrompts(state.recentPrompts, text, limit ?? state.recentPrompts.length),
    'presets:list': () => [...state.presets].sort((a, b) => a.name.localeCompare(b.name)),
    'presets:save': (draft) => {
      const preset = Preset.parse({
        ...PresetDraft.parse(draft),
        updatedAt: new Date().toISOString(),
      });
      const same = (p: Preset) => p.name.toLowerCase() === preset.name.toLowerCase();
      state.presets = [...state.presets.filter((p) => !same(p)), preset];
      return preset;
    },
    'presets:delete': ({ name }) => {
      const before = state.presets.length;
      state.presets = state.presets.filter((p) => p.name.toLowerCase() !== name.toLowerCase());
      if (state.presets.length === before) {
        throw new FakeFailure({ kind: 'not-found', message: `No preset named "${name}"` });
      }
      return null;
    },
    'settings:get': () => state.settings,
    'settings:set': (partial) => {
      state.settings = { ...state.settings, ...partial };
      return state.settings;
    },
    'app:open-external': () => null,
    'app:open-logs-folder': () => null,
    'app:pending-image': () => {
      const path = state.pendingImage;
      state.pendingImage = null;
      return path;
    },
    'app:update-status': () => state.updateStatus,
    'app:check-for-updates': () => {
      // Like main: a check finds the version and downloads it in the background.
      state.updateStatus = state.availableUpdate
        ? { state: 'downloading', version: state.availableUpdate, percent: 0 }
        : { state: 'up-to-date', version: '0.1.0', checkedAt: new Date().toISOString() };
      return state.updateStatus;
    },
    'app:install-update': () => {
      const current = state.updateStatus;
      if (current.state !== 'ready') {
        const said = coreSaid('updateNotDownloaded');
        throw new FakeFailure({ kind: 'invalid-input', message: said.text, messageRef: said.ref });
      }
      state.updateStatus = { state: 'installing', version: current.version };
      return state.updateStatus;
    },
    ...fakeStoryboardHandlers({
      queue: (request) => handlers['render:queue'](request) as RenderView,
      findRender,
      replaceRender,
      fail: (kind, message) => {
        throw new FakeFailure({ kind, message });
      },
    }),
    ...fakeNativeHandlers({
      deleted: deletedForUndo,
      restore: (view) => {
        state.renders = [...state.renders, view];
      },
      fail: (kind, message) => {
        throw new FakeFailure({ kind, message });
      },
    }),
    ...fakeCatalogHandlers({
      queue: (request) => handlers['render:queue'](request),
      replaceRender,
      settings: () => state.settings,
      fail: (kind, message) => {
        throw new FakeFailure({ kind, message });
      },
    }),
    ...fakeQueueHandlers({
      renders: () => state.renders,
      replaceRender,
      changed: (queue) => {
        for (const listener of listeners.get('queue:changed') ?? [])
          (listener as (p: typeof queue) => void)(queue);
      },
      fail: (kind, message) => {
        throw new FakeFailure({ kind, message });
      },
    }),
    'app:install-cli': () => ({
      path: '/home/me/.local/bin/kling-studio',
      onPath: true,
      replaced: false,
      message: 'Installed the kling-studio command at /home/me/.local/bin/kling-studio.',
    }),
  };

  async function answer<C extends IpcChannel>(
    channel: C,
    request: IpcRequest<C>,
  ): Promise<IpcResult<IpcResponse<C>>> {
    // Like main: a request that breaks the shared contract is refused before anything runs.
    const checked = IPC[channel].request.safeParse(request);
    if (!checked.success) {
      return {
        ok: false,
        error: {
          kind: 'invalid-input',
          message: `Bad ${channel} request: ${checked.error.message}`,
        },
      };
    }
    // Like main in development: every answer is checked against the channel's response
    // schema, so a fake that drifts from shared/ipc.ts fails the test that uses it.
    try {
      const handler = handlers[channel] as Handler<C>;
      return checkIpcResult(channel, { ok: true, value: await handler(request) });
    } catch (error) {
      return checkIpcResult(channel, {
        ok: false,
        error: error instanceof FakeFailure ? error.appError : toAppError(error),
      });
    }
  }

  return {
    calls,
    state,
    invoke(channel, request) {
      calls.push({ channel, request: structuredClone(request) });
      return answer(channel, request);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => {
        set.delete(listener as (payload: never) => void);
      };
    },
    pathForFile: (file) => filePaths.get(file) ?? null,
    callsTo<C extends IpcChannel>(channel: C) {
      return calls
        .filter((call) => call.channel === channel)
        .map((call) => call.request as IpcRequest<C>);
    },
    handle(channel, handler) {
      (handlers as Record<IpcChannel, unknown>)[channel] = handler;
    },
    fail(channel, error) {
      (handlers as Record<IpcChannel, unknown>)[channel] = () => {
        throw new FakeFailure(error);
      };
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? [])
        (listener as (p: typeof payload) => void)(payload);
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
    setPathForFile(file, path) {
      filePaths.set(file, path);
    },
  };
}
