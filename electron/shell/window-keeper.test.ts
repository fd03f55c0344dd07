import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createWindowKeeper, type KeptWindow, type WindowKeeper } from './window-keeper';

/*
 * A faithful fake of the Electron pieces the keeper depends on, with Electron's order of
 * events:
 * - app emits 'open-file' (macOS; before 'ready' when the picture launched the app),
 *   'second-instance' with the second launch's argv, 'activate', 'window-all-closed';
 * - a BrowserWindow's webContents emits 'did-start-loading', then 'did-finish-load'; the page's
 *   React effect subscribes to `app:open-image` only after that (a later task), and
 *   webContents.send to a page with no listener is dropped, as Electron's IPC does;
 * - closing the window emits 'closed'.
 * The page, once subscribed, asks main for a waiting picture (`app:pending-image`).
 */
class FakeWebContents extends EventEmitter {
  /** The page's app:open-image listener, once its effect ran. */
  listener: ((path: string) => void) | null = null;
  send(channel: string, payload: { path: string }) {
    if (channel === 'app:open-image') this.listener?.(payload.path);
  }
}

class FakeWindow extends EventEmitter implements KeptWindow {
  readonly webContents = new FakeWebContents();
  minimized = false;
  focused = 0;
  isMinimized = () => this.minimized;
  restore = () => {
    this.minimized = false;
  };
  focus = () => {
    this.focused++;
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

function fakeElectron(options: { platform?: NodeJS.Platform; argv?: string[] } = {}) {
  const app = Object.assign(new EventEmitter(), { quits: 0, quit: () => app.quits++ });
  const windows: FakeWindow[] = [];
  /** Pictures New render was opened with, in order. */
  const shown: string[] = [];
  const files = new Set(['/photos/cat.png', '/photos/dog.jpg', '/photos/owl.webp']);
  let keeper: WindowKeeper<FakeWindow> | null = null;

  /** The page of a window: loads, then (a task later) subscribes and asks for a waiting picture. */
  const loadPage = async (window: FakeWindow) => {
    window.webContents.emit('did-start-loading');
    window.webContents.emit('did-finish-load');
    await tick();
    window.webContents.listener = (path) => shown.push(path);
    const waiting = keeper?.takePendingImage() ?? null;
    if (waiting) shown.push(waiting);
  };

  keeper = createWindowKeeper<FakeWindow>({
    app,
    platform: options.platform ?? 'darwin',
    argv: options.argv ?? ['/Applications/Kling Studio.app/Contents/MacOS/Kling Studio'],
    cwd: '/',
    isFile: (path) => files.has(path),
    createWindow: () => {
      const window = new FakeWindow();
      windows.push(window);
      return window;
    },
    sendImage: (window, path) => window.webContents.send('app:open-image', { path }),
  });

  const openFile = (path: string) => {
    const event = {
      defaultPrevented: false,
      preventDefault: () => (event.defaultPrevented = true),
    };
    app.emit('open-file', event, path);
    return event.defaultPrevented;
  };
  const close = (window: FakeWindow) => {
    window.emit('closed');
    app.emit('window-all-closed');
  };
  return { app, keeper, windows, shown, loadPage, openFile, close };
}

describe('pictures the OS hands the app', () => {
  it('first launch with "Open with…" (Windows/Linux argv): the page gets it once it listens', async () => {
    const electron = fakeElectron({
      platform: 'win32',
      argv: ['C:\\Program Files\\Kling Studio\\Kling Studio.exe', '/photos/cat.png'],
    });
    electron.keeper.open();
    await electron.loadPage(electron.windows[0] as FakeWindow);
    expect(electron.shown).toEqual(['/photos/cat.png']);
    // Taken once: a reload of the page does not open it again.
    await electron.loadPage(electron.windows[0] as FakeWindow);
    expect(electron.shown).toEqual(['/photos/cat.png']);
  });

  it('macOS: open-file before ready (the picture launched the app) waits for the page', async () => {
    const electron = fakeElectron();
    expect(electron.openFile('/photos/dog.jpg')).toBe(true);
    expect(electron.windows).toHaveLength(0);
    electron.keeper.open(); // ready, core open
    await electron.loadPage(electron.windows[0] as FakeWindow);
    expect(electron.shown).toEqual(['/photos/dog.jpg']);
  });

  it('a picture that arrives while the page loads is not lost', async () => {
    const electron = fakeElectron();
    electron.keeper.open();
    const window = electron.windows[0] as FakeWindow;
    window.webContents.emit('did-start-loading');
    window.webContents.emit('did-finish-load');
    electron.openFile('/photos/owl.webp'); // before the page's effect subscribed
    await electron.loadPage(window);
    expect(electron.shown).toEqual(['/photos/owl.webp']);
  });

  it('once the page listens, later pictures arrive as events and bring the window forward', async () => {
    const electron = fakeElectron({ platform: 'linux' });
    electron.keeper.open();
    const window = electron.windows[0] as FakeWindow;
    await electron.loadPage(window);
    window.minimized = true;
    electron.app.emit('second-instance', {}, ['kling-studio', 'cat.png'], '/photos');
    expect(electron.shown).toEqual(['/photos/cat.png']);
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(1);
    // A second launch with no picture only brings the window forward.
    electron.app.emit('second-instance', {}, ['kling-studio'], '/');
    expect(window.focused).toBe(2);
    expect(electron.windows).toHaveLength(1);
  });

  it('macOS: a picture while the app runs with its window closed opens a window with it', async () => {
    const electron = fakeElectron();
    electron.keeper.open();
    await electron.loadPage(electron.windows[0] as FakeWindow);
    electron.close(electron.windows[0] as FakeWindow);
    expect(electron.app.quits).toBe(0); // macOS: renders keep going with no window
    expect(electron.keeper.window()).toBeNull();

    expect(electron.openFile('/photos/cat.png')).toBe(true);
    expect(electron.windows).toHaveLength(2);
    expect(electron.keeper.window()).toBe(electron.windows[1]);
    await electron.loadPage(electron.windows[1] as FakeWindow);
    expect(electron.shown).toEqual(['/photos/cat.png']);
  });

  it('ignores files that are not images or do not exist (Electron opens them as usual)', () => {
    const electron = fakeElectron();
    electron.keeper.open();
    expect(electron.openFile('/photos/notes.txt')).toBe(false);
    expect(electron.openFile('/photos/missing.png')).toBe(false);
    expect(electron.keeper.takePendingImage()).toBeNull();
  });

  it('activate with no window opens one; Windows and Linux quit when the window closes', () => {
    const mac = fakeElectron();
    mac.app.emit('activate'); // before start-up: nothing to show yet
    expect(mac.windows).toHaveLength(0);
    mac.keeper.open();
    mac.close(mac.windows[0] as FakeWindow);
    mac.app.emit('activate');
    expect(mac.windows).toHaveLength(2);

    const linux = fakeElectron({ platform: 'linux' });
    linux.keeper.open();
    linux.close(linux.windows[0] as FakeWindow);
    expect(linux.app.quits).toBe(1);
  });

  it('a message for the page (a clicked notification) waits for a page that listens', async () => {
    const electron = fakeElectron();
    electron.keeper.open();
    const opened: string[] = [];
    const sendTo = (id: string) => (window: FakeWindow) => {
      if (window.webContents.listener) opened.push(id);
    };
    // The page is still loading: kept, then delivered once it asked for its picture.
    electron.keeper.toPage(sendTo('r1'));
    expect(opened).toEqual([]);
    await electron.loadPage(electron.windows[0] as FakeWindow);
    await tick();
    expect(opened).toEqual(['r1']);
    // Listening: delivered at once, window brought forward.
    electron.keeper.toPage(sendTo('r2'));
    expect(opened).toEqual(['r1', 'r2']);
    // macOS with the window closed: a window opens and gets it once its page listens.
    electron.close(electron.windows[0] as FakeWindow);
    electron.keeper.toPage(sendTo('r3'));
    expect(electron.windows).toHaveLength(2);
    await electron.loadPage(electron.windows[1] as FakeWindow);
    await tick();
    expect(opened).toEqual(['r1', 'r2', 'r3']);
  });
});
