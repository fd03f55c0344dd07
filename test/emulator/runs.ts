import { randomBytes } from 'node:crypto';
import { AGENT_VERSION } from './agents';
import type { AcceptedRun, ExecutionOutcome, PollEnvelopeVariant, RunTimings } from './types';
import type { AcceptedParams } from './validation';

export interface Run {
  executionId: string;
  /** The agent the start named (agent.name). */
  agent: string;
  /** The model's key in agents.ts (params.modelName after defaults; Motion Control: its agent). */
  model: string;
  /** The start's body exactly as it arrived (UTF-8 text), for byte checks in tests. */
  body: string;
  startedAt: number;
  /** Timings in force when the run started (setTimings only affects later runs). */
  timings: RunTimings;
  params: AcceptedParams;
  /** The params exactly as the client sent them (echoed as data.initParams). */
  initParams: unknown;
  /** The start body's `input` as sent (image URLs, a task name: what WeShop's history shows). */
  input?: unknown;
  /** `input.taskName` as sent: polled back as data.taskName, as WeShop's history names the run. */
  taskName?: string;
  /** The Idempotency-Key the start carried, if any. */
  idempotencyKey?: string;
  /** Set by a run-fails fault: the run ends Failed with this message and no videos. */
  failReason?: string;
  /** Set by a mixed-executions fault: execution i ends with outcomes[i] (missing: Success). */
  outcomes?: ExecutionOutcome[];
  /** The message of the executions a mixed-executions fault makes fail. */
  outcomeReason?: string;
}

/** How execution `index` of the run ends. */
export function executionOutcome(run: Run, index: number): ExecutionOutcome {
  if (run.failReason !== undefined) return 'Failed';
  return run.outcomes?.[index] ?? 'Success';
}

const failureMessage = (run: Run) => run.failReason ?? run.outcomeReason ?? 'generation failed';

/** Which execution delivers video `videoIndex` (executions hold `perExecution` videos each). */
export const executionOfVideo = (videoIndex: number, perExecution: number) =>
  Math.floor(videoIndex / perExecution);

type ExecutionStatus = 'Pending' | 'Segmenting' | 'Running' | 'Success' | 'Failed';

export const videoPath = (executionId: string, index: number) =>
  `/videos/${encodeURIComponent(executionId)}/${index}.mp4`;
export const posterPath = (executionId: string, index: number) =>
  `/posters/${encodeURIComponent(executionId)}/${index}.jpg`;
export const lastFramePath = (executionId: string, index: number) =>
  `/lastframes/${encodeURIComponent(executionId)}/${index}.png`;

/** Which of the fixture clips a video URL serves: stable per (run, index), neighbours differ. */
export function fixtureIndexFor(executionId: string, index: number, fixtureCount: number): number {
  let hash = 0;
  for (const char of executionId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return (hash + index) % fixtureCount;
}

/** Holds every run, the Idempotency-Key index and the counters tests read. */
export class RunBook {
  private readonly runs = new Map<string, Run>();
  private readonly runIdByKey = new Map<string, string>();
  readonly startsByKey = new Map<string, number>();
  readonly attemptsByKey = new Map<string, number>();
  private counter = 0;

  get size(): number {
    return this.runs.size;
  }

  get(executionId: string): Run | undefined {
    return this.runs.get(executionId);
  }

  /** Every run created, oldest first (Map keeps insertion order). */
  all(): Run[] {
    return [...this.runs.values()];
  }

  noteAttempt(idempotencyKey: string | undefined): void {
    if (idempotencyKey === undefined) return;
    this.attemptsByKey.set(idempotencyKey, (this.attemptsByKey.get(idempotencyKey) ?? 0) + 1);
  }

  /** The run an earlier start with this key created, if any. */
  findByKey(idempotencyKey: string | undefined): Run | undefined {
    if (idempotencyKey === undefined) return undefined;
    const id = this.runIdByKey.get(idempotencyKey);
    return id === undefined ? undefined : this.runs.get(id);
  }

  create(fields: Omit<Run, 'executionId'>, idempotencyKey: string | undefined): Run {
    this.counter += 1;
    const executionId = `emu${String(this.counter).padStart(4, '0')}${randomBytes(6).toString('hex')}`;
    const run: Run = {
      executionId,
      ...fields,
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    };
    this.runs.set(executionId, run);
    if (idempotencyKey !== undefined) {
      // With the key ignored (honourIdempotencyKey false) the latest run wins the index, and
      // the count goes on rising: every duplicate start is a separate, charged run.
      this.runIdByKey.set(idempotencyKey, executionId);
      this.startsByKey.set(idempotencyKey, (this.startsByKey.get(idempotencyKey) ?? 0) + 1);
    }
    return run;
  }
}

/** A run as `createdRuns()` reports it: which of its videos will exist on the CDN. */
export function describeRun(run: Run, perExecution: number): AcceptedRun {
  const deliveredVideos = Array.from({ length: run.params.batchCount }, (_, i) => i).filter(
    (i) => executionOutcome(run, executionOfVideo(i, perExecution)) === 'Success',
  );
  return {
    executionId: run.executionId,
    ...(run.idempotencyKey !== undefined ? { idempotencyKey: run.idempotencyKey } : {}),
    agent: run.agent,
    body: run.body,
    params: run.params,
    input: run.input,
    batchCount: run.params.batchCount,
    createdAt: run.startedAt,
    deliveredVideos,
    deliversNothing: deliveredVideos.length === 0,
  };
}

/** How batchCount splits into executions: sizes of at most `perExecution`. */
export function executionSizes(batchCount: number, perExecution: number): number[] {
  const sizes: number[] = [];
  for (let left = batchCount; left > 0; left -= perExecution)
    sizes.push(Math.min(left, perExecution));
  return sizes;
}

/**
 * The GET /agent/runs/{id} body at time `now`. Executions share the Pending and Segmenting
 * phases, then finish one after another (the last at the end of runningMs), so mid-run the
 * first execution can already say Success while the run (= the last execution) is Running.
 * `linkEpoch` > 1 (after an expired-link fault) tags every URL with `?v=<epoch>`.
 */
export function pollBody(
  run: Run,
  now: number,
  cdnBase: string,
  perExecution: number,
  linkEpoch = 1,
  withLastFrame = false,
) {
  const { pendingMs, segmentingMs, runningMs } = run.timings;
  const elapsed = Math.max(0, now - run.startedAt);
  const sizes = executionSizes(run.params.batchCount, perExecution);
  let firstIndex = 0;
  const executions = sizes.map((size, i) => {
    const outcome = executionOutcome(run, i);
    const finishesAt =
      outcome === 'Running'
        ? Number.POSITIVE_INFINITY
        : pendingMs + segmentingMs + (runningMs * (i + 1)) / sizes.length;
    const status: ExecutionStatus =
      elapsed < pendingMs
        ? 'Pending'
        : elapsed < pendingMs + segmentingMs
          ? 'Segmenting'
          : elapsed < finishesAt
            ? 'Running'
            : outcome;
    const result =
      status === 'Success'
        ? Array.from({ length: size }, (_, k) =>
            resultFor(run.executionId, firstIndex + k, cdnBase, linkEpoch, withLastFrame),
          )
        : [];
    firstIndex += size;
    return {
      executionId: i === 0 ? run.executionId : `${run.executionId}-${i + 1}`,
      status,
      executionTime: Math.floor(Math.min(elapsed, finishesAt) / 1000),
      params: run.params,
      result,
      ...(status === 'Failed' ? { message: failureMessage(run) } : {}),
    };
  });
  return {
    success: true,
    data: {
      agentName: run.agent,
      agentVersion: AGENT_VERSION,
      ...(run.taskName !== undefined ? { taskName: run.taskName } : {}),
      initParams: run.initParams,
      executions,
    },
    meta: { executionId: run.executionId },
  };
}

function resultFor(
  executionId: string,
  index: number,
  cdnBase: string,
  linkEpoch: number,
  withLastFrame: boolean,
) {
  const token = linkEpoch > 1 ? `?v=${linkEpoch}` : '';
  const video = `${cdnBase}${videoPath(executionId, index)}${token}`;
  if (withLastFrame) {
    const lastFrame = `${cdnBase}${lastFramePath(executionId, index)}${token}`;
    return { status: 'Success', video, lastFrame };
  }
  // The contract says videoPoster comes with some results only: give it to even indexes.
  return index % 2 === 0
    ? {
        status: 'Success',
        video,
        videoPoster: `${cdnBase}${posterPath(executionId, index)}${token}`,
      }
    : { status: 'Success', video };
}

/** The link epoch a CDN URL was handed out in (`?v=n`; none = 1), or undefined if malformed. */
export function linkEpochOf(pathWithQuery: string): number | undefined {
  const query = pathWithQuery.split('?')[1];
  if (query === undefined) return 1;
  const v = new URLSearchParams(query).get('v');
  if (v === null) return 1;
  return /^\d+$/.test(v) ? Number(v) : undefined;
}

/**
 * The poll body re-shaped into another legal envelope (a poll-envelope fault). The run's
 * state (its last execution's) moves to data.status when executions go away.
 */
export function reshapePollBody(body: ReturnType<typeof pollBody>, variant: PollEnvelopeVariant) {
  const { executions, ...rest } = body.data;
  const status = executions.at(-1)?.status ?? 'Pending';
  switch (variant) {
    case 'status-only':
      return { ...body, data: { ...rest, status } };
    case 'executions-null':
      return { ...body, data: { ...rest, status, executions: null } };
    case 'result-without-video':
      return {
        ...body,
        data: {
          ...rest,
          executions: executions.map((execution) => {
            if (execution.status !== 'Success') return execution;
            const [first, ...others] = execution.result;
            if (first === undefined) return execution;
            return { ...execution, result: [{ status: first.status }, ...others] };
          }),
        },
      };
  }
}
