/**
 * The app executable's entry (package.json main → dist-electron/main.cjs). Started with
 * `--cli` (what the installed `kling-studio` launcher does) it runs the CLI in this process
 * and exits with the CLI's code: no window, no single-instance lock, no app start-up. This
 * is how the packaged app serves as the CLI with the RunAsNode fuse off
 * (ELECTRON_RUN_AS_NODE is never needed). Any other launch loads the desktop shell (main.ts).
 *
 * Both are dynamic imports that the bundler inlines and evaluates lazily, so a CLI run never
 * evaluates main.ts. The shell's module body still runs before Electron's `ready` event: the
 * import settles in a microtask of this script, before the event loop delivers `ready`.
 * This file imports no 'electron' (test/unit/layering.test.ts). In CLI mode only macOS touches
 * Electron at start, to hide the Dock icon; a delete uses shell.trashItem (shell/cli-mode.ts,
 * through shell-cli.ts).
 */
import { cliArgsFromAppArgv } from './cli/argv';

const cliArgs = cliArgsFromAppArgv(process.argv);
const started: Promise<unknown> = cliArgs
  ? Promise.all([
      import('./shell/cli-mode'),
      import('./shell-cli'),
      import('./cli/run-process'),
    ]).then(([{ runCliMode }, { electronApp, electronShell }, { runCliProcess }]) =>
      runCliMode(cliArgs, {
        platform: process.platform,
        app: electronApp,
        shell: electronShell,
        run: runCliProcess,
      }),
    )
  : import('./main');
started.catch((error: unknown) => {
  // Failing to load either is fatal: say so instead of leaving a process with no window.
  process.stderr.write(
    `Kling Studio could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
