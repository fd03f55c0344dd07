import * as fsPromises from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute } from 'node:path';
import type { z } from 'zod';
import { coreSaid } from '../../shared/core-messages';
import { entriesSince } from '../../shared/credits';
import { coreError, KlingError, renderNotFound, toAppError } from '../../shared/errors';
import { IPC, type IpcChannel, type IpcResponse, type IpcResult } from '../../shared/ipc';
import { issuesSaid } from '../../shared/issues-said';
import { searchPrompts } from '../../shared/presets';
import {
  describeIssues,
  isRemoteImage,
  type RenderRequest,
  requestImages,
} from '../../shared/render-request';
import type { UpdateStatus } from '../../shared/updates';
import { appLaunchTarget, currentProcessFacts, installCliLauncher } from '../cli/install/launcher';
import { writeLedgerCsv } from '../credits/ledger-csv';
import { imagePreviewDataUrl, inspectImage } from '../images/inspect';
import { withFrameRate } from '../library/frame-rate';
import { catalogHandlers } from './catalog-handlers';
import type { Core } from './core';
import { creativeHandlers } from './creative-handlers';
import { exportHandlers } from './export-handlers';
import { nativeHandlers } from './native-handlers';
import type { PlatformServices } from './platform';
import { queueHandlers } from './queue-handlers';
import { storyboardHandlers } from './storyboard-handlers';
import { videoCheckHandlers } from './video-check-handlers';

type Implementations = {
  [C in IpcChannel]: (request: z.infer<(typeof IPC)[C]['request']>) => Promise<IpcResponse<C>>;
};

/**
 * The renderer names images by absolute path (a file dialog or a drop gives one). A relative
 * path would resolve against main's cwd and `..` segments only serve to climb somewhere else:
 * both are refused before the file is touched.
 */
function assertPlainAbsolutePath(path: string): void {
  if (!isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
    throw coreError('invalid-input', 'imagePathNotPlain', { path });
  }
}

async function describeImage(path: string) {
  assertPlainAbsolutePath(path);
  const info = await inspectImage(path);
  return { ...info, previewUrl: await imagePreviewDataUrl(path) };
}

/** Where no updater runs (the E2E harness, tests): what the Updates section says. */
const NO_UPDATER_SAID = coreSaid('onlyInstalledUpdates');
const NO_UPDATER: UpdateStatus = {
  state: 'unsupported',
  reason: NO_UPDATER_SAID.text,
  reasonRef: NO_UPDATER_SAID.ref,
};

function implementations(core: Core, platform: PlatformServices): Implementations {
  const { engine, library, secrets, settings } = core;
  const readView = async (id: string) => {
    const manifest = await library.read(id);
    if (!manifest) throw renderNotFound(id);
    return core.view(manifest);
  };
  return {
    'key:status': () => secrets.status(),
    'key:set': async ({ key }) => {
      await secrets.set(key);
      return secrets.status();
    },
    'key:clear': async () => {
      await secrets.clear();
      return secrets.status();
    },
    'key:test': () => core.api.testKey(),
    'image:pick': async () => {
      const path = await platform.pickImage();
      return path ? describeImage(path) : null;
    },
    'image:inspect': ({ path }) => describeImage(path),
    'image:prepare': ({ path }) => {
      assertPlainAbsolutePath(path);
      return core.prepareImage(path);
    },
    // A local image is estimated through its one upload (core.estimator says when there is none).
    'render:estimate': async (request) => {
      for (const picture of localPictures(request)) assertPlainAbsolutePath(picture);
      core.checkReferenceVideo(request);
      return core.estimator.estimate(request);
    },
    'render:queue': async (request) => {
      // A bad local image is refused before the render exists, as the CLI does. A picked
      // image was checked and hashed at pick: unchanged since (a stat says so), it is not read again.
      for (const picture of localPictures(request)) {
        assertPlainAbsolutePath(picture);
        await core.checkImage(picture);
      }
      core.checkReferenceVideo(request);
      return core.view(await engine.queue(request));
    },
    'render:cancel': async ({ id }) => core.view(await engine.cancel(id)),
    'render:retry': async ({ id, confirmChargeTwice }) =>
      core.view(await engine.retry(id, { confirmChargeTwice: confirmChargeTwice === true })),
    'render:attach': async ({ id, executionId }) => core.view(await engine.attach(id, executionId)),
    'render:render-missing': async ({ id }) => core.view(await engine.renderMissing(id)),
    'render:rerun': async ({ id }) => core.view(await engine.rerun(id)),
    'render:get': ({ id }) => readView(id),
    'render:list': async (query) => {
      const { items, total } = await library.list(query);
      return { items: items.map(core.view), total };
    },
    // The library refuses a render a process drives (this one too: cancel it first) or whose
    // start may be in flight, and one WeShop may still be charging for unless confirmed.
    // Set aside for Undo (render:undo-delete), then the OS trash (library/pending-trash.ts).
    'render:delete': async ({ id, confirmPaidRun }) => {
      await readView(id);
      return core.trash.remove(id, { confirmPaidRun: confirmPaidRun === true });
    },
    'render:favourite': async ({ id, favourite }) =>
      core.view(await library.setFavourite(id, favourite)),
    'render:frame-rate': async ({ id, videoIndex }) =>
      core.view(
        await withFrameRate(
          { library, warn: (message, fields) => core.logger.warn(message, fields) },
          id,
          videoIndex,
        ),
      ),
    'render:save-thumbnail': async ({ id, dataUrl }) => {
      const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
      return core.view(await library.saveThumbnail(id, bytes));
    },
    ...exportHandlers(core, platform),
    ...creativeHandlers(core, platform),
    ...catalogHandlers(core),
    ...storyboardHandlers(core, platform),
    ...videoCheckHandlers(core),
    ...nativeHandlers(core, platform),
    ...queueHandlers(core),
    'render:show-in-folder': async ({ id }) => {
      platform.showInFolder((await readView(id)).folder);
      return null;
    },
    'library:info': async () => ({
      home: core.home,
      ...(await library.usage()),
      problems: library.problems(),
    }),
    'prompts:recent': async ({ text, limit }) => {
      const wanted = limit ?? 10;
      const kept = await core.promptHistory.search(text, wanted);
      if (kept.length >= wanted) return kept;
      // Renders made before the history existed still offer their prompts.
      const older = searchPrompts(await library.recentPrompts(200), text, wanted);
      return [...new Set([...kept, ...older])].slice(0, wanted);
    },
    'presets:list': () => core.presets.list(),
    'presets:save': (draft) => core.presets.save(draft),
    'presets:delete': async ({ name }) => {
      await core.presets.remove(name);
      return null;
    },
    'credits:ledger': () => core.readLedger(),
    'credits:export-csv': async ({ since }) => {
      if (!platform.chooseSavePath) {
        throw coreError('internal', 'savingNotAvailable');
      }
      const path = await platform.chooseSavePath(`kling-studio-credits-${since ?? 'all'}.csv`);
      const entries = entriesSince((await core.readLedger()).entries, since);
      if (path === null) return { path: null, rows: entries.length };
      const written = await writeLedgerCsv(path, entries);
      core.logger.info('credits exported', { rows: written.rows });
      return written;
    },
    'settings:get': () => settings.get(),
    'settings:set': async (patch) => {
      const next = await settings.update(patch);
      engine.setConcurrency(next.concurrency);
      return next;
    },
    'app:open-external': async ({ url }) => {
      await platform.openExternal(url);
      return null;
    },
    'app:open-logs-folder': async () => {
      // Always the core's own logs folder: the renderer cannot name another one.
      await mkdir(core.logsDir, { recursive: true });
      if (platform.openFolder) await platform.openFolder(core.logsDir);
      else platform.showInFolder(core.logsDir);
      return null;
    },
    'app:pending-image': async () => platform.takePendingImage?.() ?? null,
    'app:update-status': async () => platform.updates?.status() ?? NO_UPDATER,
    'app:check-for-updates': async () => (await platform.updates?.check()) ?? NO_UPDATER,
    'app:install-update': async () => {
      if (!platform.updates) throw coreError('invalid-input', 'onlyInstalledUpdates');
      return platform.updates.install();
    },
    'app:install-cli': async () => {
      // The launcher starts this app executable with --cli: only the desktop app has one.
      const target = appLaunchTarget(currentProcessFacts());
      if (!target) {
        throw coreError('invalid-input', 'cliFromDesktopOnly');
      }
      const result = await installCliLauncher({
        platform: process.platform,
        homedir: homedir(),
        env: process.env,
        target,
        fs: fsPromises,
      });
      core.logger.info('cli launcher installed', { path: result.path, onPath: result.onPath });
      return result;
    },
  };
}

export type IpcDispatch = (channel: string, payload: unknown) => Promise<IpcResult<unknown>>;

/** The request's pictures that are files on this machine (the rest are https URLs). */
const localPictures = (request: RenderRequest) =>
  requestImages(request).filter((picture) => !isRemoteImage(picture));

/**
 * Every renderer call enters here: an unknown channel or a payload that fails its zod
 * schema is refused before any work; failures come back as AppError (kind + message), never
 * as a stack trace.
 */
export function createIpcDispatch(core: Core, platform: PlatformServices): IpcDispatch {
  const table = implementations(core, platform) as Record<
    IpcChannel,
    (request: unknown) => Promise<unknown>
  >;
  return async (channel, payload) => {
    if (!Object.hasOwn(IPC, channel)) {
      core.logger.warn('ipc call refused: unknown channel', { channel: channel.slice(0, 100) });
      return {
        ok: false,
        error: { kind: 'invalid-input', message: `Unknown channel: ${channel}` },
      };
    }
    const name = channel as IpcChannel;
    const parsed = IPC[name].request.safeParse(payload ?? {});
    if (!parsed.success) {
      const message = describeIssues(parsed.error);
      core.logger.warn('ipc call refused: bad payload', { channel: name, problem: message });
      // Our checks' ids travel beside the English, so the app says them in its language.
      const said = issuesSaid(parsed.error.issues);
      const messageRef = said?.text === message ? said.ref : undefined;
      return {
        ok: false,
        error: { kind: 'invalid-input', message, ...(messageRef ? { messageRef } : {}) },
      };
    }
    try {
      return { ok: true, value: await table[name](parsed.data) };
    } catch (error) {
      const appError = toAppError(error);
      // The channel and the error only: a payload can hold the key (key:set).
      const level = appError.kind === 'internal' ? 'error' : 'warn';
      core.logger[level]('ipc call failed', { channel: name, error: appError });
      return { ok: false, error: appError };
    }
  };
}
