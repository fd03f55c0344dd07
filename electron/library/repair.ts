import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { RenderManifest } from '../../shared/job';
import { PART_SUFFIX, renderDir } from './layout';
import { mapLimit } from './serialize';

export interface RepairReport {
  /** "<id>/<file>" of every stray .part file deleted. */
  removedPartFiles: string[];
  /** Renders that were done but lost a video file: now 'downloading' again (the engine resumes them). */
  redownload: string[];
  /** Done renders that lost a video file and have no URL to fetch it from again. */
  unrecoverable: string[];
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
}: RepairDeps): Promise<RepairReport> {
  const report: RepairReport = { removedPartFiles: [], redownload: [], unrecoverable: [] };
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
