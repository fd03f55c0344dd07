import type { TrashItem } from '../library/pending-trash';

/**
 * Everything the CLI takes from its process, passed in so each command is plain code and the
 * process globals are touched in one place only (main.ts).
 */
export interface OutputStream {
  write(text: string): boolean;
  isTTY?: boolean;
}

export interface InputStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export interface CliIo {
  env: Record<string, string | undefined>;
  cwd: string;
  platform: NodeJS.Platform;
  homedir: string;
  stdin: InputStream;
  /**
   * Set only when stdin is not attached (the app executable on Windows, console-input.ts):
   * opens the console to read a key typed by hand; throws a KlingError when there is none.
   */
  openConsoleInput?: () => InputStream;
  stdout: OutputStream;
  /** Progress, prompts and errors go here, so stdout carries only results. */
  stderr: OutputStream;
  /**
   * Runs `handler` on Ctrl-C / SIGTERM ('first'), and once more on the next one ('again'), just
   * before the process exits: what it writes then must be written synchronously. Returns a
   * function that removes it.
   */
  onInterrupt(handler: (press: InterruptPress) => void): () => void;
  /**
   * How `delete` moves a folder to the OS trash when the `trash` package cannot serve: the app
   * executable's --cli mode ships no node_modules, so it injects Electron's shell.trashItem
   * (electron/shell/cli-mode.ts). Absent in the node CLI, which uses the package.
   */
  trashItem?: TrashItem;
}

/** The first Ctrl-C asks to stop; the next one quits at once. */
export type InterruptPress = 'first' | 'again';
