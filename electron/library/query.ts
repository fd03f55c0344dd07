import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { LibraryQuery, RenderManifest } from '../../shared/job';
import { ensureSchema } from './sqlite-index/schema';
import { createStore, type Store } from './sqlite-index/store';

/**
 * The library's query over any manifests, through the very SQL the index runs (an index in
 * memory): query.test.ts is the query's spec without a disk or a library.
 */
function memoryIndex(all: Iterable<RenderManifest>): Store {
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  const db = new Database(':memory:');
  ensureSchema(db);
  const store = createStore(db);
  store.transaction(() => {
    for (const m of all) store.put(m, 'spec');
  });
  return store;
}

/** Filters, sorts and pages renders as library.list does. */
export function queryRenders(
  all: Iterable<RenderManifest>,
  query: LibraryQuery,
): { items: RenderManifest[]; total: number } {
  const store = memoryIndex(all);
  try {
    return store.query(query);
  } finally {
    store.db.close();
  }
}

/** Distinct prompts, newest first (a render without one, e.g. Motion Control's, adds none). */
export function recentPromptsOf(all: Iterable<RenderManifest>, limit: number): string[] {
  const store = memoryIndex(all);
  try {
    return store.recentPrompts(limit);
  } finally {
    store.db.close();
  }
}
