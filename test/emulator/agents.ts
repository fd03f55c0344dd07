/**
 * The four Kling agents as the emulator accepts them, written out from the contract
 * (docs/weshop-api.md) on purpose (NOT imported from
 * shared/models.ts): the emulator is an independent check of the client's catalogue. If the
 * client drifts from the contract, the emulator answers 400 like the real service would.
 */

export const AGENT_VERSION = 'v1.0';

/** What a model's pictures are (the emulator only needs this for its messages). */
export type ImageRole = 'first-frame' | 'references' | 'character';

export interface ModelRules {
  role: ImageRole;
  /** How many pictures besides a last frame. */
  images: { min: number; max: number };
  /** Takes one more picture after them: the last frame the video ends on. */
  lastFrame: boolean;
  /** A hosted reference video in params.videos (and input.videos). */
  video: 'none' | 'optional' | 'required';
  /** Durations it takes; empty = the agent has no duration parameter. Default: DEFAULT_DURATION. */
  durations: readonly string[];
  /** Aspect ratios it takes, default first; empty = no aspect parameter. */
  aspectRatios: readonly string[];
  /** generateAudio "true" is allowed (the parameter itself is per agent: AgentRules.params). */
  audio: boolean;
}

export interface AgentRules {
  /** Every params field the agent takes; any other is refused by name. */
  params: readonly string[];
  /** Its models, the default first. */
  models: Readonly<Record<string, ModelRules>>;
  /** False: the agent has no modelName parameter (its one entry is the emulator's own key). */
  takesModel: boolean;
  promptRequired: boolean;
}

export const DEFAULT_DURATION = '5s';

const seconds = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${from + i}s`);

const FIVE_OR_TEN = ['5s', '10s'];

/** `kling`: image 1 is the first frame, image 2 (optional) the last frame; no aspect, no video. */
const klingModel = (
  durations: readonly string[],
  audio: boolean,
  lastFrame = true,
): ModelRules => ({
  role: 'first-frame',
  images: { min: 1, max: 1 },
  lastFrame,
  video: 'none',
  durations,
  aspectRatios: [],
  audio,
});

/** O1's reference mode and Omni: text only, or up to 4 references, plus an optional video. */
const referencesModel = (
  durations: readonly string[],
  aspectRatios: readonly string[],
  audio: boolean,
): ModelRules => ({
  role: 'references',
  images: { min: 0, max: 4 },
  lastFrame: false,
  video: 'optional',
  durations,
  aspectRatios,
  audio,
});

/** The key Motion Control's rules (and its price) are filed under: it sends no model. */
export const MOTION_CONTROL_KEY = 'kling-motion-control';

export const AGENT_RULES: Readonly<Record<string, AgentRules>> = {
  kling: {
    params: ['images', 'textDescription', 'modelName', 'duration', 'generateAudio', 'batchCount'],
    models: {
      Kling_3_0: klingModel(seconds(3, 15), true),
      Kling_2_6: klingModel(FIVE_OR_TEN, true),
      Kling_2_5_Turbo: klingModel(FIVE_OR_TEN, false),
      // The one model WeShop's client refuses a last frame on.
      Kling_2_1_Master: klingModel(FIVE_OR_TEN, false, false),
      Kling_2_1: klingModel(FIVE_OR_TEN, false),
    },
    takesModel: true,
    promptRequired: true,
  },
  'kling-v3-omni': {
    params: [
      'images',
      'videos',
      'textDescription',
      'modelName',
      'duration',
      'aspectRatio',
      'generateAudio',
      'batchCount',
    ],
    models: { Kling_V3_Omni: referencesModel(seconds(3, 15), ['16:9', '9:16', '1:1'], true) },
    takesModel: true,
    promptRequired: true,
  },
  'kling-O1': {
    // No generateAudio: O1 has no audio parameter at all.
    params: [
      'images',
      'videos',
      'textDescription',
      'modelName',
      'duration',
      'aspectRatio',
      'batchCount',
    ],
    models: {
      Kling_Video_O1_Ele: referencesModel(seconds(3, 10), ['9:16', '16:9', '1:1'], false),
      // WeShop's own CLI sends aspectRatio in this mode too (it is ignored), so it is accepted.
      Kling_Video_O1_I2V: {
        role: 'first-frame',
        images: { min: 1, max: 1 },
        lastFrame: true,
        video: 'none',
        durations: seconds(3, 10),
        aspectRatios: ['9:16', '16:9', '1:1'],
        audio: false,
      },
    },
    takesModel: true,
    // WeShop's skill doc and CLI require a prompt (--prompt is a required option).
    promptRequired: true,
  },
  'kling-motion-control': {
    // No model, duration or aspect: the motion clip sets the timing and framing.
    params: ['images', 'videos', 'textDescription', 'batchCount'],
    models: {
      [MOTION_CONTROL_KEY]: {
        role: 'character',
        images: { min: 1, max: 1 },
        lastFrame: false,
        video: 'required',
        durations: [],
        aspectRatios: [],
        audio: false,
      },
    },
    takesModel: false,
    promptRequired: false,
  },
};

export const AGENT_NAMES = Object.keys(AGENT_RULES);

/** Fields a start body may carry at the top level (callbackUrl: optional, per the contract). */
export const BODY_FIELDS = ['agent', 'input', 'params', 'callbackUrl'] as const;

/** Fields of `input` per agent: the video only where the agent takes one. */
export const inputFieldsOf = (rules: AgentRules): string[] => [
  'images',
  'originalImage',
  ...(rules.params.includes('videos') ? ['videos'] : []),
  'taskName',
];
