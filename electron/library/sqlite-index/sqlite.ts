import type BetterSqlite3 from 'better-sqlite3';

export type Db = BetterSqlite3.Database;
type Constructor = typeof BetterSqlite3;

let loaded: Promise<Constructor> | undefined;

/**
 * better-sqlite3, loaded on first use: it is a native module, and the CLI's commands that never
 * touch the library (--version, key, help) should not pay for loading it.
 */
export function loadSqlite(): Promise<Constructor> {
  loaded ??= import('better-sqlite3').then((module) => module.default);
  return loaded;
}

/** How long a statement waits for another process's write transaction (ms). */
export const BUSY_TIMEOUT_MS = 30_000;

/** The settings every connection to a library index uses (several processes share the file). */
export function configure(db: Db): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (db.readonly) return;
  // WAL: readers never block the writer nor each other (the app and CLIs read while one writes).
  db.pragma('journal_mode = WAL');
  // With WAL, NORMAL loses at most the last transactions on power loss, never consistency, and
  // render.json (the truth) is written before its row: open repairs a row that was lost.
  db.pragma('synchronous = NORMAL');
}
