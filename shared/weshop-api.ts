import { z } from 'zod';

/**
 * WeShop OpenAPI `kling` agent bodies, from the published contract (the envelope variants
 * the emulator sends are listed in test/emulator/README.md). We send the union of what
 * WeShop's own clients send, and read every documented variant. Response schemas are loose on purpose: unknown
 * fields are kept, never an error.
 */
export const WESHOP_API_BASE = 'https://openapi.weshop.ai/openapi';
export const WESHOP_API_HOST = 'openapi.weshop.ai';
export const AGENT = { name: 'kling', version: 'v1.0' } as const;

export const WESHOP_PATHS = {
  upload: '/agent/assets/images',
  runs: '/agent/runs',
  run: (executionId: string) => `/agent/runs/${encodeURIComponent(executionId)}`,
  powerEstimates: '/agent/power-estimates',
} as const;

export const RunParams = z.object({
  images: z.array(z.url()).length(1),
  textDescription: z.string().min(1),
  modelName: z.string(),
  duration: z.string(),
  generateAudio: z.enum(['true', 'false']),
  batchCount: z.number().int().min(1).max(16),
});
export type RunParams = z.infer<typeof RunParams>;

export const StartRunBody = z.object({
  agent: z.object({ name: z.literal('kling'), version: z.literal('v1.0') }),
  input: z.object({ images: z.array(z.url()).length(1), originalImage: z.url() }),
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
export const PollResponse = z.looseObject({
  success: z.literal(true).optional(),
  data: z.looseObject({
    status: z.string().optional(),
    executions: z.array(Execution).default([]),
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
  /** Normalised state: Cancelled/Canceled become 'Canceled'; unknown strings stay 'Running'. */
  state: 'Pending' | 'Segmenting' | 'Running' | 'Success' | 'Failed' | 'Canceled';
  /** The raw status string the server sent. */
  rawState: string;
  videos: RemoteVideo[];
  /** Any message the body carried (failure reason). */
  message?: string;
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

/** The run's state is its last execution's (or data.status); videos from every execution. */
export function readRunSnapshot(body: PollResponse): RunSnapshot {
  const executions = body.data.executions;
  const rawState = executions.at(-1)?.status ?? body.data.status ?? 'Pending';
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
  const snapshot: RunSnapshot = { state: normaliseState(rawState), rawState, videos };
  const message = [...new Set(messages)].join('; ');
  if (message) snapshot.message = message;
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
