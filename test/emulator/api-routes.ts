import type { CdnAssets } from './cdn';
import type { FaultBook } from './faults';
import { type ApiReply, errorReply, reply } from './http-util';
import { powerCost } from './prices';
import { pollBody, type RunBook } from './runs';
import type { RunTimings } from './types';
import { sniffImage } from './upload';
import { type Validation, validateStartBody } from './validation';

/** The state the API routes read and change; server.ts owns it. */
export interface ApiState {
  apiKey: string;
  cdnBase: string;
  runs: RunBook;
  faults: FaultBook;
  assets: CdnAssets;
  now: () => number;
  timings: () => RunTimings;
  resultsPerExecution: number;
  power: { balance: number };
  /** False: a repeated Idempotency-Key creates (and charges) a new run like any other start. */
  honourIdempotencyKey: boolean;
  /** Video/poster URLs carry ?v=<epoch> once > 1; older ones are refused (expired-link). */
  links: { epoch: number; expiredStatus: number };
  /** Results carry `lastFrame` (EmulatorOptions.lastFrames). */
  lastFrames: boolean;
}

export interface ApiRequest {
  method: string;
  /** Full path with query, e.g. /openapi/agent/runs/abc */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Present when the body was multipart/form-data and parsed. */
  form?: FormData;
}

const PREFIX = '/openapi';

const INVALID_KEY = () => errorReply(401, 40001, 'Invalid API key');
export const CREDITS_EXHAUSTED = () => errorReply(402, 40002, 'Insufficient power balance');

/** What a server that refuses end frames answers (the last-frame-unsupported fault). */
const LAST_FRAME_UNSUPPORTED = () =>
  errorReply(
    400,
    40000,
    'Last frame is not supported: params.images takes 1 image (the first frame); send the start without image 2',
  );

/**
 * A body as the service accepts it, or the 400 it answers: the validation, then a
 * last-frame-unsupported fault (asked only for a valid body with a last frame, so only those
 * count against its `times`).
 */
function checkBody(
  state: ApiState,
  request: ApiRequest,
  parsed: unknown,
): Extract<Validation, { ok: true }> | ApiReply {
  const checked = validateStartBody(parsed);
  if (!checked.ok) return errorReply(400, 40000, checked.message);
  if (checked.hasLastFrame && state.faults.takeLastFrameRefusal(request.method, request.path)) {
    return LAST_FRAME_UNSUPPORTED();
  }
  return checked;
}

/** Routes one API request: auth first, then the four endpoints of the contract. */
export async function handleApi(state: ApiState, request: ApiRequest): Promise<ApiReply> {
  // The contract: the raw key, exactly; "Bearer <key>" is a different string and is refused.
  if (request.headers.authorization !== state.apiKey) return INVALID_KEY();

  const path = request.path.split('?')[0] ?? '';
  const route = path.startsWith(`${PREFIX}/`) ? path.slice(PREFIX.length) : undefined;
  const method = request.method;
  if (method === 'POST' && route === '/agent/assets/images') return upload(state, request);
  if (method === 'POST' && route === '/agent/runs') return startRun(state, request);
  if (method === 'POST' && route === '/agent/power-estimates') return estimate(state, request);
  const pollMatch = route === undefined ? null : /^\/agent\/runs\/([^/]+)$/.exec(route);
  if (method === 'GET' && pollMatch?.[1] !== undefined) return poll(state, pollMatch[1]);
  return errorReply(404, 40000, `no such endpoint: ${method} ${path}`);
}

async function upload(state: ApiState, request: ApiRequest): Promise<ApiReply> {
  if (request.form === undefined) {
    return errorReply(
      400,
      40000,
      'upload must be multipart/form-data with the file in field "image"',
    );
  }
  const file = request.form.get('image');
  if (file === null) return errorReply(400, 40000, 'multipart field "image" is missing');
  if (typeof file === 'string')
    return errorReply(400, 40000, 'field "image" must be a file, not text');
  const bytes = Buffer.from(await file.arrayBuffer());
  if (bytes.length === 0) return errorReply(400, 40000, 'the uploaded image is empty');
  const type = sniffImage(bytes);
  if (type === undefined) {
    return errorReply(400, 40000, 'the uploaded file is not an image (png, jpeg, webp or gif)');
  }
  const path = state.assets.addUpload(bytes, type.extension, type.contentType);
  return reply(200, { success: true, data: { image: `${state.cdnBase}${path}` } });
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

function startRun(state: ApiState, request: ApiRequest): ApiReply {
  const key = request.headers['idempotency-key'] || undefined;
  state.runs.noteAttempt(key);
  const parsed = parseJson(request.body);
  if (!parsed.ok) return errorReply(400, 40000, 'body is not valid JSON');

  // A retry of a start that already created a run gets that run back: no new run, no charge
  // (unless the emulator plays a server that ignores the key).
  const earlier = state.honourIdempotencyKey ? state.runs.findByKey(key) : undefined;
  if (earlier !== undefined) {
    return startedReply(
      earlier.executionId,
      powerCost(earlier.model, earlier.params),
      state.power.balance,
    );
  }

  const checked = checkBody(state, request, parsed.value);
  if (!('ok' in checked)) return checked;
  const cost = powerCost(checked.model, checked.params);
  if (cost > state.power.balance) return CREDITS_EXHAUSTED();

  const ending = state.faults.takeRunEnding(request.method, request.path);
  state.power.balance -= cost;
  const run = state.runs.create(
    {
      startedAt: state.now(),
      timings: { ...state.timings() },
      agent: checked.agent,
      model: checked.model,
      body: request.body.toString('utf8'),
      params: checked.params,
      initParams: (parsed.value as { params?: unknown }).params,
      input: (parsed.value as { input?: unknown }).input,
      ...(checked.taskName !== undefined ? { taskName: checked.taskName } : {}),
      ...ending,
    },
    key,
  );
  return startedReply(run.executionId, cost, state.power.balance);
}

const startedReply = (executionId: string, powerConsumption: number, powerBalanceAmount: number) =>
  reply(200, {
    success: true,
    data: { executionId, powerConsumption, powerBalanceAmount },
    meta: { executionId },
  });

function poll(state: ApiState, encodedId: string): ApiReply {
  let executionId: string;
  try {
    executionId = decodeURIComponent(encodedId);
  } catch {
    return errorReply(404, 40000, 'run not found');
  }
  const run = state.runs.get(executionId);
  if (run === undefined) return errorReply(404, 40000, 'run not found');
  return reply(
    200,
    pollBody(
      run,
      state.now(),
      state.cdnBase,
      state.resultsPerExecution,
      state.links.epoch,
      state.lastFrames,
    ),
  );
}

function estimate(state: ApiState, request: ApiRequest): ApiReply {
  const parsed = parseJson(request.body);
  if (!parsed.ok) return errorReply(400, 40000, 'body is not valid JSON');
  const checked = checkBody(state, request, parsed.value);
  if (!('ok' in checked)) return checked;
  const totalPower = powerCost(checked.model, checked.params);
  return reply(200, {
    success: true,
    data: {
      totalPower,
      type: checked.agent,
      exclusive: false,
      paidPowerNotEnough: totalPower > state.power.balance,
      isEstimated: true,
    },
  });
}
