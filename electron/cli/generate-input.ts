import { KlingError } from '../../shared/errors';
import { DEFAULT_MODEL, type Duration, MODEL_CATALOGUE, ModelName } from '../../shared/models';
import { expandTemplate, type Preset, templateVariables } from '../../shared/presets';
import { BATCH_MAX, BATCH_MIN } from '../../shared/render-request';
import type { VariationAxes } from '../../shared/variations';
import { normaliseDuration, parseWholeNumber, resolveImageArgument } from './request-input';

/** `generate`'s options as commander hands them over (repeatable ones are arrays). */
export interface GenerateOptions {
  prompt?: string[];
  model?: string[];
  duration?: string[];
  audio?: boolean;
  batch?: string;
  preset?: string;
  /** `--var subject="a red fox"`: values for the preset's `{variables}`. */
  var?: string[];
  json?: boolean;
}

/** commander's collector for repeatable options. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

function parseVariables(raw: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const item of raw) {
    const at = item.indexOf('=');
    if (at <= 0) {
      throw new KlingError(
        'invalid-input',
        `--var takes name=value (e.g. --var subject="a fox"), not "${item}"`,
      );
    }
    values[item.slice(0, at).trim()] = item.slice(at + 1);
  }
  return values;
}

function parseModels(raw: readonly string[]): ModelName[] {
  return raw.map((name) => {
    const parsed = ModelName.safeParse(name.trim());
    if (!parsed.success) {
      throw new KlingError(
        'invalid-input',
        `Unknown model "${name}"; choose from ${ModelName.options.join(', ')}`,
      );
    }
    return parsed.data;
  });
}

/**
 * The preset's duration, kept when --model replaced its model as long as every model chosen
 * offers it (e.g. 10s from Kling_2_6 to Kling_2_1); otherwise none, so each model's default
 * applies rather than a combination the catalogue refuses.
 */
function presetDuration(preset: Preset | null, models: readonly ModelName[]): Duration[] {
  if (!preset) return [];
  const offered = models.every((model) =>
    MODEL_CATALOGUE[model].durations.includes(preset.duration),
  );
  return offered ? [preset.duration] : [];
}

/**
 * What to render: the command line over the preset (a given --prompt replaces the template,
 * a given --model replaces the preset's, and so on). Throws invalid-input for what can be
 * told without the catalogue; checkVariations judges the combinations.
 */
export function generateAxes(
  image: string,
  options: GenerateOptions,
  cwd: string,
  preset: Preset | null,
): VariationAxes {
  const prompts = options.prompt ?? [];
  const variables = options.var ?? [];
  if (!preset && variables.length > 0) {
    throw new KlingError(
      'invalid-input',
      '--var fills the variables of a preset: add --preset NAME',
    );
  }
  if (!preset && prompts.length === 0) {
    throw new KlingError(
      'invalid-input',
      'Give a prompt (--prompt TEXT) or a preset (--preset NAME)',
    );
  }
  if (preset && prompts.length > 0 && variables.length > 0) {
    throw new KlingError(
      'invalid-input',
      `--var fills the preset's prompt template, which --prompt replaces: drop --prompt to use "${preset.name}"'s template, or --var to use your prompt`,
    );
  }
  let promptList = prompts;
  if (preset && prompts.length === 0) {
    const values = parseVariables(variables);
    // A name the template does not use (a typo) would otherwise be dropped without a word.
    const known = templateVariables(preset.promptTemplate);
    const unknown = Object.keys(values).filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      const braces = (names: readonly string[]) => names.map((name) => `{${name}}`).join(', ');
      throw new KlingError(
        'invalid-input',
        `Preset "${preset.name}" has no ${unknown.length === 1 ? 'variable' : 'variables'} ${braces(unknown)} (${known.length ? `its variables: ${braces(known)}` : 'its prompt template has none'})`,
      );
    }
    const expanded = expandTemplate(preset.promptTemplate, values);
    if (!expanded.ok) {
      throw new KlingError(
        'invalid-input',
        `Preset "${preset.name}": ${expanded.message} (use --var name=value)`,
      );
    }
    promptList = [expanded.prompt];
  }
  const models = options.model?.length ? parseModels(options.model) : preset ? [preset.model] : [];
  const durations = (options.duration ?? []).map(normaliseDuration) as Duration[];
  const axes: VariationAxes = {
    image: resolveImageArgument(image, cwd),
    prompts: promptList,
    // No model anywhere: RenderRequest's default, as for a plain generate.
    models: models.length ? models : [DEFAULT_MODEL],
    durations: durations.length ? durations : presetDuration(preset, models),
  };
  if (options.audio || preset?.generateAudio) axes.generateAudio = true;
  const batch = options.batch !== undefined ? parseWholeNumber(options.batch) : preset?.batchCount;
  if (typeof batch === 'string') {
    throw new KlingError(
      'invalid-input',
      `--batch: a whole number from ${BATCH_MIN} to ${BATCH_MAX}, not ${batch}`,
    );
  }
  if (batch !== undefined) axes.batchCount = batch;
  return axes;
}
