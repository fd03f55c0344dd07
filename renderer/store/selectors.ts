import { type DownloadProgress, isTerminal, type RenderView } from '../../shared/job';
import { heldItems } from './library-pages';
import type { AppState } from './types';

/** The Queue's jobs, oldest first (ids the store follows, minus any it no longer knows). */
export const selectQueueJobs = (state: AppState): RenderView[] =>
  state.queueIds.flatMap((id) => state.jobs[id] ?? []);

/** The held window of the Library's list, in main's order (not the whole list). */
export const selectLibraryItems = (state: AppState): RenderView[] => heldItems(state.libraryPages);

/**
 * How many known renders have a cost WeShop reported: it grows when a render is paid, which
 * is when the ledger (and so the last balance) is worth reading again.
 */
export const selectCostedRenderCount = (state: AppState): number =>
  Object.values(state.jobs).reduce(
    (count, job) => (job.credits?.powerConsumption === undefined ? count : count + 1),
    0,
  );

/** null until the first key:status answer, so the app does not flash the first-run panel. */
export const selectKeyMissing = (state: AppState): boolean | null =>
  state.keyStatus === null ? null : !state.keyStatus.set;

export interface JobDownload {
  receivedBytes: number;
  /** null when any video's size is still unknown (show an indeterminate bar). */
  totalBytes: number | null;
}

/** A job's download progress summed across its videos; null before the first event. */
export function summarizeDownload(
  byVideo: Record<number, DownloadProgress> | undefined,
): JobDownload | null {
  if (!byVideo) return null;
  const entries = Object.values(byVideo);
  if (entries.length === 0) return null;
  let receivedBytes = 0;
  let totalBytes: number | null = 0;
  for (const entry of entries) {
    receivedBytes += entry.receivedBytes;
    totalBytes =
      totalBytes === null || entry.totalBytes === null ? null : totalBytes + entry.totalBytes;
  }
  return { receivedBytes, totalBytes };
}

export const selectActiveCount = (state: AppState): number =>
  state.queueIds.filter((id) => {
    const job = state.jobs[id];
    return job !== undefined && !isTerminal(job.state);
  }).length;
