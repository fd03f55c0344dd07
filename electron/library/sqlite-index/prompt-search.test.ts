import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LibraryQueryInput, RenderManifest } from '../../../shared/job';
import { LibraryQuery } from '../../../shared/job';
import { waitFor } from '../../../test/cli/helpers';
import { createLibrary, type Library } from '../library';
import { makeTempHome } from '../testing';
import { indexDbPath } from './open-index';
import { querySql } from './query-sql';
import { ensureSchema, SCHEMA_VERSION } from './schema';
import { type Db, loadSqlite } from './sqlite';
import { createStore, type Store } from './store';

/*
 * Prompt search through the trigram index (schema.ts PROMPT_SEARCH, query-sql.ts): the same
 * answers as the instr() scan it replaces for text of 3 characters or more.
 */

const CHILD = join(__dirname, 'prompt-search.child.ts');
const run = promisify(execFile);

/** Prompts that have tripped substring search somewhere: case, quotes, query syntax, scripts. */
const TRICKY = [
  'The Harbour at DAWN',
  'the harbour at dusk, HARBOURS',
  'a "quoted" harbour',
  'say ""twice"" and \'single\'',
  'star* and *stars* * *',
  'minus -harbour - and harbour-side',
  'AND OR NOT NEAR(a b) ^start col:umn',
  'and or not near',
  '(brackets) [square] {curly}',
  '港口的船只在黎明时分',
  '船只 slowly turns 港口',
  '東京の港、夜明け',
  'emoji 🚢🚢 and 👨‍👩‍👧 family',
  '🚢',
  'İstanbul İSTANBUL istanbul',
  'STRASSE straße Straße',
  'ΣΊΣΥΦΟΣ σίσυφος',
  'café cafe\u0301 CAFÉ',
  'tab\there  two  spaces',
  'line\nbreak',
  'percent% under_score back\\slash',
  'aaa aaaa aaaaa',
  '',
  'x',
  'ha',
];

/** Text to search for: parts of the prompts at every length, and text that breaks FTS5 syntax. */
function searchTexts(prompts: string[]): string[] {
  const texts = new Set<string>([
    'harbour',
    'HARBOUR',
    '"quoted"',
    '"',
    '""',
    '"""',
    '*',
    '***',
    'star*',
    '-harbour',
    '- and',
    'AND',
    'and or',
    'NEAR(',
    'near(a b)',
    'col:umn',
    '^start',
    '港口',
    '港口的',
    '的船只在',
    '🚢',
    '🚢🚢',
    '👨‍👩‍👧',
    'i̇stanbul',
    'İstanbul',
    'straße',
    'STRASSE',
    'σίσυφος',
    'café',
    'cafe\u0301',
    'two  spaces',
    'tab\th',
    '% under',
    'back\\',
    'aaa',
    'aaaa',
    'a',
    'ha',
    'zzz',
    '  harbour  ',
  ]);
  prompts.forEach((prompt, i) => {
    const chars = [...prompt];
    for (let length = 1; length <= 6; length++) {
      const start = (i * 7 + length * 3) % Math.max(1, chars.length - length + 1);
      texts.add(chars.slice(start, start + length).join(''));
    }
  });
  return [...texts].filter((text) => text.trim() !== '');
}

async function memoryStore(): Promise<{ db: Db; store: Store }> {
  const Database = await loadSqlite();
  const db = new Database(':memory:');
  ensureSchema(db);
  return { db, store: createStore(db) };
}

const iso = (i: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + i * 60_000).toISOString();

/** A manifest like `base` with another id, time and prompt (the index keeps what it is given). */
const variant = (base: RenderManifest, i: number, prompt: string): RenderManifest => ({
  ...base,
  id: `r${String(i).padStart(5, '0')}-test`,
  createdAt: iso(i),
  updatedAt: iso(i),
  request: { ...base.request, prompt },
});

let home: string;
let cleanup: () => Promise<void>;
let libraries: Library[];
let base: RenderManifest;
const open = (readOnly = false) => {
  const library = createLibrary({ home, readOnly });
  libraries.push(library);
  return library;
};

beforeEach(async () => {
  ({ home, remove: cleanup } = await makeTempHome());
  libraries = [];
  base = await open().create({ image: 'https://cdn.weshop.example/in.png', prompt: 'base' });
});
afterEach(async () => {
  for (const library of libraries) await library.close().catch(() => undefined);
  await cleanup();
});

/** What String.includes finds (the search's definition), newest first. */
function expected(manifests: RenderManifest[], text: string) {
  const needle = text.trim().toLowerCase();
  return manifests
    .filter((m) => m.request.prompt.toLowerCase().includes(needle))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
    .map((m) => m.id);
}

const query = (input: LibraryQueryInput) => LibraryQuery.parse({ limit: 1000, ...input });

describe('prompt search through the trigram index', () => {
  it('finds exactly what a substring search finds, whatever the text', async () => {
    const { db, store } = await memoryStore();
    const manifests: RenderManifest[] = [];
    // Each tricky prompt several times over, mixed with filler, so pages and totals are tested.
    for (let i = 0; i < 400; i++) {
      const tricky = TRICKY[i % TRICKY.length] as string;
      const prompt = i % 3 === 0 ? `take ${i}: ${tricky}` : tricky;
      manifests.push(variant(base, i, prompt));
    }
    store.transaction(() => {
      for (const m of manifests) store.put(m, 'w');
    });
    const instr = db
      .prepare<[string], string>(
        'SELECT id FROM renders WHERE instr(prompt_lower, ?) > 0 ORDER BY created_ms DESC, id DESC',
      )
      .pluck();
    const texts = searchTexts(TRICKY);
    expect(texts.length).toBeGreaterThan(80);
    for (const text of texts) {
      const want = expected(manifests, text);
      // The scan it replaces agrees with String.includes: the reference is the old behaviour.
      expect(instr.all(text.trim().toLowerCase()), text).toEqual(want);
      const page = store.query(query({ text, limit: 7, offset: 3 }));
      expect(page.total, text).toBe(want.length);
      expect(
        page.items.map((m) => m.id),
        text,
      ).toEqual(want.slice(3, 10));
      expect(
        store.query(query({ text })).items.map((m) => m.id),
        text,
      ).toEqual(want);
      // With another filter the count goes through the renders (alone, through the index only).
      const [first, ...rest] = want;
      if (first !== undefined) {
        const others = store.query(query({ text, excludeIds: [first] }));
        expect(others.total, text).toBe(rest.length);
        expect(others.items.map((m) => m.id).slice(0, 5), text).toEqual(rest.slice(0, 5));
      }
    }
    db.close();
  });

  it('uses the index for 3 characters or more, the scan below', async () => {
    const { db } = await memoryStore();
    const plan = (text: string) => {
      const sql = querySql(query({ text }));
      const explain = (statement: string) =>
        db
          .prepare(`EXPLAIN QUERY PLAN ${statement}`)
          .all(...sql.params)
          .map((row) => (row as { detail: string }).detail)
          .join('\n');
      // The count and the page, as store.ts asks for them.
      return `${explain(`SELECT count(*) ${sql.countFrom}`)}\n--\n${explain(
        `SELECT r.id ${sql.from} ORDER BY ${sql.order} LIMIT 50`,
      )}`;
    };
    for (const text of ['harbour', 'HAR', '港口的', '🚢🚢🚢', '"*-'])
      expect(plan(text), text).toMatch(/VIRTUAL TABLE INDEX[\s\S]*--[\s\S]*VIRTUAL TABLE INDEX/);
    for (const text of ['ha', '港口', '🚢🚢', 'x']) {
      expect(plan(text), text).not.toMatch(/VIRTUAL TABLE/);
      expect(querySql(query({ text })).from).toContain('instr(');
    }
    db.close();
  });

  it('follows a prompt that changes and a render that is removed', async () => {
    const { db, store } = await memoryStore();
    const first = variant(base, 1, 'The Harbour at dawn');
    store.put(first, 'w');
    store.put(variant(base, 2, 'a kite'), 'w');
    const ids = (text: string) => store.query(query({ text })).items.map((m) => m.id);
    expect(ids('harbour')).toEqual([first.id]);
    store.put(
      { ...first, updatedAt: iso(9), request: { ...first.request, prompt: 'a city' } },
      'w',
    );
    expect(ids('harbour')).toEqual([]);
    expect(ids('city')).toEqual([first.id]);
    store.remove(first.id);
    expect(ids('city')).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM prompt_keys').pluck().get()).toBe(1);
    db.close();
  });
});

describe('prompt search across processes', () => {
  it('finds a render another process wrote, and not once it is deleted', async () => {
    const library = open();
    expect((await library.list({ text: 'lighthouse' })).total).toBe(0);
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', CHILD, home, 'A LightHouse at dusk'],
      {
        cwd: join(__dirname, '../../..'),
      },
    );
    const id = stdout.trim();
    await waitFor(
      async () => (await library.list({ text: 'lighthouse' })).items[0]?.id === id,
      "the other process's render in the search",
    );
    await library.release(id);
    await library.remove(id);
    expect((await library.list({ text: 'lighthouse' })).total).toBe(0);
    const fresh = open(true);
    expect((await fresh.list({ text: 'lighthouse' })).total).toBe(0);
    expect((await fresh.list({ text: 'base' })).total).toBe(1);
  });
});

async function withIndex<T>(use: (db: Db) => T): Promise<T> {
  const Database = await loadSqlite();
  const db = new Database(indexDbPath(home));
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/**
 * The index as version 2 left it: the same tables without the search index (version 3 only
 * added PROMPT_SEARCH's objects), so what the upgrade step reads is what a version 2 file holds.
 */
const toVersion2 = () =>
  withIndex((db) => {
    db.exec(`DROP TRIGGER renders_search_insert; DROP TRIGGER renders_search_update;
      DROP TRIGGER renders_search_delete; DROP TABLE prompt_search; DROP TABLE prompt_keys;
      PRAGMA user_version = 2;`);
    return db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'prompt%'").pluck().all();
  });

const rows = () =>
  withIndex((db) =>
    db.prepare('SELECT id, seq, updated_at, prompt_lower FROM renders ORDER BY id').all(),
  );

describe('an index of version 2 (before the search index)', () => {
  const prompts = ['The Harbour at DAWN', 'harbour-side 港口', 'a kite', 'KITE and harbour'];
  beforeEach(async () => {
    const library = libraries[0] as Library;
    for (const prompt of prompts)
      await library.create({ image: 'https://cdn.weshop.example/in.png', prompt });
    await library.close();
    expect(await toVersion2()).toEqual([]);
  });

  for (const readOnly of [false, true])
    it(`is upgraded in place by a ${readOnly ? 'read-only' : 'writable'} open: every row kept, every prompt found`, async () => {
      const before = await rows();
      expect(before).toHaveLength(5);
      const library = open(readOnly);
      const harbour = await library.list({ text: 'harbour' });
      expect(harbour.total).toBe(3);
      expect((await library.list({ text: '港口' })).total).toBe(1);
      expect((await library.list({ text: 'kite' })).total).toBe(2);
      await library.close();
      expect(await withIndex((db) => db.pragma('user_version', { simple: true }))).toBe(
        SCHEMA_VERSION,
      );
      expect(await rows()).toEqual(before);
      expect(
        await withIndex((db) => db.prepare('SELECT count(*) FROM prompt_keys').pluck().get()),
      ).toBe(5);
      // Kept in sync from then on.
      const writer = open();
      await writer.create({
        image: 'https://cdn.weshop.example/in.png',
        prompt: 'one more harbour',
      });
      expect((await writer.list({ text: 'harbour' })).total).toBe(4);
    });
});
