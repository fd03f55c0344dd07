/**
 * What the app executable does as the CLI (`<app> --cli …`, electron/boot.ts) before the CLI's
 * first line runs. Plain code with the Electron app injected, so the order is unit-tested.
 *
 * macOS: an app bundle started from a terminal gets a Dock icon for as long as it runs (its
 * Info.plist makes it a regular app). The CLI opens no window, so it hides the icon at once:
 * app.dock.hide() (docs/api/dock.md; shell/browser/browser_mac.mm Browser::DockHide turns the
 * process into a UI element with TransformProcessType). It is called once: a second call
 * within a second of a dock.show() is ignored, and the CLI never shows it.
 * Linux and Windows: `app.dock` does not exist (electron.d.ts: `dock: Dock | undefined`), and
 * the CLI does not touch Electron at all there unless a delete moves a folder to the trash
 * (test/cli/app-cli.test.ts runs it with a stub that fails on any other use).
 */
import type { TrashItem } from '../library/pending-trash';
import { electronTrashItem } from './native-habits';

/** The part of Electron's `app` CLI mode uses. */
export interface CliModeApp {
  readonly dock?: { hide(): void } | undefined;
  whenReady(): Promise<unknown>;
}

/** The part of Electron's `shell` CLI mode uses. */
export interface CliModeShell {
  trashItem(path: string): Promise<void>;
}

export interface CliModeDeps {
  platform: NodeJS.Platform;
  /** Electron's app; read on macOS at start, elsewhere only by a delete. */
  app: () => CliModeApp;
  /** Electron's shell; read only by a delete. */
  shell: () => CliModeShell;
  /** Runs the CLI with its arguments (runCliProcess: exits with the CLI's code). */
  run: (args: readonly string[], options: { trashItem: TrashItem }) => Promise<unknown>;
  /** How long a delete waits for Electron's `ready` before it leaves the folder set aside. */
  readyTimeoutMs?: number;
}

const READY_TIMEOUT_MS = 15_000;

/**
 * Electron's shell.trashItem for the CLI's delete. The packaged app ships no `trash` package
 * (electron-builder.yml packs no node_modules but the natives), so the node CLI's trash cannot
 * load here. Electron's docs (docs/api/shell.md, `shell.trashItem(path)`: "Returns
 * Promise<void> - Resolves when the operation has been completed") do not say whether it may be
 * called before the app is ready, and its implementation (shell/common/platform_util.cc
 * TrashItem) posts to Chromium's thread pool and answers on the UI thread, which exist only once
 * Electron has initialised, which is what `ready` means ("Emitted once, when Electron has
 * finished initializing", docs/api/app.md). So it waits for app.whenReady() first, bounded: a
 * process whose Electron never gets ready (no display on Linux, say) keeps the folder in
 * <home>/trash-pending, which the CLI's message names, instead of hanging.
 */
export function cliTrashItem(
  deps: Pick<CliModeDeps, 'app' | 'shell' | 'readyTimeoutMs'>,
): TrashItem {
  return async (path) => {
    await withTimeout(
      deps.app().whenReady(),
      deps.readyTimeoutMs ?? READY_TIMEOUT_MS,
      'Electron did not finish starting, so the OS trash could not be reached',
    );
    return electronTrashItem(deps.shell())(path);
  };
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function runCliMode(args: readonly string[], deps: CliModeDeps): Promise<unknown> {
  if (deps.platform === 'darwin') deps.app().dock?.hide();
  return deps.run(args, { trashItem: cliTrashItem(deps) });
}
