// The Electron shell: lifecycle, the one window, security settings and native habits.
// Everything it does with renders goes through the plain-Node core (electron/app/core.ts).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, Notification, session, shell } from 'electron';
import { KlingError } from '../shared/errors';
import { createActivityTracker } from './app/activity';
import { type Core, createCore } from './app/core';
import { createIpcDispatch } from './app/ipc-handlers';
import type { PlatformServices } from './app/platform';
import { bindIpc, sendEvent } from './ipc';
import { resolveLibraryHome } from './library/home';
import { createMediaHandler } from './library/media';
import { createLogger, type Logger, logLevelFrom, logsDir } from './logging/logger';
import { handleMediaProtocol, MEDIA_BASE, registerMediaScheme } from './protocol';
import { createSecretStore, loadKeytarKeychain } from './secrets/store';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: kling-media:",
  "media-src 'self' kling-media:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;
let log: Logger | null = null;
const activity = createActivityTracker();
const rendererEntry = () => join(app.getAppPath(), 'dist', 'renderer', 'index.html');
const isOwnPage = (url: string) => url === pathToFileURL(rendererEntry()).href;

if (!app.requestSingleInstanceLock()) app.quit();
registerMediaScheme();

const platform: PlatformServices = {
  async pickImage() {
    const options: Electron.OpenDialogOptions = {
      title: 'Choose an image',
      properties: ['openFile'],
      filters: [{ name: 'Images', extensions: ['png', 'jpg', 'jpeg', 'webp'] }],
    };
    const result = mainWindow
      ? await dialog.showOpenDialog(mainWindow, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  showInFolder: (path) => shell.showItemInFolder(path),
  openExternal: async (url) => {
    if (new URL(url).protocol === 'https:') await shell.openExternal(url);
  },
  async openFolder(path) {
    // shell.openPath does not throw: it answers with an error text, empty when it worked.
    const problem = await shell.openPath(path);
    if (problem) throw new KlingError('internal', `Could not open ${path}: ${problem}`);
  },
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
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    mainWindow = null;
  });
  void window.loadFile(rendererEntry());
  return window;
}

function lockDownContents(): void {
  app.on('web-contents-created', (_, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  session.defaultSession.setPermissionRequestHandler((_, permission, callback) =>
    callback(permission === 'notifications'),
  );
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] },
    }),
  );
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
    mediaBase: MEDIA_BASE,
    logger,
  });
  handleMediaProtocol(createMediaHandler({ library: core.library }));
  bindIpc(createIpcDispatch(core, platform), isOwnPage);

  core.subscribe('job:update', (view) => {
    sendEvent(mainWindow, 'job:update', view);
    const notice = activity.update(view);
    mainWindow?.setProgressBar(activity.progress());
    if (notice && Notification.isSupported()) {
      void core?.settings.get().then(
        ({ notifications }) => {
          if (notifications) new Notification({ title: notice.title, body: notice.body }).show();
        },
        (error: unknown) =>
          logger.warn('notification skipped: settings unreadable', { err: error }),
      );
    }
  });
  core.subscribe('job:progress', (progress) => sendEvent(mainWindow, 'job:progress', progress));

  mainWindow = createWindow();
  // Unfinished jobs from the last session (or a crash) pick up where they were.
  await core.start();
}

app.on('second-instance', () => {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
});

// On macOS runs keep going with the window closed; elsewhere closing the window quits.
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('activate', () => {
  if (!mainWindow && core) mainWindow = createWindow();
});

// Quitting mid-run is safe: every step is on disk, so the jobs resume at next launch.
let closing = false;
app.on('before-quit', (event) => {
  if (closing || !core) return;
  event.preventDefault();
  closing = true;
  void core
    .close()
    .catch((error: unknown) => log?.error('closing the core failed', { err: error }))
    .finally(() => app.quit());
});

app
  .whenReady()
  .then(start)
  .catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    log?.error('start-up failed', { err: error });
    dialog.showErrorBox('Kling Studio could not start', message);
    app.quit();
  });
