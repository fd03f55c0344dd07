import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { withSlot } from './exclusive';
import { uploadCacheLockDir, uploadCachePath } from './layout';
import { newOwner, type Owner, retireOwner } from './owner';

/*
 * Which image contents WeShop already holds: sha256 of the file's bytes → the URL the upload
 * answered and when. One small JSON file per library home (uploads.json), shared by the app
 * and every CLI on that home:
 * - written atomically (write-file-atomic: a reader sees the old or the new file, never half);
 * - every write is read → merge → write under an inter-process lock (locks/uploads, the same
 *   numbered-slot mechanism as the index), so two processes remembering different images at
 *   once both survive;
 * - a missing, unreadable or corrupt file is an empty cache (logged): the worst case is one
 *   more upload, never a failed render. The next write replaces it.
 * Only hashes, URLs and times are stored: never the key, never a path.
 */

/**
 * How long an uploaded URL is reused. WeShop does not publish how long an uploaded image's URL
 * lives (the API contract says only "returns a reusable URL"; the one published lifetime is
 * Kling's own result URLs, cleared after 30 days). An upload is cheap next to a start that
 * fails on a dead image link, so we trust a URL for one day only.
 */
export const UPLOAD_FRESH_FOR_MS = 24 * 60 * 60 * 1000;

/** Entries older than this are dropped when the file is rewritten (keeps it small). */
const KEEP_FOR_MS = 7 * UPLOAD_FRESH_FOR_MS;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const CacheEntry = z.object({ url: z.url({ protocol: /^https?$/ }), uploadedAt: z.iso.datetime() });
const CacheFile = z.object({ version: z.literal(1), uploads: z.record(Sha256, CacheEntry) });
type CacheFile = z.infer<typeof CacheFile>;
export type CachedUpload = z.infer<typeof CacheEntry>;

export interface UploadCacheOptions {
  home: string;
  /** Wall clock: uploadedAt is a date people (and other processes) read. */
  now?: () => Date;
  freshForMs?: number;
  /** Told when the file is unreadable or a write fails (never silently). */
  warn?: (message: string, fields: Record<string, unknown>) => void;
}

export interface UploadCache {
  /** The URL uploaded for these bytes, if it is still fresh; null otherwise. */
  lookup(sha256: string): Promise<CachedUpload | null>;
  /** Records an upload (merged with what other processes wrote meanwhile). */
  remember(sha256: string, url: string): Promise<CachedUpload>;
  /**
   * Whether this URL was uploaded within the freshness window (whatever its content): a URL
   * saved on a render (its retry, re-run, render-missing) is reused only while it is fresh.
   */
  isFresh(url: string): Promise<boolean>;
}

/**
 * The lock's owner for one write: this process while it writes (dead with it, see owner.ts).
 * Retired after, so a cache nobody writes to keeps no liveness socket open in the home.
 */
async function withLockOwner<T>(home: string, task: (me: Owner) => Promise<T>): Promise<T> {
  const me = newOwner(`uploads-${randomUUID()}`, home);
  try {
    return await task(me);
  } finally {
    await retireOwner(me);
  }
}

export function createUploadCache(options: UploadCacheOptions): UploadCache {
  const { home } = options;
  const now = options.now ?? (() => new Date());
  const freshForMs = options.freshForMs ?? UPLOAD_FRESH_FOR_MS;
  const warn = options.warn ?? (() => {});
  const file = uploadCachePath(home);
  // This instance's own writes go one after another (each a read → merge → write).
  let writes: Promise<unknown> = Promise.resolve();

  async function readCache(): Promise<CacheFile> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT')
        warn('could not read the upload cache', { file, error: String(error) });
      return { version: 1, uploads: {} };
    }
    try {
      return CacheFile.parse(JSON.parse(text));
    } catch (error) {
      warn('the upload cache is corrupt; it is ignored and rewritten at the next upload', {
        file,
        error: error instanceof Error ? error.message.slice(0, 200) : String(error),
      });
      return { version: 1, uploads: {} };
    }
  }

  const ageMs = (entry: CachedUpload) => now().getTime() - Date.parse(entry.uploadedAt);
  // A date in the future (a clock moved back) is not trusted either.
  const isFresh = (entry: CachedUpload) => ageMs(entry) >= 0 && ageMs(entry) < freshForMs;

  return {
    async lookup(sha256) {
      const entry = (await readCache()).uploads[sha256];
      return entry && isFresh(entry) ? entry : null;
    },

    async isFresh(url) {
      const { uploads } = await readCache();
      return Object.values(uploads).some((entry) => entry.url === url && isFresh(entry));
    },

    async remember(sha256, url) {
      const entry = CacheEntry.parse({ url, uploadedAt: now().toISOString() });
      if (!Sha256.safeParse(sha256).success) throw new Error(`Not a sha256 hex digest: ${sha256}`);
      await mkdir(dirname(file), { recursive: true });
      const write = writes.then(() =>
        withLockOwner(home, (me) =>
          withSlot(home, uploadCacheLockDir(home), me, async () => {
            const current = await readCache();
            const uploads: CacheFile['uploads'] = {};
            for (const [hash, kept] of Object.entries(current.uploads)) {
              const age = ageMs(kept);
              if (age >= 0 && age < KEEP_FOR_MS) uploads[hash] = kept;
            }
            uploads[sha256] = entry;
            await writeFileAtomic(file, `${JSON.stringify({ version: 1, uploads }, null, 1)}\n`);
          }),
        ),
      );
      writes = write.catch(() => undefined); // a failed write must not block the next one
      await write;
      return entry;
    },
  };
}
