import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { KlingError, renderNotFound } from '../../shared/errors';
import { LibraryQuery, type LibraryQueryInput, RenderManifest } from '../../shared/job';
import {
  describeIssues,
  RenderRequest,
  type RenderRequestInput,
} from '../../shared/render-request';
import { type ClaimResult, createClaims } from './claims';
import {
  diskError,
  nextStepOnDiskError,
  THEN_DELETE_AGAIN,
  THEN_RETRY,
  withDiskErrors,
} from './disk-errors';
import { folderBytes } from './disk-usage';
import { isRenderId, newRenderId } from './ids';
import { createPictureKeeper } from './keep-pictures';
import { renderDir, rendersDir, THUMBNAIL_FILE } from './layout';
import { readManifestFile, writeManifestFile } from './manifest-file';
import { resolveMediaPath } from './media-files';
import { type CreateRenderOptions, newManifest } from './new-render';
import { newOwner, retireOwner } from './owner';
import { type RemoveRenderOptions, removeRender } from './remove-render';
import { createRenderIndex } from './render-index';
import type { RepairReport } from './repair';
import { repairLibrary } from './repair-library';
import { createKeyedSerializer, mapLimit } from './serialize';

export type { ClaimResult } from './claims';
export type { RepairReport, RepairSkip } from './repair';

export interface LibraryOptions {
  home: string;
  now?: () => Date;
  random?: () => number;
  /** Unused: the index (library.sqlite) is written as each manifest is. Kept for callers. */
  indexDebounceMs?: number;
  /**
   * Only reads (list, show): nothing is written, not even the index or a journal, so looking
   * at a library never disturbs the processes working in it. Every write throws.
   */
  readOnly?: boolean;
  /** Unused: an index write waits up to 30 s for another process's (sqlite-index/sqlite.ts). */
  indexLockTimeoutMs?: number;
}

export type { CreateRenderOptions } from './new-render';

export type ManifestMutation = (manifest: RenderManifest) => RenderManifest | undefined;

export interface Library {
  readonly home: string;
  /** Opens the library (loads the index); every other method does this on first use. */
  open(): Promise<void>;
  /** Writes the folder and render.json (state 'queued') before anything else happens. */
  create(request: RenderRequestInput, options?: CreateRenderOptions): Promise<RenderManifest>;
  /** The manifest from disk, or null when there is no valid render with that id. */
  read(id: string): Promise<RenderManifest | null>;
  /**
   * Read-modify-write, serialised per id; bumps updatedAt and validates before writing.
   * Throws KlingError 'not-found' for an unknown render, 'internal' for an invalid result.
   */
  update(id: string, mutate: ManifestMutation): Promise<RenderManifest>;
  /** Full manifests from the index. Treat them as read-only (they are the library's cache). */
  list(query?: LibraryQueryInput): Promise<{ items: RenderManifest[]; total: number }>;
  /**
   * The sequence a render belongs to (renders made with Continue), oldest first: its
   * ancestors, itself, then its oldest continuation at each step; [] for an unknown render.
   * One query of the index (sqlite-index/chain.ts), never the library whole.
   */
  sequenceOf(id: string): Promise<RenderManifest[]>;
  /**
   * Deletes the render's folder. Refused (KlingError, saying why and what to do) while a live
   * process drives it, while its start may be in flight, and, unless `confirmPaidRun`, while
   * WeShop may still be charging for its run (remove-render.ts).
   */
  remove(id: string, options?: RemoveRenderOptions): Promise<{ freedBytes: number }>;
  setFavourite(id: string, favourite: boolean): Promise<RenderManifest>;
  saveThumbnail(id: string, jpegBytes: Uint8Array): Promise<RenderManifest>;
  usage(): Promise<{ count: number; usedBytes: number }>;
  /** Everything wrong found so far (skipped manifests, repairs), each listed once. */
  problems(): string[];
  /**
   * Resolves once the open's check of the render folders against the index has run: it runs
   * after the open so the first page never waits for a listing of every folder.
   */
  settled(): Promise<void>;
  folderOf(id: string): string;
  /** Absolute path of a media file of a known render, or null (see media-files.ts). */
  resolveMediaFile(id: string, fileName: string): Promise<string | null>;
  recentPrompts(limit?: number): Promise<string[]>;
  /**
   * Deletes stray .part files of done renders and temp files of interrupted atomic writes,
   * and sends done renders with a missing video back to 'downloading' (with their claim held:
   * one another live process holds, maybe deleting it, or one deleted meanwhile is left alone
   * and listed in `skipped`). Runs once per library instance (the engine calls it on resume).
   */
  repair(): Promise<RepairReport>;
  /**
   * Takes the job for this process (claims.ts): ok when no other live process drives it.
   * create() claims the new render already; a claim is held until release() or close().
   */
  claim(id: string): Promise<ClaimResult>;
  release(id: string): Promise<void>;
  /**
   * Makes the input picture copies a render still owes (shared/job.ts pictureCopiesOwed: the
   * source image, the end frame, reference images 2–4): they are not made at create, so the
   * start never waits for them. Only the process that drives the job calls this (the manifest
   * update is serialised in this process only). Null when nothing was owed; `missing` names each
   * picture whose original could not be copied, and why (the render is kept without it).
   */
  keepSourceImage(id: string): Promise<{ manifest: RenderManifest; missing?: string } | null>;
  /** Who drives the job now: 'this' process, another live one (described), or null. */
  driver(id: string): Promise<'this' | string | null>;
  /**
   * Calls `listener` with each render another process creates or changes (polled, at most
   * `intervalMs` apart, default 500 ms). Returns a function that stops watching.
   */
  watch(listener: (manifest: RenderManifest) => void, intervalMs?: number): () => void;
  /** Nothing to wait for: the index is written as each manifest is (kept for callers). */
  flush(): Promise<void>;
  /** Settles this instance's index marks, releases its claims and closes the index. */
  close(): Promise<void>;
}

const isJpeg = (bytes: Uint8Array) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

export function createLibrary(options: LibraryOptions): Library {
  const { home } = options;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const readOnly = options.readOnly === true;
  const serialise = createKeyedSerializer();
  const problemList = new Set<string>();
  const report = (problem: string) => problemList.add(problem);
  const me = newOwner(randomUUID().replaceAll('-', '').slice(0, 16), home);
  const index = createRenderIndex({ home, me, readOnly, report });
  const claims = createClaims(home, me);
  const writable = () => {
    if (readOnly) throw new KlingError('internal', 'This library was opened read-only');
  };
  let opening: Promise<void> | undefined;
  let repairing: Promise<RepairReport> | undefined;
  /** Real time (not the injectable clock): compared with file mtimes by repair. */
  const createdAtMs = Date.now();

  const open = () => {
    opening ??= (async () => {
      const renders = rendersDir(home);
      if (!readOnly)
        await withDiskErrors(renders, () => mkdir(renders, { recursive: true }), THEN_RETRY);
      for (const problem of await index.load()) report(problem);
    })();
    return opening;
  };

  async function saveManifest(manifest: RenderManifest): Promise<void> {
    await index.beginWrite(manifest.id);
    try {
      await writeManifestFile(home, manifest);
    } catch (error) {
      index.endWrite(manifest.id, undefined);
      throw error;
    }
    index.endWrite(manifest.id, manifest);
  }

  async function read(id: string): Promise<RenderManifest | null> {
    await open();
    if (!isRenderId(id)) return null;
    const result = await readManifestFile(home, id);
    if (result.kind === 'invalid') report(result.problem);
    return result.kind === 'ok' ? result.manifest : null;
  }

  function update(id: string, mutate: ManifestMutation): Promise<RenderManifest> {
    return serialise(id, async () => {
      writable();
      await open();
      if (!isRenderId(id)) throw renderNotFound(id);
      const current = await readManifestFile(home, id);
      if (current.kind === 'missing') throw renderNotFound(id);
      if (current.kind === 'invalid') throw new KlingError('internal', current.problem);
      const draft = current.manifest;
      const next = mutate(draft) ?? draft;
      next.updatedAt = now().toISOString();
      if (next.id !== id) throw new KlingError('internal', `A render's id cannot change (${id})`);
      const parsed = RenderManifest.safeParse(next);
      if (!parsed.success) {
        throw new KlingError(
          'internal',
          `Refusing to save render ${id}: ${describeIssues(parsed.error)}`,
        );
      }
      await saveManifest(parsed.data);
      return parsed.data;
    });
  }

  async function create(
    requestInput: RenderRequestInput,
    createOptions: CreateRenderOptions = {},
  ): Promise<RenderManifest> {
    writable();
    await open();
    const parsedRequest = RenderRequest.safeParse(requestInput);
    if (!parsedRequest.success)
      throw new KlingError('invalid-input', describeIssues(parsedRequest.error));
    const at = now();
    // Two renders created in the same millisecond get different suffixes; mkdir without
    // `recursive` fails on an existing folder, so a collision is caught, never overwritten.
    for (let attempt = 0; ; attempt++) {
      const id = newRenderId(at, random);
      try {
        await mkdir(renderDir(home, id));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) continue;
        throw diskError(error, renderDir(home, id), THEN_RETRY);
      }
      // Claimed before its manifest exists: no other process can pick the new job up first.
      await claims.claim(id);
      // The input pictures are copied later (keepSourceImage), once the start has left.
      const valid = newManifest(id, parsedRequest.data, at, createOptions);
      await serialise(id, () => saveManifest(valid));
      return valid;
    }
  }

  const keepSourceImage = createPictureKeeper({ home, read, update, writable });

  function folderOf(id: string): string {
    if (!isRenderId(id)) throw new KlingError('invalid-input', `Not a render id: ${id}`);
    return renderDir(home, id);
  }

  return {
    home,
    open,
    create,
    read,
    update,
    async settled() {
      await open();
      await index.settled();
    },
    async list(query = {}) {
      await open();
      return index.query(LibraryQuery.parse(query));
    },
    sequenceOf: (id) => open().then(() => index.sequenceOf(id)),
    remove(id, removeOptions) {
      // A disk problem anywhere in a delete (the claim, the journal) is fixed, then deleted again.
      return serialise(id, () =>
        nextStepOnDiskError(THEN_DELETE_AGAIN, async () => {
          writable();
          await open();
          return removeRender({ home, claims, index }, id, removeOptions);
        }),
      );
    },
    setFavourite(id, favourite) {
      return update(id, (m) => {
        m.favourite = favourite;
      });
    },
    async saveThumbnail(id, jpegBytes) {
      writable();
      if (!isJpeg(jpegBytes))
        throw new KlingError('invalid-input', 'A thumbnail must be a JPEG image');
      if (!(await read(id))) throw renderNotFound(id);
      const path = join(folderOf(id), THUMBNAIL_FILE);
      await withDiskErrors(path, () => writeFileAtomic(path, Buffer.from(jpegBytes)), THEN_RETRY);
      return update(id, (m) => {
        m.thumbnailFile = THUMBNAIL_FILE;
      });
    },
    async usage() {
      await open();
      const ids = index.ids();
      const sizes = await mapLimit(ids, 32, (id) => folderBytes(renderDir(home, id)));
      return { count: ids.length, usedBytes: sizes.reduce((a, b) => a + b, 0) };
    },
    problems: () => [...problemList],
    folderOf,
    async resolveMediaFile(id, fileName) {
      await open();
      if (!index.has(id)) return null;
      return resolveMediaPath(home, id, fileName);
    },
    async recentPrompts(limit = 10) {
      await open();
      return index.recentPrompts(limit);
    },
    repair() {
      writable();
      repairing ??= (async () => {
        await open();
        await index.settled(); // the folders the open found without a row are rows by now
        return repairLibrary({
          home,
          doneRenders: (offset, limit) =>
            index.query(LibraryQuery.parse({ state: 'done', sort: 'oldest', offset, limit })).items,
          claims,
          createdAtMs,
          update,
          now,
          report,
          forget: (problem) => problemList.delete(problem),
        });
      })();
      return repairing;
    },
    claim(id) {
      writable();
      return claims.claim(id);
    },
    release: (id) => claims.release(id),
    keepSourceImage,
    driver: (id) => claims.driver(id),
    watch: (listener, intervalMs) => index.watch(listener, intervalMs),
    async flush() {
      await open();
      await index.flush();
    },
    async close() {
      if (opening) await opening.catch(() => undefined);
      try {
        await index.close();
      } finally {
        await claims.releaseAll();
        await retireOwner(me);
      }
    },
  };
}
