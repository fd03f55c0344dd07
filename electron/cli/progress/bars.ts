import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { DownloadProgress, RenderManifest } from '../../../shared/job';
import { isTerminal } from '../../../shared/job';
import { activeWarning, elapsedSeconds, type ProgressReporter, stateLabel } from './types';

/** Bars are one terminal line each: a warning is cut short there (line output has it whole). */
const WARNING_EXCERPT = 60;
function barStatus(manifest: RenderManifest): string {
  const warning = activeWarning(manifest);
  if (!warning) return stateLabel(manifest);
  const short =
    warning.length > WARNING_EXCERPT ? `${warning.slice(0, WARNING_EXCERPT - 1)}…` : warning;
  return `${stateLabel(manifest)} ! ${short}`;
}

interface Tracked {
  bar: SingleBar;
  firstSeenMs: number;
  manifest: RenderManifest;
  /** Fraction (0–1) of each video downloaded so far, by video index. */
  fractions: Map<number, number>;
  endedMs: number | null;
}

/**
 * Progress for a person at a terminal: one bar per render with its state and elapsed time;
 * the bar fills as its videos download. Drawn on stderr so stdout stays for results.
 */
export function createBarProgress(
  stream: NodeJS.WritableStream,
  now: () => number = Date.now,
): ProgressReporter {
  const bars = new MultiBar(
    {
      stream,
      format: '{id} [{bar}] {percentage}% | {status} | {elapsed}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      autopadding: true,
      fps: 5,
    },
    Presets.shades_classic,
  );
  const jobs = new Map<string, Tracked>();

  const percentOf = (job: Tracked): number => {
    if (job.manifest.state === 'done') return 100;
    const count = job.manifest.videos.length;
    if (count === 0) return 0;
    let sum = 0;
    for (const video of job.manifest.videos) {
      sum += video.file ? 1 : (job.fractions.get(video.index) ?? 0);
    }
    return Math.floor((sum / count) * 100);
  };

  const redraw = (job: Tracked) => {
    job.bar.update(percentOf(job), {
      id: job.manifest.id,
      status: barStatus(job.manifest),
      elapsed: elapsedSeconds(job.firstSeenMs, job.endedMs ?? now()),
    });
  };

  // Elapsed time moves even when no event comes (a long Pending).
  const ticker = setInterval(() => {
    for (const job of jobs.values()) if (job.endedMs === null) redraw(job);
  }, 1_000);
  ticker.unref();

  return {
    update(manifest) {
      let job = jobs.get(manifest.id);
      if (!job) {
        const bar = bars.create(100, 0, { id: manifest.id, status: manifest.state, elapsed: '0s' });
        job = { bar, firstSeenMs: now(), manifest, fractions: new Map(), endedMs: null };
        jobs.set(manifest.id, job);
      }
      job.manifest = manifest;
      if (isTerminal(manifest.state) && job.endedMs === null) job.endedMs = now();
      redraw(job);
    },
    progress({ id, videoIndex, receivedBytes, totalBytes }: DownloadProgress) {
      const job = jobs.get(id);
      if (!job || !totalBytes) return;
      job.fractions.set(videoIndex, Math.min(1, receivedBytes / totalBytes));
      redraw(job);
    },
    stop() {
      clearInterval(ticker);
      bars.stop();
    },
  };
}
