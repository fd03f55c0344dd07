import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  renameSync,
  type Stats,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { messageOf } from '../../shared/errors';
import { diskError } from '../library/disk-errors';

export interface RotatingFileOptions {
  path: string;
  /** Size after which the file is rotated; default 5 MiB. */
  maxBytes?: number;
  /** Rotated files kept beside the current one (path.1 … path.N); default 4. */
  keep?: number;
  /** Told when a write or a rotation failed; logging itself never throws. */
  onError?: (error: unknown) => void;
}

export interface RotatingFile {
  readonly path: string;
  /** Appends synchronously: once it returns, the text is in the OS (a crash does not lose it). */
  write(text: string): void;
  close(): void;
}

export const DEFAULT_MAX_LOG_BYTES = 5 * 1024 * 1024;
export const DEFAULT_KEPT_LOGS = 4;

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

/**
 * A size-rotated append-only file that several processes may share (the app and any CLI write
 * the same log). Every write is a synchronous O_APPEND write of whole lines, so lines from two
 * processes interleave but never tear. Before each write the path is stat'ed: when another
 * process has rotated it (the inode changed) this one reopens instead of writing into the old
 * file, and whoever sees the file too big rotates it. Two processes rotating at the same instant
 * can drop one rotated file's worth of old lines; nothing current is lost.
 */
export function openRotatingFile(options: RotatingFileOptions): RotatingFile {
  const { path } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_LOG_BYTES;
  const keep = Math.max(1, options.keep ?? DEFAULT_KEPT_LOGS);
  let reported = false;
  const onError =
    options.onError ??
    ((error: unknown) => {
      // Once per file: a full disk would otherwise print a line for every log line.
      if (reported) return;
      reported = true;
      // A full disk or a read-only folder is said as such, with where and what to do.
      const reason = messageOf(diskError(error, path, 'then logging resumes by itself'));
      process.stderr.write(`kling-studio: cannot write the log file ${path}: ${reason}\n`);
    });

  let fd: number | null = null;
  let inode = 0;

  const open = () => {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'a', 0o600);
    inode = fstatSync(fd).ino;
  };
  const closeFd = () => {
    if (fd === null) return;
    const current = fd;
    fd = null;
    closeSync(current);
  };

  const rotate = () => {
    closeFd();
    for (let index = keep - 1; index >= 1; index--) {
      try {
        renameSync(`${path}.${index}`, `${path}.${index + 1}`);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    try {
      renameSync(path, `${path}.1`);
    } catch (error) {
      // Another process rotated it a moment ago: its new file is ours too.
      if (!isMissing(error)) throw error;
    }
    open();
  };

  const prepare = (bytes: number) => {
    if (fd === null) return open();
    let onDisk: Stats | undefined;
    try {
      onDisk = statSync(path);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    if (!onDisk || onDisk.ino !== inode) {
      // Rotated (or deleted) by someone else: write to the file now at the path.
      closeFd();
      return open();
    }
    if (onDisk.size > 0 && onDisk.size + bytes > maxBytes) rotate();
  };

  return {
    path,
    write(text) {
      const bytes = Buffer.from(text, 'utf8');
      try {
        prepare(bytes.length);
        if (fd === null) return;
        writeSync(fd, bytes);
      } catch (error) {
        onError(error);
      }
    },
    close() {
      try {
        closeFd();
      } catch (error) {
        onError(error);
      }
    },
  };
}
