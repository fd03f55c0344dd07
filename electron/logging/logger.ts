import { join } from 'node:path';
import { type DestinationStream, type Logger as PinoLogger, pino } from 'pino';
import { redactSecrets } from './redact';
import { openRotatingFile } from './rotating-file';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = [
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
  'silent',
];
export type LogFields = Record<string, unknown>;

/** The app's logger: a message first, structured fields second; every line is redacted. */
export interface Logger {
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines all carry `bindings` (e.g. { job: id }). */
  child(bindings: LogFields): Logger;
  /** From now on every form of `secret` is cut out of every line (shared with children). */
  addSecret(secret: string | null | undefined): void;
  /** The file written, or null for loggers that write none. */
  readonly file: string | null;
}

export const LOG_FILE_NAME = 'kling-studio.log';
/** Where the logs of the library at `home` go: <home>/logs. */
export const logsDir = (home: string) => join(home, 'logs');
export const logFilePath = (home: string) => join(logsDir(home), LOG_FILE_NAME);

/** KLING_LOG_LEVEL when it names a level, else `fallback`. */
export function logLevelFrom(
  env: Record<string, string | undefined>,
  fallback: LogLevel = 'info',
): LogLevel {
  const wanted = env.KLING_LOG_LEVEL?.trim().toLowerCase();
  return LOG_LEVELS.find((level) => level === wanted) ?? fallback;
}

/**
 * Headers are never logged: not the Authorization one, not any other (a proxy may add
 * cookies). The line-level redaction below is the second net for text that quotes one.
 */
const NEVER_LOGGED = [
  'headers',
  '*.headers',
  'authorization',
  '*.authorization',
  'Authorization',
  '*.Authorization',
  'key',
  'apiKey',
  '*.apiKey',
];

interface SecretSet {
  list: string[];
  add(secret: string | null | undefined): void;
}

function secretSet(initial: readonly (string | null | undefined)[]): SecretSet {
  const list: string[] = [];
  const add = (secret: string | null | undefined) => {
    const value = secret?.trim();
    if (value && !list.includes(value)) list.push(value);
  };
  for (const secret of initial) add(secret);
  return { list, add };
}

function wrap(inner: PinoLogger, secrets: SecretSet, file: string | null): Logger {
  const at =
    (level: 'trace' | 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: LogFields) => {
      if (fields) inner[level](fields, message);
      else inner[level](message);
    };
  return {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (bindings) => wrap(inner.child(bindings), secrets, file),
    addSecret: (secret) => secrets.add(secret),
    file,
  };
}

function build(
  stream: (line: string) => void,
  level: LogLevel,
  bindings: LogFields,
  secrets: SecretSet,
  file: string | null,
): Logger {
  const destination: DestinationStream = {
    // Redacted last, on the finished line, so no field or message can slip past.
    write: (line: string) => stream(redactSecrets(line, secrets.list)),
  };
  const inner = pino(
    {
      level,
      base: { pid: process.pid, ...bindings },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: NEVER_LOGGED, remove: true },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return wrap(inner, secrets, file);
}

export interface LoggerOptions {
  /** The folder (logsDir(home)); created when missing. */
  dir: string;
  level?: LogLevel;
  /** Stamped on every line, e.g. { proc: 'app' } or { proc: 'cli' }. */
  bindings?: LogFields;
  /** Secrets known up front (WESHOP_API_KEY); more come through addSecret. */
  secrets?: readonly (string | null | undefined)[];
  maxBytes?: number;
  keep?: number;
}

/**
 * A levelled JSON-lines log at <dir>/kling-studio.log, rotated by size (a few files of a few
 * MB), written synchronously so the last lines before a crash are on disk. Safe to share
 * between processes (see openRotatingFile).
 */
export function createLogger(options: LoggerOptions): Logger {
  const path = join(options.dir, LOG_FILE_NAME);
  const file = openRotatingFile({
    path,
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    ...(options.keep === undefined ? {} : { keep: options.keep }),
  });
  return build(
    (line) => file.write(line),
    options.level ?? 'info',
    options.bindings ?? {},
    secretSet(options.secrets ?? []),
    path,
  );
}

export interface MemoryLogger extends Logger {
  /** Every line written so far, redacted, as written to a file. */
  readonly lines: string[];
  /** The same lines parsed. */
  records(): LogFields[];
}

/** A logger that keeps its (redacted) lines in memory: for tests. */
export function memoryLogger(
  options: { level?: LogLevel; secrets?: readonly string[] } = {},
): MemoryLogger {
  const lines: string[] = [];
  const logger = build(
    (line) => lines.push(line),
    options.level ?? 'trace',
    {},
    secretSet(options.secrets ?? []),
    null,
  );
  return {
    ...logger,
    lines,
    records: () => lines.map((line) => JSON.parse(line) as LogFields),
  };
}

/** A logger that writes nothing (its level is silent). */
export function silentLogger(): Logger {
  return build(() => undefined, 'silent', {}, secretSet([]), null);
}
