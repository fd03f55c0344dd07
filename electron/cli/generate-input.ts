import { KlingError } from '../../shared/errors';
import {
  type AgentName,
  agentOf,
  DEFAULT_AGENT,
  type Duration,
  defaultModelOf,
  MODEL_CATALOGUE,
  type ModelName,
} from '../../shared/models';
import { expandTemplate, type Preset, templateVariables } from '../../shared/presets';
import { BATCH_MAX, BATCH_MIN } from '../../shared/render-request';
import type { VariationAxes } from '../../shared/variations';
import { type AgentOptions, agentInputs, parseAgent, parseModel } from './agent-input';
import { normaliseDuration, parseWholeNumber, resolveImageArgument } from './request-input';

/** `generate`'s options as commander hands them over (repeatable ones are arrays). */
export interface GenerateOptions extends AgentOptions {
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

/**
 * The models to render with: --model, else the preset's (when it belongs to the agent asked
 * for), else the agent's default.
 */
function chosenModels(
  options: GenerateOptions,
  preset: Preset | null,
  agent: AgentName | undefined,
): ModelName[] {
  if (options.model?.length) return options.model.map(parseModel);
  if (preset && (agent === undefined || agentOf(preset.model) === agent)) return [preset.model];
  return [defaultModelOf(agent ?? DEFAULT_AGENT)];
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
  images: readonly string[],
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
  const agent = parseAgent(options.agent);
  const models = chosenModels(options, preset, agent);
  // Motion Control's prompt is optional: no --prompt is an empty one there.
  const promptOptional = models.every((model) => !MODEL_CATALOGUE[model].promptRequired);
  if (!preset && prompts.length === 0 && !promptOptional) {
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
  let promptList = prompts.length === 0 && !preset ? [''] : prompts;
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
  const durations = (options.duration ?? []).map(normaliseDuration) as Duration[];
  const axes: VariationAxes = {
    // IMAGE 1 (absent: a text-only render where the model allows it), then IMAGE 2–4 and the
    // agent's other inputs, shared by every render of a set.
    ...(images[0] !== undefined ? { image: resolveImageArgument(images[0], cwd) } : {}),
    ...agentInputs(images, options, cwd),
    prompts: promptList,
    models,
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
