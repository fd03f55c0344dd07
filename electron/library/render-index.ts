import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { messageOf } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { withSlot } from './exclusive';
import {
  appendJournal,
  clearJournal,
  type IndexStamp,
  indexStamp,
  journalFileName,
  loadIndex,
  looksLikeManifest,
  readIndexEntries,
  removeJournal,
  sameStamp,
  scanJournals,
  writeIndex,
} from './index-file';
import { indexLockDir, journalsDir, manifestPath } from './layout';
import { readManifestFile } from './manifest-file';
import { announce, buryOwner, type Owner } from './owner';
import { mapLimit } from './serialize';

const DEFAULT_DEBOUNCE_MS = 250;
const DEFAULT_WATCH_INTERVAL_MS = 500;

export interface RenderIndexOptions {
  home: string;
  /** This library instance (its journal, its turn at the index lock). */
  me: Owner;
  debounceMs?: number;
  /** Read-only (list/show): load without writing the index, a journal or anything else. */
  readOnly?: boolean;
  /** How long a flush waits for another process's index write before giving up (ms). */
  lockTimeoutMs?: number;
  /** Problems that must not pass silently (a failed background write, a failed watch). */
  report: (problem: string) => void;
}

/**
 * The in-memory set of renders plus the debounced, journal-backed index.json behind it (the
 * rules are in index-file.ts). Every manifest write is bracketed by beginWrite/endWrite.
 */
export function createRenderIndex(options: RenderIndexOptions) {
  const { home, me, report } = options;
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const lockDir = indexLockDir(home);
  /**
   * Named when first written, not before: the name carries this process's beacon (owner.ts),
   * which listens by then, and a read-only open makes neither.
   */
  let journalName: Promise<string> | undefined;
  const ownJournal = () =>
    (journalName ??= announce(me).then((record) =>
      join(journalsDir(home), journalFileName(record)),
    ));
  let entries = new Map<string, RenderManifest>();
  let writesStarted = 0;
  /** Ids with a manifest write in progress (journaled, not yet in `entries`). */
  const inFlight = new Map<string, number>();
  /** Ids this instance wrote since its last index write. */
  const ownDirty = new Set<string>();
  /**
   * When each render was last written here (a counter, not a clock): a flush must not put
   * back an older copy of a render written while it was reading render.json files.
   */
  const lastWrite = new Map<string, number>();
  let writeCount = 0;
  const writtenSince = (id: string, mark: number) => (lastWrite.get(id) ?? 0) > mark;
  /** index.json as this instance last read or wrote it: unchanged means nobody else wrote. */
  let diskStamp: IndexStamp | null = null;
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  let dirty = false;
  const listeners = new Set<(manifest: RenderManifest) => void>();

  const notify = (changed: RenderManifest[]) => {
    for (const manifest of changed) for (const listener of listeners) listener(manifest);
  };
  const pendingHere = (id: string) => ownDirty.has(id) || inFlight.has(id);

  async function writeNow(): Promise<void> {
    if (!dirty || options.readOnly) return;
    dirty = false;
    const ids = [...ownDirty];
    ownDirty.clear();
    // The journal may only be emptied if this write covers every write started so far.
    const coversAll = inFlight.size === 0;
    const startedBefore = writesStarted;
    const mark = writeCount;
    try {
      const merged: RenderManifest[] = [];
      await withSlot(
        home,
        lockDir,
        me,
        async () => {
          let base = entries;
          if (!sameStamp(await indexStamp(home), diskStamp)) {
            // Another process wrote the index since: start from its version, add ours only.
            const onDisk = await readIndexEntries(home);
            if (onDisk) {
              base = new Map();
              for (const [id, entry] of onDisk)
                if (looksLikeManifest(entry, id)) base.set(id, entry);
            }
          }
          // Our own changes come from render.json, the truth: another process may have
          // written the same render (a favourite, a retry) after our copy in memory.
          const fresh = await mapLimit(ids, 16, (id) => readManifestFile(home, id));
          ids.forEach((id, i) => {
            // Written here meanwhile: the copy in memory is newer, and the next flush has it.
            if (writtenSince(id, mark)) return;
            const result = fresh[i];
            if (result?.kind === 'ok') base.set(id, result.manifest);
            else base.delete(id);
          });
          await writeIndex(home, base.values());
          diskStamp = await indexStamp(home);
          if (base !== entries) {
            const own = new Set(ids);
            for (const [id, m] of base)
              if (!own.has(id) && entries.get(id)?.updatedAt !== m.updatedAt) merged.push(m);
            // Renders being written here right now, or written during this flush, keep their
            // newer in-memory copy.
            for (const id of new Set([...inFlight.keys(), ...lastWrite.keys()])) {
              if (!inFlight.has(id) && !writtenSince(id, mark)) continue;
              const mine = entries.get(id);
              if (mine) base.set(id, mine);
              else base.delete(id);
            }
            entries = base;
          }
        },
        options.lockTimeoutMs,
      );
      if (coversAll && writesStarted === startedBefore && journalName)
        await clearJournal(await journalName);
      notify(merged);
    } catch (error) {
      for (const id of ids) ownDirty.add(id);
      dirty = true; // the journal still names them; the next flush (or open) tries again
      throw error;
    }
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    flushing = flushing.then(writeNow, writeNow);
    return flushing;
  }

  function scheduleFlush(): void {
    dirty = true;
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      // The journal stays in place on failure, so nothing is lost; but say so.
      flush().catch((error) => report(`The library index could not be saved: ${messageOf(error)}`));
    }, debounceMs);
    timer.unref();
  }

  async function loadReadOnly(): Promise<string[]> {
    const loaded = await loadIndex(home, { me });
    entries = loaded.entries;
    return loaded.problems;
  }

  async function loadWritable(): Promise<string[]> {
    let problems: string[] = [];
    await withSlot(
      home,
      lockDir,
      me,
      async () => {
        const loaded = await loadIndex(home, { me });
        entries = loaded.entries;
        problems = loaded.problems;
        if (loaded.changed) await writeIndex(home, entries.values());
        diskStamp = await indexStamp(home);
        // Their ids are in the index now; a dead owner will never empty its journal itself.
        for (const path of loaded.journals.dead) await removeJournal(path);
        for (const owner of loaded.journals.deadOwners) await buryOwner(owner, home);
      },
      options.lockTimeoutMs,
    );
    return problems;
  }

  /**
   * One look at what other processes changed: renders their journals name (re-read when
   * render.json changed) and, when index.json was rewritten by someone else, its entries.
   */
  async function refresh(seen: { stamp: IndexStamp | null; mtimes: Map<string, number> }) {
    const changed: RenderManifest[] = [];
    const journals = await scanJournals(home, me);
    for (const id of journals.ids) {
      const info = await stat(manifestPath(home, id)).catch(() => null);
      if (!info || seen.mtimes.get(id) === info.mtimeMs) continue;
      const result = await readManifestFile(home, id);
      if (result.kind !== 'ok') continue;
      seen.mtimes.set(id, info.mtimeMs);
      if (entries.get(id)?.updatedAt === result.manifest.updatedAt) continue;
      entries.set(id, result.manifest);
      changed.push(result.manifest);
    }
    for (const id of seen.mtimes.keys()) if (!journals.ids.has(id)) seen.mtimes.delete(id);
    const stamp = await indexStamp(home);
    if (stamp && !sameStamp(stamp, seen.stamp) && !sameStamp(stamp, diskStamp)) {
      const onDisk = await readIndexEntries(home);
      seen.stamp = stamp;
      for (const [id, entry] of onDisk ?? []) {
        if (journals.ids.has(id) || pendingHere(id) || !looksLikeManifest(entry, id)) continue;
        if (entries.get(id)?.updatedAt === entry.updatedAt) continue;
        entries.set(id, entry);
        changed.push(entry);
      }
    }
    notify(changed);
  }

  return {
    async load(): Promise<string[]> {
      if (options.readOnly) return loadReadOnly();
      try {
        return await loadWritable();
      } catch (error) {
        // The library stays usable (render.json files are the truth); the index waits.
        const problems = await loadReadOnly();
        return [...problems, `The library index could not be updated: ${messageOf(error)}`];
      }
    },
    get: (id: string) => entries.get(id),
    has: (id: string) => entries.has(id),
    values: () => entries.values(),
    get size() {
      return entries.size;
    },
    /** Call before writing a manifest (or removing a render). */
    async beginWrite(id: string): Promise<void> {
      if (options.readOnly) throw new Error('This library was opened read-only');
      writesStarted++;
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      try {
        await appendJournal(await ownJournal(), id);
      } catch (error) {
        settle(id);
        throw error;
      }
    },
    /** Call after the write: the new manifest, null when the render is gone, undefined when the write failed. */
    endWrite(id: string, manifest: RenderManifest | null | undefined): void {
      settle(id);
      if (manifest !== undefined) lastWrite.set(id, ++writeCount);
      if (manifest) entries.set(id, manifest);
      else if (manifest === null) entries.delete(id);
      ownDirty.add(id);
      scheduleFlush();
    },
    flush,
    /**
     * Calls `listener` with every render another process created or changed, checking every
     * `intervalMs` (timers unref'd: watching never keeps a process alive). Returns stop.
     */
    watch(listener: (manifest: RenderManifest) => void, intervalMs = DEFAULT_WATCH_INTERVAL_MS) {
      listeners.add(listener);
      const seen = { stamp: diskStamp, mtimes: new Map<string, number>() };
      let busy = false;
      const interval = setInterval(() => {
        if (busy) return;
        busy = true;
        refresh(seen)
          .catch((error) =>
            report(`Could not look for changes by other processes: ${messageOf(error)}`),
          )
          .finally(() => {
            busy = false;
          });
      }, intervalMs);
      interval.unref();
      return () => {
        clearInterval(interval);
        listeners.delete(listener);
      };
    },
    async close(): Promise<void> {
      dirty = dirty || timer !== undefined;
      await flush();
      if (!options.readOnly && inFlight.size === 0 && ownDirty.size === 0 && journalName)
        await removeJournal(await journalName); // everything it named is in the index now
    },
  };

  function settle(id: string): void {
    const left = (inFlight.get(id) ?? 1) - 1;
    if (left > 0) inFlight.set(id, left);
    else inFlight.delete(id);
  }
}
