import type { DownloadProgress, RenderManifest } from '../../../shared/job';
import { formatBytes } from '../job-result';
import { activeWarning, elapsedSeconds, type ProgressReporter, stateLabel } from './types';

export interface LineProgressOptions {
  /** Receives one line at a time, without the newline. */
  write: (line: string) => void;
  now?: () => number;
  /** Least time between two byte-progress lines of one render. Default 3 s. */
  bytesIntervalMs?: number;
}

interface Tracked {
  firstSeenMs: number;
  label: string;
  videoCount: number;
  lastBytesLineMs: number;
  /** The last byte line printed per video, so a repeated final report is not printed twice. */
  lastLineByVideo: Map<number, string>;
}

/**
 * Progress for logs and pipes: one line per state change (`<id> running (Pending) 3s`) and,
 * while downloading, a byte line at most every few seconds (`<id> downloading video 2/4 45%`),
 * so a CI log stays readable however fast the events come.
 */
export function createLineProgress(options: LineProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const interval = options.bytesIntervalMs ?? 3_000;
  const jobs = new Map<string, Tracked>();

  const track = (id: string): Tracked => {
    let job = jobs.get(id);
    if (!job) {
      job = {
        firstSeenMs: now(),
        label: '',
        videoCount: 0,
        lastBytesLineMs: Number.NEGATIVE_INFINITY,
        lastLineByVideo: new Map(),
      };
      jobs.set(id, job);
    }
    return job;
  };

  return {
    update(manifest: RenderManifest) {
      const job = track(manifest.id);
      job.videoCount = manifest.videos.length;
      // A new warning is news even when the state stays the same (it is said once, in full).
      const warning = activeWarning(manifest);
      const label = warning
        ? `${stateLabel(manifest)} (problem: ${warning})`
        : stateLabel(manifest);
      if (label === job.label) return;
      job.label = label;
      options.write(`${manifest.id} ${label} ${elapsedSeconds(job.firstSeenMs, now())}`);
    },
    progress({ id, videoIndex, receivedBytes, totalBytes }: DownloadProgress) {
      const job = track(id);
      const t = now();
      const finished = totalBytes !== null && receivedBytes >= totalBytes;
      if (!finished && t - job.lastBytesLineMs < interval) return;
      const amount =
        totalBytes && totalBytes > 0
          ? `${Math.min(100, Math.floor((receivedBytes * 100) / totalBytes))}%`
          : formatBytes(receivedBytes);
      const count = job.videoCount > 0 ? `/${job.videoCount}` : '';
      const line = `${id} downloading video ${videoIndex + 1}${count} ${amount}`;
      if (line === job.lastLineByVideo.get(videoIndex)) return;
      job.lastBytesLineMs = t;
      job.lastLineByVideo.set(videoIndex, line);
      options.write(line);
    },
    stop() {
      jobs.clear();
    },
  };
}
