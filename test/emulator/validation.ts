/**
 * The start-run rules, written out again on purpose (not imported from shared/models.ts), so the
 * emulator is an independent check of the client: if the client's catalogue drifts from the
 * contract, the emulator answers 400 like the real service would.
 */
const MODEL_RULES: Readonly<Record<string, { durations: readonly string[]; audio: boolean }>> = {
  Kling_3_0: {
    durations: ['3s', '4s', '5s', '6s', '7s', '8s', '9s', '10s', '11s', '12s', '13s', '14s', '15s'],
    audio: true,
  },
  Kling_2_6: { durations: ['5s', '10s'], audio: true },
  Kling_2_5_Turbo: { durations: ['5s', '10s'], audio: false },
  Kling_2_1_Master: { durations: ['5s', '10s'], audio: false },
  Kling_2_1: { durations: ['5s', '10s'], audio: false },
};

export const MODEL_NAMES = Object.keys(MODEL_RULES);

/** A start body's params after defaults, as the emulator keeps them. */
export interface AcceptedParams {
  images: [string];
  textDescription: string;
  modelName: string;
  duration: string;
  generateAudio: 'true' | 'false';
  batchCount: number;
}

export type Validation =
  | {
      ok: true;
      params: AcceptedParams;
      /** `input.taskName` when sent: the label WeShop's history shows for the run. */
      taskName?: string;
    }
  | { ok: false; message: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isHttpUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

const fail = (message: string): Validation => ({ ok: false, message });

/** Checks a POST /agent/runs (or /agent/power-estimates) body the way the service does. */
export function validateStartBody(body: unknown): Validation {
  if (!isRecord(body)) return fail('body must be a JSON object');
  const agent = body.agent;
  if (!isRecord(agent) || agent.name !== 'kling' || agent.version !== 'v1.0') {
    return fail('agent must be {"name":"kling","version":"v1.0"}');
  }
  const params = body.params;
  if (!isRecord(params)) return fail('params is required');
  // `input` is otherwise not checked (WeShop's own clients differ there); a label must be text.
  const taskName = isRecord(body.input) ? body.input.taskName : undefined;
  if (taskName !== undefined && typeof taskName !== 'string') {
    return fail('input.taskName must be a string');
  }

  const images = params.images;
  if (!Array.isArray(images) || images.length === 0) {
    return fail('params.images must be an array with one image URL');
  }
  if (images.length > 1) return fail(`params.images takes at most 1 image, got ${images.length}`);
  const image = images[0];
  if (!isHttpUrl(image)) return fail('params.images[0] must be an http(s) URL');

  const text = params.textDescription;
  if (typeof text !== 'string' || text.trim() === '') {
    return fail('params.textDescription must be a non-empty string');
  }

  const modelName = params.modelName ?? 'Kling_3_0';
  const rules = typeof modelName === 'string' ? MODEL_RULES[modelName] : undefined;
  if (typeof modelName !== 'string' || rules === undefined) {
    return fail(`params.modelName must be one of ${MODEL_NAMES.join(', ')}`);
  }

  const duration = params.duration ?? '5s';
  if (typeof duration !== 'string' || !rules.durations.includes(duration)) {
    const allowed =
      rules.durations.length === 2
        ? `${rules.durations[0]} or ${rules.durations[1]}`
        : `${rules.durations[0]} to ${rules.durations.at(-1)} in whole seconds`;
    return fail(
      `params.duration ${JSON.stringify(duration)} is not allowed for ${modelName}: use ${allowed}`,
    );
  }

  const generateAudio = params.generateAudio ?? 'false';
  if (generateAudio !== 'true' && generateAudio !== 'false') {
    return fail('params.generateAudio must be the string "true" or "false"');
  }
  if (generateAudio === 'true' && !rules.audio) {
    return fail(`params.generateAudio "true" is not supported by ${modelName}`);
  }

  const batchCount = params.batchCount ?? 1;
  if (typeof batchCount !== 'number' || !Number.isInteger(batchCount)) {
    return fail('params.batchCount must be an integer');
  }
  if (batchCount < 1 || batchCount > 16) {
    return fail(`params.batchCount must be between 1 and 16, got ${batchCount}`);
  }

  return {
    ok: true,
    params: {
      images: [image],
      textDescription: text,
      modelName,
      duration,
      generateAudio,
      batchCount,
    },
    ...(taskName !== undefined ? { taskName } : {}),
  };
}

/**
 * The emulator's made-up but deterministic price table, in credits per second of video for
 * one video, plus a per-second audio surcharge on the models that make audio. A start and a
 * power estimate of the same body always agree. Written out here (not in shared/) so tests
 * compute expected prices independently of the client.
 */
export const PRICE_TABLE: Readonly<Record<string, { perSecond: number; audioPerSecond: number }>> =
  {
    Kling_3_0: { perSecond: 4, audioPerSecond: 2 },
    Kling_2_6: { perSecond: 4, audioPerSecond: 2 },
    Kling_2_5_Turbo: { perSecond: 2, audioPerSecond: 0 },
    Kling_2_1_Master: { perSecond: 4, audioPerSecond: 0 },
    Kling_2_1: { perSecond: 2, audioPerSecond: 0 },
  };

/** (per second + audio surcharge per second) × seconds × batchCount. */
export function powerCost(params: AcceptedParams): number {
  const price = PRICE_TABLE[params.modelName] ?? { perSecond: 4, audioPerSecond: 0 };
  const seconds = Number.parseInt(params.duration, 10);
  const perSecond = price.perSecond + (params.generateAudio === 'true' ? price.audioPerSecond : 0);
  return perSecond * seconds * params.batchCount;
}
