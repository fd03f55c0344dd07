import type { RenderManifest } from '../../shared/job';
import { appendJournal, clearJournal, loadIndex, writeIndex } from './index-file';

const DEFAULT_DEBOUNCE_MS = 250;

/**
 * The in-memory set of renders plus the debounced, journal-backed index.json behind it (the
 * rules are in index-file.ts). Every manifest write is bracketed by beginWrite/endWrite.
 */
export function createRenderIndex(home: string, debounceMs = DEFAULT_DEBOUNCE_MS) {
  let entries = new Map<string, RenderManifest>();
  let writesStarted = 0;
  let writesInFlight = 0;
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  let dirty = false;

  async function writeNow(): Promise<void> {
    if (!dirty) return;
    dirty = false;
    // The journal may only be emptied if this snapshot already holds every started write.
    const coversAll = writesInFlight === 0;
    const startedBefore = writesStarted;
    await writeIndex(home, entries.values());
    if (coversAll && writesStarted === startedBefore) await clearJournal(home);
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
      // A failed background write leaves the journal in place; the next open repairs it.
      flush().catch(() => undefined);
    }, debounceMs);
    timer.unref();
  }

  return {
    async load(): Promise<string[]> {
      const loaded = await loadIndex(home);
      entries = loaded.entries;
      if (loaded.changed) {
        dirty = true;
        await flush();
      }
      return loaded.problems;
    },
    get: (id: string) => entries.get(id),
    has: (id: string) => entries.has(id),
    values: () => entries.values(),
    get size() {
      return entries.size;
    },
    /** Call before writing a manifest (or removing a render). */
    async beginWrite(id: string): Promise<void> {
      writesStarted++;
      writesInFlight++;
      try {
        await appendJournal(home, id);
      } catch (error) {
        writesInFlight--;
        throw error;
      }
    },
    /** Call after the write: the new manifest, null when the render is gone, undefined when the write failed. */
    endWrite(id: string, manifest: RenderManifest | null | undefined): void {
      writesInFlight--;
      if (manifest) entries.set(id, manifest);
      else if (manifest === null) entries.delete(id);
      scheduleFlush();
    },
    flush,
    async close(): Promise<void> {
      dirty = dirty || timer !== undefined;
      await flush();
    },
  };
}
export type RenderIndex = ReturnType<typeof createRenderIndex>;
