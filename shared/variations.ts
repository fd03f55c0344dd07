import { z } from 'zod';
import { AspectRatio, Duration, MODEL_CATALOGUE, ModelName } from './models';
import { checkText, type SaidIssue, saidIssues, valueIssue } from './render-checks';
import {
  describeIssues,
  MAX_REFERENCE_IMAGES,
  RenderRequest,
  type RenderRequestInput,
} from './render-request';

/** A set of variations is queued in one action; more than this is surely a typo. */
export const SET_MAX_RENDERS = 36;

/** Set ids look like render ids with a `set-` prefix, so the two are never confused. */
export const SetId = z.string().regex(/^set-[a-z0-9-]{6,58}$/, 'Unknown set id');
export type SetId = z.infer<typeof SetId>;

/**
 * What varies across a set (prompts, models, durations) and what every render shares: the
 * pictures (picture 1, reference images 2–4, an end frame), a reference video, the aspect ratio,
 * audio and batch. Models may come from different agents ("the same prompt on Kling 3.0 and
 * Kling 3.0 Omni"): picture 1 is then the first frame of one and reference image 1 of the other.
 * A blank picture or video is "none" (the form's empty field), so a text-only set is possible
 * where the models allow it.
 */
export type VariationAxes = z.input<typeof SetRequest>;

const given = (value: string | undefined): value is string =>
  value !== undefined && value.trim() !== '';

/** The inputs every render of the set shares, as RenderRequest fields (blank ones left out). */
function sharedInputs(axes: VariationAxes): RenderRequestInput {
  const shared: RenderRequestInput = {};
  if (given(axes.image)) shared.image = axes.image;
  if (axes.moreImages?.length) shared.moreImages = [...axes.moreImages];
  if (given(axes.endFrame)) shared.endFrame = axes.endFrame;
  if (given(axes.referenceVideo)) shared.referenceVideo = axes.referenceVideo;
  if (axes.aspectRatio !== undefined) shared.aspectRatio = axes.aspectRatio;
  if (axes.generateAudio !== undefined) shared.generateAudio = axes.generateAudio;
  if (axes.batchCount !== undefined) shared.batchCount = axes.batchCount;
  return shared;
}

/** The cross product, prompt-major (all models and durations of the first prompt first). */
export function crossProduct(axes: VariationAxes): RenderRequestInput[] {
  const shared = sharedInputs(axes);
  const requests: RenderRequestInput[] = [];
  for (const prompt of axes.prompts) {
    for (const model of axes.models) {
      const durations = axes.durations.length
        ? axes.durations
        : [MODEL_CATALOGUE[model].defaultDuration];
      for (const duration of durations) requests.push({ ...shared, prompt, model, duration });
    }
  }
  return requests;
}

export type VariationCheck =
  | { ok: true; requests: RenderRequest[] }
  | { ok: false; message: string; said?: SaidIssue[] };

const unique = <T>(items: readonly T[]) => [...new Set(items)];

/** A refusal from the set's own checks: English for the CLI, each check's id for the app. */
const refused = (issues: SaidIssue[]): VariationCheck => ({
  ok: false,
  message: issues.map((issue) => issue.message).join('; '),
  said: issues,
});

/**
 * Every combination is checked against the model catalogue before anything is sent: one
 * invalid pairing (Kling_2_1 for 7s, audio on a model without it) refuses the whole set,
 * naming each bad combination once, so no credits go on half a set the user did not ask for.
 */
export function checkVariations(axes: VariationAxes): VariationCheck {
  const problems: string[] = [];
  const missing = [
    ...(axes.prompts.length === 0 ? [valueIssue('setPromptRequired')] : []),
    ...(axes.models.length === 0 ? [valueIssue('setModelRequired')] : []),
  ];
  if (missing.length) return refused(missing);
  const repeated = [
    ...(unique(axes.prompts).length < axes.prompts.length ? [valueIssue('setRepeatsPrompt')] : []),
    ...(unique(axes.models).length < axes.models.length ? [valueIssue('setRepeatsModel')] : []),
    ...(unique(axes.durations).length < axes.durations.length
      ? [valueIssue('setRepeatsDuration')]
      : []),
  ];
  if (repeated.length) return refused(repeated);
  const combinations = crossProduct(axes);
  if (combinations.length > SET_MAX_RENDERS) {
    return refused([
      valueIssue('setTooLarge', { count: combinations.length, max: SET_MAX_RENDERS }),
    ]);
  }
  const requests: RenderRequest[] = [];
  const said: SaidIssue[] = [];
  for (const combination of combinations) {
    const parsed = RenderRequest.safeParse(combination);
    if (parsed.success) requests.push(parsed.data);
    else {
      problems.push(describeIssues(parsed.error));
      said.push(...saidIssues(parsed.error.issues));
    }
  }
  if (problems.length) {
    const once = [...new Map(said.map((issue) => [issue.message, issue])).values()];
    return { ok: false, message: unique(problems).join('; '), said: once };
  }
  return { ok: true, requests };
}

const Path = z.string().max(4096);

/**
 * A set as the app and the CLI ask for it: the axes, validated again as a whole by
 * checkVariations (the per-field rules are RenderRequest's, applied to every combination).
 */
export const SetRequest = z.strictObject({
  /** Picture 1: first frame, character or reference image 1; blank or absent: none. */
  image: Path.optional(),
  /** Reference images 2–4. */
  moreImages: z
    .array(Path)
    .max(MAX_REFERENCE_IMAGES - 1)
    .optional(),
  endFrame: Path.optional(),
  referenceVideo: z.string().max(4096).optional(),
  aspectRatio: AspectRatio.optional(),
  prompts: z
    .array(z.string().max(2500))
    .min(1, checkText('setPromptRequired'))
    .max(SET_MAX_RENDERS),
  models: z.array(ModelName).min(1, checkText('setModelRequired')).max(ModelName.options.length),
  durations: z.array(Duration).max(13),
  generateAudio: z.boolean().optional(),
  batchCount: z.number().int().optional(),
});
export type SetRequest = z.infer<typeof SetRequest>;
