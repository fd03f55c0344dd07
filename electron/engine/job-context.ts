import type { AppError } from '../../shared/errors';
import {
  isTerminal,
  type JobState,
  type RemoteState,
  type RenderManifest,
  startOutcomeUnknown,
} from '../../shared/job';
import type { Sleep } from '../../shared/sleep';
import type { Library, ManifestMutation } from '../library/library';
import type { WeShopApi } from '../weshop/types';
import type { ImageUploads } from './image-uploads';
import type { PollPolicy, RateLimiter } from './poll-policy';
import type { RunIdStore } from './recover-run-ids';
import { needsAttentionError } from './start-errors';
import type { EngineEvents, EngineLog, HttpGet } from './types';
import type { UnsavedRuns } from './unsaved-runs';
import { clearWarning } from './warnings';

export interface RunnerDeps {
  library: Library;
  api: WeShopApi;
  /** Local images: checked, hashed, uploaded once per content (the library's upload cache). */
  images: ImageUploads;
  download: HttpGet;
  /** Wall clock: timestamps written to manifests. */
  now: () => Date;
  /** Monotonic milliseconds: every in-process interval (never goes back with the wall clock). */
  monotonicNow: () => number;
  sleep: Sleep;
  random: () => number;
  poll: PollPolicy;
  limiter: RateLimiter;
  downloads: {
    parallel: number;
    maxAttempts: number;
    retryBaseMs: number;
    progressIntervalMs: number;
  };
  /** Bounded automatic re-sends of a start or upload WeShop answered 429/40005 (nothing was made). */
  startRateLimitAttempts: number;
  /** The started-runs journal (a run id is appended there before render.json gets it). */
  runIds: Pick<RunIdStore, 'record'>;
  /** Run ids known here whose save to render.json is still being retried. */
  unsaved: UnsavedRuns;
  /** Removes secrets from server text before it is stored (the key, echoed back). */
  redact: (text: string) => string;
  emit: <E extends keyof EngineEvents>(event: E, payload: EngineEvents[E]) => void;
  log: EngineLog;
}

/** Thrown to unwind a job that was stopped (cancel, forget, close): nothing more is written. */
export class Stopped extends Error {}

/** A state change with its history entry, for use inside a manifest mutation. */
export const moveTo =
  (
    now: () => Date,
    state: JobState,
    extra: { message?: string; remoteState?: RemoteState } = {},
  ): ManifestMutation =>
  (m) => {
    m.state = state;
    const change: RenderManifest['history'][number] = { state, at: now().toISOString() };
    if (extra.remoteState) change.remoteState = extra.remoteState;
    if (extra.message) change.message = extra.message;
    m.history.push(change);
  };

/** Marks a job whose start may have reached WeShop without a saved run id (never 'failed'). */
export const markNeedsAttention =
  (now: () => Date, cause?: unknown): ManifestMutation =>
  (m) => {
    const attention = needsAttentionError(cause, m.taskName);
    moveTo(now, 'needs-attention', { message: attention.message })(m);
    m.error = attention.toJSON();
    clearWarning(m);
  };

/** A failure, unless the start's outcome is unknown: then it needs attention (it may be paid). */
export const markFailed =
  (now: () => Date, error: AppError, serverMessage?: string): ManifestMutation =>
  (m) => {
    if (startOutcomeUnknown(m)) return markNeedsAttention(now, error)(m);
    moveTo(now, 'failed', { message: error.message })(m);
    m.error = error;
    clearWarning(m);
    if (serverMessage) m.serverMessage = serverMessage;
  };

export interface JobContext {
  readonly id: string;
  /** Stop (cancel, forget, close): the job unwinds, but a paid run's id is still saved first. */
  readonly signal: AbortSignal;
  /** Quit now (a forced close): even an unsaved run id is given up (resume recovers it). */
  readonly quit: AbortSignal;
  readonly deps: RunnerDeps;
  /**
   * Saves and announces a change. Refuses (throws Stopped, writing nothing) once the job was
   * stopped here or ended by someone else on disk (a cancel): the check runs inside the
   * serialised update, so a cancel that was accepted always wins.
   */
  save(mutate: ManifestMutation): Promise<RenderManifest>;
  /** Saves even if the job was canceled meanwhile (facts about a paid run must not be lost). */
  saveAlways(mutate: ManifestMutation): Promise<RenderManifest>;
  moveTo(
    state: JobState,
    extra?: { message?: string; remoteState?: RemoteState },
  ): ManifestMutation;
  fail(error: AppError, serverMessage?: string): Promise<RenderManifest>;
}

export function createJobContext(
  deps: RunnerDeps,
  id: string,
  signal: AbortSignal,
  quit: AbortSignal,
): JobContext {
  async function announce(mutate: ManifestMutation) {
    const manifest = await deps.library.update(id, mutate);
    deps.emit('job:update', manifest);
    return manifest;
  }
  const context: JobContext = {
    id,
    signal,
    quit,
    deps,
    async save(mutate) {
      if (signal.aborted) throw new Stopped();
      try {
        return await announce((m) => {
          if (isTerminal(m.state)) throw new Stopped();
          return mutate(m);
        });
      } catch (error) {
        if (error instanceof Stopped || signal.aborted) throw new Stopped();
        throw error;
      }
    },
    saveAlways: announce,
    moveTo: (state, extra) => moveTo(deps.now, state, extra),
    fail: (error, serverMessage) => context.save(markFailed(deps.now, error, serverMessage)),
  };
  return context;
}
