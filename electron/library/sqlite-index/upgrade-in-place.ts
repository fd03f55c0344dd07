import { ensureSchema } from './schema';
import { configure, type Db, loadSqlite } from './sqlite';

/** Opens the index file to write it (injected by tests, to play a file that may not be written). */
export type OpenToWrite = (path: string) => Promise<Db>;

const openToWrite: OpenToWrite = async (path) => {
  const Database = await loadSqlite();
  return new Database(path, { fileMustExist: true });
};

/**
 * Upgrades an index file of an older schema version in place for a read-only open (list, show),
 * so the next one reads the file again instead of paying an upgraded copy in memory every time
 * (~184 MB and over a second at 100,000 renders). Returns why it could not (the caller then
 * reads a copy in memory), or undefined once the file is at the current version.
 *
 * Why a "read-only" command may do this write: read-only means it changes nothing another
 * process relies on (decision 0002: no row rewritten, no repair, no mark, no claim), because
 * other processes may be working on the library. The upgrade changes the file's shape, never
 * its contents: it is the very step any writable open of this version takes first, one
 * IMMEDIATE transaction under SQLite's write lock that re-reads the version under the lock
 * (a second process upgrading at the same time finds it done; schema.ts ensureSchema), every
 * row kept with its seq (watchers see no change), no render.json touched, and all or nothing
 * (a crash half-way leaves version 1, upgraded by the next open). Readers in other processes
 * keep their WAL snapshot and re-prepare against the new schema. What must still not be
 * written is left alone: a file or folder the user cannot write (a read-only disk, another
 * user's file) fails here, and the caller falls back to the copy in memory and says why.
 */
export async function upgradeInPlace(
  path: string,
  open: OpenToWrite = openToWrite,
): Promise<unknown> {
  let db: Db | undefined;
  try {
    db = await open(path);
    configure(db);
    if (!ensureSchema(db))
      return new Error('the index is of a schema version this code does not know');
    return undefined;
  } catch (error) {
    return error;
  } finally {
    db?.close();
  }
}
