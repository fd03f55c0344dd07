import { access, readdir, rename } from 'node:fs/promises';
import { KlingError, messageOf, renderNotFound } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { UNDO_DELETE_MS } from '../../shared/trash';
import { diskError, THEN_RETRY } from './disk-errors';
import { isRenderId } from './ids';
import { renderDir } from './layout';
import type { Library } from './library';
import type { RemoveRenderOptions } from './remove-render';
import { createKeyedSerializer } from './serialize';
import { pendingTrashDir, pendingTrashPath } from './trash-place';

/**
 * Moves a path to the OS trash. The app injects Electron's shell.trashItem; the CLI and tests
 * their own (os-trash.ts, a fake). Answers where the item went when the platform says, else null.
 */
export type TrashItem = (path: string) => Promise<string | null>;

/** A timer the tests can drive; the real one is unref'd (a pending delete never keeps a CLI alive). */
export interface TrashTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface PendingTrashDeps {
  home: string;
  library: Pick<Library, 'remove' | 'update' | 'claim' | 'release' | 'driver'>;
  trashItem: TrashItem;
  warn: (message: string, fields: Record<string, unknown>) => void;
  info?: (message: string, fields: Record<string, unknown>) => void;
  /** How long after a delete the folder goes to the OS trash: the Undo toast's life plus a margin. */
  undoMs?: number;
  timers?: TrashTimers;
}

/** The renderer's toast lives UNDO_DELETE_MS; main waits a little longer, so an Undo clicked at the end still wins. */
const UNDO_MARGIN_MS = 5000;

const realTimers: TrashTimers = {
  set(run, ms) {
    const handle = setTimeout(run, ms);
    handle.unref();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The render left the library; its folder stays set aside until a trash takes it. */
const notTrashed = (path: string, cause: unknown) =>
  new KlingError(
    'internal',
    `The render left the library, but its folder could not be moved to the trash (${messageOf(cause)}). It is in ${path}: move it to the trash yourself, or open Kling Studio, which tries again at start.`,
  );

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Delete with Undo: library.remove sets the render's folder aside in <home>/trash-pending/<id>
 * (the row leaves the index; this process keeps the render's claim), Undo renames it back and
 * re-indexes it, and when the Undo window lapses, the app closes (flush) or the next start finds
 * it left by a crash (recover), it goes to the OS trash. A crash finishes the move to the trash
 * rather than putting it back: the person deleted it and saw it leave, and the OS trash still
 * gives it back, so nothing is lost and nothing they removed reappears.
 */
export function createPendingTrash(deps: PendingTrashDeps) {
  const { home, library } = deps;
  const timers = deps.timers ?? realTimers;
  const undoMs = deps.undoMs ?? UNDO_DELETE_MS + UNDO_MARGIN_MS;
  const waiting = new Map<string, unknown>();
  const serialise = createKeyedSerializer();

  const stopTimer = (id: string) => {
    const handle = waiting.get(id);
    if (handle !== undefined) timers.clear(handle);
    waiting.delete(id);
  };

  /** The folder goes to the OS trash; the claim that kept others off it goes too. */
  function toTrash(id: string): Promise<{ trashedTo: string | null } | null> {
    return serialise(id, async () => {
      stopTimer(id);
      const path = pendingTrashPath(home, id);
      if (!(await exists(path))) {
        await library.release(id);
        return null;
      }
      let trashedTo: string | null;
      try {
        trashedTo = await deps.trashItem(path);
      } catch (error) {
        // Kept where it is: the next start tries again. Said in the log, never lost.
        deps.warn('could not move a deleted render to the trash', { id, path, err: error });
        throw notTrashed(path, error);
      }
      await library.release(id);
      deps.info?.('deleted render moved to the trash', { id, trashedTo });
      return { trashedTo };
    });
  }

  const toTrashLogged = (id: string) =>
    toTrash(id).catch((error: unknown) =>
      deps.warn('deleted render left in trash-pending', { id, err: error }),
    );

  return {
    /** library.remove with the folder set aside; the OS trash takes it after the Undo window. */
    async remove(
      id: string,
      options: Omit<RemoveRenderOptions, 'keepForUndo'> = {},
    ): Promise<{ freedBytes: number }> {
      const result = await library.remove(id, { ...options, keepForUndo: true });
      waiting.set(
        id,
        timers.set(() => void toTrashLogged(id), undoMs),
      );
      return result;
    },

    /** Puts a deleted render back in the library (its folder and its index row). */
    undo(id: string): Promise<RenderManifest> {
      return serialise(id, async () => {
        if (!isRenderId(id)) throw renderNotFound(id);
        const from = pendingTrashPath(home, id);
        if (!(await exists(from))) {
          throw new KlingError(
            'not-found',
            'This render is no longer waiting for Undo: it is in the OS trash now. Restore its folder from the trash into the library’s renders folder to get it back.',
          );
        }
        stopTimer(id);
        const to = renderDir(home, id);
        try {
          await rename(from, to);
        } catch (error) {
          throw diskError(error, to, THEN_RETRY);
        }
        // An unchanged update re-reads render.json and writes the render back into the index.
        const manifest = await library.update(id, () => undefined);
        await library.release(id);
        return manifest;
      });
    },

    /** Now, not after the Undo window (tests, the CLI). */
    trashNow: toTrash,

    /** Whatever still waits goes to the OS trash (the app is closing). */
    async flush(): Promise<void> {
      await Promise.all([...waiting.keys()].map(toTrashLogged));
    },

    /**
     * Start-up: folders a stopped process left in trash-pending go to the OS trash, except
     * those another live process holds (its Undo may still come).
     */
    async recover(): Promise<string[]> {
      const names = await readdir(pendingTrashDir(home)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') deps.warn('could not read trash-pending', { err: error });
        return [] as string[];
      });
      const trashed: string[] = [];
      for (const id of names.filter(isRenderId)) {
        if (waiting.has(id)) continue;
        const driver = await library.driver(id);
        if (driver !== null && driver !== 'this') continue;
        const claimed = await library.claim(id);
        if (!claimed.ok) continue;
        if (await toTrashLogged(id)) trashed.push(id);
      }
      return trashed;
    },
  };
}
