import { KlingError } from '../../shared/errors';
import {
  AGENT_CATALOGUE,
  AgentName,
  AspectRatio,
  agentOf,
  MODEL_CATALOGUE,
  ModelName,
  orList,
} from '../../shared/models';
import type { VariationAxes } from '../../shared/variations';
import { agentChoices, imagesPhrase, textOnlyAgents, whoTakes } from './agent-help';
import { resolveImageArgument } from './request-input';

/** The options every agent-aware command takes beyond prompt, model, duration, audio, batch. */
export interface AgentOptions {
  agent?: string;
  endFrame?: string;
  refVideo?: string;
  aspect?: string;
}

const invalid = (message: string) => new KlingError('invalid-input', message);

/** `--agent x`: one of the catalogue's agents, or a message listing them. */
export function parseAgent(raw: string | undefined): AgentName | undefined {
  if (raw === undefined) return undefined;
  const parsed = AgentName.safeParse(raw.trim());
  if (!parsed.success) throw invalid(`--agent: unknown agent "${raw}"; choose ${agentChoices()}`);
  return parsed.data;
}

/** `--model x`: a model of the catalogue, or a message listing each agent's models. */
export function parseModel(raw: string): ModelName {
  const parsed = ModelName.safeParse(raw.trim());
  if (!parsed.success) {
    const perAgent = AgentName.options
      .map((agent) => `${agent}: ${AGENT_CATALOGUE[agent].models.join(', ')}`)
      .join('; ');
    throw invalid(`--model: unknown model "${raw}"; the models are ${perAgent}`);
  }
  return parsed.data;
}

/** `--aspect x`: one of the ratios any model takes (which model takes which: the schema). */
function parseAspect(raw: string | undefined): AspectRatio | undefined {
  if (raw === undefined) return undefined;
  const parsed = AspectRatio.safeParse(raw.trim());
  if (!parsed.success) {
    throw invalid(
      `--aspect: "${raw}" is not an aspect ratio; choose ${orList(AspectRatio.options)}`,
    );
  }
  return parsed.data;
}

/** The inputs every render of a generate shares beyond picture 1, as VariationAxes fields. */
export type AgentInputs = Partial<
  Pick<VariationAxes, 'moreImages' | 'endFrame' | 'referenceVideo' | 'aspectRatio'>
>;

/**
 * The IMAGE arguments after the first and the agent options, as typed: IMAGE 2–4 are
 * `moreImages`, local paths made absolute against `cwd`. Only what was given: the request
 * schema fills in the rest and judges every combination.
 */
export function agentInputs(
  images: readonly string[],
  options: AgentOptions,
  cwd: string,
): AgentInputs {
  const inputs: AgentInputs = {};
  if (images.length > 1)
    inputs.moreImages = images.slice(1).map((i) => resolveImageArgument(i, cwd));
  if (options.endFrame !== undefined) inputs.endFrame = resolveImageArgument(options.endFrame, cwd);
  if (options.refVideo !== undefined) inputs.referenceVideo = options.refVideo.trim();
  const aspect = parseAspect(options.aspect);
  if (aspect !== undefined) inputs.aspectRatio = aspect;
  return inputs;
}

/**
 * The request fields of the IMAGE arguments and the agent options (`estimate`): IMAGE 1 is
 * `image`, the rest as agentInputs.
 */
export function agentFields(
  images: readonly string[],
  options: AgentOptions,
  cwd: string,
): Record<string, unknown> {
  const agent = parseAgent(options.agent);
  return {
    ...(agent !== undefined ? { agent } : {}),
    ...(images[0] !== undefined ? { image: resolveImageArgument(images[0], cwd) } : {}),
    ...agentInputs(images, options, cwd),
  };
}

/**
 * How many IMAGE arguments each model takes, said in the CLI's own words before the schema
 * speaks (it would name a field, `moreImages`, the user never typed): the agent, the model
 * and the allowed count; and a --model of another agent than --agent.
 */
export function checkImageCount(
  count: number,
  models: readonly ModelName[],
  agent: AgentName | undefined,
): void {
  for (const model of models) {
    const spec = MODEL_CATALOGUE[model];
    if (agent !== undefined && agentOf(model) !== agent) {
      const named = AGENT_CATALOGUE[agent].models.filter((m) => MODEL_CATALOGUE[m].sendsModel);
      throw invalid(
        `--model: ${model} is not a model of ${agent} (${named.length ? `its models: ${orList(named)}` : 'it takes no --model'})`,
      );
    }
    if (count >= spec.images.min && count <= spec.images.max) continue;
    const more =
      count > spec.images.max && spec.endFrame
        ? '; give the frame the video ends on with --end-frame PATH'
        : count === 0
          ? `; for a video from text alone use ${textOnlyAgents()}`
          : '';
    throw invalid(
      `${whoTakes(model)} takes ${imagesPhrase(spec)}, not ${count} IMAGE argument${count === 1 ? '' : 's'}${more}`,
    );
  }
}
