import { z } from 'zod';
import {
  AgentName,
  AspectRatio,
  agentOf,
  DEFAULT_AGENT,
  Duration,
  defaultModelOf,
  MODEL_CATALOGUE,
  ModelName,
} from './models';
import { checkText, valueIssue } from './render-checks';
import {
  BatchCount,
  ImageSource,
  PROMPT_MAX_LENGTH,
  RenderRequest,
  VideoUrl,
} from './render-request';

/** `{subject}`: a template variable is a name of letters, digits, `_` or `-`, in braces. */
const VARIABLE = /\{([A-Za-z][A-Za-z0-9_-]{0,39})\}/g;

const PRESET_NAME_MAX = 60;

/** Each problem with its check id, so the app says it in the chosen language (the CLI: English). */
export const PresetName = z
  .string({ error: checkText('presetNameRequired') })
  .trim()
  .superRefine((name, ctx) => {
    // A blank name is only "needs a name", not also "wrong characters".
    if (name.length === 0) return ctx.addIssue(valueIssue('presetNameRequired'));
    if (name.length > PRESET_NAME_MAX) {
      ctx.addIssue(valueIssue('presetNameTooLong', { max: PRESET_NAME_MAX }));
    }
    if (!/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u.test(name)) {
      ctx.addIssue(valueIssue('presetNameCharacters'));
    }
  });

/**
 * A saved starting point for New render: the model (and so the agent) and its settings, a
 * prompt template whose `{variables}` are filled in each time it is used, and what may stay the
 * same across uses: the aspect ratio, a reference video (a dance clip for Motion Control) and an
 * end frame (a closing card every video ends on). Picture 1 (first frame, character, reference 1)
 * is never in a preset: it is what changes from one use to the next. Strict, like RenderRequest:
 * a typo in a preset file is an error, never a silent default that costs credits. Presets saved
 * by older versions (model, duration, audio, batch, template) read as they are.
 */
const PresetFields = z.strictObject({
  name: PresetName,
  /** Picks the agent's default model when no model is given; not kept (the model names it). */
  agent: AgentName.optional(),
  /** Default: the agent's default model. */
  model: ModelName.optional(),
  /** Default: the model's default duration. */
  duration: Duration.optional(),
  generateAudio: z.boolean().default(false),
  batchCount: BatchCount,
  aspectRatio: AspectRatio.optional(),
  referenceVideo: VideoUrl.optional(),
  endFrame: ImageSource.optional(),
  /** Required where the model needs a prompt (every model but Motion Control). */
  promptTemplate: z
    .string({ error: checkText('presetTemplateRequired') })
    .trim()
    .superRefine((template, ctx) => {
      if (template.length > PROMPT_MAX_LENGTH) {
        ctx.addIssue(valueIssue('presetTemplateTooLong', { max: PROMPT_MAX_LENGTH }));
      }
    })
    .default(''),
});
type PresetFields = z.output<typeof PresetFields>;

/** Stand-ins for what a preset leaves to each use, so the request check can judge the rest. */
const PICTURE_STAND_IN = '/preset-check/picture.png';
const VIDEO_STAND_IN = 'https://preset-check.invalid/video.mp4';
/** The request fields a preset carries: only their problems are the preset's. */
const PRESET_PATHS: readonly PropertyKey[] = [
  'model',
  'duration',
  'generateAudio',
  'aspectRatio',
  'referenceVideo',
  'endFrame',
];

/**
 * The agent and model filled in (as a render request does), then the preset checked by the one
 * set of catalogue rules a render request has (shared/render-request.ts): a request from this
 * preset, with a picture and (for Motion Control) a video where the preset leaves them to each
 * use, must be valid, so a preset that saves is one that can render.
 */
function resolvePreset<T extends PresetFields>(preset: T, ctx: z.RefinementCtx) {
  const agent = preset.agent ?? (preset.model ? agentOf(preset.model) : DEFAULT_AGENT);
  const model = preset.model ?? defaultModelOf(agent);
  const spec = MODEL_CATALOGUE[model];
  const duration = preset.duration ?? spec.defaultDuration;
  let failed = false;
  // A check's id and values travel with its words (the app says them in its language).
  const issue = (
    path: PropertyKey,
    found: { message: string; params?: Record<string, unknown> },
  ) => {
    failed = true;
    ctx.addIssue({
      code: 'custom',
      path: [path],
      message: found.message,
      ...(found.params ? { params: found.params } : {}),
    });
  };
  if (preset.promptTemplate === '' && spec.promptRequired) {
    issue('promptTemplate', valueIssue('presetTemplateRequired'));
  }
  if (unbalancedBraces(preset.promptTemplate)) {
    issue('promptTemplate', valueIssue('presetTemplateBraces'));
  }
  const trial = RenderRequest.safeParse({
    ...(preset.agent ? { agent: preset.agent } : {}),
    model,
    duration,
    generateAudio: preset.generateAudio,
    prompt: 'preset check',
    ...(spec.images.min > 0 ? { image: PICTURE_STAND_IN } : {}),
    ...(preset.endFrame !== undefined ? { endFrame: preset.endFrame } : {}),
    ...(preset.aspectRatio !== undefined ? { aspectRatio: preset.aspectRatio } : {}),
    ...(preset.referenceVideo !== undefined
      ? { referenceVideo: preset.referenceVideo }
      : spec.referenceVideo === 'required'
        ? { referenceVideo: VIDEO_STAND_IN }
        : {}),
  });
  if (!trial.success) {
    for (const found of trial.error.issues) {
      const path = found.path[0];
      if (path !== undefined && PRESET_PATHS.includes(path)) {
        issue(path, found.code === 'custom' ? found : { message: found.message });
      }
    }
  }
  if (failed) return z.NEVER;
  // The model names the agent (agentOf): kept once, so a preset file cannot contradict itself.
  const { agent: _named, ...settings } = preset;
  return { ...settings, model, duration };
}

/** What a user saves (the store stamps updatedAt). Output: model and duration filled. */
export const PresetDraft = PresetFields.transform(resolvePreset);
export type PresetDraft = z.input<typeof PresetDraft>;
export const Preset = PresetFields.extend({ updatedAt: z.iso.datetime() }).transform(resolvePreset);
export type Preset = z.output<typeof Preset>;

/** presets.json in the library home. */
export const PresetFile = z.object({ version: z.literal(1), presets: z.array(Preset) });
export type PresetFile = z.infer<typeof PresetFile>;

/** prompt-history.json in the library home: newest first, unique, kept after renders go. */
export const PromptHistoryFile = z.object({
  version: z.literal(1),
  prompts: z.array(z.object({ text: z.string().min(1), usedAt: z.iso.datetime() })),
});
export type PromptHistoryFile = z.infer<typeof PromptHistoryFile>;
export const PROMPT_HISTORY_MAX = 200;

/** A `{` or `}` that is not part of a `{name}`: a typo the user should see, not a literal. */
function unbalancedBraces(template: string): string | null {
  const stray = template.replace(VARIABLE, '').match(/[{}]/);
  return stray ? checkText('presetTemplateBraces') : null;
}

/** The variable names of a template, in order of first use, each once. */
export function templateVariables(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(VARIABLE)) {
    const name = match[1] as string;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

export type TemplateExpansion = { ok: true; prompt: string } | { ok: false; message: string };

/**
 * Fills every `{name}` with its value. Every variable must have a non-blank value: a prompt
 * sent with "{subject}" in it would spend credits on a render nobody wanted.
 */
export function expandTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
): TemplateExpansion {
  const broken = unbalancedBraces(template);
  if (broken) return { ok: false, message: broken };
  const missing = templateVariables(template).filter(
    (name) => !Object.hasOwn(values, name) || (values[name] ?? '').trim() === '',
  );
  if (missing.length > 0) {
    const list = missing.map((name) => `{${name}}`).join(', ');
    return {
      ok: false,
      message: `Fill in ${missing.length === 1 ? 'the variable' : 'the variables'} ${list} of the prompt template`,
    };
  }
  const prompt = template.replace(VARIABLE, (_, name: string) => (values[name] ?? '').trim());
  if (prompt.length > PROMPT_MAX_LENGTH) {
    return {
      ok: false,
      message: `The filled-in prompt is ${prompt.length} characters; prompts can be at most ${PROMPT_MAX_LENGTH}`,
    };
  }
  return { ok: true, prompt };
}

/** Case-insensitive substring search over the history, newest first. */
export function searchPrompts(
  history: readonly string[],
  text: string | undefined,
  limit: number,
): string[] {
  const needle = (text ?? '').trim().toLowerCase();
  const hits = needle ? history.filter((p) => p.toLowerCase().includes(needle)) : history;
  return hits.slice(0, limit);
}
