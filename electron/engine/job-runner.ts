import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type AppError, isKlingError, KlingError, toAppError } from '../../shared/errors';
import type { JobState, RemoteState, RenderManifest, VideoEntry } from '../../shared/job';
import { isRemoteImage } from '../../shared/render-request';
import type { RunSnapshot } from '../../shared/weshop-api';
import { posterFileName, videoFileName } from '../library/layout';
import type { Library, ManifestMutation } from '../library/library';
import { mapLimit } from '../library/serialize';
import type { WeShopApi } from '../weshop/types';
import { downloadFile } from './downloader';
import { type createRateLimiter, nextPollDelay, type PollPolicy } from './poll-policy';
import { isClearRejection, needsAttentionError } from './start-errors';
import type { EngineEvents, HttpGet, SleepFn } from './types';

export interface RunnerDeps {
  library: Library;
  api: WeShopApi;
  download: HttpGet;
  now: () => Date;
  sleep: SleepFn;
  random: () => number;
  poll: PollPolicy;
  limiter: ReturnType<typeof createRateLimiter>;
  downloads: {
    parallel: number;
    maxAttempts: number;
    retryBaseMs: number;
    progressIntervalMs: number;
  };
  emit: <E extends keyof EngineEvents>(event: E, payload: EngineEvents[E]) => void;
}

/** Thrown to unwind a job whose signal was aborted (cancel, forget, close): nothing more is written. */
class Stopped extends Error {}

const REMOTE_FINAL: readonly RemoteState[] = ['Success', 'Failed', 'Canceled'];

/**
 * Moves one job from wherever its manifest says it is to a final state. Every step is
 * written to disk before the next network call, so a crash at any point resumes correctly.
 */
export function createJobRunner(deps: RunnerDeps) {
  const iso = () => deps.now().toISOString();

  /** Saves and announces a change; refuses once the job was stopped, so a cancel always wins. */
  async function save(
    id: string,
    signal: AbortSignal,
    mutate: ManifestMutation,
  ): Promise<RenderManifest> {
    if (signal.aborted) throw new Stopped();
    const manifest = await deps.library.update(id, mutate);
    deps.emit('job:update', manifest);
    return manifest;
  }

  const moveTo =
    (
      state: JobState,
      extra: { message?: string; remoteState?: RemoteState } = {},
    ): ManifestMutation =>
    (m) => {
      m.state = state;
      const change: RenderManifest['history'][number] = { state, at: iso() };
      if (extra.remoteState) change.remoteState = extra.remoteState;
      if (extra.message) change.message = extra.message;
      m.history.push(change);
    };

  const fail = (id: string, signal: AbortSignal, error: AppError, serverMessage?: string) =>
    save(id, signal, (m) => {
      moveTo('failed', { message: error.message })(m);
      m.error = error;
      if (serverMessage) m.serverMessage = serverMessage;
    });

  async function imageUrlFor(m: RenderManifest, signal: AbortSignal): Promise<string | null> {
    if (m.uploadedImageUrl) return m.uploadedImageUrl;
    if (isRemoteImage(m.request.image)) return m.request.image;
    await save(m.id, signal, moveTo('uploading'));
    try {
      const url = await deps.api.uploadImage(m.request.image, { signal });
      await save(m.id, signal, (d) => {
        d.uploadedImageUrl = url;
      });
      return url;
    } catch (error) {
      if (signal.aborted) throw new Stopped();
      await fail(m.id, signal, toAppError(error));
      return null;
    }
  }

  /** Returns the manifest with an executionId, or null when the job ended (failed / needs-attention). */
  async function start(
    m: RenderManifest,
    imageUrl: string,
    signal: AbortSignal,
  ): Promise<RenderManifest | null> {
    // startSentAt is on disk BEFORE the request leaves: after a crash we know it may have arrived.
    await save(m.id, signal, (d) => {
      moveTo('starting')(d);
      d.startSentAt = iso();
      delete d.error;
    });
    let started: Awaited<ReturnType<WeShopApi['startRun']>>;
    try {
      // No abort signal: a start cut off mid-flight is exactly the double-charge risk.
      started = await deps.api.startRun(m.request, imageUrl, m.idempotencyKey);
    } catch (error) {
      const clear = isClearRejection(error);
      const attention = clear ? null : needsAttentionError(error);
      const stopped = signal.aborted;
      const saved = await deps.library.update(m.id, (d) => {
        if (attention) {
          // Even when canceled meanwhile: the user must learn that a run may exist.
          moveTo('needs-attention', { message: attention.message })(d);
          d.error = attention.toJSON();
          return;
        }
        // WeShop said no: nothing runs, so a later attempt may start cleanly.
        delete d.startSentAt;
        if (stopped) return;
        const appError = toAppError(error);
        moveTo('failed', { message: appError.message })(d);
        d.error = appError;
      });
      deps.emit('job:update', saved);
      return null;
    }
    // The run id is saved even if the job was canceled meanwhile: it is a paid run.
    const stopped = signal.aborted;
    const saved = await deps.library.update(m.id, (d) => {
      d.executionId = started.executionId;
      if (started.credits) d.credits = started.credits;
      if (!stopped) moveTo('running')(d);
    });
    deps.emit('job:update', saved);
    if (stopped) throw new Stopped();
    return saved;
  }

  /** Polls until the run is final; returns the manifest in 'downloading', or null when it ended otherwise. */
  async function poll(m: RenderManifest, signal: AbortSignal): Promise<RenderManifest | null> {
    const executionId = m.executionId as string;
    const startedMs = Date.parse(m.startSentAt ?? m.createdAt);
    let remoteState = m.remoteState;
    let consecutiveErrors = 0;
    let retryAfterMs: number | undefined;
    let firstPoll = true;
    if (m.state !== 'running')
      await save(m.id, signal, moveTo('running', { message: 'Checking the run' }));
    for (;;) {
      const ageMs = deps.now().getTime() - startedMs;
      const planned = nextPollDelay(
        deps.poll,
        { ageMs, consecutiveErrors, ...(retryAfterMs ? { retryAfterMs } : {}) },
        deps.random,
      );
      // A run resumed after a while is checked at once; a fresh one is given its first interval.
      const delay = firstPoll ? Math.max(0, planned - ageMs) : planned;
      firstPoll = false;
      if (delay > 0) await deps.sleep(delay, signal);
      await deps.limiter.acquire(signal);
      let snapshot: RunSnapshot;
      try {
        snapshot = await deps.api.getRun(executionId, { signal });
        consecutiveErrors = 0;
        retryAfterMs = undefined;
      } catch (error) {
        if (signal.aborted) throw new Stopped();
        if (
          isKlingError(error) &&
          !error.retryable &&
          !['network', 'timeout', 'server-error', 'rate-limited', 'invalid-response'].includes(
            error.kind,
          )
        ) {
          await fail(m.id, signal, {
            kind: error.kind,
            message: `Could not check the run: ${error.message}. The run id is saved; Retry checks it again without starting a new run.`,
          });
          return null;
        }
        consecutiveErrors++;
        retryAfterMs = isKlingError(error) ? error.retryAfterMs : undefined;
        continue; // the run is paid for: keep trying (with growing delays) until it is final
      }
      if (snapshot.state !== remoteState) {
        remoteState = snapshot.state;
        const state = snapshot.state;
        if (!REMOTE_FINAL.includes(state)) {
          await save(m.id, signal, (d) => {
            d.remoteState = state;
            d.history.push({ state: 'running', at: iso(), remoteState: state });
          });
        }
      }
      if (snapshot.state === 'Success') return succeed(m.id, snapshot, signal);
      if (snapshot.state === 'Failed') {
        const reason = snapshot.message;
        await save(m.id, signal, (d) => {
          d.remoteState = 'Failed';
          moveTo('failed', { remoteState: 'Failed', message: reason ?? 'generation failed' })(d);
          d.error = {
            kind: 'run-failed',
            message: reason ? `Generation failed: ${reason}` : 'generation failed',
          };
          if (reason) d.serverMessage = reason;
        });
        return null;
      }
      if (snapshot.state === 'Canceled') {
        await save(m.id, signal, (d) => {
          d.remoteState = 'Canceled';
          moveTo('canceled', { remoteState: 'Canceled', message: 'WeShop canceled the run' })(d);
          d.error = { kind: 'canceled', message: 'WeShop canceled the run' };
          if (snapshot.message) d.serverMessage = snapshot.message;
        });
        return null;
      }
    }
  }

  async function succeed(
    id: string,
    snapshot: RunSnapshot,
    signal: AbortSignal,
  ): Promise<RenderManifest | null> {
    if (snapshot.videos.length === 0) {
      await save(id, signal, (d) => {
        d.remoteState = 'Success';
        moveTo('failed', { remoteState: 'Success' })(d);
        d.error = { kind: 'run-failed', message: 'The run finished but WeShop returned no videos' };
      });
      return null;
    }
    return save(id, signal, (d) => {
      d.remoteState = 'Success';
      d.videos = snapshot.videos.map((remote) => {
        const known = d.videos.find((v) => v.index === remote.index && v.url === remote.url);
        const entry: VideoEntry = known ?? { index: remote.index, url: remote.url };
        if (remote.posterUrl) entry.posterUrl = remote.posterUrl;
        return entry;
      });
      moveTo('downloading', { remoteState: 'Success' })(d);
    });
  }

  async function fetchOne(
    m: RenderManifest,
    video: VideoEntry,
    signal: AbortSignal,
  ): Promise<void> {
    const folder = deps.library.folderOf(m.id);
    const file = videoFileName(video.index);
    const onProgress = (receivedBytes: number, totalBytes: number | null) =>
      deps.emit('job:progress', { id: m.id, videoIndex: video.index, receivedBytes, totalBytes });
    const common = {
      get: deps.download,
      sleep: deps.sleep,
      now: () => deps.now().getTime(),
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
      await save(m.id, signal, (d) => {
        const entry = d.videos.find((v) => v.index === video.index);
        if (entry) Object.assign(entry, { file, bytes });
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
        await save(m.id, signal, (d) => {
          const entry = d.videos.find((v) => v.index === video.index);
          if (entry) entry.posterFile = posterFile;
        });
      } catch {
        if (signal.aborted) throw new Stopped();
        // Posters are a nicety: the renderer makes its own thumbnail when there is none.
      }
    }
  }

  async function downloadAll(m: RenderManifest, signal: AbortSignal): Promise<void> {
    if (m.state !== 'downloading') m = await save(m.id, signal, moveTo('downloading'));
    const todo = m.videos.filter((v) => !v.file || (v.posterUrl && !v.posterFile));
    const failures: string[] = [];
    await mapLimit(todo, deps.downloads.parallel, async (video) => {
      try {
        await fetchOne(m, video, signal);
      } catch (error) {
        if (signal.aborted || error instanceof Stopped) throw new Stopped();
        failures.push(`video ${video.index + 1}: ${toAppError(error).message}`);
      }
    });
    if (failures.length > 0) {
      await fail(m.id, signal, {
        kind: 'download-failed',
        message: `${failures.join('; ')}. The run is safe on WeShop; Retry downloads again without a new charge.`,
        retryable: true,
      });
      return;
    }
    await save(m.id, signal, moveTo('done'));
  }

  return async function runJob(id: string, signal: AbortSignal): Promise<void> {
    try {
      let m = await deps.library.read(id);
      if (
        !m ||
        m.state === 'done' ||
        m.state === 'failed' ||
        m.state === 'canceled' ||
        m.state === 'needs-attention'
      ) {
        return;
      }
      if (!m.executionId) {
        if (m.startSentAt) {
          // Resumed after a crash between sending the start and saving its answer.
          const attention = needsAttentionError(undefined);
          await save(id, signal, (d) => {
            moveTo('needs-attention', { message: attention.message })(d);
            d.error = attention.toJSON();
          });
          return;
        }
        const imageUrl = await imageUrlFor(m, signal);
        if (!imageUrl) return;
        m = await start(m, imageUrl, signal);
        if (!m) return;
      }
      const videosKnown = m.remoteState === 'Success' && m.videos.length > 0;
      if (!videosKnown) {
        m = await poll(m, signal);
        if (!m) return;
      }
      await downloadAll(m, signal);
    } catch (error) {
      if (error instanceof Stopped || signal.aborted) return;
      if (isKlingError(error, 'not-found')) return; // the render was deleted under us
      throw error instanceof KlingError
        ? error
        : new KlingError('internal', toAppError(error).message, { cause: error });
    }
  };
}
