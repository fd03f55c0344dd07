import type { Db } from './sqlite';

/**
 * Bumped when the tables change. An index of an older version is upgraded in place by the
 * steps in UPGRADES (its rows kept); one of a newer or unknown version is rebuilt from
 * render.json (open-index.ts).
 */
export const SCHEMA_VERSION = 2;

/** A render's continuations, oldest first: one step of a sequence's walk (chain.ts). */
const CONTINUED_INDEX =
  'CREATE INDEX IF NOT EXISTS renders_continued ON renders (continued_from, created_ms, id);';

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
`;

/**
 * Version n → n + 1, in place: every row is kept (a library of 100,000 renders is not read
 * again from disk). Version 1 had no continued_from: it is filled from the stored manifests
 * (only those that mention continuedFrom are parsed: 100,000 renders upgrade in ~1.2 s, once,
 * where parsing every manifest took ~2.7 s).
 */
const UPGRADES: Readonly<Record<number, string>> = {
  1: `ALTER TABLE renders ADD COLUMN continued_from TEXT;
UPDATE renders SET continued_from = c.id
  FROM (SELECT id AS render, json_extract(json, '$.continuedFrom.id') AS id FROM manifests
        WHERE instr(json, '"continuedFrom"') > 0) AS c
  WHERE c.render = renders.id;
${CONTINUED_INDEX}`,
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
