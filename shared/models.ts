import { z } from 'zod';

/** The Kling models the WeShop `kling` agent accepts, newest first (the first is the default). */
export const ModelName = z.enum([
  'Kling_3_0',
  'Kling_2_6',
  'Kling_2_5_Turbo',
  'Kling_2_1_Master',
  'Kling_2_1',
]);
export type ModelName = z.infer<typeof ModelName>;

/** Every duration string any model accepts: whole seconds, "3s" … "15s". */
export const Duration = z
  .string()
  .regex(/^([3-9]|1[0-5])s$/, 'Duration must be whole seconds, 3s to 15s');
export type Duration = z.infer<typeof Duration>;

export const ModelSpec = z.object({
  label: z.string(),
  durations: z.array(Duration).nonempty(),
  defaultDuration: Duration,
  audio: z.boolean(),
  /**
   * A rough prior for polling: seconds from the start request to Success for a 5 s clip,
   * batch 1, no audio. Used only until the library has this model's own history
   * (electron/engine/finish-predictor.ts scales it for duration, audio and batch).
   */
  typicalRunSeconds: z.number().positive(),
});
export type ModelSpec = z.infer<typeof ModelSpec>;

const seconds = (from: number, to: number): [Duration, ...Duration[]] => {
  const list = Array.from({ length: to - from + 1 }, (_, i) => `${from + i}s`);
  return list as [Duration, ...Duration[]];
};

/** Which durations and audio each model allows (from the WeShop contract). */
export const MODEL_CATALOGUE: Readonly<Record<ModelName, ModelSpec>> = z
  .record(ModelName, ModelSpec)
  .parse({
    Kling_3_0: {
      label: 'Kling 3.0',
      durations: seconds(3, 15),
      defaultDuration: '5s',
      audio: true,
      typicalRunSeconds: 150,
    },
    Kling_2_6: {
      label: 'Kling 2.6',
      durations: ['5s', '10s'],
      defaultDuration: '5s',
      audio: true,
      typicalRunSeconds: 120,
    },
    Kling_2_5_Turbo: {
      label: 'Kling 2.5 Turbo',
      durations: ['5s', '10s'],
      defaultDuration: '5s',
      audio: false,
      typicalRunSeconds: 75,
    },
    Kling_2_1_Master: {
      label: 'Kling 2.1 Master',
      durations: ['5s', '10s'],
      defaultDuration: '5s',
      audio: false,
      typicalRunSeconds: 300,
    },
    Kling_2_1: {
      label: 'Kling 2.1',
      durations: ['5s', '10s'],
      defaultDuration: '5s',
      audio: false,
      typicalRunSeconds: 120,
    },
  });

export const DEFAULT_MODEL: ModelName = 'Kling_3_0';

/** "5s or 10s", "3s to 15s": how a model's durations read in a message. */
export function describeDurations(model: ModelName): string {
  const list = MODEL_CATALOGUE[model].durations;
  if (list.length === 2) return `${list[0]} or ${list[1]}`;
  return `${list[0]} to ${list[list.length - 1]}`;
}

/** The models that can generate audio, by name: "Kling_3_0 and Kling_2_6". */
const AUDIO_MODEL_NAMES = ModelName.options.filter((name) => MODEL_CATALOGUE[name].audio);

/**
 * The catalogue's rules for one model's settings, reported as zod issues on `duration` and
 * `generateAudio`: the one check behind a render request and a preset.
 */
export function addModelSettingIssues(
  settings: { model: ModelName; duration: Duration; generateAudio: boolean },
  ctx: z.RefinementCtx,
): void {
  const spec = MODEL_CATALOGUE[settings.model];
  if (!spec.durations.includes(settings.duration)) {
    ctx.addIssue({
      code: 'custom',
      path: ['duration'],
      message: `${settings.model} supports ${describeDurations(settings.model)}, not ${settings.duration}`,
    });
  }
  if (settings.generateAudio && !spec.audio) {
    ctx.addIssue({
      code: 'custom',
      path: ['generateAudio'],
      message: `${settings.model} cannot generate audio (only ${AUDIO_MODEL_NAMES.join(' and ')} can)`,
    });
  }
}
