import { readdir, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { messageOf } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { isRenderId } from './ids';
import { claimDir, PART_SUFFIX, renderDir, rendersDir } from './layout';
import { mapLimit } from './serialize';

export interface RepairReport {
  /** "<id>/<file>" of every stray .part file deleted. */
  removedPartFiles: string[];
  /** Renders that were done but lost a video file: now 'downloading' again (the engine resumes them). */
  redownload: string[];
  /** Done renders that lost a video file and have no URL to fetch it from again. */
  unrecoverable: string[];
  /** Ids of render folders with nothing in them (a start interrupted before its render.json). */
  removedEmptyFolders: string[];
}

interface RepairDeps {
  home: string;
  manifests: readonly RenderManifest[];
  markForRedownload: (id: string, missingFiles: readonly string[]) => Promise<void>;
}

/**
 * Only 'done' renders are checked: in every other state a .part file is a download the
 * engine will resume, and a missing video is simply not downloaded yet.
 */
export async function repairDoneRenders({
  home,
  manifests,
  markForRedownload,
}: RepairDeps): Promise<Omit<RepairReport, 'removedEmptyFolders'>> {
  const report = {
    removedPartFiles: [] as string[],
    redownload: [] as string[],
    unrecoverable: [] as string[],
  };
  const done = manifests.filter((m) => m.state === 'done');
  await mapLimit(done, 16, async (m) => {
    const folder = renderDir(home, m.id);
    const names = new Set(await readdir(folder).catch(() => [] as string[]));
    for (const name of names) {
      if (!name.endsWith(PART_SUFFIX)) continue;
      await unlink(join(folder, name)).catch(() => undefined);
      report.removedPartFiles.push(`${m.id}/${name}`);
    }
    const missing = m.videos.filter((v) => !v.file || !names.has(v.file));
    if (missing.length === 0) return;
    if (missing.every((v) => v.url)) {
      await markForRedownload(
        m.id,
        missing.map((v) => v.file ?? `video ${v.index + 1}`),
      );
      report.redownload.push(m.id);
    } else {
      report.unrecoverable.push(m.id);
    }
  });
  return report;
}

interface EmptyFolderDeps {
  home: string;
  /** Real time (ms) this library instance started: only folders from before are looked at. */
  olderThanMs: number;
  /** True while a live process holds the render's claim (claims.ts driver). */
  isDriven: (id: string) => Promise<boolean>;
  report: (problem: string) => void;
}

/**
 * create() makes a render's folder, claims it, then writes its render.json: a process killed in
 * between leaves an empty folder that no manifest explains (the index skips it). Removes such
 * folders, and their claim folders, returning their ids. Left alone: a folder made after this
 * library instance started, or one whose claim a live process holds (a create in progress in
 * another process), and any folder with anything in it: rmdir refuses a folder that is not
 * empty, even one a file reached a moment after it was listed.
 */
export async function removeEmptyRenderFolders(deps: EmptyFolderDeps): Promise<string[]> {
  const { home, olderThanMs, isDriven, report } = deps;
  const dirents = await readdir(rendersDir(home), { withFileTypes: true }).catch(() => []);
  const candidates = dirents.filter((d) => d.isDirectory() && isRenderId(d.name));
  const removed = await mapLimit(candidates, 16, async ({ name: id }) => {
    const folder = renderDir(home, id);
    const [names, info] = await Promise.all([
      readdir(folder).catch(() => null),
      stat(folder).catch(() => null),
    ]);
    if (names === null || names.length > 0 || !info || info.mtimeMs >= olderThanMs) return null;
    if (await isDriven(id)) return null;
    try {
      await rmdir(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Filled or removed since it was listed: someone else's business now.
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT')
        report(`Could not remove the empty render folder ${folder}: ${messageOf(error)}`);
      return null;
    }
    await rm(claimDir(home, id), { recursive: true, force: true }).catch((error: unknown) =>
      report(`Could not remove the claim folder of render ${id}: ${messageOf(error)}`),
    );
    return id;
  });
  return removed.filter((id): id is string => id !== null);
}
