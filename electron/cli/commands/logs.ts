import { existsSync } from 'node:fs';
import { resolveLibraryHome } from '../../library/home';
import {
  createLogger,
  type Logger,
  logFilePath,
  logLevelFrom,
  logsDir,
} from '../../logging/logger';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { printJson, printLine } from '../output';

// Not session.ts's libraryHome: session imports this file (no import cycle).
const homeOf = (io: CliIo) => resolveLibraryHome(io.env, io.platform, io.homedir);

/** One logger per CLI run, made on first use: commands that only look never create the file. */
const loggers = new WeakMap<CliIo, Logger>();

/**
 * The CLI's support log: the same file as the app's (<home>/logs/kling-studio.log), its lines
 * marked proc "cli" and with the pid, so a support reader can tell the processes apart.
 */
export function cliLogger(io: CliIo): Logger {
  let logger = loggers.get(io);
  if (!logger) {
    logger = createLogger({
      dir: logsDir(homeOf(io)),
      level: logLevelFrom(io.env),
      bindings: { proc: 'cli' },
      secrets: [io.env.WESHOP_API_KEY],
    });
    loggers.set(io, logger);
  }
  return logger;
}

/** `kling-studio logs`: where the log file is, to open or attach to a support request. */
export async function logs(io: CliIo, options: { json?: boolean; dir?: boolean }): Promise<number> {
  const home = homeOf(io);
  const file = logFilePath(home);
  const folder = logsDir(home);
  const exists = existsSync(file);
  if (options.json) {
    printJson(io, { file, folder, exists });
    return EXIT.ok;
  }
  printLine(io, options.dir ? folder : file);
  // On stderr, so `kling-studio logs` stays usable in `$(…)` and pipes.
  if (!exists) io.stderr.write('(no log yet: it is written once a render runs)\n');
  return EXIT.ok;
}
