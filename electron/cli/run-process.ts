/**
 * Runs one CLI command line in this process and exits with its code. The only file of the CLI
 * that touches process globals; everything else gets them through CliIo. Shared by the node
 * entry (main.ts, the built dist-cli bundle) and the app executable started with `--cli`
 * (electron/boot.ts), so both behave the same.
 */
import { fstatSync, openSync } from 'node:fs';
import { homedir } from 'node:os';
import { ReadStream } from 'node:tty';
import type { TrashItem } from '../library/pending-trash';
import { detachedStdinConsole } from './console-input';
import { EXIT } from './exit-codes';
import type { CliIo, InterruptPress } from './io';
import { runCli } from './program';

/** Exits once stdout and stderr took what was written (at most `ms` later in any case). */
function exitAfterWrites(code: number, ms = 1_000): void {
  setTimeout(() => process.exit(code), ms).unref();
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/** What the app executable's --cli mode hands the CLI (cli-mode.ts); the node entry gives none. */
export interface CliProcessOptions {
  trashItem?: TrashItem;
}

export async function runCliProcess(
  args: readonly string[],
  options: CliProcessOptions = {},
): Promise<never> {
  const handlers = new Set<(press: InterruptPress) => void>();
  let interrupts = 0;

  const onSignal = (): void => {
    interrupts++;
    if (handlers.size === 0) process.exit(EXIT.interrupted);
    if (interrupts === 1) {
      for (const handler of handlers) handler('first');
      return;
    }
    // A second Ctrl-C means "now": every manifest on disk is consistent, and whoever still
    // holds something only in memory (a paid run's unsaved id) says so before the exit.
    if (interrupts > 2) process.exit(EXIT.interrupted); // a third: no more waiting for writes
    for (const handler of handlers) {
      try {
        handler('again');
      } catch {
        // Quitting anyway: nothing more can be said.
      }
    }
    exitAfterWrites(EXIT.interrupted);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const io: CliIo = {
    env: process.env,
    cwd: process.cwd(),
    platform: process.platform,
    homedir: homedir(),
    stdin: process.stdin,
    openConsoleInput: detachedStdinConsole({
      platform: process.platform,
      electronVersion: process.versions.electron,
      stdinIsTTY: process.stdin.isTTY === true,
      stdinStat: () => {
        try {
          return fstatSync(0);
        } catch {
          return null; // no fd 0 at all: as detached as NUL
        }
      },
      openConsole: () => new ReadStream(openSync('CONIN$', 'r+')),
    }),
    stdout: process.stdout,
    stderr: process.stderr,
    onInterrupt(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    ...(options.trashItem ? { trashItem: options.trashItem } : {}),
  };

  const code = await runCli(args, io);
  // Exit explicitly: idle keep-alive sockets must not hold a finished command open (and the
  // app executable would otherwise keep running with no window). Writes to pipes and files
  // are synchronous on POSIX; the callback covers the other cases.
  return new Promise<never>(() => {
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  });
}
