import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type CoreMessageId,
  coreSaid,
  type MessageParam,
  type Said,
} from '../../shared/core-messages';
import { KlingError } from '../../shared/errors';

/*
 * The one mapping from a file-system failure a person can fix (a full disk, a folder they may
 * not write, a read-only disk, a file or folder in the way) to a message that names the
 * place, the cause and the next step. Used where the library writes (render.json, index.json,
 * the journals, locks, downloads, new render folders), so the CLI and the app never show a
 * raw "ENOSPC: no space left on device, write".
 */

const DISK_CODES = ['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOTDIR'] as const;
type DiskCode = (typeof DISK_CODES)[number];

/** What to do once the place is fixed, e.g. "then run `kling-studio resume`". */
export const THEN_RESUME = 'then run `kling-studio resume`';
/** For a write nothing depends on yet (a new render's folder): doing it again is the fix. */
export const THEN_RETRY = 'then try again';
/** For a Delete that could not write (its claim, the index): the render is still there. */
export const THEN_DELETE_AGAIN = 'then delete it again';

const codeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null
    ? ((error as NodeJS.ErrnoException).code ?? undefined)
    : undefined;

const isDiskCode = (code: string | undefined): code is DiskCode =>
  (DISK_CODES as readonly string[]).includes(code ?? '');

/** A disk or permission problem with the place it happened and what fixes it. */
export class DiskError extends KlingError {
  readonly code: DiskCode;
  /** The file or folder the write was for. */
  readonly path: string;
  /** The fix alone, short enough for a sentence: "free space on /x". */
  readonly fix: string;

  constructor(code: DiskCode, path: string, fix: string, said: Said, cause: unknown) {
    super('internal', said.text, { cause, messageRef: said.ref });
    this.name = 'DiskError';
    this.code = code;
    this.path = path;
    this.fix = fix;
  }
}

export const isDiskError = (error: unknown): error is DiskError => error instanceof DiskError;

/** The nearest ancestor of `path` that exists but is not a folder (what ENOTDIR trips on). */
function fileInTheWay(path: string): string | null {
  for (let at = dirname(path); at !== dirname(at); at = dirname(at)) {
    try {
      if (!statSync(at).isDirectory()) return at;
    } catch {
      // Missing: look further up.
    }
  }
  return null;
}

/** The next step's English and its message id (a step we did not name is said as it is). */
const NEXT_STEPS: Readonly<Record<string, CoreMessageId>> = {
  [THEN_RESUME]: 'thenResume',
  [THEN_RETRY]: 'thenRetry',
  [THEN_DELETE_AGAIN]: 'thenDeleteAgain',
};
const stepParam = (then: string): MessageParam => {
  const id = NEXT_STEPS[then];
  return id ? { text: then, ref: { id } } : then;
};

function explain(code: DiskCode, path: string, then: string): { fix: string; said: Said } {
  const folder = dirname(path);
  const next = stepParam(then);
  switch (code) {
    case 'ENOSPC':
      return {
        fix: `free space on ${folder}`,
        said: coreSaid('diskFull', { folder, nextStep: next }),
      };
    case 'EDQUOT':
      return {
        fix: `free space on ${folder}`,
        said: coreSaid('diskQuota', { folder, nextStep: next }),
      };
    case 'EACCES':
    case 'EPERM':
      return {
        fix: `make ${folder} writable`,
        said: coreSaid('diskNotAllowed', { path, code, folder, nextStep: next }),
      };
    case 'EROFS':
      return {
        fix: `make ${folder} writable`,
        said: coreSaid('diskReadOnly', { folder, nextStep: next }),
      };
    case 'EISDIR':
      return {
        fix: `move the folder ${path} out of the way`,
        said: coreSaid('diskFolderInWay', { path, nextStep: next }),
      };
    case 'ENOTDIR': {
      const blocker = fileInTheWay(path) ?? folder;
      return {
        fix: `move the file ${blocker} out of the way`,
        said: coreSaid('diskFileInWay', { blocker, path, nextStep: next }),
      };
    }
  }
}

/**
 * `error` as a DiskError naming `path` when it is a disk or permission problem (already one:
 * unchanged), else `error` itself. `then` is the next step once fixed (default: resume).
 */
export function diskError(error: unknown, path: string, then: string = THEN_RESUME): unknown {
  if (isDiskError(error)) return error;
  const code = codeOf(error);
  if (!isDiskCode(code)) return error;
  const { fix, said } = explain(code, path, then);
  return new DiskError(code, path, fix, said, error);
}

/**
 * `error` with `then` as its next step when it is a DiskError: what the user was doing decides
 * it (a delete that hit a read-only claim folder says "then delete it again", not resume),
 * while the place, the cause and the fix stay as the write found them. Else unchanged.
 */
export function withNextStep(error: unknown, then: string): unknown {
  if (!isDiskError(error)) return error;
  const { fix, said } = explain(error.code, error.path, then);
  return new DiskError(error.code, error.path, fix, said, error.cause);
}

/** Runs what a user asked for; a DiskError it throws names `then` as the next step. */
export async function nextStepOnDiskError<T>(then: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw withNextStep(error, then);
  }
}

/** Runs a write of `path`; a disk or permission failure comes out as a DiskError. */
export async function withDiskErrors<T>(
  path: string,
  work: () => Promise<T>,
  then?: string,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw diskError(error, path, then);
  }
}
