import type { AcceptedParams } from './validation';

/** The WeShop emulator's programmatic API (server.ts implements it). */
export interface EmulatorOptions {
  /** The only key it accepts, raw in Authorization. Default 'emulator-key-0000'. */
  apiKey?: string;
  /** How long a run stays in each remote state (ms). Defaults 150 / 150 / 300. */
  timings?: Partial<RunTimings>;
  /** Results per execution: batchCount N is split into executions of at most this many. Default 4. */
  resultsPerExecution?: number;
  /** Fixed ports (the CLI uses these); default 0 = a random free port each. */
  apiPort?: number;
  cdnPort?: number;
  /** The clock runs progress against; default Date.now. Tests may pass a fake one. */
  now?: () => number;
  /** Starting power balance; a start that costs more gets 402. Default 1,000,000. */
  powerBalance?: number;
  /**
   * Default true: a start whose Idempotency-Key already created a run gets that run back.
   * False: the key is ignored, so every start creates and charges a new run (what a server
   * without idempotency does). Tests of "exactly one start" run in this mode, so the guarantee
   * they check is the client's own, not the server's.
   */
  honourIdempotencyKey?: boolean;
  /** The MP4 files runs deliver (round robin). Default FIXTURES.videos (320x240 clips). */
  videoFixtures?: readonly string[];
  /**
   * Results carry `lastFrame` (a PNG: FIXTURES.largeVideoLastFrame), as newer WeShop ones may,
   * on every agent. Default false (results carry `videoPoster` on even indexes instead).
   */
  lastFrames?: boolean;
}

/** One run the emulator created (and charged for), as `createdRuns()` lists it. */
export interface CreatedRun {
  executionId: string;
  /** The Idempotency-Key of the start that created it (absent when none was sent). */
  idempotencyKey?: string;
  /**
   * The agent the start named (agent.name): kling, kling-v3-omni, kling-O1, kling-motion-control.
   * The emulator always fills this, `body` and `params` (see AcceptedRun); they are optional here
   * only so records other tests write by hand stay valid.
   */
  agent?: string;
  /** The start's body exactly as it arrived (UTF-8 text): tests byte-check what the client sent. */
  body?: string;
  /** The params as the emulator accepted them, defaults filled in (what each execution echoes). */
  params?: AcceptedParams;
  /** The start body's `input`, as sent. */
  input: unknown;
  batchCount: number;
  /** The emulator's clock when the start created it. */
  createdAt: number;
  /** Indexes of the videos it delivers (those of executions that end Success), ascending. */
  deliveredVideos: number[];
  /** Whether it ends with nothing delivered (run-fails, or every execution Failed/Running). */
  deliversNothing: boolean;
}

/** A run as the emulator's createdRuns() reports it: agent, raw body and params always there. */
export type AcceptedRun = CreatedRun & Required<Pick<CreatedRun, 'agent' | 'body' | 'params'>>;

/** How one execution of a run ends ('Running' = it never finishes). */
export type ExecutionOutcome = 'Success' | 'Failed' | 'Running';

export interface RunTimings {
  pendingMs: number;
  segmentingMs: number;
  runningMs: number;
}

export interface RecordedRequest {
  origin: 'api' | 'cdn';
  method: string;
  /** Path with query, e.g. /openapi/agent/runs/abc */
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** JSON/text bodies as text; multipart uploads as a short description, never the bytes. */
  body?: string;
  status: number;
  at: number;
}

export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'bad-key' } // 401 with the published error envelope
  | { kind: 'credits-exhausted' } // 402 with a body about power/credits
  // 429 + Retry-After in seconds, or (retryAfterDate) as an HTTP-date with a Date header, both
  // from the emulator's clock, so a client must measure the wait against the answer's Date.
  | { kind: 'rate-limit'; retryAfterSeconds: number; retryAfterDate?: boolean }
  | { kind: 'server-error'; status?: 500 | 502 | 503 } // 5xx
  // Respond normally after a delay, or as soon as `until` aborts (a test holds a request, e.g.
  // a start, for as long as it needs and then lets it through; in-process emulators only).
  | { kind: 'slow'; delayMs: number; until?: AbortSignal }
  | { kind: 'hang' } // never answer (until close)
  | { kind: 'malformed-json' }
  | { kind: 'unexpected-fields' } // normal answer plus extra fields everywhere
  | { kind: 'run-fails'; reason: string } // the next started run ends Failed with this reason
  | { kind: 'cut-download'; afterBytes: number } // CDN closes the socket mid-body
  | { kind: 'wrong-content-length' } // CDN announces more bytes than it sends
  | { kind: 'redirect'; location: string } // 302 to another host
  // Not a request fault: the next started run's execution i ends with outcomes[i] (missing
  // ones Success); Failed ones carry `reason`, Running ones never finish.
  | { kind: 'mixed-executions'; outcomes: ExecutionOutcome[]; reason?: string }
  // A poll answer in another legal envelope (defaults to GET /agent/runs/{id}):
  // status-only: data.status and no `executions` key; executions-null: data.status and
  // `executions: null`; result-without-video: the first result of each Success execution
  // has no `video` (nor videoPoster).
  | { kind: 'poll-envelope'; variant: PollEnvelopeVariant }
  // Applied when injected, not per request: every video/poster URL handed out so far is
  // refused by the CDN with `status` from now on; polls hand out fresh URLs (?v=2, ?v=3…).
  | { kind: 'expired-link'; status: 403 | 404 | 410 }
  // A server that refuses end frames: a start (or power estimate) whose params.images carry a
  // last frame (image 2 on kling or Kling_Video_O1_I2V) and is otherwise valid gets 400 code
  // 40000 "Last frame is not supported: …", creating and charging nothing. Only such requests
  // count against `times`, which defaults to Infinity for this kind (a server's capability, not
  // a blip); default match: POST /agent/runs and /agent/power-estimates.
  | { kind: 'last-frame-unsupported' };

export type PollEnvelopeVariant = 'status-only' | 'executions-null' | 'result-without-video';

export interface FaultRule {
  fault: Fault;
  /** Which requests: origin and an optional method/path test. Default: any API request. */
  match?: { origin?: 'api' | 'cdn'; method?: string; path?: RegExp | string };
  /** How many matching requests it hits; default 1. Infinity for all. */
  times?: number;
}

export interface Emulator {
  /** e.g. http://127.0.0.1:40123/openapi — what WESHOP_API_BASE is set to. */
  apiBase: string;
  /** The CDN stand-in, a different port: e.g. http://127.0.0.1:40124 */
  cdnBase: string;
  apiKey: string;
  requests: RecordedRequest[];
  inject(rule: FaultRule): void;
  clearFaults(): void;
  setTimings(timings: Partial<RunTimings>): void;
  /** Number of POST /agent/runs that created a run (by Idempotency-Key, where sent). */
  startsByIdempotencyKey(): Map<string, number>;
  /** Every POST /agent/runs that reached the start handler, per Idempotency-Key (duplicates too). */
  startAttemptsByIdempotencyKey?(): Map<string, number>;
  /** How many runs were created in all, with or without an Idempotency-Key. */
  runCount?(): number;
  /**
   * Every run created (each one charged), oldest first: what a user's WeShop history shows.
   * Tests attribute paid runs to renders with it (by Idempotency-Key or the start's input).
   */
  createdRuns?(): CreatedRun[];
  /** The power balance now (starts draw it down by their cost). */
  powerBalance?(): number;
  /** The bytes the CDN serves for a video URL it handed out (for byte-equality checks). */
  videoBytes(url: string): Promise<Buffer>;
  /** Serve a deterministic file of `bytes` size at the returned CDN URL (streamed, not held in memory). */
  addSyntheticVideo(bytes: number): string;
  /** Stop answering (connections refused) and start again on the same ports. */
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  close(): Promise<void>;
}
