import type { LibraryQuery, RenderManifest } from '../../../shared/job';
import { createChainQuery } from './chain';
import { querySql } from './query-sql';
import { type RenderRow, rowOf } from './rows';
import type { Db } from './sqlite';

/** A row's manifest as stored (validated with the zod schema before it was written). */
const parse = (json: string) => JSON.parse(json) as RenderManifest;

/**
 * The index's statements over one connection. Every change bumps the shared counter `seq`
 * (meta), so a process sees what others changed by asking for rows with a higher seq.
 */
export function createStore(db: Db) {
  const nextSeq = db.prepare<[], { value: number }>(
    "INSERT INTO meta (key, value) VALUES ('seq', 1) ON CONFLICT (key) DO UPDATE SET value = value + 1 RETURNING value",
  );
  const rowUpdatedAt = db.prepare<[string], { updated_at: string }>(
    'SELECT updated_at FROM renders WHERE id = ?',
  );
  const upsertRow = db.prepare<[RenderRow & { seq: number; writer: string }]>(
    `INSERT INTO renders (id, created_ms, updated_at, state, agent, model, favourite, credits, set_id, prompt_lower, prompt_key, seq, writer, continued_from)
     VALUES (@id, @created_ms, @updated_at, @state, @agent, @model, @favourite, @credits, @set_id, @prompt_lower, @prompt_key, @seq, @writer, @continued_from)
     ON CONFLICT (id) DO UPDATE SET created_ms = excluded.created_ms, updated_at = excluded.updated_at,
       state = excluded.state, agent = excluded.agent, model = excluded.model, favourite = excluded.favourite,
       credits = excluded.credits, set_id = excluded.set_id, prompt_lower = excluded.prompt_lower,
       prompt_key = excluded.prompt_key, seq = excluded.seq, writer = excluded.writer,
       continued_from = excluded.continued_from`,
  );
  const upsertJson = db.prepare<[string, string]>(
    'INSERT INTO manifests (id, json) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json',
  );
  const deleteRow = db.prepare<[string]>('DELETE FROM renders WHERE id = ?');
  const deleteJson = db.prepare<[string]>('DELETE FROM manifests WHERE id = ?');
  const getJson = db.prepare<[string], string>('SELECT json FROM manifests WHERE id = ?').pluck();
  const hasRow = db.prepare<[string], number>('SELECT 1 FROM renders WHERE id = ?').pluck();
  const allIds = db.prepare<[], string>('SELECT id FROM renders').pluck();
  const maxSeq = db.prepare<[], number | null>("SELECT value FROM meta WHERE key = 'seq'").pluck();
  const changedSince = db
    .prepare<[number, number, string], string>(
      'SELECT m.json FROM renders r JOIN manifests m ON m.id = r.id WHERE r.seq > ? AND r.seq <= ? AND r.writer <> ? ORDER BY r.seq',
    )
    .pluck();
  const markWrite = db.prepare<[string, string]>(
    'INSERT INTO writing (id, owner, count) VALUES (?, ?, 1) ON CONFLICT (id, owner) DO UPDATE SET count = count + 1',
  );
  const unmarkWrite = db.prepare<[string, string]>(
    'UPDATE writing SET count = count - 1 WHERE id = ? AND owner = ?',
  );
  const dropSettled = db.prepare('DELETE FROM writing WHERE count <= 0');
  const marks = db.prepare<[], { id: string; owner: string }>('SELECT id, owner FROM writing');
  const clearOwner = db.prepare<[string]>('DELETE FROM writing WHERE owner = ?');
  const newestPrompts = db
    .prepare<[], string>(
      "SELECT json_extract(m.json, '$.request.prompt') FROM renders r JOIN manifests m ON m.id = r.id ORDER BY r.created_ms DESC, r.id DESC",
    )
    .pluck();
  const metaValue = db.prepare<[string], number>('SELECT value FROM meta WHERE key = ?').pluck();
  const setMeta = db.prepare<[string, number]>(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  /**
   * Puts `m` in the index unless the index holds a newer copy already (another process wrote
   * the same render after this one's copy was read): a row never goes back in time.
   */
  function put(m: RenderManifest, writer: string): boolean {
    const current = rowUpdatedAt.get(m.id)?.updated_at;
    if (current !== undefined && current > m.updatedAt) return false;
    const seq = (nextSeq.get() as { value: number }).value;
    upsertRow.run({ ...rowOf(m), seq, writer });
    upsertJson.run(m.id, JSON.stringify(m));
    return true;
  }

  function remove(id: string): void {
    deleteRow.run(id);
    deleteJson.run(id);
    nextSeq.get(); // a change other processes notice, though no row carries it
  }

  function query(q: LibraryQuery): { items: RenderManifest[]; total: number } {
    const sql = querySql(q);
    const total = db
      .prepare(`SELECT count(*) ${sql.countFrom}`)
      .pluck()
      .get(...sql.params) as number;
    const rows = db
      .prepare(
        `SELECT m.json FROM (SELECT r.id ${sql.from} ORDER BY ${sql.order} LIMIT ? OFFSET ?) p JOIN manifests m ON m.id = p.id`,
      )
      .pluck()
      .all(...sql.params, q.limit, q.offset) as string[];
    return { items: rows.map(parse), total };
  }

  return {
    db,
    put,
    remove,
    query,
    /** The sequence a render belongs to, oldest first (chain.ts). */
    sequenceOf: createChainQuery(db),
    get: (id: string) => {
      const json = getJson.get(id);
      return json === undefined ? undefined : parse(json);
    },
    has: (id: string) => hasRow.get(id) !== undefined,
    ids: () => allIds.all(),
    seq: () => maxSeq.get() ?? 0,
    /** Renders others changed after `after` up to `upTo` (seq values), oldest change first. */
    changedSince: (after: number, upTo: number, notWriter: string) =>
      changedSince.all(after, upTo, notWriter).map(parse),
    markWrite: (id: string, owner: string) => markWrite.run(id, owner),
    unmarkWrite(id: string, owner: string) {
      unmarkWrite.run(id, owner);
      dropSettled.run();
    },
    marks: () => marks.all(),
    clearOwner: (owner: string) => clearOwner.run(owner),
    meta: (key: string) => metaValue.get(key),
    setMeta: (key: string, value: number) => setMeta.run(key, value),
    /** Distinct prompts, newest first (a render without one adds none); reads only as many rows as it needs. */
    recentPrompts(limit: number): string[] {
      const seen = new Set<string>();
      for (const prompt of newestPrompts.iterate()) {
        if (seen.size >= limit) break;
        if (prompt.trim() !== '') seen.add(prompt);
      }
      return [...seen];
    },
    /** Runs `work` in one write transaction (IMMEDIATE: it takes the write lock up front). */
    transaction<T>(work: () => T): T {
      return db.transaction(work).immediate();
    },
  };
}

export type Store = ReturnType<typeof createStore>;
