export {
  createLogger,
  LOG_FILE_NAME,
  LOG_LEVELS,
  type LogFields,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  logFilePath,
  logLevelFrom,
  logsDir,
  type MemoryLogger,
  memoryLogger,
  silentLogger,
} from './logger';
export { containsSecret, REDACTED, redactJson, redactSecrets, secretForms } from './redact';
export { openRotatingFile, type RotatingFile } from './rotating-file';
