import { appendFile, open, readdir, readFile, truncate } from 'node:fs/promises';
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
 * - index.json is one JSON document laid out one manifest per line (see writeIndex), so a
 *   cold open parses it line by line from a reused buffer instead of decoding ~11 MB (10,000
 *   renders) into one string first; a file in any other layout is parsed whole, and one that
 *   does not end in the closing line (cut short) counts as corrupt.
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

const INDEX_HEAD = `{"format":"${INDEX_FORMAT}","version":${INDEX_VERSION},"renders":[`;
const INDEX_TAIL = ']}';
const HEAD_BYTES = Buffer.from(`${INDEX_HEAD}\n`);
const READ_CHUNK = 1 << 20;
const NEWLINE = 0x0a;
const COMMA = 0x2c;

function entriesOf(renders: unknown[]): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const entry of renders) {
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id === 'string') map.set(id, entry);
  }
  return map;
}

/** The whole file as one JSON document (any layout, e.g. an index written by an older version). */
function parseWholeIndex(text: string): Map<string, unknown> | null {
  const parsed = JSON.parse(text) as Partial<IndexFile>;
  if (parsed.format !== INDEX_FORMAT || parsed.version !== INDEX_VERSION) return null;
  if (!Array.isArray(parsed.renders)) return null;
  return entriesOf(parsed.renders);
}

/**
 * Reads index.json as written by writeIndex: INDEX_HEAD, one manifest per line (each but the
 * last followed by a comma), INDEX_TAIL. Parsing line by line from a reused buffer avoids
 * holding (and allocating) the whole file as one huge string, which is most of the cost of
 * a cold open. Returns 'other-layout' when the file does not start with INDEX_HEAD.
 */
async function readIndexLines(path: string): Promise<unknown[] | null | 'other-layout'> {
  const file = await open(path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(READ_CHUNK);
    let filled = 0;
    let line = 0;
    let ended = false;
    let expectMore = true;
    const renders: unknown[] = [];
    for (;;) {
      if (filled === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, null);
      const end = filled + bytesRead;
      // Another layout (e.g. one compact line from an older version): don't buffer it all here.
      if (
        line === 0 &&
        end >= HEAD_BYTES.length &&
        !buffer.subarray(0, HEAD_BYTES.length).equals(HEAD_BYTES)
      )
        return 'other-layout';
      let start = 0;
      for (;;) {
        let newline = buffer.indexOf(NEWLINE, start);
        if (newline >= end) newline = -1;
        if (newline === -1 && bytesRead > 0) break;
        const stop = newline === -1 ? end : newline;
        if (newline === -1 && stop === start) break; // end of file after a final newline
        // A manifest line's trailing comma is left out of the string rather than sliced off.
        const comma = stop > start && buffer[stop - 1] === COMMA;
        const text = buffer.toString('utf8', start, comma ? stop - 1 : stop);
        start = stop + 1;
        if (line++ === 0) {
          if (text !== INDEX_HEAD) return 'other-layout';
        } else if (ended) {
          return null; // anything after INDEX_TAIL
        } else if (text === INDEX_TAIL) {
          if (comma || (expectMore && renders.length > 0)) return null;
          ended = true;
        } else {
          if (!expectMore) return null;
          expectMore = comma;
          renders.push(JSON.parse(text));
        }
        if (newline === -1) break;
      }
      if (bytesRead === 0) break;
      buffer.copy(buffer, 0, start, end);
      filled = end - start;
    }
    return ended ? renders : null; // no INDEX_TAIL: truncated
  } finally {
    await file.close();
  }
}

async function readIndexEntries(home: string): Promise<Map<string, unknown> | null> {
  try {
    const lines = await readIndexLines(indexPath(home));
    if (lines !== 'other-layout') return lines && entriesOf(lines);
    return parseWholeIndex(await readFile(indexPath(home), 'utf8'));
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
  // One JSON document (same shape as IndexFile), laid out one manifest per line so that
  // readIndexLines can parse it piece by piece. JSON.stringify never writes a raw newline.
  const lines = Array.from(manifests, (m) => JSON.stringify(m));
  const body = lines.length === 0 ? '' : `${lines.join(',\n')}\n`;
  await writeFileAtomic(indexPath(home), `${INDEX_HEAD}\n${body}${INDEX_TAIL}\n`);
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
