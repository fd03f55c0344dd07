import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppError } from '../../shared/errors';
import type { JobState, RenderManifest } from '../../shared/job';

/** What --json prints per render: the same shape for generate, batch and resume. */
export interface JobResult {
  id: string;
  state: JobState;
  executionId: string | null;
  /** Absolute paths of the videos that are on disk. */
  videos: string[];
  error?: AppError;
}

const isFileOnDisk = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

/**
 * The result of one render, and whether it is complete: done, with every video WeShop made
 * actually on disk (a manifest alone is not proof enough for exit code 0).
 */
export async function jobResult(
  manifest: RenderManifest,
  folder: string,
): Promise<{ result: JobResult; complete: boolean }> {
  const paths = manifest.videos.flatMap((video) => (video.file ? [join(folder, video.file)] : []));
  const present = await Promise.all(paths.map(isFileOnDisk));
  const videos = paths.filter((_, i) => present[i]);
  const result: JobResult = {
    id: manifest.id,
    state: manifest.state,
    executionId: manifest.executionId ?? null,
    videos,
  };
  if (manifest.error) result.error = manifest.error;
  const complete =
    manifest.state === 'done' &&
    manifest.videos.length > 0 &&
    videos.length === manifest.videos.length;
  return { result, complete };
}

/** "3.4 MB": sizes for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
