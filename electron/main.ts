// The Electron shell: lifecycle, the one window, security settings and native habits.
// Everything it does with renders goes through the plain-Node core (electron/app/core.ts).
import { statSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  Menu,
  Notification,
  session,
  shell,
} from 'electron';
import { autoUpdater } from 'electron-updater';
import { coreSaid } from '../shared/core-messages';
import { KlingError } from '../shared/errors';
import type { Language } from '../shared/language';
import { GET_KEY_URL } from '../shared/settings';
import { createActivityTracker } from './app/activity';
import { withResponseChecks } from './app/checked-dispatch';
import { type Core, createCore } from './app/core';
import { createIpcDispatch } from './app/ipc-handlers';
import { NATIVE_WORDS } from './app/native-words';
import type { PlatformServices } from './app/platform';
import { createUpdateGuard } from './app/update-guard';
import { createUpdateController, type UpdateController, updateCheckOutcome } from './app/updates';
import { appLaunchTarget, currentProcessFacts, refreshCliLaunchers } from './cli/install/launcher';
import { bindIpc, sendEvent } from './ipc';
import { resolveLibraryHome } from './library/home';
import { createMediaHandler } from './library/media';
import { createLogger, type Logger, logLevelFrom, logsDir } from './logging/logger';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { createSecretStore, loadKeytarKeychain } from './secrets/store';
import { applyAppIdentity } from './shell/app-identity';
import {
  APP_ENTRY_URL,
  APP_MEDIA_BASE,
  APP_ORIGIN,
  createAppHandler,
  isTrustedIpcSender,
} from './shell/app-origin';
import { isAllowedExternalUrl } from './shell/external-links';
import { buildMenuTemplate } from './shell/menu';
import { afterSettingsSaved, menuLanguage } from './shell/menu-language';
import { clipboardCopier, electronTrashItem } from './shell/native-habits';
import { isPermissionGranted } from './shell/permissions';
import { createRenderNotices } from './shell/render-notices';
import {
  pageLoaded,
  runSmoke,
  smokeVerdictPath,
  startFailedVerdict,
  watchFirstCall,
  writeVerdictFile,
} from './shell/smoke';
import { createWindowKeeper, type WindowKeeper } from './shell/window-keeper';

/** The one window and the pictures the OS hands us (set up first thing in main()). */
let keeper: WindowKeeper<BrowserWindow> | null = null;
const mainWindow = (): BrowserWindow | null => keeper?.window() ?? null;
/** Restarts into a new version wait while a render's start is unanswered (app/update-guard.ts). */
const updateGuard = createUpdateGuard();
let updates: UpdateController | null = null;
/** `--smoke <verdict.json>`: check this build, write the verdict, quit (shell/smoke.ts). */
const smokeVerdict = smokeVerdictPath(process.argv);
let core: Core | null = null;
let log: Logger | null = null;
const activity = createActivityTracker();
/** How long a quit waits for a paid run's id that cannot be saved yet (a full disk). */
const QUIT_GRACE_MS = 15_000;

const isFile = (path: string) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** Opens https pages of the allowlist (WeShop's key page and docs) in the browser; refuses the rest. */
async function openExternal(url: string): Promise<void> {
  if (!isAllowedExternalUrl(url)) {
    log?.warn('refused to open an external link outside the allowlist', { url });
    throw new KlingError('invalid-input', `Kling Studio does not open ${url}`);
  }
  await shell.openExternal(url);
}

/** Dialogs sit on the window when there is one (sheet on macOS), else stand alone. */
async function openPath(options: Electron.OpenDialogOptions): Promise<string | null> {
  const window = mainWindow();
  const result = window
    ? await dialog.showOpenDialog(window, options)
    : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function savePath(options: Electron.SaveDialogOptions): Promise<string | null> {
  const window = mainWindow();
  const result = window
    ? await dialog.showSaveDialog(window, options)
    : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

const platform: PlatformServices = {
  pickImage: () =>
    openPath({
      title: 'Choose an image',
      properties: ['openFile'],
      filters: [{ name: 'Images', extensions: ['png', 'jpg', 'jpeg', 'webp'] }],
    }),
  showInFolder: (path) => shell.showItemInFolder(path),
  openExternal,
  chooseVideoSavePath: (suggestedName) =>
    savePath({
      title: 'Save video as',
      defaultPath: join(app.getPath('videos'), suggestedName),
      filters: [{ name: 'MP4 video', extensions: ['mp4'] }],
    }),
  chooseExportFolder: () =>
    openPath({
      title: 'Export render into…',
      buttonLabel: 'Export here',
      properties: ['openDirectory', 'createDirectory'],
    }),
  chooseSavePath: (suggestedName) =>
    savePath({
      title: 'Export credits as CSV',
      defaultPath: join(app.getPath('documents'), suggestedName),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    }),
  async openFolder(path) {
    // shell.openPath does not throw: it answers with an error text, empty when it worked.
    const problem = await shell.openPath(path);
    if (problem) throw new KlingError('internal', `Could not open ${path}: ${problem}`);
  },
  takePendingImage: () => keeper?.takePendingImage() ?? null,
  copyText: clipboardCopier(clipboard),
};

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 880,
    minHeight: 600,
    title: 'Kling Studio',
    show: false,
    webPreferences: {
      preload: join(app.getAppPath(), 'dist-electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
      // Middle-click would otherwise ask for a new window; none is ever opened.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/**
 * The interface language main speaks in (menus, message boxes, notifications): the Settings
 * choice, or the OS's when 'system' (also before the core is open).
 */
async function appLanguage(): Promise<Language> {
  const choice = core ? (await core.settings.get()).language : 'system';
  return menuLanguage(choice, app.getPreferredSystemLanguages());
}

/** The menu in the interface language (Settings, or the OS's when 'system'); again on a change. */
async function installMenu(): Promise<void> {
  const template = buildMenuTemplate({
    platform: process.platform,
    packaged: app.isPackaged,
    appName: app.getName(),
    language: await appLanguage(),
    actions: {
      openLogsFolder: () => {
        const dir = core?.logsDir;
        if (!dir) return;
        void mkdir(dir, { recursive: true })
          .then(() => platform.openFolder?.(dir))
          .catch((error: unknown) => log?.error('could not open the logs folder', { err: error }));
      },
      openKeyPage: () => {
        void openExternal(GET_KEY_URL).catch((error: unknown) =>
          log?.error('could not open the key page', { err: error }),
        );
      },
      showAbout: () => app.showAboutPanel(),
      checkForUpdates: () => {
        void checkForUpdatesFromMenu().catch((error: unknown) =>
          log?.error('the update check from the menu failed', { err: error }),
        );
      },
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** "Check for Updates…" in the menu: the check, then its outcome in a message box. */
async function checkForUpdatesFromMenu(): Promise<void> {
  if (!updates) return;
  const status = await updates.check({ quiet: false });
  const language = await appLanguage();
  const outcome = updateCheckOutcome(status, app.getName(), language);
  if (!outcome) return;
  const ready = status.state === 'ready';
  const words = NATIVE_WORDS[language];
  const options: Electron.MessageBoxOptions = {
    type: status.state === 'error' ? 'warning' : 'info',
    message: outcome.message,
    detail: outcome.detail,
    buttons: ready ? [words.restartNow, words.later] : [words.ok],
    defaultId: 0,
    cancelId: ready ? 1 : 0,
  };
  const window = mainWindow();
  const { response } = window
    ? await dialog.showMessageBox(window, options)
    : await dialog.showMessageBox(options);
  if (ready && response === 0) updates.install();
}

/**
 * The app's updates over electron-updater (app/updates.ts). A build that cannot update itself
 * (development, a Linux package the system updates, an AppImage run without its file) says so.
 */
function startUpdates(openedCore: Core, logger: Logger): UpdateController {
  const say = (level: 'info' | 'warn' | 'error') => (message: unknown) =>
    logger[level](`updater: ${String(message)}`);
  autoUpdater.logger = { info: say('info'), warn: say('warn'), error: say('error') };
  const controller = createUpdateController({
    updater: autoUpdater,
    unsupported: autoUpdater.isUpdaterActive()
      ? null
      : app.isPackaged
        ? coreSaid('updatedBySystem')
        : coreSaid('developmentBuild'),
    currentVersion: app.getVersion(),
    guard: updateGuard,
    now: () => new Date(),
    log: logger,
    publish: (status) => sendEvent(mainWindow(), 'app:update-status', status),
    beforeInstall: async () => {
      // Closing first: renders are on disk and resume after the restart; before-quit then
      // finds no core and lets electron-updater's quit go through.
      core = null;
      await openedCore.close();
    },
  });
  platform.updates = {
    status: () => controller.status(),
    check: () => controller.check({ quiet: false }),
    install: () => controller.install(),
  };
  return controller;
}

function lockDownContents(): void {
  app.on('web-contents-created', (_, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Links the page opens go to the browser when they are on the allowlist; never a window.
      void openExternal(url).catch((error: unknown) =>
        log?.warn('a link the page opened was not opened', { err: error }),
      );
      return { action: 'deny' };
    });
  });
  // Request and check handlers answer alike: only what the page uses, only for our origin.
  session.defaultSession.setPermissionRequestHandler((_, permission, callback, details) =>
    callback(isPermissionGranted(permission, details.requestingUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin),
  );
}

/**
 * An installed `kling-studio` launcher of ours that an older version wrote (without the
 * switches the CLI now needs) or that points where the app no longer is, is rewritten.
 * Packaged builds only: a development run must not repoint the user's launcher at a checkout.
 */
function refreshInstalledCli(logger: Logger): void {
  const target = app.isPackaged ? appLaunchTarget(currentProcessFacts()) : null;
  if (!target) return;
  refreshCliLaunchers({
    platform: process.platform,
    homedir: homedir(),
    env: process.env,
    target,
    fs: fsPromises,
  }).then(
    (paths) => {
      if (paths.length > 0) logger.info('cli launcher updated', { paths });
    },
    (error: unknown) => logger.warn('cli launcher not updated', { err: error }),
  );
}

/** Smoke mode, once the window is being created: runs the checks, writes, quits 0 or 1. */
async function runSmokeMode(verdictPath: string, openedCore: Core, firstCall: Promise<string>) {
  const window = mainWindow();
  const loaded = window
    ? pageLoaded(window.webContents)
    : Promise.reject(new Error('no window was opened'));
  const code = await runSmoke({
    probes: {
      windowLoaded: () => loaded,
      pageCalled: () => firstCall,
      openLibrary: async () => {
        const { total } = await openedCore.library.list({ limit: 1 });
        return `${total} renders in ${openedCore.home}`;
      },
      // The keychain itself: an empty environment, so WESHOP_API_KEY cannot answer for it.
      readKeychain: async () => {
        const keychain = createSecretStore({ env: {}, keychain: await loadKeytarKeychain() });
        const status = await keychain.status();
        return status.set ? `a key is saved (ends in ${status.last4})` : 'no key saved';
      },
    },
    version: app.getVersion(),
    platform: process.platform,
    arch: process.arch,
    now: Date.now,
    timeoutMs: 60_000,
    appOrigin: APP_ORIGIN,
    writeVerdict: (json) => writeVerdictFile(resolve(verdictPath), json),
  });
  openedCore.logger.info('smoke check finished', { code, verdict: resolve(verdictPath) });
  await openedCore.close();
  app.exit(code);
}

async function start(): Promise<void> {
  lockDownContents();
  const home = resolveLibraryHome(process.env, process.platform, homedir());
  log = createLogger({
    dir: logsDir(home),
    level: logLevelFrom(process.env),
    bindings: { proc: 'app', version: app.getVersion() },
    secrets: [process.env.WESHOP_API_KEY],
  });
  const logger = log;
  process.on('uncaughtException', (error) => logger.error('uncaught exception', { err: error }));
  process.on('unhandledRejection', (reason) =>
    logger.error('unhandled rejection', { err: reason }),
  );
  const secrets = createSecretStore({ env: process.env, keychain: await loadKeytarKeychain() });
  core = await createCore({
    home,
    secrets,
    env: process.env,
    mediaBase: APP_MEDIA_BASE,
    logger,
    trashItem: electronTrashItem(shell),
  });
  handleAppProtocol(
    createAppHandler({
      rendererDir: join(app.getAppPath(), 'dist', 'renderer'),
      media: createMediaHandler({ library: core.library }),
    }),
  );
  const checked = createIpcDispatch(core, platform);
  // In development every answer is checked against shared/ipc.ts, as events always are.
  const answered = watchFirstCall(
    app.isPackaged ? checked : withResponseChecks(checked, core.logger),
  );
  const rebuildMenu = () =>
    void installMenu().catch((error: unknown) =>
      log?.error('could not build the application menu', { err: error }),
    );
  bindIpc(afterSettingsSaved(answered.dispatch, rebuildMenu), isTrustedIpcSender);
  rebuildMenu();

  updates = startUpdates(core, logger);
  const notices = renderNotices(core, logger);
  core.subscribe('job:update', (view) => {
    updateGuard.observe(view);
    sendEvent(mainWindow(), 'job:update', view);
    notices.update(view);
  });
  core.subscribe('job:progress', (progress) => sendEvent(mainWindow(), 'job:progress', progress));
  core.subscribe('queue:changed', (state) => sendEvent(mainWindow(), 'queue:changed', state));

  keeper?.open();
  if (smokeVerdict) {
    // No jobs are resumed and nothing is sent anywhere: the checks only look.
    await runSmokeMode(smokeVerdict, core, answered.firstCall);
    return;
  }
  refreshInstalledCli(logger);
  // Unfinished jobs from the last session (or a crash) pick up where they were.
  await core.start();
  quietUpdateCheck(core, logger);
}

/** Notifications, the Dock/launcher badge and the taskbar progress (shell/render-notices.ts). */
function renderNotices(openedCore: Core, logger: Logger) {
  let saidNoBadge = false;
  return createRenderNotices({
    platform: process.platform,
    tracker: activity,
    notificationsSupported: () => Notification.isSupported(),
    createNotification: (options) => new Notification(options),
    notificationsOn: async () => (await openedCore.settings.get()).notifications,
    language: appLanguage,
    // A click opens the render, bringing the window back (or a new one on macOS).
    openRender: (id) => keeper?.toPage((window) => sendEvent(window, 'app:open-render', { id })),
    setBadgeCount: (count) => {
      // Once: a Linux dock without the LauncherEntry API refuses every call.
      if (!app.setBadgeCount(count) && !saidNoBadge) {
        saidNoBadge = true;
        logger.info('this desktop shows no badge on the app icon', { count });
      }
    },
    setProgressBar: (progress) => mainWindow()?.setProgressBar(progress),
    log: logger,
  });
}

/** The start-up check, unless Settings turned it off; quiet: a failure is a log line. */
function quietUpdateCheck(openedCore: Core, logger: Logger): void {
  void openedCore.settings
    .get()
    .then(({ checkForUpdates }) => (checkForUpdates ? updates?.check({ quiet: true }) : undefined))
    .catch((error: unknown) => logger.warn('start-up update check skipped', { err: error }));
}

/** Everything below runs only in the first instance; a second one hands over and quits. */
function main(): void {
  // Before anything can show a notification or a window (Windows AppUserModelID).
  applyAppIdentity(app, process.platform);
  // A smoke check runs beside a running copy instead of handing over to it.
  if (!smokeVerdict && !app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme();
  // The window, "Open with…" (this launch's argv, a second launch's), macOS open-file (may
  // come before 'ready'), activate and window-all-closed: shell/window-keeper.ts.
  keeper = createWindowKeeper<BrowserWindow>({
    app,
    platform: process.platform,
    argv: process.argv,
    cwd: process.cwd(),
    isFile,
    createWindow,
    sendImage: (window, path) => sendEvent(window, 'app:open-image', { path }),
  });

  // Quitting mid-run is safe: every step is on disk, so the jobs resume at next launch.
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || !core) return;
    event.preventDefault();
    closing = true;
    // A paid run whose id is still being saved (a full disk) holds the quit a while; then it
    // is given up, and the next start recovers it from the started-runs journal or the log.
    const giveUp = setTimeout(() => void core?.close({ force: true }), QUIT_GRACE_MS);
    void core
      .close()
      .catch((error: unknown) => log?.error('closing the core failed', { err: error }))
      .finally(() => {
        clearTimeout(giveUp);
        app.quit();
      });
  });

  app
    .whenReady()
    .then(start)
    .catch(async (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      log?.error('start-up failed', { err: error });
      if (smokeVerdict) {
        const build = { version: app.getVersion(), platform: process.platform, arch: process.arch };
        const json = startFailedVerdict(build, new Date().toISOString(), message);
        await writeVerdictFile(resolve(smokeVerdict), json).catch((writeError: unknown) =>
          process.stderr.write(`Could not write the smoke verdict: ${String(writeError)}\n`),
        );
        app.exit(1);
        return;
      }
      const language = await appLanguage().catch(() => 'en' as const);
      dialog.showErrorBox(NATIVE_WORDS[language].couldNotStart, message);
      app.quit();
    });
}

main();
