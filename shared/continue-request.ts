import { type Duration, MODEL_CATALOGUE, ModelName, modelLabel } from './models';
import { type SaidIssue, saidIssues, valueIssue } from './render-checks';
import {
  describeIssues,
  type ImageSource,
  RenderRequest,
  type RenderRequestInput,
} from './render-request';

/** The models a continuation can use: those whose picture 1 is the video's first frame. */
export const CONTINUE_MODELS: readonly ModelName[] = ModelName.options.filter(
  (model) => MODEL_CATALOGUE[model].imageRole === 'first-frame',
);

/** What the person chose for the next render; anything left out follows the source render. */
export interface ContinueChoice {
  /** The source video's last frame: the new render's first frame. */
  frame: ImageSource;
  prompt: string;
  model?: ModelName | undefined;
  duration?: Duration | undefined;
  /** How many videos the new render makes: always said, never the source's batch silently. */
  batchCount: number;
  /** The picture the new render ends on ("from this render's last frame to this picture"). */
  endFrame?: ImageSource | undefined;
}

export type ContinueCheck =
  | { ok: true; request: RenderRequest }
  | { ok: false; message: string; said?: SaidIssue[] };

/** "Kling 3.0 Omni (Text or references)", "Kling O1 · Text or references": with its mode. */
function named(model: ModelName): string {
  const label = modelLabel(model);
  const spec = MODEL_CATALOGUE[model];
  return spec.agent === 'kling' || label.includes(spec.mode) ? label : `${label} (${spec.mode})`;
}

/**
 * Why a model cannot continue a video, or null when it can: the model chosen for the
 * continuation, or (not chosen) the source render's own. English message for the CLI, the
 * check's id and values for the app.
 */
export function continueModelProblem(model: ModelName, chosen: boolean): SaidIssue | null {
  if (MODEL_CATALOGUE[model].imageRole === 'first-frame') return null;
  // The CLI's --model takes these ids, so the refusal names them as typed.
  // modelId: the app names the model in its own language (renderer/i18n/model-label.ts).
  const params = { model: named(model), modelId: model, models: CONTINUE_MODELS.join(', ') };
  return valueIssue(chosen ? 'continueModelNoPicture' : 'continueSourceNoPicture', params);
}

/** The app's hint for a source render whose model cannot continue: the dialog picks another. */
export function continueOtherModelHint(model: ModelName): SaidIssue | null {
  if (MODEL_CATALOGUE[model].imageRole === 'first-frame') return null;
  return valueIssue('continueSourceOtherModel', { model: named(model), modelId: model });
}

/**
 * The next render of a chain: the source render's settings with the last frame as picture 1,
 * a new prompt, the batch count chosen and an optional end frame. Only what a first-frame
 * model takes is carried: the source's references, reference video and aspect ratio (another
 * agent's inputs) and its own end frame (where the source had to end, not the continuation)
 * are left behind; audio is kept where the model can make it. Checked whole by RenderRequest.
 */
export function continueRequest(source: RenderRequest, choice: ContinueChoice): ContinueCheck {
  const model = choice.model ?? source.model;
  const problem = continueModelProblem(model, choice.model !== undefined);
  if (problem) return { ok: false, message: problem.message, said: [problem] };
  const input: RenderRequestInput = {
    model,
    image: choice.frame,
    prompt: choice.prompt,
    duration: choice.duration ?? source.duration,
    generateAudio: source.generateAudio && MODEL_CATALOGUE[model].audio,
    batchCount: choice.batchCount,
    ...(choice.endFrame !== undefined ? { endFrame: choice.endFrame } : {}),
  };
  const parsed = RenderRequest.safeParse(input);
  return parsed.success
    ? { ok: true, request: parsed.data }
    : { ok: false, message: describeIssues(parsed.error), said: saidIssues(parsed.error.issues) };
}
