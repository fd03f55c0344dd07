import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { diskError } from '../disk-errors';

/** SQLite's codes for what the disk refused, as the errno codes disk-errors.ts explains. */
const ERRNO_OF: Record<string, string> = {
  SQLITE_FULL: 'ENOSPC',
  // A file SQLite could open only for reading: most often owned by another user.
  SQLITE_READONLY: 'EACCES',
  SQLITE_READONLY_DIRECTORY: 'EROFS',
  SQLITE_READONLY_DBMOVED: 'EROFS',
  SQLITE_CANTOPEN: 'EACCES',
  SQLITE_PERM: 'EACCES',
};

/** A failed index write as a DiskError naming the index file (place, cause, next step). */
export function indexDiskError(error: unknown, path: string, then: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  let errno = typeof code === 'string' ? ERRNO_OF[code] : undefined;
  // SQLite says only "cannot open": a folder in the file's place is the one thing to tell apart.
  if (code === 'SQLITE_CANTOPEN' && isFolder(path)) errno = 'EISDIR';
  // SQLite says READONLY/CANTOPEN alike for a read-only disk and a file of another user; the
  // kernel tells them apart (access(2) answers EROFS on a read-only mount).
  if (errno === 'EACCES' && onReadOnlyDisk(path)) errno = 'EROFS';
  if (!errno) return diskError(error, path, then);
  return diskError(Object.assign(new Error((error as Error).message), { code: errno }), path, then);
}

/** The file is not a usable SQLite database (damaged, cut short, or something else). */
export function isCorrupt(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT_VTAB';
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function onReadOnlyDisk(path: string): boolean {
  try {
    accessSync(dirname(path), constants.W_OK);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EROFS';
  }
}
