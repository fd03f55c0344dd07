/**
 * The app's own updates, over electron-updater's autoUpdater (main.ts passes it; tests pass a
 * fake with the same events). Updates come from the feed in electron-builder.yml `publish`
 * (GitHub Releases); electron-updater checks what it downloads (sha512 from latest*.yml, and
 * the code signature: Squirrel.Mac on macOS, the publisher's certificate on Windows), and
 * nothing here turns a check off.
 *
 * - A quiet check at start-up (Settings → "Check for updates when Kling Studio starts"):
 *   a failure is a log line, not a message.
 * - "Check for updates…" (app menu, Settings): the same check, its outcome shown.
 * - A new version downloads in the background (autoDownload) and is installed when the app
 *   quits (autoInstallOnAppQuit), or at once when the user asks to restart: then only while
 *   no render is between "start sent" and "run id saved" (update-guard.ts); until then the
 *   status is waiting-for-renders. The core closes before the restart and every render
 *   resumes after it.
 */

import { type CoreMessageId, coreSaid, type Said } from '../../shared/core-messages';
import { coreError, errorParam } from '../../shared/errors';
import type { Language } from '../../shared/language';
import { sayCoreIn } from '../../shared/say-core';
import type { UpdateStatus } from '../../shared/updates';
import { NATIVE_WORDS, type UnsupportedReason } from './native-words';
import type { UpdateGuard } from './update-guard';

/** The part of electron-updater's AppUpdater (6.x) this uses; its events as it emits them. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-not-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateControllerDeps {
  updater: Updater;
  /**
   * Why this build cannot update itself (autoUpdater.isUpdaterActive() is false), or null; our
   * own words come with their message id (the app says them in its language).
   */
  unsupported: string | Said | null;
  currentVersion: string;
  guard: UpdateGuard;
  now(): Date;
  log: {
    info(message: string, fields?: Record<string, unknown>): void;
    warn(message: string, fields?: Record<string, unknown>): void;
  };
  /** Every change of status (to the page as app:update-status). */
  publish(status: UpdateStatus): void;
  /** Just before the restart: closes the core (a paid run's id is saved first). */
  beforeInstall(): Promise<void>;
}

export interface UpdateController {
  status(): UpdateStatus;
  /** Looks for a new version; `quiet` (the start-up check) keeps a failure to the log. */
  check(options: { quiet: boolean }): Promise<UpdateStatus>;
  /** Restart into the downloaded version as soon as no start is in flight. */
  install(): UpdateStatus;
}

/** States in which a check has nothing to add (one is under way, or a version is on its way). */
const BUSY: readonly UpdateStatus['state'][] = [
  'checking',
  'downloading',
  'ready',
  'waiting-for-renders',
  'installing',
];

/** What failed, by the step it failed in. */
const FAILED: Record<'check' | 'download' | 'install', CoreMessageId> = {
  check: 'updateCheckFailed',
  download: 'updateDownloadFailed',
  install: 'updateInstallFailed',
};

function unsupportedStatus(reason: string | Said | null): UpdateStatus | null {
  if (reason === null) return null;
  if (typeof reason === 'string') return { state: 'unsupported', reason };
  return { state: 'unsupported', reason: reason.text, reasonRef: reason.ref };
}

export function createUpdateController(deps: UpdateControllerDeps): UpdateController {
  const { updater, log } = deps;
  let status: UpdateStatus = unsupportedStatus(deps.unsupported) ?? { state: 'idle' };
  let quietCheck = false;
  let restartRequested = false;

  const set = (next: UpdateStatus) => {
    status = next;
    deps.publish(next);
  };

  const fail = (error: unknown, during: 'check' | 'download' | 'install') => {
    log.warn(`update ${during} failed`, { err: error });
    if (quietCheck && during === 'check') return set({ state: 'idle' });
    const said = coreSaid(FAILED[during], { reason: errorParam(error) });
    set({ state: 'error', message: said.text, messageRef: said.ref });
  };

  const restart = async (version: string) => {
    set({ state: 'installing', version });
    try {
      await deps.beforeInstall();
      log.info('restarting to install an update', { version });
      updater.quitAndInstall(false, true);
    } catch (error) {
      fail(error, 'install');
    }
  };

  const installWhenSafe = (version: string) => {
    const blocking = deps.guard.blocking();
    if (blocking === 0) {
      void restart(version);
      return;
    }
    set({ state: 'waiting-for-renders', version, renders: blocking });
    void deps.guard.whenClear().then(() => restart(version));
  };

  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.on('checking-for-update', () => set({ state: 'checking' }));
  updater.on('update-available', ({ version }) => {
    log.info('update available, downloading', { version });
    set({ state: 'downloading', version, percent: 0 });
  });
  updater.on('update-not-available', () =>
    set({
      state: 'up-to-date',
      version: deps.currentVersion,
      checkedAt: deps.now().toISOString(),
    }),
  );
  updater.on('download-progress', ({ percent }) => {
    const rounded = Math.max(0, Math.min(100, Math.floor(percent)));
    if (status.state === 'downloading' && rounded !== status.percent) {
      set({ ...status, percent: rounded });
    }
  });
  updater.on('update-downloaded', ({ version }) => {
    log.info('update downloaded', { version });
    set({ state: 'ready', version });
    if (restartRequested) installWhenSafe(version);
  });
  updater.on('error', (error) =>
    fail(error, status.state === 'downloading' ? 'download' : 'check'),
  );

  return {
    status: () => status,
    async check({ quiet }) {
      if (status.state === 'unsupported' || BUSY.includes(status.state)) return status;
      quietCheck = quiet;
      try {
        await updater.checkForUpdates();
      } catch (error) {
        // electron-updater both emits 'error' and rejects; say it once.
        if (status.state !== 'error' && status.state !== 'idle') fail(error, 'check');
      } finally {
        quietCheck = false;
      }
      return status;
    },
    install() {
      if (status.state === 'waiting-for-renders' || status.state === 'installing') return status;
      if (status.state !== 'ready') {
        throw status.state === 'downloading'
          ? coreError('invalid-input', 'updateStillDownloading', {
              version: status.version,
              percent: status.percent,
            })
          : coreError('invalid-input', 'updateNotDownloaded');
      }
      restartRequested = true;
      installWhenSafe(status.version);
      return status;
    },
  };
}

/**
 * What a check the user asked for (the menu) ends with, in words for a message box in
 * `language` (the menus' choice); null while it is still going (the outcome comes later as a
 * status).
 */
export function updateCheckOutcome(
  status: UpdateStatus,
  appName: string,
  language: Language = 'en',
): { message: string; detail: string } | null {
  const words = NATIVE_WORDS[language];
  switch (status.state) {
    case 'up-to-date':
      return { message: words.upToDate(appName), detail: words.youHave(status.version) };
    case 'downloading':
      return { message: words.available(appName, status.version), detail: words.downloadingDetail };
    case 'ready':
      return { message: words.readyToInstall(appName, status.version), detail: words.readyDetail };
    case 'error':
      return {
        message: words.checkFailed,
        detail: words.checkFailedDetail(sayCoreIn(language, status.message, status.messageRef)),
      };
    case 'unsupported':
      return { message: words.doesNotUpdate, detail: unsupportedDetail(status.reason, language) };
    default:
      return null;
  }
}

/** Main's reason a copy does not update itself, in `language` when it is one of ours. */
function unsupportedDetail(reason: string, language: Language): string {
  const english = NATIVE_WORDS.en.unsupportedReason;
  const key = (Object.keys(english) as UnsupportedReason[]).find((k) => english[k] === reason);
  return key ? NATIVE_WORDS[language].unsupportedReason[key] : reason;
}
