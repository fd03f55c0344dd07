import { join } from 'node:path';
import { canAttachRun } from '../../../shared/attach';
import { formatCredits } from '../../../shared/credits';
import { KlingError, messageOf, renderNotFound } from '../../../shared/errors';
import { JobState, LibraryQuery, type RenderManifest } from '../../../shared/job';
import { AGENT_CATALOGUE, MODEL_CATALOGUE } from '../../../shared/models';
import { describeIssues } from '../../../shared/render-request';
import { nodeTrashItem, trashName } from '../../library/os-trash';
import { createPendingTrash } from '../../library/pending-trash';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { formatBytes } from '../job-result';
import { describeMissing, missingVideosOf } from '../missing-videos';
import { attentionHint, printJson, printLine } from '../output';
import { openLibrary } from '../session';

const PROMPT_EXCERPT = 48;
/** list and show only look: no index rewrite, no repair, no journal (other processes may be working). */
const READ_ONLY = { readOnly: true };

const videoPaths = (folder: string, m: RenderManifest) =>
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

/** "kling-O1 (Kling O1 · Text or references)": the agent and the mode that made a render. */
const agentLine = (m: RenderManifest) =>
  `${m.request.agent} (${AGENT_CATALOGUE[m.request.agent].label}: ${MODEL_CATALOGUE[m.request.model].mode})`;

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

async function withLibrary<T>(
  io: CliIo,
  use: (library: ReturnType<typeof openLibrary>) => Promise<T>,
  access: { readOnly: boolean },
) {
  const library = openLibrary(io, access);
  try {
    return await use(library);
  } finally {
    // What the command did is in render.json (the truth, decision 0002): an index that cannot
    // be written is a warning, never a failed delete of a render that is gone.
    await library.close().catch((error: unknown) => {
      io.stderr.write(`warning: the library index was not saved: ${messageOf(error)}\n`);
    });
  }
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

/** "20 credits (balance after: 980 credits)", as WeShop reported them at the start. */
function creditsLine(m: RenderManifest): string | undefined {
  const spent = m.credits?.powerConsumption;
  if (spent === undefined) return undefined;
  const balance = m.credits?.powerBalanceAmount;
  return balance === undefined
    ? formatCredits(spent)
    : `${formatCredits(spent)} (balance after: ${formatCredits(balance)})`;
}

/** "Kling_V3_Omni, 5s, 9:16, audio off, 2 video(s)": the settings as sent (no duration where none is). */
function settingsLine(m: RenderManifest): string {
  const r = m.request;
  const spec = MODEL_CATALOGUE[r.model];
  return [
    r.model,
    ...(spec.sendsDuration ? [r.duration] : ['length of the reference video']),
    ...(r.aspectRatio !== undefined ? [r.aspectRatio] : []),
    ...(spec.sendsAudio ? [`audio ${r.generateAudio ? 'on' : 'off'}`] : []),
    `${r.batchCount} video(s)`,
  ].join(', ');
}

async function mustRead(library: ReturnType<typeof openLibrary>, id: string) {
  const manifest = await library.read(id);
  if (!manifest) throw renderNotFound(id, 'see `kling-studio list`');
  return manifest;
}

/** `show <id>`: the manifest as stored, plus where its files are. */
export function show(io: CliIo, id: string, options: { json?: boolean }): Promise<number> {
  return withLibrary(
    io,
    async (library) => {
      const m = await mustRead(library, id);
      const folder = library.folderOf(id);
      const paths = videoPaths(folder, m);
      if (options.json) {
        printJson(io, { ...m, folder, videoPaths: paths });
        return EXIT.ok;
      }
      // A partial render's missing videos: offered, being rendered, or rendered by another.
      const missing = await missingVideosOf(library, m);
      const lines: [string, string | undefined][] = [
        ['id', m.id],
        ['state', m.remoteState ? `${m.state} (WeShop: ${m.remoteState})` : m.state],
        ['created', m.createdAt],
        ['agent', agentLine(m)],
        ['model', settingsLine(m)],
        ...inputPictures(m).map(([role, path]): [string, string] => [
          'picture',
          `${path} (${role})`,
        ]),
        [
          'video',
          m.request.referenceVideo ? `${m.request.referenceVideo} (reference video)` : undefined,
        ],
        ['prompt', m.request.prompt],
        ['run id', m.executionId],
        ['named', m.taskName ? `${m.taskName} (how your WeShop history lists its run)` : undefined],
        ['set', m.setId],
        [
          'after',
          m.continuedFrom
            ? `continues video ${m.continuedFrom.videoIndex + 1} of ${m.continuedFrom.id} (its last frame)`
            : undefined,
        ],
        ['videos', describeMissing(m, missing.status, missing.followUp)],
        ['credits', creditsLine(m)],
        ['WeShop', m.serverMessage],
        ['warning', m.warning],
        ['error', m.error?.message],
        // The way back for a start whose outcome is unknown: attach the run, no new charge.
        ['next', canAttachRun(m) ? attentionHint(m.id) : undefined],
        ['folder', folder],
      ];
      for (const [label, value] of lines) if (value) printLine(io, `${label.padEnd(8)} ${value}`);
      for (const path of paths) printLine(io, `video    ${path}`);
      return EXIT.ok;
    },
    READ_ONLY,
  );
}

/**
 * `delete <id> [--yes]`: moves the render's folder to the OS trash (the `trash` package: the
 * freedesktop.org Trash, the Finder's Trash, the Recycle Bin) and says where it went and how much
 * left the library. The library refuses (exit 2, saying why) a render another process drives,
 * one whose start may be in flight, and, without `--yes`, one WeShop may still be charging for
 * (remove-render.ts). The folder is set aside first (pending-trash.ts), so a failed trash leaves
 * it in <home>/trash-pending, which the message names (and the app's next start trashes).
 */
export function remove(io: CliIo, id: string, options: { yes?: boolean } = {}): Promise<number> {
  return withLibrary(
    io,
    async (library) => {
      await mustRead(library, id);
      const trash = createPendingTrash({
        home: library.home,
        library,
        trashItem: io.trashItem ?? nodeTrashItem,
        // The failure is thrown with the folder's place; the log line is for support.
        warn: () => undefined,
      });
      const { freedBytes } = await trash.remove(id, { confirmPaidRun: options.yes === true });
      const moved = await trash.trashNow(id);
      const where = moved?.trashedTo
        ? `the trash: ${moved.trashedTo}`
        : trashName(process.platform);
      printLine(io, `Moved ${id} to ${where} (${formatBytes(freedBytes)} left the library)`);
      return EXIT.ok;
    },
    { readOnly: false },
  );
}
