import { chmod, cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mountCapability, mountReadOnly } from '../../../test/reliability/support/mounts';
import { createLibrary, type Library } from '../library';
import { newOwner } from '../owner';
import { makeTempHome } from '../testing';
import { indexDbPath, openReadOnly } from './open-index';
import { SCHEMA_VERSION } from './schema';
import { type Db, loadSqlite } from './sqlite';

/*
 * A library written by the code before the continued_from column (schema version 1), as it
 * left it: library.sqlite and the render folders (fixtures/README.md says how it was made).
 */
const V1_LIBRARY = join(__dirname, 'fixtures', 'library-v1');
const V1 = {
  a: '0mwor1nmo-kwefvd',
  b: '0mwor2xxc-pzl86w',
  b2: '0mwor4880-3ci7rd',
  c: '0mwor5iio-0qsum7',
  lone: '0mwor6stc-wphs9z',
  orphan: '0mwor9deo-ogegsw',
};

/** Why a read-only disk cannot be mounted here (the test is skipped), or null. */
const cannotMount = mountCapability();

let home: string;
let cleanup: () => Promise<void>;
let libraries: Library[];
const open = (readOnly = false) => {
  const library = createLibrary({ home, readOnly });
  libraries.push(library);
  return library;
};

beforeEach(async () => {
  ({ home, remove: cleanup } = await makeTempHome());
  libraries = [];
});
afterEach(async () => {
  for (const library of libraries) await library.close().catch(() => undefined);
  await cleanup();
});

async function withIndex<T>(use: (db: Db) => T, readonly = false): Promise<T> {
  const Database = await loadSqlite();
  const db = new Database(indexDbPath(home), { readonly });
  try {
    return use(db);
  } finally {
    db.close();
  }
}
const versionOf = () => withIndex((db) => db.pragma('user_version', { simple: true }), true);
const continuedFrom = () =>
  withIndex(
    (db) =>
      db.prepare('SELECT id, continued_from FROM renders ORDER BY id').all() as {
        id: string;
        continued_from: string | null;
      }[],
    true,
  );

describe('the continued_from column', () => {
  it('holds the render each one continues, written with its row', async () => {
    const library = open();
    const request = { image: 'https://cdn.weshop.example/in.png', prompt: 'p' };
    const first = await library.create(request);
    const next = await library.create(request, { continuedFrom: { id: first.id, videoIndex: 0 } });
    await library.close();
    expect(await continuedFrom()).toEqual(
      [
        { id: first.id, continued_from: null },
        { id: next.id, continued_from: first.id },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );
    const indexes = await withIndex(
      (db) => db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index'").pluck().all(),
      true,
    );
    expect(indexes).toContain('renders_continued');
  });
});

describe('an index of the version before (1)', () => {
  beforeEach(() => cp(V1_LIBRARY, home, { recursive: true }));

  const v1Rows = () =>
    withIndex(
      (db) => db.prepare('SELECT id, seq, updated_at FROM renders ORDER BY id').all(),
      true,
    );

  it('is upgraded in place on open: every row kept, continued_from filled from the manifests', async () => {
    expect(await versionOf()).toBe(1);
    const before = await v1Rows();
    expect(before).toHaveLength(6);
    const library = open();
    expect((await library.sequenceOf(V1.c)).map((m) => m.id)).toEqual([V1.a, V1.b, V1.c]);
    expect((await library.sequenceOf(V1.b2)).map((m) => m.id)).toEqual([V1.a, V1.b2]);
    // Its source was deleted before: it starts its own chain.
    expect((await library.sequenceOf(V1.orphan)).map((m) => m.id)).toEqual([V1.orphan]);
    expect((await library.list()).total).toBe(6);
    await library.settled();
    expect(library.problems()).toEqual([]);
    await library.close();
    expect(await versionOf()).toBe(SCHEMA_VERSION);
    // Not rebuilt: the same rows, with the changes counter they had; nothing moved aside.
    expect(await v1Rows()).toEqual(before);
    expect((await readdir(home)).filter((name) => name.includes('corrupt'))).toEqual([]);
    expect(await continuedFrom()).toEqual(
      [
        { id: V1.a, continued_from: null },
        { id: V1.b, continued_from: V1.a },
        { id: V1.b2, continued_from: V1.a },
        { id: V1.c, continued_from: V1.b },
        { id: V1.lone, continued_from: null },
        { id: V1.orphan, continued_from: expect.stringMatching(/^0mwor/) },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );
  });

  it('is upgraded in place by a read-only open too (list, show), once: every row kept', async () => {
    const before = await v1Rows();
    const reader = open(true);
    expect((await reader.sequenceOf(V1.b)).map((m) => m.id)).toEqual([V1.a, V1.b, V1.c]);
    expect((await reader.list()).total).toBe(6);
    expect(reader.problems()).toEqual([]);
    await reader.close();
    expect(await versionOf()).toBe(SCHEMA_VERSION);
    expect(await v1Rows()).toEqual(before);
    expect((await continuedFrom()).find((r) => r.id === V1.c)?.continued_from).toBe(V1.b);
    // Once: the next read-only open reads the file and writes nothing.
    const bytes = await readFile(indexDbPath(home));
    const next = open(true);
    expect((await next.list()).total).toBe(6);
    expect(next.problems()).toEqual([]);
    await next.close();
    expect((await readFile(indexDbPath(home))).equals(bytes)).toBe(true);
  });

  /** A read-only open of the fixture whose upgrade may not write (as a file of another user). */
  async function openRefusingWrites() {
    const Database = await loadSqlite();
    const bytes = await readFile(indexDbPath(home));
    const opened = await openReadOnly(home, newOwner('reader', home), {
      // SQLite's own refusal, as for a file the user may not write: every write fails.
      openToWrite: async (path) => {
        const db = new Database(path, { fileMustExist: true });
        db.pragma('query_only = ON');
        return db;
      },
    });
    return { opened, bytes };
  }

  it('is read through an upgraded copy in memory when the file may not be written, saying why', async () => {
    const { opened, bytes } = await openRefusingWrites();
    try {
      expect(opened.store.query({ sort: 'newest', limit: 50, offset: 0 }).total).toBe(6);
      expect(opened.store.sequenceOf(V1.b).map((m) => m.id)).toEqual([V1.a, V1.b, V1.c]);
      expect(opened.problems).toHaveLength(1);
      expect(opened.problems[0]).toMatch(
        /library\.sqlite is of an older version and could not be upgraded .*; listed through an upgraded copy in memory/,
      );
    } finally {
      opened.store.db.close();
    }
    expect(await versionOf()).toBe(1);
    expect((await readFile(indexDbPath(home))).equals(bytes)).toBe(true);
  });

  it.skipIf(process.getuid?.() === 0)(
    'is read through a copy in memory when the file is not writable (chmod; root writes anyway)',
    async () => {
      await chmod(indexDbPath(home), 0o444);
      const bytes = await readFile(indexDbPath(home));
      const reader = open(true);
      expect((await reader.list()).total).toBe(6);
      expect(reader.problems().join('\n')).toMatch(/could not be upgraded/);
      await reader.close();
      expect(await versionOf()).toBe(1);
      expect((await readFile(indexDbPath(home))).equals(bytes)).toBe(true);
    },
  );

  it.skipIf(cannotMount !== null)(
    'still answers on a read-only disk, and writes nothing there',
    async () => {
      const bytes = await readFile(indexDbPath(home));
      const ro = await mountReadOnly(home, 'kling-ro-v1-');
      try {
        const reader = createLibrary({ home: ro.path, readOnly: true });
        try {
          expect((await reader.list()).total).toBe(6);
          expect((await reader.sequenceOf(V1.b)).map((m) => m.id)).toEqual([V1.a, V1.b, V1.c]);
        } finally {
          await reader.close();
        }
      } finally {
        await ro.remove();
      }
      // Nothing was added beside the index either (looked at before versionOf opens it here).
      expect((await readdir(home)).sort()).toEqual(['library.sqlite', 'renders']);
      expect(await versionOf()).toBe(1);
      expect((await readFile(indexDbPath(home))).equals(bytes)).toBe(true);
    },
  );

  it('keeps every row when two libraries open it together (the first upgrades, the second finds it done)', async () => {
    const [first, second] = [open(), open()];
    const [one, two] = await Promise.all([first.list(), second.list()]);
    expect([one.total, two.total]).toEqual([6, 6]);
    expect((await second.sequenceOf(V1.a)).map((m) => m.id)).toEqual([V1.a, V1.b, V1.c]);
    expect([...first.problems(), ...second.problems()]).toEqual([]);
  });
});

describe('an index of a version this code does not know', () => {
  it('is moved aside and rebuilt from render.json, every render kept', async () => {
    await cp(V1_LIBRARY, home, { recursive: true });
    await withIndex((db) => db.pragma('user_version = 99'));
    const library = open();
    expect((await library.sequenceOf(V1.c)).map((m) => m.id)).toEqual([V1.a, V1.b, V1.c]);
    expect((await library.list()).total).toBe(6);
    expect(library.problems().join('\n')).toMatch(/another schema version/);
    await library.close();
    expect(await versionOf()).toBe(SCHEMA_VERSION);
  });
});
