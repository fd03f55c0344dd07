import { readdir, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { KlingError, messageOf } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import type { createClaims } from './claims';
import { isRenderId } from './ids';
import { claimDir, PART_SUFFIX, renderDir, rendersDir } from './layout';
import { readManifestFile } from './manifest-file';
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
  /**
   * Done renders that looked as if they lost a video but were left alone: another live
   * process holds them (it may be deleting them this very moment), they were deleted, or they
   * changed meanwhile. Nothing is wrong with the library: the caller logs them.
   */
  skipped: RepairSkip[];
}

export interface RepairSkip {
  id: string;
  why: 'driven-elsewhere' | 'gone' | 'changed';
  /** Who drives it ('driven-elsewhere'). */
  owner?: string;
}

type Claims = Pick<ReturnType<typeof createClaims>, 'claim' | 'release' | 'forget' | 'holds'>;

interface RepairDeps {
  home: string;
  /** The index's view of the library (it may be behind other processes). */
  manifests: readonly RenderManifest[];
  claims: Claims;
  /** Sends these videos of a done render back to 'downloading' (library.update). */
  markForRedownload: (id: string, missingFiles: readonly string[]) => Promise<void>;
}

type DoneRenderReport = Omit<RepairReport, 'removedEmptyFolders'>;

/** The videos of a done render whose file is not in its folder (`names`). */
const missingVideos = (m: RenderManifest, names: ReadonlySet<string>) =>
  m.videos.filter((v) => !v.file || !names.has(v.file));

const listFolder = async (home: string, id: string) =>
  new Set(await readdir(renderDir(home, id)).catch(() => [] as string[]));

/**
 * Only 'done' renders are checked: in every other state a .part file is a download the
 * engine will resume, and a missing video is simply not downloaded yet.
 */
export async function repairDoneRenders(deps: RepairDeps): Promise<DoneRenderReport> {
  const report: DoneRenderReport = {
    removedPartFiles: [],
    redownload: [],
    unrecoverable: [],
    skipped: [],
  };
  const done = deps.manifests.filter((m) => m.state === 'done');
  await mapLimit(done, 16, async (m) => {
    const folder = renderDir(deps.home, m.id);
    const names = await listFolder(deps.home, m.id);
    for (const name of names) {
      if (!name.endsWith(PART_SUFFIX)) continue;
      await unlink(join(folder, name)).catch(() => undefined);
      report.removedPartFiles.push(`${m.id}/${name}`);
    }
    if (missingVideos(m, names).length === 0) return;
    const outcome = await repairUnderClaim(deps, m.id);
    if (outcome === 'redownload') report.redownload.push(m.id);
    else if (outcome === 'unrecoverable') report.unrecoverable.push(m.id);
    else report.skipped.push(outcome);
  });
  return report;
}

/**
 * A done render that seems to miss a video, looked at again while this process holds its
 * claim: a folder read a moment ago may have been half deleted by another process (delete
 * holds the claim while it removes the folder), and a render another live process holds is
 * that process's business. A render deleted meanwhile is skipped, and its claim folder,
 * made by the claim, goes again: nothing of it comes back.
 */
async function repairUnderClaim(
  deps: RepairDeps,
  id: string,
): Promise<'redownload' | 'unrecoverable' | RepairSkip> {
  const { claims } = deps;
  // Held by this very instance (it created the render): it stays held after the repair.
  const heldBefore = claims.holds(id);
  const claimed = await claims.claim(id);
  if (!claimed.ok) return { id, why: 'driven-elsewhere', owner: claimed.owner };
  let outcome: Awaited<ReturnType<typeof repairClaimed>> | undefined;
  try {
    outcome = await repairClaimed(deps, id);
  } finally {
    // The engine claims what it resumes itself (resume-jobs.ts); a deleted render's claim
    // folder goes with it, as after a delete.
    if (!heldBefore) await (outcome === 'gone' ? claims.forget(id) : claims.release(id));
  }
  return outcome === 'redownload' || outcome === 'unrecoverable' ? outcome : { id, why: outcome };
}

/** render.json and the folder as they are now, with the claim held. */
async function repairClaimed(
  deps: RepairDeps,
  id: string,
): Promise<'redownload' | 'unrecoverable' | 'gone' | 'changed'> {
  const read = await readManifestFile(deps.home, id);
  if (read.kind === 'missing') return 'gone';
  // Unreadable now (the index reports that): nothing to repair from.
  if (read.kind === 'invalid' || read.manifest.state !== 'done') return 'changed';
  const missing = missingVideos(read.manifest, await listFolder(deps.home, id));
  if (missing.length === 0) return 'changed';
  if (!missing.every((v) => v.url)) return 'unrecoverable';
  try {
    await deps.markForRedownload(
      id,
      missing.map((v) => v.file ?? `video ${v.index + 1}`),
    );
  } catch (error) {
    // Removed by hand (a delete would have waited for the claim): nothing left to repair.
    if (error instanceof KlingError && error.kind === 'not-found') return 'gone';
    throw error;
  }
  return 'redownload';
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
