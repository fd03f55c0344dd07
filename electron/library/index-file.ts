import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { MANIFEST_SCHEMA_VERSION, type RenderManifest } from '../../shared/job';
import { withDiskErrors } from './disk-errors';
import { isRenderId } from './ids';
import { indexPath, journalPath, journalsDir, rendersDir } from './layout';
import { readManifestFile } from './manifest-file';
import { isAlive, isOwner, type Owner, sameOwner } from './owner';
import { mapLimit } from './serialize';

/*
 * The index of versions before library.sqlite (sqlite-index/): read once, to migrate a
 * library to it (loadIndex), and kept for that; writeIndex is what those versions wrote (tests
 * build an old library with it). Its rules, as they were:
 *
 * Why an index: listing 10,000 renders by opening 10,000 render.json files is slow, so the
 * library keeps <home>/index.json, one compact JSON array holding every valid manifest in
 * full (a list item IS the full RenderManifest). Its rules:
 *
 * - render.json files are the truth; index.json is a cache that may be stale or missing.
 * - Several processes may use one library at once (the app and any number of CLIs), so each
 *   library instance has its OWN journal, <home>/journals/<owner> (owner: pid, process start,
 *   a token with the beacon and boot id, the host; see owner.ts). Before any manifest is
 *   written its id is appended there.
 *   Only its writer empties it, and only when an index write covered every update it started;
 *   so after a crash the dead process's journal names exactly the manifests the index may be
 *   behind on, and no process can drop another's pending entries.
 * - index.json is rewritten (debounced, atomically) under an inter-process lock
 *   (<home>/locks/index, exclusive.ts) by MERGING: if the file changed since this instance
 *   last read or wrote it, it is read again and only this instance's own changes are applied,
 *   each re-read from its render.json (so another process's newer write of the same render
 *   is never replaced by an older copy). A process never erases another's entries.
 * - On open: read index.json, list the render folders, and re-read only the manifests that
 *   the index lacks, that any journal names (live or dead), or whose index entry looks wrong;
 *   entries with no folder are dropped. A missing or unreadable index.json means a full scan.
 *   A writable open then writes the index (under the lock) and deletes the journals of dead
 *   owners (and the single index.journal of older versions); a read-only open (`list`,
 *   `show`) writes nothing at all.
 * - Entries were validated with the zod schema before they were written, so loading the
 *   index only does a cheap shape check per entry (full validation is what makes a scan slow).
 * - index.json is one JSON document laid out one manifest per line (see writeIndex), so a
 *   cold open parses it line by line from a reused buffer instead of decoding ~11 MB (10,000
 *   renders) into one string first; a file in any other layout is parsed whole, and one that
 *   does not end in the closing line (cut short) counts as corrupt.
 * - Other processes' changes reach a running app through watch (render-index.ts): it polls
 *   the journals and index.json's identity, never every render.
 * - A manifest edited by hand (no journal names it) is only noticed if its folder is new or
 *   the index is deleted.
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

export function looksLikeManifest(value: unknown, id: string): value is RenderManifest {
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

export async function readIndexEntries(home: string): Promise<Map<string, unknown> | null> {
  try {
    const lines = await readIndexLines(indexPath(home));
    if (lines !== 'other-layout') return lines && entriesOf(lines);
    return parseWholeIndex(await readFile(indexPath(home), 'utf8'));
  } catch {
    return null; // missing or corrupt: a full scan rebuilds it
  }
}

/**
 * A journal's file name says whose it is: pid.start.token.host (host in base64url), the token
 * followed by ~beacon~boot when the owner has them (older versions read that whole part as
 * the token and judge the owner by pid, as they always did).
 */
export function journalFileName(owner: Owner): string {
  const host = Buffer.from(owner.host).toString('base64url');
  const extra = owner.beacon || owner.boot ? `~${owner.beacon ?? ''}~${owner.boot ?? ''}` : '';
  return `${owner.pid}.${owner.start || '0'}.${owner.token}${extra}.${host}`;
}

function ownerOfJournal(name: string): Owner | null {
  const parts = name.split('.');
  if (parts.length !== 4) return null;
  const [pid, start, tokenPart, host] = parts as [string, string, string, string];
  const [token, beacon, boot] = tokenPart.split('~');
  if (!/^\d+$/.test(pid) || !/^\d+$/.test(start) || !token) return null;
  const owner: Owner = {
    pid: Number(pid),
    start: start === '0' ? '' : start,
    token,
    host: Buffer.from(host, 'base64url').toString(),
    ...(beacon ? { beacon } : {}),
    ...(boot ? { boot } : {}),
  };
  return isOwner(owner) ? owner : null;
}

async function idsIn(path: string): Promise<string[]> {
  try {
    return (await readFile(path, 'utf8')).split('\n').filter((line) => isRenderId(line));
  } catch {
    return []; // gone (its owner emptied or removed it) or unreadable: it names nothing now
  }
}

export interface JournalScan {
  /** Every id any journal (but `me`'s) names. */
  ids: Set<string>;
  /** Ids named by journals of live owners, per journal path. */
  live: Map<string, string[]>;
  /** Journals whose owner is gone (and the legacy shared journal): merged by the next writer. */
  dead: string[];
  /** The owners of those journals, where known (their leftover beacons go with them). */
  deadOwners: Owner[];
}

/** Reads every journal but `me`'s own. */
export async function scanJournals(home: string, me?: Owner): Promise<JournalScan> {
  const scan: JournalScan = { ids: new Set(), live: new Map(), dead: [], deadOwners: [] };
  const dirents = await readdir(journalsDir(home), { withFileTypes: true }).catch(() => []);
  // Regular files only: a FIFO or a folder is nobody's journal and must not block a read.
  if ((await stat(journalPath(home)).catch(() => null))?.isFile()) {
    for (const id of await idsIn(journalPath(home))) scan.ids.add(id);
    scan.dead.push(journalPath(home));
  }
  for (const dirent of dirents) {
    if (!dirent.isFile()) continue;
    const owner = ownerOfJournal(dirent.name);
    if (owner && me && sameOwner(owner, me)) continue;
    const path = join(journalsDir(home), dirent.name);
    const ids = await idsIn(path);
    for (const id of ids) scan.ids.add(id);
    if (owner && (await isAlive(owner, home))) scan.live.set(path, ids);
    else {
      scan.dead.push(path);
      if (owner) scan.deadOwners.push(owner);
    }
  }
  return scan;
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

export interface LoadOptions {
  /** This library instance: its own journal is not someone else's. */
  me?: Owner;
  /** The journals read before loading (a caller that already scanned them). */
  journals?: JournalScan;
  /** Every render.json is read; index.json and the journals are not trusted (a full scan). */
  scanOnly?: boolean;
}

/** A render folder without render.json (repair removes it when it is empty and old). */
export const missingManifestProblem = (id: string) =>
  `Render ${id}: render.json is missing; skipped`;

/** Loads every render: from the index where it can be trusted, from render.json otherwise. */
export async function loadIndex(
  home: string,
  options: LoadOptions = {},
): Promise<LoadedIndex & { journals: JournalScan }> {
  const [folders, indexed, journals] = await Promise.all([
    listRenderFolders(home).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return { ids: [], strays: [] }; // a library never written to
      throw error;
    }),
    options.scanOnly ? null : readIndexEntries(home),
    options.scanOnly
      ? { ids: new Set<string>(), live: new Map(), dead: [], deadOwners: [] }
      : (options.journals ?? scanJournals(home, options.me)),
  ]);
  const journal = journals.ids;
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
    else if (result.kind === 'missing') problems.push(missingManifestProblem(id));
    else problems.push(result.problem);
  });
  const changed =
    indexed === null ||
    journals.dead.length > 0 ||
    toScan.length > 0 ||
    indexed.size !== entries.size;
  return { entries, problems, changed, journals };
}

export async function writeIndex(home: string, manifests: Iterable<RenderManifest>): Promise<void> {
  // One JSON document (same shape as IndexFile), laid out one manifest per line so that
  // readIndexLines can parse it piece by piece. JSON.stringify never writes a raw newline.
  const lines = Array.from(manifests, (m) => JSON.stringify(m));
  const body = lines.length === 0 ? '' : `${lines.join(',\n')}\n`;
  const path = indexPath(home);
  await withDiskErrors(
    path,
    () => writeFileAtomic(path, `${INDEX_HEAD}\n${body}${INDEX_TAIL}\n`),
    INDEX_THEN,
  );
}

/** The next step after fixing a place index.json could not be written in. */
export const INDEX_THEN =
  'then the next Kling Studio command or app start rebuilds the index (every render is safe in its own render.json)';
