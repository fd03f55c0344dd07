import { z } from 'zod';
import { MessageRef } from './core-messages';
import { RenderView } from './job';
import { DEFAULT_MODEL, Duration, MODEL_CATALOGUE, ModelName, modelLabel } from './models';
import { type SaidIssue, saidIssues, valueIssue } from './render-checks';
import { describeIssues, RenderRequest, type RenderRequestInput } from './render-request';
import { SetId } from './variations';

/**
 * A storyboard: a row of keyframe pictures, each transition one render from keyframe i (its
 * first frame) to keyframe i+1 (its end frame), queued as one set and joined into one MP4.
 */
export const STORYBOARD_MIN_KEYFRAMES = 2;
/** 12 transitions: a minute of 5 s clips; more in one action is surely a slip. */
export const STORYBOARD_MAX_KEYFRAMES = 13;

/** Models that can render a transition: a first frame and an end frame. */
export const STORYBOARD_MODELS: readonly ModelName[] = ModelName.options.filter(
  (model) => MODEL_CATALOGUE[model].imageRole === 'first-frame' && MODEL_CATALOGUE[model].endFrame,
);
export const STORYBOARD_DEFAULT_MODEL: ModelName = DEFAULT_MODEL;

/** What a person asks for (IPC, and the CLI builds the same). */
export const StoryboardRequest = z.strictObject({
  keyframes: z.array(z.string().min(1).max(4096)).superRefine((keyframes, ctx) => {
    if (keyframes.length < STORYBOARD_MIN_KEYFRAMES)
      ctx.addIssue(valueIssue('storyboardFewKeyframes', { min: STORYBOARD_MIN_KEYFRAMES }));
    else if (keyframes.length > STORYBOARD_MAX_KEYFRAMES)
      ctx.addIssue(valueIssue('storyboardManyKeyframes', { max: STORYBOARD_MAX_KEYFRAMES }));
  }),
  /** One prompt for every transition, or one per transition (keyframes − 1). */
  prompts: z.array(z.string().max(2500)).superRefine((prompts, ctx) => {
    if (prompts.length === 0) ctx.addIssue(valueIssue('storyboardPromptRequired'));
    else if (prompts.length > STORYBOARD_MAX_KEYFRAMES)
      ctx.addIssue(valueIssue('storyboardManyPrompts', { max: STORYBOARD_MAX_KEYFRAMES }));
  }),
  model: ModelName.optional(),
  duration: Duration.optional(),
  generateAudio: z.boolean().optional(),
});
export type StoryboardRequest = z.infer<typeof StoryboardRequest>;

export type StoryboardCheck =
  | { ok: true; model: ModelName; requests: RenderRequest[] }
  | { ok: false; message: string; said?: SaidIssue[] };

/** "Kling 2.1 Master cannot end on a chosen frame…": the refusal for a model without one. */
function noEndFrameIssue(model: ModelName) {
  return valueIssue('storyboardNoEndFrame', {
    model: modelLabel(model),
    modelId: model,
    models: { or: STORYBOARD_MODELS.map(modelLabel) },
  });
}

/** A refusal from one of the storyboard's own checks: English, and its id for the app. */
const refused = (issue: SaidIssue): StoryboardCheck => ({
  ok: false,
  message: issue.message,
  said: [issue],
});

/** The transitions' requests: keyframe i → keyframe i+1 with its prompt, before any request. */
export function transitionRequests(request: StoryboardRequest): RenderRequestInput[] {
  const count = request.keyframes.length - 1;
  return Array.from({ length: count }, (_, i) => {
    const input: RenderRequestInput = {
      image: request.keyframes[i],
      endFrame: request.keyframes[i + 1],
      prompt: request.prompts.length === 1 ? request.prompts[0] : request.prompts[i],
      model: request.model ?? STORYBOARD_DEFAULT_MODEL,
    };
    if (request.duration !== undefined) input.duration = request.duration;
    if (request.generateAudio !== undefined) input.generateAudio = request.generateAudio;
    return input;
  });
}

/**
 * The whole storyboard checked against the catalogue before anything is sent: the count of
 * keyframes and prompts, a model that takes an end frame (named, with the ones that do), and
 * each transition as a render request. One problem refuses the whole storyboard.
 */
export function checkStoryboard(input: unknown): StoryboardCheck {
  const parsed = StoryboardRequest.safeParse(input);
  if (!parsed.success) {
    const said = saidIssues(parsed.error.issues);
    return { ok: false, message: describeIssues(parsed.error), said };
  }
  const request = parsed.data;
  const model = request.model ?? STORYBOARD_DEFAULT_MODEL;
  if (!STORYBOARD_MODELS.includes(model)) return refused(noEndFrameIssue(model));
  const transitions = request.keyframes.length - 1;
  if (request.prompts.length !== 1 && request.prompts.length !== transitions) {
    return refused(
      valueIssue('storyboardPromptCount', {
        keyframes: request.keyframes.length,
        transitions,
        prompts: request.prompts.length,
      }),
    );
  }
  const problems: string[] = [];
  const said: SaidIssue[] = [];
  const requests: RenderRequest[] = [];
  for (const [i, input] of transitionRequests(request).entries()) {
    const one = RenderRequest.safeParse(input);
    if (one.success) requests.push(one.data);
    else {
      problems.push(`transition ${i + 1}: ${describeIssues(one.error)}`);
      said.push(...saidIssues(one.error.issues));
    }
  }
  if (problems.length) {
    const once = [...new Map(said.map((issue) => [issue.message, issue])).values()];
    return { ok: false, message: [...new Set(problems)].join('; '), said: once };
  }
  return { ok: true, model, requests };
}

const RenderIdString = z.string().regex(/^[a-z0-9-]{6,64}$/);

/** One transition of a storyboard: its render now, and the ones it replaced (oldest first). */
export const StoryboardTransition = z.object({
  renderId: RenderIdString,
  replaced: z.array(RenderIdString),
});
export type StoryboardTransition = z.infer<typeof StoryboardTransition>;

/** storyboards/<id>/storyboard.json: which renders in which order, kept in the library. */
export const Storyboard = z.object({
  schemaVersion: z.literal(1),
  /** The set id its renders carry. */
  id: SetId,
  createdAt: z.iso.datetime(),
  /** The keyframes' copies in the storyboard's folder (a re-render reads these). */
  keyframes: z.array(z.string()).min(STORYBOARD_MIN_KEYFRAMES),
  /** The prompt of each transition. */
  prompts: z.array(z.string()),
  model: ModelName,
  duration: Duration,
  generateAudio: z.boolean(),
  transitions: z.array(StoryboardTransition),
  /** The last joined MP4 and the renders it was made of. */
  joined: z
    .object({
      file: z.string(),
      renderIds: z.array(RenderIdString),
      reencoded: z.boolean(),
      at: z.iso.datetime(),
    })
    .optional(),
});
export type Storyboard = z.infer<typeof Storyboard>;

/** A storyboard's transitions' current render ids, in play order. */
export const storyboardRenderIds = (storyboard: Pick<Storyboard, 'transitions'>) =>
  storyboard.transitions.map((t) => t.renderId);

/** The joined file when it was made of exactly the current transitions (else null). */
export function currentJoin(storyboard: Storyboard): string | null {
  const joined = storyboard.joined;
  if (!joined) return null;
  const ids = storyboardRenderIds(storyboard);
  return joined.renderIds.length === ids.length && joined.renderIds.every((id, i) => id === ids[i])
    ? joined.file
    : null;
}

/** What "Export joined MP4" did: the file, and whether the clips had to be re-encoded. */
export const JoinedStoryboard = z.object({
  file: z.string(),
  reencoded: z.boolean(),
  message: z.string(),
  messageRef: MessageRef.optional(), // which of the core's messages (for the app's language)
});
export type JoinedStoryboard = z.infer<typeof JoinedStoryboard>;

/** A storyboard as the app shows it: the record and each transition's current render. */
export const StoryboardView = z.object({
  storyboard: Storyboard,
  /** The transitions' renders in play order (null: a render deleted from the library). */
  renders: z.array(RenderView.nullable()),
  /** The joined MP4 of exactly these renders, when one was made and is still there. */
  joined: z.string().nullable(),
});
export type StoryboardView = z.infer<typeof StoryboardView>;
