import { existsSync, statSync } from 'node:fs';
import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { messageOf } from '../../../shared/errors';
import type { RenderManifest } from '../../../shared/job';
import { isRenderId } from '../ids';
import { loadIndex, missingManifestProblem } from '../index-file';
import { renderDir, rendersDir } from '../layout';
import { readManifestFile } from '../manifest-file';
import { isAlive, isOwner, type Owner } from '../owner';
import { mapLimit } from '../serialize';
import { indexDiskError, isCorrupt } from './disk';
import { ensureSchema, isOlderSchema } from './schema';
import { configure, type Db, loadSqlite } from './sqlite';
import { createStore, type Store } from './store';
import { type OpenToWrite, upgradeInPlace } from './upgrade-in-place';

export const INDEX_FILE = 'library.sqlite';
export const indexDbPath = (home: string) => join(home, INDEX_FILE);

/** Set once the index holds every render (a build interrupted half-way is built again). */
const BUILT = 'built';
/** When a writable open last wrote the index (the write that proves it can). */
const OPENED = 'opened';
const READ_PARALLELISM = 32;

export interface Opened {
  store: Store;
  problems: string[];
  /**
   * The folders-against-rows check of a writable open, left to run after it: the first page
   * is answered without listing 100,000 folders (see reconcile).
   */
  reconcile?: () => Promise<string[]>;
}

/** Every render of `home` into an empty index (in one transaction: all or nothing). */
function fill(store: Store, manifests: Iterable<RenderManifest>, writer: string): void {
  store.transaction(() => {
    for (const m of manifests) store.put(m, writer);
    store.setMeta(BUILT, 1);
  });
}

/**
 * The renders of a library without an index: from index.json and the journals of older
 * versions (the migration), or from every render.json when `scanOnly` (index.json may be
 * stale once library.sqlite exists: older versions' files are left in place, never trusted).
 */
async function loadAll(home: string, me: Owner, scanOnly: boolean) {
  return loadIndex(home, { me, scanOnly });
}

/**
 * The index file at the current schema version: an older one is upgraded in place. Opened
 * read-only, an older one is returned as it is (openForReading upgrades it).
 */
async function openFile(path: string, readonly: boolean): Promise<Db> {
  const Database = await loadSqlite();
  const db = new Database(path, readonly ? { readonly: true, fileMustExist: true } : {});
  try {
    configure(db);
    db.prepare('SELECT count(*) FROM sqlite_schema').get(); // a damaged file fails here, not later
    if (readonly && isOlderSchema(db)) return db;
    if (!ensureSchema(db))
      throw Object.assign(new Error('another schema version'), { code: 'SQLITE_NOTADB' });
    db.prepare('SELECT count(*) FROM meta').get();
    return db;
  } catch (error) {
    if (db.open) db.close();
    throw error;
  }
}

/** What to do once the index's place is writable again. */
const THEN_UPGRADE = 'then the next `kling-studio list` upgrades the index once';

/**
 * The index file for a read-only open, at the current schema version. An older one is upgraded
 * in place (upgrade-in-place.ts says why a read-only open may); only when the file or its
 * folder cannot be written is an upgraded copy in memory read instead, and `problems` says why.
 */
async function openForReading(
  path: string,
  problems: string[],
  open: OpenToWrite | undefined,
): Promise<Db> {
  const db = await openFile(path, true);
  if (!isOlderSchema(db)) return db;
  const refused = await upgradeInPlace(path, open);
  try {
    if (refused === undefined) return await openFile(path, true);
    problems.push(
      `The library index ${path} is of an older version and could not be upgraded (${messageOf(indexDiskError(refused, path, THEN_UPGRADE))}); listed through an upgraded copy in memory, which is slower`,
    );
    const copy = await copyToMemory(db);
    ensureSchema(copy);
    return copy;
  } finally {
    db.close();
  }
}

/** An empty index in memory, for a library that cannot (or may not) be written. */
async function memoryStore(): Promise<Store> {
  const Database = await loadSqlite();
  const db = new Database(':memory:');
  ensureSchema(db);
  return createStore(db);
}

/** Moves a damaged index aside (kept for a bug report, never deleted) so a new one is built. */
async function moveAside(path: string): Promise<string> {
  const aside = `${path}.corrupt-${Date.now()}`;
  await rename(path, aside);
  for (const suffix of ['-wal', '-shm'])
    await rename(`${path}${suffix}`, `${aside}${suffix}`).catch(() => undefined);
  return aside;
}

/** Re-reads the renders whose write a dead process left unfinished (their mark outlived it). */
async function settleDeadWrites(store: Store, home: string, writer: string): Promise<void> {
  const byOwner = new Map<string, string[]>();
  for (const mark of store.marks())
    byOwner.set(mark.owner, [...(byOwner.get(mark.owner) ?? []), mark.id]);
  for (const [ownerText, ids] of byOwner) {
    const owner = parseOwner(ownerText);
    if (owner && (await isAlive(owner, home))) continue; // still writing: its endWrite settles it
    const read = await mapLimit(ids, READ_PARALLELISM, (id) => readManifestFile(home, id));
    store.transaction(() => {
      read.forEach((result, i) => {
        const id = ids[i] as string;
        if (result.kind === 'ok') store.put(result.manifest, writer);
        else if (result.kind === 'missing') store.remove(id);
      });
      store.clearOwner(ownerText);
    });
  }
}

function parseOwner(text: string): Owner | null {
  try {
    const value: unknown = JSON.parse(text);
    return isOwner(value) ? value : null;
  } catch {
    return null;
  }
}

/** A folder made this recently may be a render being created (mkdir comes before its render.json). */
const BEING_CREATED_MS = 60_000;

/**
 * The folders and the index agree: a render folder the index lacks (copied in, or written by
 * an older version) is read, a row whose folder is gone is dropped. Costs one directory
 * listing and one id list, never a render.json per render. It runs while the library is in
 * use, so the ids are taken before the listing (a render created meanwhile is read, never
 * dropped) and a row is dropped only if its folder is still gone when the transaction runs.
 */
async function reconcile(store: Store, home: string, writer: string): Promise<string[]> {
  const problems: string[] = [];
  const indexed = new Set(store.ids());
  const names = await readdir(rendersDir(home), { withFileTypes: true }).catch(() => []);
  const folders = new Set<string>();
  for (const dirent of names) {
    if (!dirent.isDirectory()) continue;
    if (isRenderId(dirent.name)) folders.add(dirent.name);
    else
      problems.push(
        `A folder named "${dirent.name}" in the renders folder is not a render; ignored`,
      );
  }
  const missing = [...folders].filter((id) => !indexed.has(id));
  const gone = [...indexed].filter((id) => !folders.has(id));
  const read = await mapLimit(missing, READ_PARALLELISM, (id) => readManifestFile(home, id));
  const beingCreated = (id: string) => {
    try {
      return Date.now() - statSync(renderDir(home, id)).mtimeMs < BEING_CREATED_MS;
    } catch {
      return false; // gone again: nothing to say about it
    }
  };
  store.transaction(() => {
    read.forEach((result, i) => {
      const id = missing[i] as string;
      if (result.kind === 'ok') store.put(result.manifest, writer);
      else if (store.has(id))
        return; // written since the listing
      else if (result.kind !== 'missing') problems.push(result.problem);
      // No render.json yet: a folder made moments ago is a render being created.
      else if (!beingCreated(id)) problems.push(missingManifestProblem(id));
    });
    for (const id of gone) if (!existsSync(renderDir(home, id))) store.remove(id);
  });
  return problems;
}

/** The index of a library this process writes: opened (or built, or rebuilt) and repaired. */
export async function openWritable(home: string, me: Owner): Promise<Opened> {
  const path = indexDbPath(home);
  const existed = existsSync(path);
  const problems: string[] = [];
  let db: Db;
  try {
    db = await openFile(path, false);
  } catch (error) {
    if (!isCorrupt(error)) throw error;
    const aside = await moveAside(path);
    problems.push(
      `The library index ${path} was damaged (${messageOf(error)}); it was moved to ${aside} and rebuilt from the render folders`,
    );
    db = await openFile(path, false);
  }
  const store = createStore(db);
  try {
    // SQLite opens a file it may not write read-only without a word: find out now, so the
    // library runs on a copy in memory (and says so) instead of failing every write later.
    store.setMeta(OPENED, Date.now());
    if (store.meta(BUILT) !== 1) {
      // First open by this version (the migration from index.json), or a rebuild.
      const loaded = await loadAll(home, me, existed || problems.length > 0);
      problems.push(...loaded.problems);
      fill(store, loaded.entries.values(), me.token);
      return { store, problems };
    }
    await settleDeadWrites(store, home, me.token);
    return { store, problems, reconcile: () => reconcile(store, home, me.token) };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The index for looking only (list, show): the file, read-only, when it is built and no write
 * a dead process left unfinished is pending; else a copy in memory, built or repaired there.
 * Writes nothing to the home, whatever it finds, but for upgrading an index of an older schema
 * version in place (upgrade-in-place.ts says why that is allowed).
 */
export async function openReadOnly(
  home: string,
  me: Owner,
  options: {
    /** A copy in memory even when the file is fine (a library that writes, but not to the file). */
    inMemory?: boolean;
    /** How an older index is opened to be upgraded (tests play a file that may not be written). */
    openToWrite?: OpenToWrite;
  } = {},
): Promise<Opened> {
  const path = indexDbPath(home);
  if (existsSync(path)) {
    try {
      const problems: string[] = [];
      const db = await openForReading(path, problems, options.openToWrite);
      const store = createStore(db);
      if (store.meta(BUILT) === 1) {
        if (store.marks().length === 0 && !options.inMemory) return { store, problems };
        const copy = await inMemoryCopy(db);
        db.close();
        await settleDeadWrites(copy, home, me.token);
        return { store: copy, problems };
      }
      db.close();
    } catch (error) {
      // Unreadable here (damaged, or a read-only folder without its WAL files): render.json
      // files are the truth, so read those instead.
      const store = await memoryStore();
      const loaded = await loadAll(home, me, true);
      fill(store, loaded.entries.values(), me.token);
      return {
        store,
        problems: [
          `The library index ${path} could not be read (${messageOf(error)}); listed from the render folders`,
          ...loaded.problems,
        ],
      };
    }
  }
  const store = await memoryStore();
  const loaded = await loadAll(home, me, existsSync(path));
  fill(store, loaded.entries.values(), me.token);
  return { store, problems: loaded.problems };
}

async function copyToMemory(db: Db): Promise<Db> {
  const Database = await loadSqlite();
  const bytes = db.serialize();
  // Bytes 18-19 say WAL; a database in memory cannot be one, so it is read as a rollback one.
  bytes[18] = 1;
  bytes[19] = 1;
  return new Database(bytes);
}

const inMemoryCopy = async (db: Db): Promise<Store> => createStore(await copyToMemory(db));
