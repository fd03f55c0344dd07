import { z } from 'zod';
import { Duration, MODEL_CATALOGUE, ModelName } from './models';
import { describeIssues, RenderRequest, type RenderRequestInput } from './render-request';

/** A set of variations is queued in one action; more than this is surely a typo. */
export const SET_MAX_RENDERS = 36;

/** Set ids look like render ids with a `set-` prefix, so the two are never confused. */
export const SetId = z.string().regex(/^set-[a-z0-9-]{6,58}$/, 'Unknown set id');
export type SetId = z.infer<typeof SetId>;

/** What varies across a set; everything else (image, audio, batch) is shared. */
export interface VariationAxes {
  image: string;
  prompts: readonly string[];
  models: readonly ModelName[];
  /** Empty: each model's own default duration. */
  durations: readonly Duration[];
  generateAudio?: boolean;
  batchCount?: number;
}

/** The cross product, prompt-major (all models and durations of the first prompt first). */
export function crossProduct(axes: VariationAxes): RenderRequestInput[] {
  const requests: RenderRequestInput[] = [];
  for (const prompt of axes.prompts) {
    for (const model of axes.models) {
      const durations = axes.durations.length
        ? axes.durations
        : [MODEL_CATALOGUE[model].defaultDuration];
      for (const duration of durations) {
        const request: RenderRequestInput = { image: axes.image, prompt, model, duration };
        if (axes.generateAudio !== undefined) request.generateAudio = axes.generateAudio;
        if (axes.batchCount !== undefined) request.batchCount = axes.batchCount;
        requests.push(request);
      }
    }
  }
  return requests;
}

export type VariationCheck =
  | { ok: true; requests: RenderRequest[] }
  | { ok: false; message: string };

const unique = <T>(items: readonly T[]) => [...new Set(items)];

/**
 * Every combination is checked against the model catalogue before anything is sent: one
 * invalid pairing (Kling_2_1 for 7s, audio on a model without it) refuses the whole set,
 * naming each bad combination once, so no credits go on half a set the user did not ask for.
 */
export function checkVariations(axes: VariationAxes): VariationCheck {
  const problems: string[] = [];
  if (axes.prompts.length === 0) problems.push('Give at least one prompt');
  if (axes.models.length === 0) problems.push('Give at least one model');
  if (problems.length) return { ok: false, message: problems.join('; ') };
  const repeated = [
    ...(unique(axes.prompts).length < axes.prompts.length ? ['a prompt'] : []),
    ...(unique(axes.models).length < axes.models.length ? ['a model'] : []),
    ...(unique(axes.durations).length < axes.durations.length ? ['a duration'] : []),
  ];
  if (repeated.length) {
    return { ok: false, message: `The set repeats ${repeated.join(', ')}; give each once` };
  }
  const combinations = crossProduct(axes);
  if (combinations.length > SET_MAX_RENDERS) {
    return {
      ok: false,
      message: `That set is ${combinations.length} renders; at most ${SET_MAX_RENDERS} can be queued in one set`,
    };
  }
  const requests: RenderRequest[] = [];
  for (const combination of combinations) {
    const parsed = RenderRequest.safeParse(combination);
    if (parsed.success) requests.push(parsed.data);
    else problems.push(describeIssues(parsed.error));
  }
  if (problems.length) return { ok: false, message: unique(problems).join('; ') };
  return { ok: true, requests };
}

/** A set as the app asks for it (IPC): the axes, validated again as a whole by checkVariations. */
export const SetRequest = z.strictObject({
  image: z.string().min(1).max(4096),
  prompts: z.array(z.string().max(2500)).min(1, 'Give at least one prompt').max(SET_MAX_RENDERS),
  models: z.array(ModelName).min(1, 'Give at least one model').max(ModelName.options.length),
  durations: z.array(Duration).max(13),
  generateAudio: z.boolean().optional(),
  batchCount: z.number().int().optional(),
});
export type SetRequest = z.infer<typeof SetRequest>;
