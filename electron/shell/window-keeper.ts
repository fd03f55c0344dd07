/**
 * The one window, and the pictures the OS hands the app: "Open with… Kling Studio" (the first
 * launch's argv, or a second launch whose argv reaches this one), macOS open-file (Finder's
 * "Open with…", a drop on the Dock icon). Plain code over the few Electron calls it needs,
 * so the order of Electron's events is unit-tested with fakes (window-keeper.test.ts).
 *
 * A picture waits here until the page asks for it (`app:pending-image`, which the renderer
 * calls once its `app:open-image` listener is in place): main never pushes the first one on
 * did-finish-load, because the page subscribes later, in a React effect, and
 * webContents.send to a page with no listener is simply dropped. Once the page has asked,
 * later pictures go as `app:open-image` events, until the page reloads or the window closes.
 */
import { imagePathFromArgv, isOpenableImagePath } from './open-image';

/** The part of Electron's BrowserWindow the keeper uses. */
export interface KeptWindow {
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
  on(event: 'closed', listener: () => void): unknown;
  readonly webContents: {
    on(event: 'did-start-loading', listener: () => void): unknown;
  };
}

/** The part of Electron's app the keeper listens to (events as Electron documents them). */
export interface KeeperApp {
  on(
    event: 'second-instance',
    listener: (event: unknown, argv: string[], workingDirectory: string) => void,
  ): unknown;
  on(
    event: 'open-file',
    listener: (event: { preventDefault(): void }, path: string) => void,
  ): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  quit(): void;
}

export interface WindowKeeperDeps<W extends KeptWindow> {
  app: KeeperApp;
  platform: NodeJS.Platform;
  /** This launch's argv and working directory (a first launch may name a picture). */
  argv: readonly string[];
  cwd: string;
  isFile(path: string): boolean;
  /** new BrowserWindow(…) + loadURL: the window shows itself when ready. */
  createWindow(): W;
  /** Sends `app:open-image` to the window's page. */
  sendImage(window: W, path: string): void;
}

export interface WindowKeeper<W extends KeptWindow> {
  /** Start-up is done (the core is open): opens the first window; later ones open on demand. */
  open(): void;
  /** The window, while there is one. */
  window(): W | null;
  /** `app:pending-image`: the page listens from now on; the picture waiting for it, once. */
  takePendingImage(): string | null;
  /**
   * Brings the window forward (opening one if there is none) and runs `send` once its page
   * listens: at once, or when a new page has asked for its pending picture.
   */
  toPage(send: (window: W) => void): void;
}

export function createWindowKeeper<W extends KeptWindow>(
  deps: WindowKeeperDeps<W>,
): WindowKeeper<W> {
  let current: W | null = null;
  let started = false;
  /** Whether the current page asked for pictures (its listener is in place). */
  let listening = false;
  let pending: string | null = imagePathFromArgv(deps.argv, deps.cwd, deps.isFile);
  /** Messages for a page that does not listen yet (a window being opened or reloaded). */
  let queued: ((window: W) => void)[] = [];

  const create = (): W => {
    const window = deps.createWindow();
    current = window;
    listening = false;
    window.on('closed', () => {
      if (current === window) current = null;
      listening = false;
    });
    // A reload (development) or a crashed page's reload: the new page asks again.
    window.webContents.on('did-start-loading', () => {
      if (current === window) listening = false;
    });
    return window;
  };

  const bringForward = (window: W) => {
    if (window.isMinimized()) window.restore();
    window.focus();
  };

  /** A picture from the OS: the newest one wins; it waits unless the page already listens. */
  const receive = (path: string) => {
    pending = path;
    if (!started) return; // the first window opens after start-up and its page will ask
    if (!current) {
      // macOS keeps running with no window: a picture opens one (its page asks on load).
      create();
      return;
    }
    bringForward(current);
    if (listening) {
      pending = null;
      deps.sendImage(current, path);
    }
  };

  deps.app.on('second-instance', (_event, argv, workingDirectory) => {
    const image = imagePathFromArgv(argv, workingDirectory, deps.isFile);
    if (image) receive(image);
    else if (current) bringForward(current);
    else if (started) create();
  });
  // Emitted on macOS, possibly before `ready` when the picture launched the app: registered
  // at once (docs/api/app.md, "open-file": listen very early, even before ready).
  deps.app.on('open-file', (event, path) => {
    if (!isOpenableImagePath(path) || !deps.isFile(path)) return;
    event.preventDefault();
    receive(path);
  });
  deps.app.on('activate', () => {
    if (started && !current) create();
  });
  // On macOS renders keep going with the window closed; elsewhere closing the window quits.
  deps.app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin') deps.app.quit();
  });

  return {
    open() {
      started = true;
      if (!current) create();
    },
    window: () => current,
    takePendingImage() {
      listening = current !== null;
      const image = pending;
      pending = null;
      if (current) {
        const window = current;
        const waiting = queued;
        queued = [];
        // After this answer is on its way: the page handles them once it has its picture.
        queueMicrotask(() => {
          for (const send of waiting) send(window);
        });
      }
      return image;
    },
    toPage(send) {
      if (current && listening) {
        bringForward(current);
        send(current);
        return;
      }
      queued.push(send);
      if (current) bringForward(current);
      else if (started) create();
    },
  };
}
