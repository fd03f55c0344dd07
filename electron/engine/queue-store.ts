import { unwatchFile, watchFile } from 'node:fs';
import { join } from 'node:path';
import { QUEUE_ORDER_MAX, QueueSteering } from '../../shared/queue';
import { type FileProblem, lockedJsonFile } from '../presets/locked-json-file';

export const QUEUE_FILE = 'queue.json';

const EMPTY: QueueSteering = { paused: false, pausedSets: [], order: [] };

/**
 * The queue's steering (pauses and order) as this process knows it: read once at start-up,
 * changed under the home's lock, and re-read when another process changes the file.
 */
export interface QueueStore {
  /** The last known steering (synchronous: the scheduler asks it on every pick). */
  current(): QueueSteering;
  /** Reads the file (start-up; a watcher's change). */
  load(): Promise<QueueSteering>;
  /** Read-modify-write under the lock; listeners hear the new steering. */
  update(change: (current: QueueSteering) => QueueSteering): Promise<QueueSteering>;
  /** Told whenever the steering changed (here or, once watched, in another process). */
  onChange(listener: (steering: QueueSteering) => void): () => void;
  /** Stops watching the file. */
  close(): void;
}

const same = (a: QueueSteering, b: QueueSteering) => JSON.stringify(a) === JSON.stringify(b);

/** Keeps the file bounded: moves of renders long gone fall off the end. */
const bounded = (steering: QueueSteering): QueueSteering => ({
  paused: steering.paused,
  pausedSets: [...new Set(steering.pausedSets)],
  order: [...new Set(steering.order)].slice(0, QUEUE_ORDER_MAX),
});

function storeOver(
  read: () => Promise<QueueSteering>,
  write: (change: (current: QueueSteering) => QueueSteering) => Promise<QueueSteering>,
): QueueStore & { adopt(next: QueueSteering): void } {
  let known = EMPTY;
  const listeners = new Set<(steering: QueueSteering) => void>();
  const adopt = (next: QueueSteering) => {
    if (same(known, next)) return;
    known = next;
    for (const listener of listeners) listener(next);
  };
  return {
    current: () => known,
    adopt,
    async load() {
      adopt(await read());
      return known;
    },
    async update(change) {
      adopt(await write((current) => bounded(change(current))));
      return known;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => {},
  };
}

/** In memory only (tests, and an engine made without a home's file). */
export function memoryQueueStore(initial: QueueSteering = EMPTY): QueueStore {
  let saved = initial;
  return storeOver(
    async () => saved,
    async (change) => {
      saved = change(saved);
      return saved;
    },
  );
}

/**
 * `<home>/queue.json`, shared by every process on the library. `watchMs`: how often the file
 * is looked at for another process's change (a `kling-studio queue pause` while the app runs);
 * 0 = never (a short CLI run reads it at start-up only).
 */
export function fileQueueStore(options: {
  home: string;
  onProblem: FileProblem;
  watchMs: number;
}): QueueStore {
  const file = lockedJsonFile({
    home: options.home,
    fileName: QUEUE_FILE,
    schema: QueueSteering,
    empty: () => EMPTY,
    onProblem: options.onProblem,
  });
  const store = storeOver(
    () => file.read(),
    (change) =>
      file.update((current) => {
        const next = change(current);
        return { next, result: next };
      }),
  );
  const path = join(options.home, QUEUE_FILE);
  const reload = () => {
    store
      .load()
      .catch((error: unknown) =>
        options.onProblem(`${QUEUE_FILE} could not be read again`, { error: String(error) }),
      );
  };
  // A stat poll, not fs.watch: it sees atomic renames and works on every file system.
  if (options.watchMs > 0)
    watchFile(path, { interval: options.watchMs, persistent: false }, reload);
  return {
    ...store,
    close: () => unwatchFile(path, reload),
  };
}
