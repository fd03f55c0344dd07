import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { coreError, KlingError } from '../../shared/errors';
import type { PreparedImage } from '../../shared/ipc';
import { inspectImage } from '../images/inspect';
import type { UploadCache } from '../library/upload-cache';
import type { WeShopApi } from '../weshop/types';

/*
 * Upload once: every path that needs a local image on WeShop (the app on pick, the CLI on
 * validation, the engine's upload step, credit estimates) goes through prepare(), which
 *   1. checks the image locally (inspectImage: format by content, size, pixels, aspect), so a
 *      bad image is refused before any request,
 *   2. hashes its bytes (sha256, streamed),
 *   3. returns the cached URL when the library's upload cache has a fresh one for that hash,
 *   4. else uploads; concurrent calls for the same content in this process share that one
 *      upload (a job queued while the pick's upload is still running waits for it),
 *   5. remembers the URL in the cache (a failed cache write is logged; the URL is still used),
 *      unless the file was rewritten during the upload (then the URL is used, not cached).
 */

export interface ImageUploads {
  prepare(path: string, options?: { signal?: AbortSignal }): Promise<PreparedImage>;
  /**
   * The URL WeShop already has for this file's content (fresh in the cache), without
   * uploading; null when an upload is still needed (or running). Lets a job whose picture
   * was uploaded at pick time go straight to its start.
   */
  lookup(path: string): Promise<string | null>;
  /** Whether a URL saved earlier (on a render) is still within the upload cache's freshness window. */
  isFresh(url: string): Promise<boolean>;
  /**
   * The local checks alone (invalid-input for a bad image), remembered: a file unchanged since
   * it was checked (same inode, size, mtime, ctime) is trusted on a stat, not read again.
   */
  check(path: string): Promise<ExaminedImage>;
}

/** pino-shaped, like the engine's log (declared here: types.ts imports this module). */
type LogFn = (fields: Record<string, unknown>, message: string) => void;
interface UploadLog {
  info: LogFn;
  warn: LogFn;
}

export interface ImageUploadsDeps {
  api: Pick<WeShopApi, 'uploadImage'>;
  cache: UploadCache;
  log?: UploadLog;
  /** Checks the file and names its content. Default: inspectImage + hashFile (engine tests fake it). */
  examine?: (path: string) => Promise<ExaminedImage>;
}

export interface ExaminedImage {
  sha256: string;
  bytes: number;
  format: PreparedImage['format'];
}

/** The local checks (invalid-input before any request), then the content's hash. */
export async function examineImage(path: string): Promise<ExaminedImage> {
  const image = await inspectImage(path);
  return { sha256: await hashFile(path), bytes: image.bytes, format: image.format };
}

const REMEMBERED_FILES = 64;

/**
 * examineImage, remembered per file while its identity is unchanged (device, inode, size,
 * and modification and change times in nanoseconds): the image picked a moment ago is not
 * read and hashed again when it is queued (5 MB is milliseconds the start would wait for).
 * Any write to the file changes its ctime, so an edited picture is examined afresh.
 */
export function rememberingExaminer(
  examine: (path: string) => Promise<ExaminedImage> = examineImage,
): (path: string) => Promise<ExaminedImage> {
  const known = new Map<string, { identity: string; examined: ExaminedImage }>();
  return async (path) => {
    let identity: string | null = null;
    try {
      const s = await stat(path, { bigint: true });
      identity = [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':');
    } catch {
      // Missing or unreadable: examine() says so with its own clear message.
    }
    const remembered = known.get(path);
    if (identity !== null && remembered?.identity === identity) return remembered.examined;
    const examined = await examine(path);
    if (identity !== null) {
      known.delete(path);
      known.set(path, { identity, examined });
      if (known.size > REMEMBERED_FILES) known.delete(known.keys().next().value as string);
    }
    return examined;
  };
}

/** sha256 of the file's bytes, streamed (never held whole). */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

interface SharedUpload {
  promise: Promise<{ url: string; uploadedAt: string }>;
  controller: AbortController;
  /** Callers still waiting; the upload is aborted only when every one of them gave up. */
  waiting: number;
}

const canceled = () => coreError('canceled', 'uploadCanceled');

export function createImageUploads(deps: ImageUploadsDeps): ImageUploads {
  const log = deps.log;
  const examine = deps.examine ?? rememberingExaminer();
  const inFlight = new Map<string, SharedUpload>();

  function startUpload(sha256: string, path: string): SharedUpload {
    const controller = new AbortController();
    const promise = (async () => {
      const url = await deps.api.uploadImage(path, { signal: controller.signal });
      // Rewritten while it was sent (an editor saved it): WeShop holds other bytes than
      // `sha256` names, so the URL is used once but never cached under that hash. Unchanged,
      // this is a stat (the examiner remembers the file's identity).
      const after = await examine(path).catch(() => null);
      if (after?.sha256 !== sha256) {
        log?.warn({ sha256 }, 'the image changed while it was uploaded; its URL is not cached');
        return { url, uploadedAt: new Date().toISOString() };
      }
      try {
        return await deps.cache.remember(sha256, url);
      } catch (error) {
        log?.warn({ sha256, error: String(error) }, 'could not write the upload cache');
        return { url, uploadedAt: new Date().toISOString() };
      }
    })();
    const shared: SharedUpload = { promise, controller, waiting: 0 };
    inFlight.set(sha256, shared);
    // Settled either way: the next call reads the cache (or uploads again after a failure).
    const forget = () => {
      if (inFlight.get(sha256) === shared) inFlight.delete(sha256);
    };
    promise.then(forget, forget);
    return shared;
  }

  /** Waits for the shared upload; this caller's abort stops only its own wait (unless it is the last). */
  async function join(sha256: string, shared: SharedUpload, signal?: AbortSignal) {
    if (signal?.aborted) throw canceled();
    shared.waiting++;
    let left = false;
    const leave = () => {
      if (left) return false;
      left = true;
      shared.waiting--;
      return true;
    };
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        if (leave() && shared.waiting === 0) {
          // Nobody wants it any more: stop it, and let a later call start afresh.
          if (inFlight.get(sha256) === shared) inFlight.delete(sha256);
          shared.controller.abort(signal?.reason);
        }
        reject(canceled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => {}); // observed through the race below
    try {
      return await Promise.race([shared.promise, aborted]);
    } finally {
      leave();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    check: (path) => examine(path),

    isFresh: (url) => deps.cache.isFresh(url),

    async lookup(path) {
      const { sha256 } = await examine(path);
      return (await deps.cache.lookup(sha256))?.url ?? null;
    },

    async prepare(path, options = {}) {
      const base = await examine(path);
      const { sha256 } = base;
      // An upload in flight is joined before the cache is read as well as after: one that
      // ends while the cache is being read is not missed for a stale read of the file.
      let pending = inFlight.get(sha256);
      if (!pending) {
        const cached = await deps.cache.lookup(sha256);
        if (cached) {
          log?.info({ sha256 }, 'image already on WeShop (upload cache)');
          return { ...base, imageUrl: cached.url, uploadedAt: cached.uploadedAt, reused: true };
        }
        pending = inFlight.get(sha256);
      }
      // Canceled while the file was hashed or the cache read: send nothing (join would only
      // refuse to wait, leaving an upload nobody wants running to its end).
      if (options.signal?.aborted) throw canceled();
      const shared = pending ?? startUpload(sha256, path);
      const uploaded = await join(sha256, shared, options.signal);
      return {
        ...base,
        imageUrl: uploaded.url,
        uploadedAt: uploaded.uploadedAt,
        reused: !!pending,
      };
    },
  };
}
