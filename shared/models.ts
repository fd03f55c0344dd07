import { z } from 'zod';
import { checkIssue } from './render-checks';

/**
 * The agent catalogue: every WeShop Kling agent, its models and what each model takes. The
 * request schema (render-request.ts), the start and estimate bodies (electron/weshop/run-body.ts),
 * the New render form, the CLI's options and help, the Library's filters and the settings table
 * are all derived from it. The contract it follows is docs/weshop-api.md; the emulator keeps an
 * independent copy of the rules (test/emulator/agents.ts, prices.ts). CONTRIBUTING has the recipe for
 * adding an agent or a model.
 */
export const AgentName = z.enum(['kling', 'kling-v3-omni', 'kling-O1', 'kling-motion-control']);
export type AgentName = z.infer<typeof AgentName>;

/** Every model of every agent. Motion Control sends no model: its one entry is ours (sendsModel). */
export const ModelName = z.enum([
  'Kling_3_0',
  'Kling_2_6',
  'Kling_2_5_Turbo',
  'Kling_2_1_Master',
  'Kling_2_1',
  'Kling_V3_Omni',
  'Kling_Video_O1_Ele',
  'Kling_Video_O1_I2V',
  'Kling_Motion_Control',
]);
export type ModelName = z.infer<typeof ModelName>;

/** Every duration string any model accepts: whole seconds, "3s" … "15s". */
export const Duration = z
  .string()
  .regex(/^([3-9]|1[0-5])s$/, 'Duration must be whole seconds, 3s to 15s');
export type Duration = z.infer<typeof Duration>;

export const AspectRatio = z.enum(['16:9', '9:16', '1:1']);
export type AspectRatio = z.infer<typeof AspectRatio>;

/**
 * What a model's pictures are: `first-frame` (image 1 is the video's first frame, an optional
 * end frame its last), `references` (0–4 pictures the prompt calls "image 1"…"image 4"),
 * `character` (one picture the reference video's motion is moved onto).
 */
export const ImageRole = z.enum(['first-frame', 'references', 'character']);
export type ImageRole = z.infer<typeof ImageRole>;

export const ModelSpec = z.object({
  agent: AgentName,
  label: z.string(),
  /** What the model does, in a few words (the form's mode switch and the library's cards). */
  mode: z.string(),
  imageRole: ImageRole,
  /** How many pictures in `image` + `moreImages` (an end frame is counted apart). */
  images: z.object({ min: z.number().int().min(0), max: z.number().int().min(0).max(4) }),
  /** Takes an end frame (sent as the second image). */
  endFrame: z.boolean(),
  /** A hosted reference video URL. */
  referenceVideo: z.enum(['none', 'optional', 'required']),
  /** Aspect ratios it takes, the default first; empty when the model takes none. */
  aspectRatios: z.array(AspectRatio),
  /** Durations it takes; sendsDuration false: the duration is not sent (the video sets it). */
  durations: z.array(Duration).nonempty(),
  defaultDuration: Duration,
  sendsDuration: z.boolean(),
  /** False when the agent has no model parameter (Motion Control). */
  sendsModel: z.boolean(),
  /** Audio can be generated; sendsAudio false: the agent has no audio parameter at all. */
  audio: z.boolean(),
  sendsAudio: z.boolean(),
  promptRequired: z.boolean(),
  /**
   * A rough prior for polling: seconds from the start request to Success for a 5 s clip,
   * batch 1, no audio. Used only until the library has this model's own history
   * (electron/engine/finish-predictor.ts scales it for duration, audio and batch).
   */
  typicalRunSeconds: z.number().positive(),
});
export type ModelSpec = z.infer<typeof ModelSpec>;

export const AgentSpec = z.object({
  label: z.string(),
  version: z.literal('v1.0'),
  /** Its models, the default first. */
  models: z.array(ModelName).nonempty(),
  summary: z.string(),
});
export type AgentSpec = z.infer<typeof AgentSpec>;

const seconds = (from: number, to: number): [Duration, ...Duration[]] => {
  const list = Array.from({ length: to - from + 1 }, (_, i) => `${from + i}s`);
  return list as [Duration, ...Duration[]];
};

/** `kling`: image 1 is the first frame; every model but 2.1 Master takes an end frame. */
const klingModel = (
  label: string,
  more: Pick<ModelSpec, 'durations' | 'audio' | 'endFrame' | 'typicalRunSeconds'>,
) => ({
  agent: 'kling' as const,
  label,
  mode: 'First frame to video',
  imageRole: 'first-frame' as const,
  images: { min: 1, max: 1 },
  referenceVideo: 'none' as const,
  aspectRatios: [],
  defaultDuration: '5s',
  sendsDuration: true,
  sendsModel: true,
  sendsAudio: true,
  promptRequired: true,
  ...more,
});

/**
 * Which inputs, durations, aspect ratios and audio each model allows (docs/weshop-api.md).
 * A typed constant, not parsed at load: every process (the CLI's `list` too) would pay for the
 * parse at start-up; models.test.ts checks both catalogues against their schemas instead.
 */
export const MODEL_CATALOGUE: Readonly<Record<ModelName, ModelSpec>> = {
  Kling_3_0: klingModel('Kling 3.0', {
    durations: seconds(3, 15),
    audio: true,
    endFrame: true,
    typicalRunSeconds: 150,
  }),
  Kling_2_6: klingModel('Kling 2.6', {
    durations: ['5s', '10s'],
    audio: true,
    endFrame: true,
    typicalRunSeconds: 120,
  }),
  Kling_2_5_Turbo: klingModel('Kling 2.5 Turbo', {
    durations: ['5s', '10s'],
    audio: false,
    endFrame: true,
    typicalRunSeconds: 75,
  }),
  Kling_2_1_Master: klingModel('Kling 2.1 Master', {
    durations: ['5s', '10s'],
    audio: false,
    endFrame: false,
    typicalRunSeconds: 300,
  }),
  Kling_2_1: klingModel('Kling 2.1', {
    durations: ['5s', '10s'],
    audio: false,
    endFrame: true,
    typicalRunSeconds: 120,
  }),
  Kling_V3_Omni: {
    agent: 'kling-v3-omni',
    label: 'Kling 3.0 Omni',
    mode: 'Text or references',
    imageRole: 'references',
    images: { min: 0, max: 4 },
    endFrame: false,
    referenceVideo: 'optional',
    aspectRatios: ['16:9', '9:16', '1:1'],
    durations: seconds(3, 15),
    defaultDuration: '5s',
    sendsDuration: true,
    sendsModel: true,
    audio: true,
    sendsAudio: true,
    promptRequired: true,
    typicalRunSeconds: 180,
  },
  Kling_Video_O1_Ele: {
    agent: 'kling-O1',
    label: 'Kling O1',
    mode: 'Text or references',
    imageRole: 'references',
    images: { min: 0, max: 4 },
    endFrame: false,
    referenceVideo: 'optional',
    aspectRatios: ['9:16', '16:9', '1:1'],
    durations: seconds(3, 10),
    defaultDuration: '5s',
    sendsDuration: true,
    sendsModel: true,
    audio: false,
    sendsAudio: false,
    promptRequired: true,
    typicalRunSeconds: 150,
  },
  Kling_Video_O1_I2V: {
    agent: 'kling-O1',
    label: 'Kling O1',
    mode: 'First frame to video',
    imageRole: 'first-frame',
    images: { min: 1, max: 1 },
    endFrame: true,
    referenceVideo: 'none',
    aspectRatios: [],
    durations: seconds(3, 10),
    defaultDuration: '5s',
    sendsDuration: true,
    sendsModel: true,
    audio: false,
    sendsAudio: false,
    promptRequired: true,
    typicalRunSeconds: 150,
  },
  Kling_Motion_Control: {
    agent: 'kling-motion-control',
    label: 'Motion Control',
    mode: 'Character follows a video',
    imageRole: 'character',
    images: { min: 1, max: 1 },
    endFrame: false,
    referenceVideo: 'required',
    aspectRatios: [],
    // Not sent: the reference video sets the length. '5s' is what estimates and polling assume.
    durations: ['5s'],
    defaultDuration: '5s',
    sendsDuration: false,
    sendsModel: false,
    audio: false,
    sendsAudio: false,
    promptRequired: false,
    typicalRunSeconds: 180,
  },
};

export const AGENT_CATALOGUE: Readonly<Record<AgentName, AgentSpec>> = {
  kling: {
    label: 'Kling',
    version: 'v1.0',
    models: ['Kling_3_0', 'Kling_2_6', 'Kling_2_5_Turbo', 'Kling_2_1_Master', 'Kling_2_1'],
    summary: 'A picture comes to life: first frame, optional end frame',
  },
  'kling-v3-omni': {
    label: 'Kling 3.0 Omni',
    version: 'v1.0',
    models: ['Kling_V3_Omni'],
    summary: 'From text alone or up to 4 reference pictures, optional reference video',
  },
  'kling-O1': {
    label: 'Kling O1',
    version: 'v1.0',
    models: ['Kling_Video_O1_Ele', 'Kling_Video_O1_I2V'],
    summary: 'References (text, pictures, video) or first frame to video',
  },
  'kling-motion-control': {
    label: 'Motion Control',
    version: 'v1.0',
    models: ['Kling_Motion_Control'],
    summary: 'A character picture moves like a reference video',
  },
};

export const DEFAULT_AGENT: AgentName = 'kling';
export const DEFAULT_MODEL: ModelName = 'Kling_3_0';

export const agentOf = (model: ModelName): AgentName => MODEL_CATALOGUE[model].agent;
export const defaultModelOf = (agent: AgentName): ModelName =>
  AGENT_CATALOGUE[agent].models[0] as ModelName;
/** "Kling 3.0", "Kling O1 · First frame to video": a model as a person reads it. */
export function modelLabel(model: ModelName): string {
  const spec = MODEL_CATALOGUE[model];
  return AGENT_CATALOGUE[spec.agent].models.length > 1 && spec.agent !== 'kling'
    ? `${spec.label} · ${spec.mode}`
    : spec.label;
}

/** "5s or 10s", "3s to 15s": how a model's durations read in a message. */
export function describeDurations(model: ModelName): string {
  const list = MODEL_CATALOGUE[model].durations;
  if (list.length === 1) return list[0] as string;
  if (list.length === 2) return `${list[0]} or ${list[1]}`;
  return `${list[0]} to ${list[list.length - 1]}`;
}

export { orList } from './render-checks';

/** Where a check reports its zod issues (a refinement context, or a wrapper counting them). */
export type IssueSink = Pick<z.RefinementCtx, 'addIssue'>;

/** The models that can generate audio, by name: "Kling_3_0, Kling_2_6 and Kling_V3_Omni". */
const AUDIO_MODEL_NAMES = ModelName.options.filter((name) => MODEL_CATALOGUE[name].audio);

/**
 * The catalogue's rules for one model's settings, reported as zod issues on `duration` and
 * `generateAudio`: the one check behind a render request and a preset.
 */
export function addModelSettingIssues(
  settings: { model: ModelName; duration: Duration; generateAudio: boolean },
  ctx: IssueSink,
): void {
  const spec = MODEL_CATALOGUE[settings.model];
  if (!spec.durations.includes(settings.duration)) {
    ctx.addIssue(durationIssue(settings.model, settings.duration));
  }
  if (settings.generateAudio && !spec.audio) {
    ctx.addIssue(
      checkIssue('generateAudio', 'audioNotTaken', {
        model: settings.model,
        models: { and: AUDIO_MODEL_NAMES },
      }),
    );
  }
}

/** Same words as describeDurations: "5 or 10", "3 to 15" (a range past two lengths). */
function durationIssue(model: ModelName, duration: Duration) {
  const spec = MODEL_CATALOGUE[model];
  if (!spec.sendsDuration)
    return checkIssue('duration', 'durationFromVideo', { model: spec.label });
  const list = spec.durations;
  return list.length <= 2
    ? checkIssue('duration', 'durationNotOffered', { model, durations: { or: list }, duration })
    : checkIssue('duration', 'durationNotInRange', {
        model,
        from: list[0] ?? '',
        to: list[list.length - 1] ?? '',
        duration,
      });
}
