import type { Db } from './sqlite';

/**
 * Bumped when the tables change. An index of an older version is upgraded in place by the
 * steps in UPGRADES (its rows kept); one of a newer or unknown version is rebuilt from
 * render.json (open-index.ts).
 */
export const SCHEMA_VERSION = 3;

/** A render's continuations, oldest first: one step of a sequence's walk (chain.ts). */
const CONTINUED_INDEX =
  'CREATE INDEX IF NOT EXISTS renders_continued ON renders (continued_from, created_ms, id);';

/*
 * Prompt search through an index (query-sql.ts): an FTS5 table with the trigram tokenizer
 * answers "contains this text" (3 characters or more) without reading every row.
 *
 * Its rows are keyed by prompt_keys.key, never by the renders table's rowid: renders has no
 * INTEGER PRIMARY KEY, so its rowids are SQLite's own and VACUUM may renumber them, which
 * would point every search entry at the wrong render. prompt_keys.key IS an INTEGER PRIMARY
 * KEY (kept by VACUUM), one per render id. The FTS table is contentless (the lower-case prompt
 * already lives in renders.prompt_lower; only its trigrams are stored) with contentless_delete
 * (SQLite ≥ 3.43) so a row can be deleted by key without handing back its old text.
 *
 * It indexes prompt_lower (JavaScript's toLowerCase, as the search text is) with
 * case_sensitive 1: a match is then exactly a substring of prompt_lower, as instr() finds,
 * with no second case folding of SQLite's own that could disagree with JavaScript's.
 *
 * Triggers keep it in the same transaction as the row, whoever writes the row (any process,
 * any code path: put, remove, a rebuild). They delete before they insert, never INSERT OR
 * REPLACE: inside a trigger the firing statement's conflict rule (the upsert's) wins, and a
 * contentless table takes a second row under the same key without a word (old trigrams kept).
 */
const PROMPT_SEARCH = `
CREATE TABLE IF NOT EXISTS prompt_keys (key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
CREATE VIRTUAL TABLE IF NOT EXISTS prompt_search USING fts5(
  prompt, content = '', contentless_delete = 1, tokenize = 'trigram case_sensitive 1'
);
CREATE TRIGGER IF NOT EXISTS renders_search_insert AFTER INSERT ON renders BEGIN
  DELETE FROM prompt_search WHERE rowid IN (SELECT key FROM prompt_keys WHERE id = new.id);
  INSERT INTO prompt_keys (id) VALUES (new.id) ON CONFLICT (id) DO NOTHING;
  INSERT INTO prompt_search (rowid, prompt)
    SELECT key, new.prompt_lower FROM prompt_keys WHERE id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS renders_search_update AFTER UPDATE OF prompt_lower ON renders
  WHEN old.prompt_lower IS NOT new.prompt_lower BEGIN
  DELETE FROM prompt_search WHERE rowid IN (SELECT key FROM prompt_keys WHERE id = new.id);
  INSERT INTO prompt_search (rowid, prompt)
    SELECT key, new.prompt_lower FROM prompt_keys WHERE id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS renders_search_delete AFTER DELETE ON renders BEGIN
  DELETE FROM prompt_search WHERE rowid IN (SELECT key FROM prompt_keys WHERE id = old.id);
  DELETE FROM prompt_keys WHERE id = old.id;
END;
`;

/*
 * renders: one narrow row per render, what queries filter and sort on (a search scans it
 * without reading manifests); manifests: each render's manifest as JSON, read only for the page
 * asked for. writing: renders whose render.json is being written right now, and by whom (a
 * crash leaves the mark behind, and the next open re-reads those render.json files). meta:
 * continued_from: the render this one continues (its manifest's continuedFrom.id), so a
 * sequence is one query (chain.ts). meta: schema version, whether the index was built, and the change counter behind `seq`.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS renders (
  id TEXT PRIMARY KEY,
  created_ms INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  state TEXT NOT NULL,
  agent TEXT,
  model TEXT NOT NULL,
  favourite INTEGER NOT NULL,
  credits REAL,
  set_id TEXT,
  prompt_lower TEXT NOT NULL,
  prompt_key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  writer TEXT NOT NULL,
  continued_from TEXT
);
CREATE TABLE IF NOT EXISTS manifests (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS writing (
  id TEXT NOT NULL,
  owner TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (id, owner)
);
CREATE INDEX IF NOT EXISTS renders_newest ON renders (created_ms, id);
CREATE INDEX IF NOT EXISTS renders_state ON renders (state, created_ms, id);
CREATE INDEX IF NOT EXISTS renders_agent ON renders (agent, created_ms, id);
CREATE INDEX IF NOT EXISTS renders_model ON renders (model, created_ms, id);
CREATE INDEX IF NOT EXISTS renders_favourite ON renders (created_ms, id) WHERE favourite = 1;
CREATE INDEX IF NOT EXISTS renders_credits ON renders (credits, created_ms, id);
CREATE INDEX IF NOT EXISTS renders_prompt ON renders (prompt_key, created_ms, id);
CREATE INDEX IF NOT EXISTS renders_set ON renders (set_id);
CREATE INDEX IF NOT EXISTS renders_seq ON renders (seq);
${CONTINUED_INDEX}
${PROMPT_SEARCH}
`;

/**
 * Version n → n + 1, in place: every row is kept (a library of 100,000 renders is not read
 * again from disk). Version 1 had no continued_from: it is filled from the stored manifests
 * (only those that mention continuedFrom are parsed: 100,000 renders upgrade in ~1.2 s, once,
 * where parsing every manifest took ~2.7 s). Version 2 had no prompt search index: it is
 * filled from renders.prompt_lower.
 */
const UPGRADES: Readonly<Record<number, string>> = {
  1: `ALTER TABLE renders ADD COLUMN continued_from TEXT;
UPDATE renders SET continued_from = c.id
  FROM (SELECT id AS render, json_extract(json, '$.continuedFrom.id') AS id FROM manifests
        WHERE instr(json, '"continuedFrom"') > 0) AS c
  WHERE c.render = renders.id;
${CONTINUED_INDEX}`,
  2: `${PROMPT_SEARCH}
INSERT INTO prompt_keys (id) SELECT id FROM renders ORDER BY created_ms, id;
INSERT INTO prompt_search (rowid, prompt)
  SELECT k.key, r.prompt_lower FROM renders r JOIN prompt_keys k ON k.id = r.id;`,
};

const versionOf = (db: Db) => db.pragma('user_version', { simple: true }) as number;

/** An index this code can take to SCHEMA_VERSION: empty, older with every step known, or current. */
export function canUpgrade(version: number): boolean {
  if (version === 0 || version === SCHEMA_VERSION) return true;
  if (version > SCHEMA_VERSION || version < 0) return false;
  for (let v = version; v < SCHEMA_VERSION; v++) if (!(v in UPGRADES)) return false;
  return true;
}

/** Whether the file holds an index of an older version that ensureSchema would upgrade. */
export function isOlderSchema(db: Db): boolean {
  const version = versionOf(db);
  return version !== 0 && version < SCHEMA_VERSION && canUpgrade(version);
}

/**
 * Creates the tables if missing, or upgrades an older index in place (one transaction: all
 * or nothing, and a second process opening the file at the same time finds it done); false
 * when the file holds an index of a version it cannot take (a newer one, or unknown), or an
 * older one it may not write (a read-only open copies it to memory first: open-index.ts).
 */
export function ensureSchema(db: Db): boolean {
  const version = versionOf(db);
  if (version === SCHEMA_VERSION) return true;
  if (!canUpgrade(version) || db.readonly) return false;
  db.transaction(() => {
    // Read again under the write lock: another process may have done it meanwhile.
    const now = versionOf(db);
    if (now === SCHEMA_VERSION) return;
    if (now === 0) db.exec(TABLES);
    else for (let v = now; v < SCHEMA_VERSION; v++) db.exec(UPGRADES[v] as string);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
  return true;
}
