/** `kling-studio show` and `delete`: one render, read or moved to the OS trash. */
import { canAttachRun } from '../../../shared/attach';
import { formatCredits } from '../../../shared/credits';
import { renderNotFound } from '../../../shared/errors';
import type { RenderManifest } from '../../../shared/job';
import { AGENT_CATALOGUE, MODEL_CATALOGUE } from '../../../shared/models';
import type { Library } from '../../library/library';
import { nodeTrashItem, trashName } from '../../library/os-trash';
import { createPendingTrash } from '../../library/pending-trash';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { formatBytes } from '../job-result';
import { describeMissing, missingVideosOf } from '../missing-videos';
import { withLibrary } from '../open-library';
import { attentionHint, printJson, printLine } from '../output';
import { inputPictures, READ_ONLY, videoPaths } from './list';

/** "kling-O1 (Kling O1 · Text or references)": the agent and the mode that made a render. */
const agentLine = (m: RenderManifest) =>
  `${m.request.agent} (${AGENT_CATALOGUE[m.request.agent].label}: ${MODEL_CATALOGUE[m.request.model].mode})`;

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

async function mustRead(library: Library, id: string) {
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
