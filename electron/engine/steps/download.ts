import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { coreSaid, saidParam } from '../../../shared/core-messages';
import { errorParam, isKlingError, toAppError } from '../../../shared/errors';
import { missingVideoCount, type RenderManifest, type VideoEntry } from '../../../shared/job';
import type { RunSnapshot } from '../../../shared/weshop-api';
import { posterFileName, videoFileName } from '../../library/layout';
import { readVideoTiming } from '../../library/mp4-timing';
import { mapLimit } from '../../library/serialize';
import { downloadFile } from '../downloader';
import { type JobContext, Stopped } from '../job-context';

/** A CDN answer that means the signed link went stale; a fresh poll hands out new ones. */
const EXPIRED_LINK_STATUSES = [403, 404, 410];
const isExpiredLink = (error: unknown) =>
  isKlingError(error, 'download-failed') &&
  error.status !== undefined &&
  EXPIRED_LINK_STATUSES.includes(error.status);

/**
 * The run is final: keep every delivered video (whatever the run's state; they are paid for)
 * and move to downloading. Returns null when nothing was delivered (the job ended here).
 */
export async function collectStep(
  job: JobContext,
  snapshot: RunSnapshot,
): Promise<RenderManifest | null> {
  const { deps } = job;
  const reason = snapshot.message ? deps.redact(snapshot.message) : undefined;
  if (snapshot.videos.length === 0) {
    if (snapshot.state === 'Canceled') {
      const canceled = coreSaid('weshopCanceledRun');
      await job.save((d) => {
        d.remoteState = 'Canceled';
        job.moveTo('canceled', { remoteState: 'Canceled', message: canceled.text })(d);
        d.error = { kind: 'canceled', message: canceled.text, messageRef: canceled.ref };
        if (reason) d.serverMessage = reason;
      });
      return null;
    }
    const said =
      snapshot.state === 'Success'
        ? coreSaid('finishedNoVideos')
        : reason
          ? coreSaid('generationFailed', { server: reason })
          : coreSaid('generationFailedNoReason');
    await job.save((d) => {
      d.remoteState = snapshot.state;
      job.moveTo('failed', { remoteState: snapshot.state, message: reason ?? said.text })(d);
      d.error = { kind: 'run-failed', message: said.text, messageRef: said.ref };
      if (reason) d.serverMessage = reason;
    });
    return null;
  }
  return job.save((d) => {
    d.remoteState = snapshot.state;
    d.videos = snapshot.videos.map((remote) => {
      const known = d.videos.find((v) => v.index === remote.index && v.url === remote.url);
      const entry: VideoEntry = known ?? { index: remote.index, url: remote.url };
      if (remote.posterUrl) entry.posterUrl = remote.posterUrl;
      if (remote.lastFrameUrl) entry.lastFrameUrl = remote.lastFrameUrl;
      return entry;
    });
    if (reason && snapshot.state !== 'Success') d.serverMessage = reason;
    job.moveTo('downloading', { remoteState: snapshot.state })(d);
  });
}

async function fetchOne(job: JobContext, video: VideoEntry): Promise<void> {
  const { deps, id, signal } = job;
  const folder = deps.library.folderOf(id);
  const file = videoFileName(video.index);
  const onProgress = (receivedBytes: number, totalBytes: number | null) =>
    deps.emit('job:progress', { id, videoIndex: video.index, receivedBytes, totalBytes });
  const common = {
    get: deps.download,
    sleep: deps.sleep,
    now: deps.monotonicNow,
    signal,
    maxAttempts: deps.downloads.maxAttempts,
    retryBaseMs: deps.downloads.retryBaseMs,
    progressIntervalMs: deps.downloads.progressIntervalMs,
  };
  const dest = join(folder, file);
  const onDisk = await stat(dest).then(
    (st) => (st.isFile() ? st.size : null),
    () => null,
  );
  if (!video.file || onDisk === null) {
    // A final file without a manifest entry is complete: files are renamed only once verified.
    const bytes =
      onDisk ?? (await downloadFile({ ...common, url: video.url, dest, onProgress })).bytes;
    const frameRate = await frameRateOf(job, video, dest);
    await job.save((d) => {
      const entry = d.videos.find((v) => v.index === video.index);
      if (entry) Object.assign(entry, { file, bytes }, frameRate ? { frameRate } : {});
    });
  }
  if (video.posterUrl && !video.posterFile) {
    const posterFile = posterFileName(video.index);
    try {
      await downloadFile({
        ...common,
        url: video.posterUrl,
        dest: join(folder, posterFile),
        maxAttempts: 2,
      });
      await job.save((d) => {
        const entry = d.videos.find((v) => v.index === video.index);
        if (entry) entry.posterFile = posterFile;
      });
    } catch (error) {
      if (signal.aborted || error instanceof Stopped) throw new Stopped();
      // Posters are a nicety: the renderer makes its own thumbnail when there is none.
      deps.log.warn({ id, video: video.index, error: toAppError(error).message }, 'poster skipped');
    }
  }
  if (video.lastFrameUrl && !video.lastFrameFile) {
    // Kept for "Continue" (its exact last frame, no decoding needed); like a poster, optional.
    const lastFrameFile = lastFrameFileName(video.index, video.lastFrameUrl);
    try {
      await downloadFile({
        ...common,
        url: video.lastFrameUrl,
        dest: join(folder, lastFrameFile),
        maxAttempts: 2,
      });
      await job.save((d) => {
        const entry = d.videos.find((v) => v.index === video.index);
        if (entry) entry.lastFrameFile = lastFrameFile;
      });
    } catch (error) {
      if (signal.aborted || error instanceof Stopped) throw new Stopped();
      deps.log.warn(
        { id, video: video.index, error: toAppError(error).message },
        'last frame skipped',
      );
    }
  }
}

/**
 * The downloaded video's real frame rate (its MP4 boxes), for the detail view's frame steps.
 * A nicety like the poster: a file it cannot read is logged and kept without one.
 */
async function frameRateOf(
  job: JobContext,
  video: VideoEntry,
  path: string,
): Promise<number | undefined> {
  try {
    const timing = await readVideoTiming(path);
    if (timing) return Math.round(timing.frameRate * 1e6) / 1e6;
    job.deps.log.warn({ id: job.id, video: video.index }, 'no video track timing in the MP4');
  } catch (error) {
    job.deps.log.warn(
      { id: job.id, video: video.index, error: toAppError(error).message },
      'could not read the video timing',
    );
  }
  return undefined;
}

/** `last-frame-<n>.<png|jpg|webp>`: the extension from the URL's path, PNG when it has none. */
function lastFrameFileName(index: number, url: string): string {
  const ext = /\.(png|jpe?g|webp)$/i.exec(URL.parse(url)?.pathname ?? '')?.[1]?.toLowerCase();
  return `last-frame-${index + 1}.${ext === 'jpeg' ? 'jpg' : (ext ?? 'png')}`;
}

interface Failure {
  video: VideoEntry;
  error: unknown;
}

async function fetchAll(job: JobContext, videos: VideoEntry[]): Promise<Failure[]> {
  const failures: Failure[] = [];
  await mapLimit(videos, job.deps.downloads.parallel, async (video) => {
    try {
      await fetchOne(job, video);
    } catch (error) {
      if (job.signal.aborted || error instanceof Stopped) throw new Stopped();
      failures.push({ video, error });
    }
  });
  return failures;
}

/** Polls the run once more for fresh video links; null when that did not work. */
async function refreshLinks(job: JobContext, m: RenderManifest): Promise<RenderManifest | null> {
  const { deps } = job;
  if (!m.executionId) return null;
  try {
    await deps.limiter.acquire(job.signal);
    const snapshot = await deps.api.getRun(m.executionId, { signal: job.signal });
    deps.log.info(
      { id: job.id, executionId: m.executionId },
      'video links expired; got fresh ones',
    );
    return await job.save((d) => {
      for (const video of d.videos) {
        const fresh = snapshot.videos.find((v) => v.index === video.index);
        if (!fresh) continue;
        video.url = fresh.url;
        if (fresh.posterUrl) video.posterUrl = fresh.posterUrl;
      }
    });
  } catch (error) {
    if (job.signal.aborted || error instanceof Stopped) throw new Stopped();
    deps.log.warn(
      { id: job.id, error: toAppError(error).message },
      'could not refresh video links',
    );
    return null;
  }
}

const pending = (m: RenderManifest) =>
  m.videos.filter((v) => !v.file || (v.posterUrl && !v.posterFile));

/** Downloads every delivered video, then ends the job done (full batch) or partial. */
export async function downloadStep(job: JobContext, m: RenderManifest): Promise<void> {
  if (m.state !== 'downloading') m = await job.save(job.moveTo('downloading'));
  let failures = await fetchAll(job, pending(m));
  if (failures.some((f) => isExpiredLink(f.error))) {
    const fresh = await refreshLinks(job, m);
    if (fresh) {
      const expired = new Set(
        failures.filter((f) => isExpiredLink(f.error)).map((f) => f.video.index),
      );
      const again = pending(fresh).filter((v) => expired.has(v.index));
      failures = [
        ...failures.filter((f) => !expired.has(f.video.index)),
        ...(await fetchAll(job, again)),
      ];
      m = fresh;
    }
  }
  if (failures.length > 0) {
    const described = failures
      .sort((a, b) => a.video.index - b.video.index)
      .map((f) =>
        coreSaid('videoFailed', { number: f.video.index + 1, reason: errorParam(f.error) }),
      )
      .reduce((first, next) =>
        coreSaid('nextInList', { first: saidParam(first), next: saidParam(next) }),
      );
    const said = coreSaid('downloadsFailed', { videos: saidParam(described) });
    await job.fail({
      kind: 'download-failed',
      message: said.text,
      messageRef: said.ref,
      retryable: true,
    });
    return;
  }
  await job.save((d) => {
    const missing = missingVideoCount(d);
    if (missing === 0) {
      job.moveTo('done')(d);
      delete d.error;
      return;
    }
    const counts = { delivered: d.videos.length, total: d.request.batchCount, missing };
    const said = d.serverMessage
      ? coreSaid('partialDeliveredSaid', { ...counts, server: d.serverMessage })
      : coreSaid('partialDelivered', counts);
    job.moveTo('partial', { message: said.text })(d);
    d.error = { kind: 'run-failed', message: said.text, messageRef: said.ref };
  });
}
