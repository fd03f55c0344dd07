/**
 * `kling-studio list`: one page of the library, straight from its index. Kept apart from
 * show and delete (library.ts), so the most common command loads the library's query path
 * and nothing else (no trash, no media checks).
 */
import { join } from 'node:path';
import { KlingError } from '../../../shared/errors';
import { JobState, LibraryQuery, type RenderManifest } from '../../../shared/job';
import { AGENT_CATALOGUE, MODEL_CATALOGUE } from '../../../shared/models';
import { describeIssues } from '../../../shared/render-request';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { withLibrary } from '../open-library';
import { printJson, printLine } from '../output';

const PROMPT_EXCERPT = 48;
/** list and show only look: no index rewrite, no repair, no journal (other processes may be working). */
export const READ_ONLY = { readOnly: true };

export const videoPaths = (folder: string, m: RenderManifest) =>
  m.videos.flatMap((v) => (v.file ? [join(folder, v.file)] : []));

/**
 * Every input picture of a render under what it is for its agent, in params.images order:
 * "first frame" / "end frame", "character", or "image 1"…"image 4" (what the prompt calls them).
 */
export function inputPictures(m: RenderManifest): [string, string][] {
  const r = m.request;
  const role = MODEL_CATALOGUE[r.model].imageRole;
  const pictures = [r.image, ...(r.moreImages ?? [])].filter((p): p is string => p !== undefined);
  const named = pictures.map((picture, i): [string, string] => [
    role === 'references' ? `image ${i + 1}` : role === 'character' ? 'character' : 'first frame',
    picture,
  ]);
  if (r.endFrame !== undefined) named.push(['end frame', r.endFrame]);
  return named;
}

const excerpt = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** "2025-03-01 10:00" in local time: enough to recognise a render. */
function shortDate(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** What `list` takes on the command line (commander hands numbers over as text). */
export interface ListOptions {
  json?: boolean;
  limit?: string;
  offset?: string;
  search?: string;
  state?: string;
  agent?: string;
  model?: string;
}

/** The table's page when --limit is not given (--json answers the same page). */
const DEFAULT_LIST_LIMIT = 50;

function wholeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text))
    throw new KlingError('invalid-input', `${flag} takes a whole number (got "${text}")`);
  return Number(text);
}

/** The page `list` asks the library for; a bad flag is refused before the library opens. */
export function listQuery(options: ListOptions): LibraryQuery {
  const parsed = LibraryQuery.safeParse({
    sort: 'newest',
    limit: wholeNumber('--limit', options.limit) ?? DEFAULT_LIST_LIMIT,
    offset: wholeNumber('--offset', options.offset) ?? 0,
    ...(options.search !== undefined ? { text: options.search } : {}),
    ...(options.state !== undefined ? { state: options.state } : {}),
    ...(options.agent !== undefined ? { agent: options.agent } : {}),
    ...(options.model !== undefined ? { model: options.model } : {}),
  });
  if (!parsed.success) {
    throw new KlingError(
      'invalid-input',
      `${describeIssues(parsed.error)} (states: ${JobState.options.join(', ')}; agents: ${Object.keys(AGENT_CATALOGUE).join(', ')}; --limit 1 to 20000)`,
    );
  }
  return parsed.data;
}

/** `list`: newest first, one page (--limit, --offset), filtered by --search/--state/--agent/--model. */
export function list(io: CliIo, options: ListOptions): Promise<number> {
  const query = listQuery(options);
  return withLibrary(
    io,
    async (library) => {
      const { items, total } = await library.list(query);
      if (options.json) {
        printJson(io, {
          total,
          items: items.map((m) => ({
            id: m.id,
            state: m.state,
            agent: m.request.agent,
            mode: MODEL_CATALOGUE[m.request.model].mode,
            model: m.request.model,
            duration: m.request.duration,
            batchCount: m.request.batchCount,
            createdAt: m.createdAt,
            prompt: m.request.prompt,
            // Every input picture, in the order WeShop gets them, and the reference video.
            images: inputPictures(m).map(([role, path]) => ({ role, path })),
            referenceVideo: m.request.referenceVideo ?? null,
            aspectRatio: m.request.aspectRatio ?? null,
            executionId: m.executionId ?? null,
            videos: videoPaths(library.folderOf(m.id), m),
            // A problem seen while the render goes on by itself (e.g. polls failing).
            warning: m.warning ?? null,
          })),
        });
        return EXIT.ok;
      }
      if (total === 0 && query.offset === 0 && !isFiltered(options)) {
        printLine(io, `No renders yet (library: ${library.home}).`);
        return EXIT.ok;
      }
      printTable(io, items);
      const shown = `${items.length === 0 ? 0 : query.offset + 1}–${query.offset + items.length}`;
      const more =
        query.offset + items.length < total
          ? ` (next page: --offset ${query.offset + items.length})`
          : '';
      printLine(io, `${shown} of ${total} render${total === 1 ? '' : 's'}${more}`);
      return EXIT.ok;
    },
    READ_ONLY,
  );
}

const isFiltered = (o: ListOptions) =>
  [o.search, o.state, o.agent, o.model].some((value) => value !== undefined);

function printTable(io: CliIo, items: RenderManifest[]): void {
  if (items.length === 0) return;
  const rows = items.map((m) => [
    m.id,
    // "partial 1/2": how much of the batch WeShop delivered.
    m.state === 'partial' ? `partial ${m.videos.length}/${m.request.batchCount}` : m.state,
    m.request.agent,
    m.request.model,
    shortDate(m.createdAt),
    excerpt(m.request.prompt, PROMPT_EXCERPT),
  ]);
  const header = ['ID', 'STATE', 'AGENT', 'MODEL', 'CREATED', 'PROMPT'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  for (const row of [header, ...rows]) {
    printLine(
      io,
      row.map((cell, c) => (c < row.length - 1 ? cell.padEnd(widths[c] ?? 0) : cell)).join('  '),
    );
  }
}
