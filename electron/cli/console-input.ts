/**
 * Where `key set` reads a key typed by hand when the CLI runs as the app executable on
 * Windows (`Kling Studio.exe --cli`, what the installed kling-studio.cmd starts).
 *
 * The app is a GUI-subsystem program: Electron routes stdout/stderr to the parent console
 * (shell/app/electron_main_win.cc → base::RouteStdioToConsole, which reopens only CONOUT$)
 * but not stdin, and Node then opens fd 0 on the NUL device (node.cc PlatformInit; Electron
 * refuses to start if NUL cannot be opened, shell/common/node_bindings.cc). So process.stdin
 * is a character device that is not a TTY and ends at once: `key set` would see no key.
 * Electron's maintainers: "On Windows only console programs can have stdin"
 * (electron/electron#4218, #5776). The console itself is still there (the attach above), so
 * the prompt opens it directly as CONIN$, the way postgres' sprompt.c and reopen-tty do.
 * A pipe or a redirected file is a real stdin and is read as before.
 */
import { KlingError, messageOf } from '../../shared/errors';
import type { InputStream } from './io';

export interface StdinFacts {
  platform: NodeJS.Platform;
  /** process.versions.electron: set only when the app executable runs the CLI. */
  electronVersion: string | undefined;
  stdinIsTTY: boolean;
  /** fstat of fd 0; null when fd 0 cannot be stat'ed at all. */
  stdinStat(): { isCharacterDevice(): boolean } | null;
  /** Opens the console's input buffer (fs.openSync('CONIN$', 'r+') → new tty.ReadStream). */
  openConsole(): InputStream;
}

const NO_CONSOLE =
  'Kling Studio cannot read a key here: this window has no console to type it in and nothing was piped in. Run `kling-studio key set` in a Command Prompt or PowerShell window, or pipe the key in (`type keyfile | kling-studio key set`), or set WESHOP_API_KEY for the process instead';

/**
 * The console's input when stdin is the app executable's detached NUL, else undefined (use
 * stdin: a terminal, a pipe or a file). The opener throws a KlingError saying what to do
 * when there is no console to open (started from a service or a scheduled task).
 */
export function detachedStdinConsole(facts: StdinFacts): (() => InputStream) | undefined {
  if (facts.platform !== 'win32' || !facts.electronVersion || facts.stdinIsTTY) return undefined;
  const stat = facts.stdinStat();
  // A pipe or a file is what the user gave us; only the NUL stand-in is "not attached".
  if (stat && !stat.isCharacterDevice()) return undefined;
  return () => {
    let reason = 'CONIN$ is not a console';
    try {
      const input = facts.openConsole();
      if (input.isTTY) return input;
    } catch (error) {
      reason = `CONIN$: ${messageOf(error)}`;
    }
    throw new KlingError('invalid-input', `${NO_CONSOLE} (${reason})`);
  };
}
