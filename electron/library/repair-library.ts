import type { RenderManifest } from '../../shared/job';
import type { createClaims } from './claims';
import { missingManifestProblem } from './index-file';
import { type RepairReport, removeEmptyRenderFolders, repairDoneRenders } from './repair';
import { removeStaleTempFiles } from './stale-temp-files';

type Mutation = (manifest: RenderManifest) => RenderManifest | undefined;

export interface RepairLibraryDeps {
  home: string;
  /** A page of the done renders, oldest first (repair reads them a page at a time). */
  doneRenders(offset: number, limit: number): RenderManifest[];
  claims: ReturnType<typeof createClaims>;
  /** When this library instance was created (real time): older leftovers are safe to remove. */
  createdAtMs: number;
  update(id: string, mutate: Mutation): Promise<RenderManifest>;
  now(): Date;
  /** Adds a line to the library's problems (what repair found and did). */
  report(problem: string): void;
  /** Drops a problem that repair has just fixed. */
  forget(problem: string): void;
}

/**
 * Library.repair: done renders missing a video are marked to download it again, stray .part
 * and temporary files are removed, and empty render folders an interrupted create left behind
 * (not driven by any process) are removed; each finding is reported.
 */
export async function repairLibrary(deps: RepairLibraryDeps): Promise<RepairReport> {
  const { home, claims, report } = deps;
  const result = await repairDonePages(deps);
  for (const part of result.removedPartFiles)
    report(`Removed an unfinished download left behind: ${part}`);
  for (const temp of await removeStaleTempFiles(home, deps.createdAtMs))
    report(`Removed a temporary file left by an interrupted write: ${temp}`);
  const removedEmptyFolders = await removeEmptyRenderFolders({
    home,
    olderThanMs: deps.createdAtMs,
    isDriven: async (id) => (await claims.driver(id)) !== null,
    report,
  });
  for (const id of removedEmptyFolders) {
    deps.forget(missingManifestProblem(id)); // repaired: no longer a problem
    report(`Removed an empty render folder left by an interrupted start: ${id}`);
  }
  for (const id of result.redownload)
    report(`Render ${id}: a video file was missing; downloading it again`);
  for (const id of result.unrecoverable) {
    report(`Render ${id}: a video file is missing and WeShop's link to it is unknown`);
  }
  return { ...result, removedEmptyFolders };
}

const REPAIR_PAGE = 1_000;

/** repairDoneRenders over every done render, a page at a time (never the library whole). */
async function repairDonePages(deps: RepairLibraryDeps) {
  const total: Awaited<ReturnType<typeof repairDoneRenders>> = {
    removedPartFiles: [],
    redownload: [],
    unrecoverable: [],
    skipped: [],
  };
  // Pages are taken before any repair: a render sent back to downloading leaves 'done', which
  // would shift the pages under the offset.
  const pages: RenderManifest[][] = [];
  for (let offset = 0; ; offset += REPAIR_PAGE) {
    const page = deps.doneRenders(offset, REPAIR_PAGE);
    if (page.length === 0) break;
    pages.push(page.map((m) => structuredClone(m)));
    if (page.length < REPAIR_PAGE) break;
  }
  for (const manifests of pages) {
    const result = await repairDoneRenders({
      home: deps.home,
      manifests,
      claims: deps.claims,
      markForRedownload: (id, missingFiles) =>
        deps.update(id, markForRedownload(missingFiles, deps.now())).then(() => undefined),
    });
    for (const key of Object.keys(total) as (keyof typeof total)[])
      (total[key] as unknown[]).push(...result[key]);
  }
  return total;
}

/** A done render whose video files are gone goes back to downloading just those. */
function markForRedownload(missingFiles: readonly string[], at: Date): Mutation {
  return (m) => {
    for (const video of m.videos) {
      if (!missingFiles.includes(video.file ?? `video ${video.index + 1}`)) continue;
      delete video.file;
      delete video.bytes;
    }
    m.state = 'downloading';
    m.history.push({
      state: 'downloading',
      at: at.toISOString(),
      message: 'A video file was missing; downloading it again',
    });
    return undefined;
  };
}
