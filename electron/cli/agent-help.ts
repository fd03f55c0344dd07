import {
  AGENT_CATALOGUE,
  AgentName,
  DEFAULT_AGENT,
  describeDurations,
  MODEL_CATALOGUE,
  type ModelName,
  type ModelSpec,
  orList,
} from '../../shared/models';

/**
 * Every word the CLI says about agents, models and what they take is read from the catalogue
 * (shared/models.ts): adding a model there changes the help and the messages here too.
 */

/** The models a user can name with --model (Motion Control's entry is ours and never sent). */
const namedModels = (agent: AgentName): ModelName[] =>
  AGENT_CATALOGUE[agent].models.filter((model) => MODEL_CATALOGUE[model].sendsModel);

const allModels = (): ModelName[] => AgentName.options.flatMap((a) => AGENT_CATALOGUE[a].models);

const modelsWhere = (test: (spec: ModelSpec) => boolean) =>
  allModels().filter((model) => test(MODEL_CATALOGUE[model]));

/** "kling, kling-v3-omni, kling-O1 or kling-motion-control". */
export const agentChoices = () => orList(AgentName.options);

/** `--agent`'s help: each agent and what it does, the default marked. */
export function agentOptionHelp(): string {
  const list = AgentName.options
    .map((agent) => `${agent}${agent === DEFAULT_AGENT ? ' (default)' : ''}`)
    .join(', ');
  return `WeShop Kling agent: ${list} (see "Agents" below)`;
}

/** `--model`'s help: the models of each agent, each agent's default first. */
export function modelOptionHelp(repeatable: boolean): string {
  const groups = AgentName.options
    .map((agent) => {
      const models = namedModels(agent);
      return models.length ? `${agent}: ${models.join(', ')}` : `${agent}: none`;
    })
    .join('; ');
  return `model, default the agent's first (${groups})${repeatable ? '; repeat for a set' : ''}`;
}

/** `--duration`'s help: models grouped by the durations they take. */
export function durationOptionHelp(repeatable: boolean): string {
  const groups = new Map<string, ModelName[]>();
  for (const model of modelsWhere((spec) => spec.sendsDuration)) {
    const range = describeDurations(model);
    groups.set(range, [...(groups.get(range) ?? []), model]);
  }
  const parts = [...groups].map(([range, models]) => `${models.join(', ')}: ${range}`);
  const fixed = AgentName.options.filter((agent) =>
    AGENT_CATALOGUE[agent].models.every((model) => !MODEL_CATALOGUE[model].sendsDuration),
  );
  const byVideo = fixed.length ? `; ${fixed.join(', ')}: set by the reference video` : '';
  return `length, e.g. 5s, default 5s (${parts.join('; ')}${byVideo})${repeatable ? '; repeat for a set' : ''}`;
}

export const audioOptionHelp = () =>
  `generate audio (only ${orList(modelsWhere((spec) => spec.audio))})`;

export const endFrameOptionHelp = () =>
  `a picture the video ends on, local file or https URL (only ${orList(modelsWhere((spec) => spec.endFrame))})`;

export function refVideoOptionHelp(): string {
  const required = modelsWhere((spec) => spec.referenceVideo === 'required').map(agentLabel);
  const optional = modelsWhere((spec) => spec.referenceVideo === 'optional');
  return `a hosted reference video's https URL (WeShop has no video upload): optional on ${orList(optional)}, required on ${orList(required)}`;
}

export function aspectOptionHelp(): string {
  const takers = modelsWhere((spec) => spec.aspectRatios.length > 0);
  const ratios = [...new Set(takers.flatMap((m) => MODEL_CATALOGUE[m].aspectRatios))];
  const defaults = takers.map((m) => `${m} ${MODEL_CATALOGUE[m].aspectRatios[0]}`).join(', ');
  return `frame shape, ${ratios.join('|')} (only ${orList(takers)}, without --ref-video; default: ${defaults})`;
}

/** A model as the CLI names it: "kling-motion-control" for the agent without a model option. */
function agentLabel(model: ModelName): string {
  const spec = MODEL_CATALOGUE[model];
  return spec.sendsModel ? model : spec.agent;
}

/** "1 IMAGE (the first frame)", "0–4 IMAGE (references 1–4)", "1 IMAGE (the character)". */
export function imagesPhrase(spec: ModelSpec): string {
  const { min, max } = spec.images;
  const count = min === max ? `${min}` : `${min}–${max}`;
  const what =
    spec.imageRole === 'first-frame'
      ? 'the first frame'
      : spec.imageRole === 'character'
        ? 'the character'
        : `reference images, the prompt's "image 1"…"image ${max}"`;
  return `${count} IMAGE (${what})`;
}

/**
 * What one model takes on the command line, in one line: IMAGE count, --end-frame,
 * --ref-video, --aspect, --duration, --audio, --prompt. Said after a refusal and in the help.
 */
export function modelTakes(model: ModelName): string {
  const spec = MODEL_CATALOGUE[model];
  const parts = [imagesPhrase(spec)];
  if (spec.endFrame) parts.push('--end-frame (optional)');
  if (spec.referenceVideo !== 'none') parts.push(`--ref-video (${spec.referenceVideo})`);
  if (spec.aspectRatios.length) parts.push(`--aspect ${spec.aspectRatios.join('|')}`);
  if (spec.sendsDuration) parts.push(`--duration ${describeDurations(model)}`);
  if (spec.audio) parts.push('--audio');
  parts.push(spec.promptRequired ? '--prompt (required)' : '--prompt (optional)');
  return parts.join(', ');
}

/** "kling-O1 (Kling_Video_O1_I2V, First frame to video)": who a message is about. */
export function whoTakes(model: ModelName): string {
  const spec = MODEL_CATALOGUE[model];
  return spec.sendsModel ? `${spec.agent} (${model}, ${spec.mode})` : spec.agent;
}

/** "--agent kling-v3-omni or --agent kling-O1": the agents whose default model needs no picture. */
export function textOnlyAgents(): string {
  const agents = AgentName.options.filter(
    (agent) => MODEL_CATALOGUE[AGENT_CATALOGUE[agent].models[0] as ModelName].images.min === 0,
  );
  return orList(agents.map((agent) => `--agent ${agent}`));
}

/** The "Agents" section after `generate --help` and `estimate --help`. */
export function agentsHelpSection(): string {
  const lines = ['', 'Agents (--agent) and what each model takes:'];
  for (const agent of AgentName.options) {
    const entry = AGENT_CATALOGUE[agent];
    lines.push(`  ${agent}${agent === DEFAULT_AGENT ? ' (default)' : ''}: ${entry.summary}`);
    for (const model of entry.models) {
      const spec = MODEL_CATALOGUE[model];
      const name = spec.sendsModel ? `--model ${model}` : 'no --model';
      lines.push(`    ${name} (${spec.mode}): ${modelTakes(model)}`);
    }
  }
  lines.push(
    '',
    'Several IMAGE arguments are numbered in order: IMAGE 1 is the first frame, the character or reference image 1; IMAGE 2–4 are reference images 2–4.',
    '',
  );
  return lines.join('\n');
}
