import { appendFile, readdir, readFile, truncate } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { MANIFEST_SCHEMA_VERSION, type RenderManifest } from '../../shared/job';
import { isRenderId } from './ids';
import { indexPath, journalPath, rendersDir } from './layout';
import { readManifestFile } from './manifest-file';
import { mapLimit } from './serialize';

/*
 * Why an index: listing 10,000 renders by opening 10,000 render.json files is slow, so the
 * library keeps <home>/index.json, one compact JSON array holding every valid manifest in
 * full (a list item IS the full RenderManifest). Its rules:
 *
 * - render.json files are the truth; index.json is a cache that may be stale or missing.
 * - Before any manifest is written, its id is appended to <home>/index.journal. index.json
 *   is rewritten atomically, debounced (many updates → one write); the journal is emptied
 *   only when that write covered every update started so far. So after a crash the journal
 *   names exactly the manifests the index may be behind on.
 * - On open: read index.json, list the render folders, and re-read only the manifests that
 *   the index lacks, that the journal names, or whose index entry looks wrong; entries with
 *   no folder are dropped. A missing or unreadable index.json means a full scan.
 * - Entries were validated with the zod schema before they were written, so loading the
 *   index only does a cheap shape check per entry (full validation is what makes a scan slow).
 * - One process writes a library at a time (the app or the CLI); a manifest edited by hand
 *   while the app is closed is only noticed if its folder is new or the index is deleted.
 */

const INDEX_FORMAT = 'kling-studio-index';
const INDEX_VERSION = 1;
const SCAN_PARALLELISM = 32;

interface IndexFile {
  format: typeof INDEX_FORMAT;
  version: typeof INDEX_VERSION;
  renders: RenderManifest[];
}

export interface LoadedIndex {
  entries: Map<string, RenderManifest>;
  problems: string[];
  /** True when the index on disk did not match what was loaded (it should be rewritten). */
  changed: boolean;
}

function looksLikeManifest(value: unknown, id: string): value is RenderManifest {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<Record<keyof RenderManifest, unknown>>;
  return (
    m.schemaVersion === MANIFEST_SCHEMA_VERSION &&
    m.id === id &&
    typeof m.state === 'string' &&
    typeof m.createdAt === 'string' &&
    typeof m.updatedAt === 'string' &&
    typeof m.request === 'object' &&
    m.request !== null &&
    Array.isArray(m.videos) &&
    Array.isArray(m.history)
  );
}

async function readIndexEntries(home: string): Promise<Map<string, unknown> | null> {
  try {
    const parsed = JSON.parse(await readFile(indexPath(home), 'utf8')) as Partial<IndexFile>;
    if (parsed.format !== INDEX_FORMAT || parsed.version !== INDEX_VERSION) return null;
    if (!Array.isArray(parsed.renders)) return null;
    const map = new Map<string, unknown>();
    for (const entry of parsed.renders) {
      const id = (entry as { id?: unknown } | null)?.id;
      if (typeof id === 'string') map.set(id, entry);
    }
    return map;
  } catch {
    return null; // missing or corrupt: a full scan rebuilds it
  }
}

async function readJournal(home: string): Promise<Set<string>> {
  try {
    const text = await readFile(journalPath(home), 'utf8');
    return new Set(text.split('\n').filter((line) => isRenderId(line)));
  } catch {
    return new Set();
  }
}

async function listRenderFolders(home: string): Promise<{ ids: string[]; strays: string[] }> {
  const dirents = await readdir(rendersDir(home), { withFileTypes: true });
  const ids: string[] = [];
  const strays: string[] = [];
  for (const dirent of dirents) {
    if (!dirent.isDirectory()) continue;
    if (isRenderId(dirent.name)) ids.push(dirent.name);
    else strays.push(dirent.name);
  }
  return { ids, strays };
}

/** Loads every render: from the index where it can be trusted, from render.json otherwise. */
export async function loadIndex(home: string): Promise<LoadedIndex> {
  const [folders, indexed, journal] = await Promise.all([
    listRenderFolders(home),
    readIndexEntries(home),
    readJournal(home),
  ]);
  const entries = new Map<string, RenderManifest>();
  const problems = folders.strays.map(
    (name) => `A folder named "${name}" in the renders folder is not a render; ignored`,
  );
  const toScan: string[] = [];
  for (const id of folders.ids) {
    const entry = indexed?.get(id);
    if (entry !== undefined && !journal.has(id) && looksLikeManifest(entry, id)) {
      entries.set(id, entry);
    } else {
      toScan.push(id);
    }
  }
  const scanned = await mapLimit(toScan, SCAN_PARALLELISM, (id) => readManifestFile(home, id));
  scanned.forEach((result, i) => {
    const id = toScan[i] as string;
    if (result.kind === 'ok') entries.set(id, result.manifest);
    else if (result.kind === 'missing')
      problems.push(`Render ${id}: render.json is missing; skipped`);
    else problems.push(result.problem);
  });
  const changed =
    indexed === null || journal.size > 0 || toScan.length > 0 || indexed.size !== entries.size;
  return { entries, problems, changed };
}

export async function writeIndex(home: string, manifests: Iterable<RenderManifest>): Promise<void> {
  const file: IndexFile = { format: INDEX_FORMAT, version: INDEX_VERSION, renders: [...manifests] };
  await writeFileAtomic(indexPath(home), JSON.stringify(file));
}

export async function appendJournal(home: string, id: string): Promise<void> {
  await appendFile(journalPath(home), `${id}\n`);
}

export async function clearJournal(home: string): Promise<void> {
  try {
    await truncate(journalPath(home), 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
