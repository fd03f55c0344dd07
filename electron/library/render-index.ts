import { messageOf } from '../../shared/errors';
import type { LibraryQuery, RenderManifest } from '../../shared/job';
import { INDEX_THEN } from './index-file';
import { readManifestFile } from './manifest-file';
import { announce, type Owner } from './owner';
import { indexDiskError } from './sqlite-index/disk';
import { indexDbPath, openReadOnly, openWritable } from './sqlite-index/open-index';
import type { Store } from './sqlite-index/store';

const DEFAULT_WATCH_INTERVAL_MS = 500;

export interface RenderIndexOptions {
  home: string;
  /** This library instance (the marks of its writes name it). */
  me: Owner;
  /** Read-only (list/show): nothing in the home is written, not even the index. */
  readOnly?: boolean;
  /** Problems that must not pass silently (a failed index write, a failed watch). */
  report: (problem: string) => void;
}

/*
 * The library's index is <home>/library.sqlite (sqlite-index/: schema.ts says what is in it).
 * Its rules:
 * - render.json files are the truth; the index is a cache that open repairs from them.
 * - Before a manifest is written, its id is marked "being written by <owner>" in the index
 *   (beginWrite); render.json is written atomically; then one transaction puts the row and
 *   clears the mark (endWrite). A process killed in between leaves the mark: the next open
 *   whose owner check (owner.ts) says that process is dead re-reads those render.json files.
 * - A row is never replaced by an older copy (updatedAt decides): two processes may write the
 *   same render, and the one whose transaction comes last may hold the older manifest.
 * - Several processes share the file (WAL, busy timeout): every change takes the next value of
 *   a shared counter (seq), and a process sees others' changes as rows with a higher seq.
 * - A writable open also lists the render folders once: a folder the index lacks is read, a
 *   row without a folder is dropped. The first open of an older library builds the index from
 *   index.json and the journals (index-file.ts loadIndex), or from every render.json; a
 *   damaged file is moved aside and rebuilt; one of an older schema version is upgraded in
 *   place, its rows kept (sqlite-index/schema.ts). A read-only open writes nothing: it reads the file
 *   or, when it cannot (or a dead process's write is pending), a copy in memory. The one
 *   exception: it upgrades an older schema version in place, as a writable open would (the
 *   file's shape, never a row: sqlite-index/upgrade-in-place.ts), unless it may not write there.
 */
export function createRenderIndex(options: RenderIndexOptions) {
  const { home, me, report } = options;
  const path = indexDbPath(home);
  let store: Store | undefined;
  /** The change counter when this instance opened: watching reports what came after. */
  let seqAtOpen = 0;
  /** Why the index file could not be opened (the library ran on a copy in memory): close says it. */
  let openFailure: unknown;
  /** The open's folders-against-rows check, running after the open (close waits for it). */
  let reconciling: Promise<void> = Promise.resolve();
  /** The owner record marks carry (announced once: it makes this process's beacon listen). */
  let markOwner: Promise<string> | undefined;
  /** The same, once known (a write has begun): endWrite runs synchronously with it. */
  let markOwnerText: string | undefined;
  const ownMark = () =>
    (markOwner ??= announce(me).then((record) => {
      markOwnerText = JSON.stringify(record);
      return markOwnerText;
    }));
  const listeners = new Set<(manifest: RenderManifest) => void>();
  const opened = () => {
    if (!store) throw new Error('The library index is not open yet');
    return store;
  };

  /** The row for `id` from render.json (the truth), when the outcome of a write is unknown. */
  async function settleFromDisk(id: string, owner: string, s = opened()): Promise<void> {
    const result = await readManifestFile(home, id);
    s.transaction(() => {
      if (result.kind === 'ok') s.put(result.manifest, me.token);
      else if (result.kind === 'missing') s.remove(id);
      s.unmarkWrite(id, owner);
    });
  }

  return {
    async load(): Promise<string[]> {
      try {
        const result = options.readOnly
          ? await openReadOnly(home, me)
          : await openWritable(home, me);
        store = result.store;
        seqAtOpen = store.seq();
        if (result.reconcile) {
          const problemsLater = result.reconcile;
          reconciling = problemsLater().then(
            (problems) => {
              for (const problem of problems) report(problem);
            },
            (error) =>
              report(`Could not compare the render folders with the index: ${messageOf(error)}`),
          );
        }
        return result.problems;
      } catch (error) {
        if (options.readOnly) throw error;
        // Render.json files are the truth: the library stays usable, listed from them, and
        // says what to fix for its index.
        const result = await openReadOnly(home, me, { inMemory: true });
        store = result.store;
        const failure = indexDiskError(error, path, INDEX_THEN);
        openFailure = failure;
        return [...result.problems, `The library index could not be opened: ${messageOf(failure)}`];
      }
    },
    get: (id: string) => opened().get(id),
    has: (id: string) => opened().has(id),
    query: (query: LibraryQuery) => opened().query(query),
    ids: () => opened().ids(),
    recentPrompts: (limit: number) => opened().recentPrompts(limit),
    sequenceOf: (id: string) => opened().sequenceOf(id),
    /** Call before writing a manifest (or removing a render). */
    async beginWrite(id: string): Promise<void> {
      if (options.readOnly) throw new Error('This library was opened read-only');
      const owner = await ownMark();
      try {
        opened().markWrite(id, owner);
      } catch (error) {
        throw indexDiskError(error, path, INDEX_THEN);
      }
    },
    /** Call after the write: the new manifest, null when the render is gone, undefined when the write failed. */
    endWrite(id: string, manifest: RenderManifest | null | undefined): void {
      const owner = markOwnerText;
      if (owner === undefined) return; // no write began here
      const failed = (error: unknown) =>
        // The mark stays: the next open re-reads this render.json (the truth is on disk).
        report(`The library index could not be updated for render ${id}: ${messageOf(error)}`);
      if (manifest === undefined) {
        settleFromDisk(id, owner).catch(failed);
        return;
      }
      try {
        const s = opened();
        s.transaction(() => {
          if (manifest) s.put(manifest, me.token);
          else s.remove(id);
          s.unmarkWrite(id, owner);
        });
      } catch (error) {
        failed(error);
      }
    },
    /** Index writes happen as each manifest is written; nothing waits. */
    async flush(): Promise<void> {},
    /**
     * Calls `listener` with every render another process created or changed, checking every
     * `intervalMs` (timers unref'd: watching never keeps a process alive). Returns stop.
     */
    watch(listener: (manifest: RenderManifest) => void, intervalMs = DEFAULT_WATCH_INTERVAL_MS) {
      listeners.add(listener);
      let version: unknown;
      let seen: number | undefined;
      const interval = setInterval(() => {
        const s = store;
        if (!s) return; // not open yet (or closed): the first look after open starts from it
        try {
          // data_version changes only when another connection committed: a cheap look.
          const now = s.db.pragma('data_version', { simple: true });
          if (now === version) return;
          version = now;
          const upTo = s.seq();
          const changed = s.changedSince(seen ?? seqAtOpen, upTo, me.token);
          seen = upTo;
          for (const m of changed) listener(m);
        } catch (error) {
          report(`Could not look for changes by other processes: ${messageOf(error)}`);
        }
      }, intervalMs);
      interval.unref();
      return () => {
        clearInterval(interval);
        listeners.delete(listener);
      };
    },
    /** Resolves once the open's check of the render folders has run (repair, tests). */
    settled: (): Promise<void> => reconciling,
    async close(): Promise<void> {
      await reconciling;
      if (!store) return;
      const s = store;
      store = undefined;
      try {
        if (!options.readOnly && markOwnerText !== undefined) {
          // A write whose index update failed: render.json has the outcome.
          for (const mark of s.marks())
            if (mark.owner === markOwnerText) await settleFromDisk(mark.id, mark.owner, s);
          s.clearOwner(markOwnerText);
        }
      } finally {
        s.db.close();
      }
      // What this process wrote is safe in render.json; the caller warns that the index was not.
      if (openFailure !== undefined) throw openFailure;
    },
  };
}
