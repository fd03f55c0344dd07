import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppError } from '../../shared/errors';
import {
  isFailedWithUnknownStart,
  isTerminal,
  type JobState,
  missingVideoCount,
  type RenderManifest,
} from '../../shared/job';
import type { AgentName } from '../../shared/models';
import type { RenderRequest } from '../../shared/render-request';
import type { JobOutcome } from './exit-codes';

/** What --json prints per render: the same shape for generate, batch, resume and retry. */
export interface JobResult {
  id: string;
  state: JobState;
  /**
   * The WeShop agent that made (or makes) it: kling, kling-v3-omni, kling-O1 or
   * kling-motion-control (absent only for a render no longer in the library).
   */
  agent?: AgentName;
  executionId: string | null;
  /** How many videos were asked for (a partial render has fewer in `videos`). */
  batchCount: number;
  /** Absolute paths of the videos that are on disk. */
  videos: string[];
  error?: AppError;
  /** WeShop's own words (e.g. why part of a batch was not delivered). */
  serverMessage?: string;
  /** A problem seen while the render was still going by itself (e.g. polls failing). */
  warning?: string;
  /** The picture the video ends on, when one was asked for (as given: a path or a URL). */
  endFrame?: string;
  /** The hosted reference video's URL, when one was given. */
  referenceVideo?: string;
  /** The frame shape asked for (Omni, O1 references without a reference video). */
  aspectRatio?: string;
}

/** The agent and the inputs beyond the first picture, as every --json result says them. */
export function requestFacts(
  request: RenderRequest,
): Pick<JobResult, 'agent' | 'endFrame' | 'referenceVideo' | 'aspectRatio'> {
  return {
    agent: request.agent,
    ...(request.endFrame !== undefined ? { endFrame: request.endFrame } : {}),
    ...(request.referenceVideo !== undefined ? { referenceVideo: request.referenceVideo } : {}),
    ...(request.aspectRatio !== undefined ? { aspectRatio: request.aspectRatio } : {}),
  };
}

const isFileOnDisk = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

/**
 * The result of one render, whether it is complete (done, with every video WeShop made
 * actually on disk: a manifest alone is not proof enough for exit code 0), and its outcome
 * for the exit code.
 */
export async function jobResult(
  manifest: RenderManifest,
  folder: string,
): Promise<{ result: JobResult; complete: boolean; outcome: JobOutcome }> {
  const paths = manifest.videos.flatMap((video) => (video.file ? [join(folder, video.file)] : []));
  const present = await Promise.all(paths.map(isFileOnDisk));
  const videos = paths.filter((_, i) => present[i]);
  const result: JobResult = {
    id: manifest.id,
    state: manifest.state,
    executionId: manifest.executionId ?? null,
    batchCount: manifest.request.batchCount,
    videos,
    ...requestFacts(manifest.request),
  };
  if (manifest.error) result.error = manifest.error;
  if (manifest.serverMessage) result.serverMessage = manifest.serverMessage;
  if (manifest.warning && !isTerminal(manifest.state)) result.warning = manifest.warning;
  const allOnDisk = manifest.videos.length > 0 && videos.length === manifest.videos.length;
  const complete = manifest.state === 'done' && allOnDisk;
  return { result, complete, outcome: outcomeOf(manifest, complete, allOnDisk) };
}

function outcomeOf(manifest: RenderManifest, complete: boolean, allOnDisk: boolean): JobOutcome {
  if (complete) return 'ok';
  // Partial counts as such only when what WeShop did deliver is really on disk.
  if (manifest.state === 'partial' && allOnDisk && missingVideoCount(manifest) > 0) {
    return 'partial';
  }
  if (manifest.state === 'needs-attention' || isFailedWithUnknownStart(manifest)) {
    return 'needs-attention';
  }
  return 'failed';
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
