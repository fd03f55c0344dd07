import type { Readable } from 'node:stream';
import type { DownloadProgress, RenderManifest } from '../../shared/job';
import type { RenderRequestInput } from '../../shared/render-request';
import type { Library } from '../library/library';
import type { WeShopApi } from '../weshop/types';
import type { PollPolicy } from './poll-policy';

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

/** Waits ms; rejects (with the signal's reason) as soon as the signal aborts. */
export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface EngineDeps {
  library: Library;
  api: WeShopApi;
  /** Key-free GET for videos and posters. Default: node:http(s) (http-get.ts). */
  download?: HttpGet;
  now?: () => Date;
  sleep?: SleepFn;
  random?: () => number;
  /** Jobs in flight at once (upload → start → poll → download). Default 2. */
  concurrency?: number;
  poll?: Partial<PollPolicy>;
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

export interface EngineEvents {
  'job:update': RenderManifest;
  'job:progress': DownloadProgress;
}

export interface ResumeSummary {
  /** Jobs put back into the queue (polling, downloading or not yet started). */
  resumed: string[];
  /** Jobs whose start may have reached WeShop without a run id: never started again. */
  needsAttention: string[];
}

export interface Engine {
  /** Validates (nothing is written or sent for bad input), creates the render, enqueues it. */
  queue(request: RenderRequestInput): Promise<RenderManifest>;
  cancel(id: string): Promise<RenderManifest>;
  /** failed / canceled / needs-attention → queued again. */
  retry(id: string): Promise<RenderManifest>;
  /** A new render with the same request. */
  rerun(id: string): Promise<RenderManifest>;
  /** Stops working on a render without touching its manifest (before it is deleted). */
  forget(id: string): Promise<void>;
  /** Picks up every unfinished job after a start-up (or a crash). */
  resume(): Promise<ResumeSummary>;
  setConcurrency(n: number): void;
  on<E extends keyof EngineEvents>(
    event: E,
    listener: (payload: EngineEvents[E]) => void,
  ): () => void;
  /** Resolves when no job is queued or running. */
  idle(): Promise<void>;
  /** Stops polling and downloads; every job stays resumable from disk. */
  close(): Promise<void>;
}
