import type { Readable } from 'node:stream';
import type { AppError } from '../../shared/errors';
import type { DownloadProgress, RenderManifest } from '../../shared/job';
import type {
  QueueControlRequest,
  QueueControlResult,
  QueueMoveRequest,
  QueueState,
} from '../../shared/queue';
import type { RenderRequestInput } from '../../shared/render-request';
import type { Sleep } from '../../shared/sleep';
import type { CreateRenderOptions, Library } from '../library/library';
import type { WeShopApi } from '../weshop/types';
import type { ImageUploads } from './image-uploads';
import type { PollPolicy, RateLimiter } from './poll-policy';
import type { QueueStore } from './queue-store';
import type { RunIdStore } from './recover-run-ids';

/** A fetch without credentials of any kind (tests adapt one into an HttpGet for downloads). */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** One GET's answer: status, headers (case-insensitive lookup) and the body as a Node stream. */
export interface HttpGetResponse {
  status: number;
  header: (name: string) => string | null;
  /** Destroy it to drop an unwanted body. */
  body: Readable;
}

/** A key-free GET (redirects followed): sends exactly the headers given, never credentials. */
export type HttpGet = (
  url: string,
  init: { headers: Record<string, string>; signal?: AbortSignal },
) => Promise<HttpGetResponse>;

/** pino-shaped logging (fields first, then the message); the engine never logs a key. */
export type LogFn = (fields: Record<string, unknown>, message: string) => void;
export interface EngineLog {
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export interface EngineDeps {
  library: Library;
  api: WeShopApi;
  /**
   * Local images to WeShop, once per content (image-uploads.ts). Default: one over `api` and
   * the library's upload cache. The core passes its own, so pick-time uploads are shared.
   */
  images?: ImageUploads;
  /** Removes secrets (the key) from server text before it is stored. Default: unchanged. */
  redact?: (text: string) => string;
  /** Where the engine says what it did (run ids before they are on disk, swallowed errors). */
  log?: EngineLog;
  /** Key-free GET for videos and posters. Default: node:http(s) (http-get.ts). */
  download?: HttpGet;
  now?: () => Date;
  /**
   * Monotonic milliseconds for intervals (poll ages, the request cap). Default:
   * performance.now(), or the injected `now` when a test injects a clock.
   */
  monotonicNow?: () => number;
  sleep?: Sleep;
  random?: () => number;
  /** Jobs in flight at once (upload → start → poll → download). Default 2. */
  concurrency?: number;
  /**
   * The queue's pauses and order (queue-store.ts), loaded before the engine starts. Default:
   * in memory (nothing survives a restart); the core passes the library's queue.json.
   */
  queueStore?: QueueStore;
  poll?: Partial<PollPolicy>;
  /**
   * The global request cap shared with the WeShop client (which awaits it before each of its
   * own retries). Default: one made from the poll policy.
   */
  limiter?: RateLimiter;
  /** Automatic re-sends of a start answered 429/40005 (WeShop created nothing). Default 5. */
  startRateLimitAttempts?: number;
  /**
   * Where run ids are written before render.json, and found again by resume when render.json
   * never got them. Default: the library home's started-runs.jsonl and support log.
   */
  runIds?: RunIdStore;
  /**
   * The next step that picks an unfinished render up again in this program, for a job stopped
   * by an error its render.json could not take. Default: "then run `kling-studio resume`".
   */
  resumeStep?: string;
  downloads?: {
    /** Videos of one job fetched at once. Default 2. */
    parallel?: number;
    /** Attempts per file before the job fails with 'download-failed'. Default 6. */
    maxAttempts?: number;
    /** First retry delay; doubles per attempt up to 8 s. Default 500 ms. */
    retryBaseMs?: number;
    /** Minimum time between progress events of one file. Default 250 ms. */
    progressIntervalMs?: number;
  };
}

/** A paid run whose id is known here but not yet saved in render.json (its save is retried). */
export interface UnsavedRun {
  /** The render. */
  id: string;
  executionId: string;
  /** What stops the save, as the fix a person can make ("free space on /x"), else the error. */
  problem: string;
  /** Whether the started-runs journal has it (resume recovers it from there), else only the log may. */
  journaled: boolean;
}

/**
 * A job stopped by an error that could not even be recorded in its render.json (a full or
 * read-only disk): on disk it still looks unfinished, so only this process can say why.
 */
export interface StoppedJob {
  /** The render. */
  id: string;
  /** What stopped it, with the place, the cause and the next step. */
  error: AppError;
}

export interface EngineEvents {
  'job:update': RenderManifest;
  'job:progress': DownloadProgress;
  /** Saving a run id failed (again); the engine keeps trying. */
  'run:unsaved': UnsavedRun;
  /** A run id that had failed to save is on disk now. */
  'run:saved': UnsavedRun;
  /** A job stopped and its render.json could not record why (see StoppedJob). */
  'job:stopped': StoppedJob;
  /** The queue's pauses or order changed (here, or in queue.json by another process). */
  'queue:changed': QueueState;
}

export interface ResumeSummary {
  /** Jobs put back into the queue (polling, downloading or not yet started). */
  resumed: string[];
  /** Jobs whose start may have reached WeShop without a run id: never started again. */
  needsAttention: string[];
  /** Unfinished jobs another live process drives (left to it); absent when there are none. */
  ownedElsewhere?: string[];
  /**
   * Renders whose run id never reached render.json but was found in the started-runs journal
   * or the support log: saved now and collected (also listed in `resumed` when they run on).
   * Absent when there are none.
   */
  recovered?: { id: string; executionId: string; from: 'journal' | 'log' }[];
}

export interface Engine {
  /** Validates (nothing is written or sent for bad input), creates the render, enqueues it. */
  queue(request: RenderRequestInput, options?: CreateRenderOptions): Promise<RenderManifest>;
  cancel(id: string): Promise<RenderManifest>;
  /**
   * failed / canceled / needs-attention → queued again. A render whose start may have reached
   * WeShop without a saved run id is retried only with `confirmChargeTwice` (it may charge twice).
   */
  retry(id: string, options?: { confirmChargeTwice?: boolean }): Promise<RenderManifest>;
  /**
   * "I found the run": a render whose start may have reached WeShop without its run id
   * (needs-attention, or failed with an unknown start) gets the run the user found in WeShop's
   * history, checked against the render with one poll, then collected. Never sends a start.
   */
  attach(id: string, executionId: string): Promise<RenderManifest>;
  /** A partial render: a new render of just the videos WeShop did not deliver. */
  renderMissing(id: string): Promise<RenderManifest>;
  /** A new render with the same request. */
  rerun(id: string): Promise<RenderManifest>;
  /** Picks up every unfinished job after a start-up (or a crash). */
  resume(): Promise<ResumeSummary>;
  setConcurrency(n: number): void;
  /** The library's pauses and the renders this process starts next, first one first. */
  queueState(): QueueState;
  /**
   * Pause / resume / cancel the renders not yet picked up, of one set or the whole queue
   * (saved: a restart keeps pauses). Renders under way always finish; the message says so.
   */
  controlQueue(request: QueueControlRequest): Promise<QueueControlResult>;
  /** Moves a waiting render (front, back, before another); the order survives a restart. */
  moveInQueue(request: QueueMoveRequest): Promise<QueueState>;
  on<E extends keyof EngineEvents>(
    event: E,
    listener: (payload: EngineEvents[E]) => void,
  ): () => void;
  /** Resolves when no job is queued or running. */
  idle(): Promise<void>;
  /** Paid runs whose id is not in render.json yet (a full disk…): closing now leaves them to resume. */
  unsavedRuns(): UnsavedRun[];
  /** Jobs stopped by an error their render.json could not record (until saved again). */
  stoppedUnrecorded(): StoppedJob[];
  /**
   * Stops polling and downloads; every job stays resumable from disk. A run id that is not
   * saved yet keeps being saved first (close waits for it) unless `force`: then it is given
   * up, and resume finds it in the started-runs journal or the support log.
   */
  close(options?: { force?: boolean }): Promise<void>;
}
