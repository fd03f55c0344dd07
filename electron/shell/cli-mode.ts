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
 * the CLI does not touch Electron at all there (test/cli/app-cli.test.ts runs it with a stub
 * that fails on any use).
 */

/** The part of Electron's `app` CLI mode uses. */
export interface CliModeApp {
  readonly dock?: { hide(): void } | undefined;
}

export interface CliModeDeps {
  platform: NodeJS.Platform;
  /** Electron's app; read only on macOS. */
  app: () => CliModeApp;
  /** Runs the CLI with its arguments (runCliProcess: exits with the CLI's code). */
  run: (args: readonly string[]) => Promise<unknown>;
}

export function runCliMode(args: readonly string[], deps: CliModeDeps): Promise<unknown> {
  if (deps.platform === 'darwin') deps.app().dock?.hide();
  return deps.run(args);
}
