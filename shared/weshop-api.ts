import { z } from 'zod';
import { AgentName } from './models';

/**
 * WeShop OpenAPI Kling agent bodies (kling, kling-v3-omni, kling-O1, kling-motion-control), from the published contract (the envelope variants
 * the emulator sends are listed in test/emulator/README.md). We send the union of what
 * WeShop's own clients send, and read every documented variant. Response schemas are loose on purpose: unknown
 * fields are kept, never an error.
 */
export const WESHOP_API_BASE = 'https://openapi.weshop.ai/openapi';
export const WESHOP_API_HOST = 'openapi.weshop.ai';
export const WESHOP_PATHS = {
  upload: '/agent/assets/images',
  runs: '/agent/runs',
  run: (executionId: string) => `/agent/runs/${encodeURIComponent(executionId)}`,
  powerEstimates: '/agent/power-estimates',
} as const;

const Urls = (max: number) => z.array(z.url()).min(1).max(max);

/** What one start (or estimate) sends; which fields each agent takes: run-body.ts. */
export const RunParams = z.strictObject({
  images: Urls(4).optional(),
  videos: Urls(1).optional(),
  textDescription: z.string().min(1).optional(),
  modelName: z.string().optional(),
  duration: z.string().optional(),
  aspectRatio: z.string().optional(),
  generateAudio: z.enum(['true', 'false']).optional(),
  batchCount: z.number().int().min(1).max(16),
});
export type RunParams = z.infer<typeof RunParams>;

export const StartRunBody = z.strictObject({
  agent: z.strictObject({ name: AgentName, version: z.literal('v1.0') }),
  input: z.strictObject({
    images: Urls(4).optional(),
    originalImage: z.url().optional(),
    videos: Urls(1).optional(),
    /** A label WeShop shows in its own history (shared/task-name.ts runTaskName). */
    taskName: z.string().min(1).max(200).optional(),
  }),
  params: RunParams,
  callbackUrl: z.string().optional(),
});
export type StartRunBody = z.infer<typeof StartRunBody>;

/** Both error envelopes: `{success:false,error:{code,message,retryable}}` and `{code,msg}`. */
export const ErrorBody = z.looseObject({
  success: z.literal(false).optional(),
  error: z
    .looseObject({
      code: z.union([z.number(), z.string()]).optional(),
      message: z.string().optional(),
      retryable: z.boolean().optional(),
    })
    .optional(),
  code: z.union([z.number(), z.string()]).optional(),
  msg: z.string().optional(),
  message: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const UploadResponse = z.looseObject({
  success: z.literal(true).optional(),
  data: z
    .looseObject({ image: z.url().optional(), imageUrl: z.url().optional() })
    .refine((d) => d.image ?? d.imageUrl, 'data.image (or data.imageUrl) is missing'),
});
export type UploadResponse = z.infer<typeof UploadResponse>;
export const readUploadedUrl = (body: UploadResponse): string =>
  (body.data.image ?? body.data.imageUrl) as string;

const Id = z.union([z.string().min(1), z.number()]).transform(String);

export const StartRunResponse = z
  .looseObject({
    success: z.literal(true).optional(),
    data: z
      .looseObject({
        executionId: Id.optional(),
        taskId: Id.optional(),
        powerConsumption: z.number().optional(),
        powerBalanceAmount: z.number().optional(),
      })
      .optional(),
    meta: z.looseObject({ executionId: Id.optional() }).optional(),
  })
  .refine(
    (b) => b.data?.executionId ?? b.meta?.executionId ?? b.data?.taskId,
    'no executionId in data.executionId, meta.executionId or data.taskId',
  );
export type StartRunResponse = z.infer<typeof StartRunResponse>;
export const readExecutionId = (body: StartRunResponse): string =>
  (body.data?.executionId ?? body.meta?.executionId ?? body.data?.taskId) as string;

/** Remote run states; anything else is kept as-is and treated as still running. */
export const REMOTE_ACTIVE_STATES = ['Pending', 'Segmenting', 'Running'] as const;
export const REMOTE_FINAL_STATES = ['Success', 'Failed', 'Cancelled', 'Canceled'] as const;
export const RemoteRunState = z.enum([...REMOTE_ACTIVE_STATES, ...REMOTE_FINAL_STATES]);
export type RemoteRunState = z.infer<typeof RemoteRunState>;

export const RunResult = z.looseObject({
  status: z.string().optional(),
  video: z.string().optional(),
  videoPoster: z.string().optional(),
  lastFrame: z.string().optional(),
  message: z.string().optional(),
  errorMsg: z.string().optional(),
});
export const Execution = z.looseObject({
  executionId: Id.optional(),
  status: z.string(),
  executionTime: z.number().optional(),
  result: z.array(RunResult).nullish(),
  message: z.string().nullish(),
  errorMsg: z.string().nullish(),
  failReason: z.string().nullish(),
});
/**
 * Every legal poll envelope: `executions[]`; `executions: null` or no `executions` at all with
 * the run's state in `data.status`; results without `video` (RunResult has it optional). A
 * missing or null list reads as [] so readers see one shape.
 */
export const PollResponse = z.looseObject({
  success: z.literal(true).optional(),
  data: z.looseObject({
    status: z.string().optional(),
    executions: z
      .array(Execution)
      .nullish()
      .transform((executions) => executions ?? []),
    message: z.string().nullish(),
  }),
});
export type PollResponse = z.infer<typeof PollResponse>;

export interface RemoteVideo {
  /** Stable position of this video across all executions of the run. */
  index: number;
  url: string;
  posterUrl?: string;
  lastFrameUrl?: string;
}

export interface RunSnapshot {
  /**
   * Normalised state of the whole run (Cancelled/Canceled become 'Canceled'; unknown strings
   * stay 'Running'). A run is final only when every execution is: while any execution is
   * active the run is active, whatever the others say. A final run with some executions
   * Success and some not is 'Failed' here; its delivered videos are still in `videos`.
   */
  state: 'Pending' | 'Segmenting' | 'Running' | 'Success' | 'Failed' | 'Canceled';
  /** The raw status string(s) the server sent, e.g. "Success,Failed" for a mixed batch. */
  rawState: string;
  /** True when every execution (or data.status, without executions) is final. */
  final: boolean;
  /** Every delivered video of every execution, whatever the run's state. */
  videos: RemoteVideo[];
  /** Any message the body carried (failure reason). */
  message?: string;
  /** What the run says it is, where the body says it (absent when it names nothing). */
  reported?: RunIdentity;
}

/**
 * What a poll answer says about the run itself: `data.agentName`, and the model and batch it
 * was started with (`data.initParams`, else the executions' `params`: a model they all agree
 * on, a batch count only from a run of one execution).
 * A field the answer leaves out, or sends in a shape we cannot read, is simply absent.
 */
interface RunIdentity {
  agentName?: string;
  modelName?: string;
  batchCount?: number;
}

const ReportedText = z.string().trim().min(1);
const ReportedCount = z.union([
  z.number().int().min(1),
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1)),
]);
const ReportedParams = z.looseObject({
  modelName: z.unknown().optional(),
  batchCount: z.unknown().optional(),
});

/** The one value every source agrees on, else undefined (absent, unreadable or disagreeing). */
function agreed<T>(values: (T | undefined)[]): T | undefined {
  const seen = [...new Set(values.filter((v) => v !== undefined))];
  return seen.length === 1 ? seen[0] : undefined;
}

function paramsOf(value: unknown): { modelName?: string; batchCount?: number } {
  const params = ReportedParams.safeParse(value);
  if (!params.success) return {};
  const model = ReportedText.safeParse(params.data.modelName);
  const count = ReportedCount.safeParse(params.data.batchCount);
  return {
    ...(model.success ? { modelName: model.data } : {}),
    ...(count.success ? { batchCount: count.data } : {}),
  };
}

/** Reads RunIdentity from a poll answer (never throws: an odd field is left out). */
function readRunIdentity(body: PollResponse): RunIdentity | undefined {
  const agent = ReportedText.safeParse(body.data.agentName);
  const initial = paramsOf(body.data.initParams);
  const perExecution = (body.data.executions ?? []).map((e) => paramsOf(e.params));
  const modelName = initial.modelName ?? agreed(perExecution.map((p) => p.modelName));
  // A batch may be split over executions, each perhaps counting only its own share: an
  // execution's batchCount speaks for the run only when it is the run's one execution.
  const batchCount =
    initial.batchCount ?? (perExecution.length === 1 ? perExecution[0]?.batchCount : undefined);
  const identity: RunIdentity = {
    ...(agent.success ? { agentName: agent.data } : {}),
    ...(modelName !== undefined ? { modelName } : {}),
    ...(batchCount !== undefined ? { batchCount } : {}),
  };
  return Object.keys(identity).length > 0 ? identity : undefined;
}

function normaliseState(raw: string | undefined): RunSnapshot['state'] {
  switch (raw) {
    case 'Pending':
    case 'Segmenting':
    case 'Running':
    case 'Success':
    case 'Failed':
      return raw;
    case 'Cancelled':
    case 'Canceled':
      return 'Canceled';
    default:
      return raw === undefined ? 'Pending' : 'Running';
  }
}

const FINAL_SNAPSHOT_STATES: readonly RunSnapshot['state'][] = ['Success', 'Failed', 'Canceled'];

/** One state for all executions: active if any is active, Success only if all succeeded. */
function combineStates(states: RunSnapshot['state'][]): RunSnapshot['state'] {
  const active = states.filter((s) => !FINAL_SNAPSHOT_STATES.includes(s));
  // The least advanced active execution says how far the run is.
  for (const s of ['Pending', 'Segmenting', 'Running'] as const) if (active.includes(s)) return s;
  if (states.every((s) => s === 'Success')) return 'Success';
  if (states.every((s) => s === 'Canceled')) return 'Canceled';
  return 'Failed';
}

/** Reads every legal envelope: executions[], executions null or absent (data.status only). */
export function readRunSnapshot(body: PollResponse): RunSnapshot {
  const executions = body.data.executions ?? [];
  const rawStates =
    executions.length > 0 ? executions.map((e) => e.status) : [body.data.status ?? 'Pending'];
  const state = combineStates(rawStates.map(normaliseState));
  const videos: RemoteVideo[] = [];
  const messages: string[] = [];
  for (const execution of executions) {
    for (const m of [execution.message, execution.errorMsg, execution.failReason]) {
      if (m) messages.push(m);
    }
    for (const result of execution.result ?? []) {
      if (result.video) {
        const video: RemoteVideo = { index: videos.length, url: result.video };
        if (result.videoPoster) video.posterUrl = result.videoPoster;
        if (result.lastFrame) video.lastFrameUrl = result.lastFrame;
        videos.push(video);
      }
      for (const m of [result.message, result.errorMsg]) if (m) messages.push(m);
    }
  }
  if (body.data.message) messages.push(body.data.message);
  const snapshot: RunSnapshot = {
    state,
    rawState: [...new Set(rawStates)].join(','),
    final: FINAL_SNAPSHOT_STATES.includes(state),
    videos,
  };
  const message = [...new Set(messages)].join('; ');
  if (message) snapshot.message = message;
  const reported = readRunIdentity(body);
  if (reported) snapshot.reported = reported;
  return snapshot;
}

export const PowerEstimateResponse = z.looseObject({
  data: z.looseObject({
    totalPower: z.number(),
    type: z.string().optional(),
    exclusive: z.unknown().optional(),
    paidPowerNotEnough: z.boolean().optional(),
    isEstimated: z.boolean().optional(),
  }),
});
export type PowerEstimateResponse = z.infer<typeof PowerEstimateResponse>;
