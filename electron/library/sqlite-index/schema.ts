import type { Db } from './sqlite';

/** Bumped when the tables change: an index of another version is rebuilt from render.json. */
export const SCHEMA_VERSION = 1;

/*
 * renders: one narrow row per render, what queries filter and sort on (a search scans it
 * without reading manifests); manifests: each render's manifest as JSON, read only for the page
 * asked for. writing: renders whose render.json is being written right now, and by whom (a
 * crash leaves the mark behind, and the next open re-reads those render.json files). meta:
 * schema version, whether the index was built, and the change counter behind `seq`.
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
  writer TEXT NOT NULL
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
`;

/** Creates the tables if missing; false when the file holds an index of another schema version. */
export function ensureSchema(db: Db): boolean {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== 0 && version !== SCHEMA_VERSION) return false;
  if (version === 0) {
    db.exec(TABLES);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }
  return true;
}
