/**
 * Checks a start (or power-estimate) body the way the service does, per agent, from the rule
 * table in agents.ts (written from the contract, not imported from shared/: an independent
 * check of the client). Every refusal names the field and what is allowed instead.
 */
import {
  AGENT_NAMES,
  AGENT_RULES,
  AGENT_VERSION,
  type AgentRules,
  BODY_FIELDS,
  DEFAULT_DURATION,
  inputFieldsOf,
  MOTION_CONTROL_KEY,
  type ModelRules,
} from './agents';

/** A start body's params after defaults, as the emulator keeps them (and echoes per execution). */
export interface AcceptedParams {
  images: string[];
  videos?: [string];
  textDescription?: string;
  modelName?: string;
  duration?: string;
  aspectRatio?: string;
  generateAudio?: 'true' | 'false';
  batchCount: number;
}

/** What a valid body asks for. */
export interface AcceptedStart {
  agent: string;
  /** The model's key in agents.ts: params.modelName after defaults, or MOTION_CONTROL_KEY. */
  model: string;
  params: AcceptedParams;
  /** Image 2 is a last frame (kling, Kling_Video_O1_I2V): what last-frame-unsupported refuses. */
  hasLastFrame: boolean;
  /** `input.taskName` when sent: the label WeShop's history shows for the run. */
  taskName?: string;
}

export type Validation = ({ ok: true } & AcceptedStart) | { ok: false; message: string };

/** Thrown inside the checks; validateStartBody turns it into `{ ok: false }`. */
class Refusal extends Error {}
const refuse = (message: string): never => {
  throw new Refusal(message);
};

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isHttpUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

const joinList = (items: readonly string[], last: 'and' | 'or'): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
/** Choices: "a, b or c". */
const orList = (items: readonly string[]) => joinList(items, 'or');

export function validateStartBody(body: unknown): Validation {
  try {
    return { ok: true, ...acceptStart(body) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message };
    throw error;
  }
}

function acceptStart(body: unknown): AcceptedStart {
  if (!isRecord(body)) return refuse('body must be a JSON object');
  refuseUnknown(body, BODY_FIELDS, '', 'a start body');
  const [agent, rules] = agentOf(body.agent);
  const params = body.params;
  if (!isRecord(params)) return refuse('params is required (a JSON object)');
  refuseUnknown(params, rules.params, 'params.', agent);
  const input = body.input === undefined ? {} : body.input;
  if (!isRecord(input)) return refuse('input must be a JSON object');
  refuseUnknown(input, inputFieldsOf(rules), 'input.', `${agent}'s input`);
  const taskName = input.taskName;
  if (taskName !== undefined && typeof taskName !== 'string') {
    return refuse('input.taskName must be a string');
  }

  const [model, modelRules] = modelOf(agent, rules, params.modelName);
  const where = rules.takesModel ? model : agent;
  const images = readImages(params.images);
  checkImageCount(rules, modelRules, where, images.length);
  const videos = readVideos(params.videos);
  checkVideoRule(rules, modelRules, where, videos);
  checkInputAgrees(input, images, videos);

  return {
    agent,
    model,
    params: acceptedParams(
      params,
      { rules, model: modelRules, modelName: model, where },
      images,
      videos,
    ),
    hasLastFrame: modelRules.role === 'first-frame' && images.length === 2,
    ...(taskName !== undefined ? { taskName } : {}),
  };
}

/** "a field an agent does not take" is refused by name, with the fields it does take. */
function refuseUnknown(record: Json, allowed: readonly string[], prefix: string, owner: string) {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      refuse(`${prefix}${key} is not a field of ${owner} (it takes ${joinList(allowed, 'and')})`);
    }
  }
}

function agentOf(agent: unknown): [string, AgentRules] {
  if (!isRecord(agent)) {
    return refuse(
      `agent must be {"name":…,"version":"${AGENT_VERSION}"} with name ${orList(AGENT_NAMES)}`,
    );
  }
  refuseUnknown(agent, ['name', 'version'], 'agent.', 'agent');
  const rules = typeof agent.name === 'string' ? AGENT_RULES[agent.name] : undefined;
  if (typeof agent.name !== 'string' || rules === undefined) {
    return refuse(
      `agent.name ${JSON.stringify(agent.name)} is not an agent: use ${orList(AGENT_NAMES)}`,
    );
  }
  if (agent.version !== AGENT_VERSION) {
    return refuse(
      `agent.version ${JSON.stringify(agent.version)} is not a version of ${agent.name}: use ${AGENT_VERSION}`,
    );
  }
  return [agent.name, rules];
}

function modelOf(agent: string, rules: AgentRules, modelName: unknown): [string, ModelRules] {
  const names = Object.keys(rules.models);
  if (!rules.takesModel) return [MOTION_CONTROL_KEY, rules.models[MOTION_CONTROL_KEY]!];
  const name = modelName ?? names[0];
  const model = typeof name === 'string' ? rules.models[name] : undefined;
  if (typeof name !== 'string' || model === undefined) {
    return refuse(
      `params.modelName ${JSON.stringify(name)} is not a model of ${agent}: use ${orList(names)}`,
    );
  }
  return [name, model];
}

function readImages(images: unknown): string[] {
  if (images === undefined) return [];
  if (!Array.isArray(images)) return refuse('params.images must be an array of image URLs');
  images.forEach((url, i) => {
    if (!isHttpUrl(url)) refuse(`params.images[${i}] must be an http(s) URL`);
  });
  return images as string[];
}

/** How many pictures a model takes, in words, for a refusal. */
function imageRange(model: ModelRules): string {
  switch (model.role) {
    case 'first-frame':
      return model.lastFrame
        ? '1 or 2 image URLs (image 1 = first frame, image 2 = last frame)'
        : '1 image URL (the first frame)';
    case 'references':
      return `0 to ${model.images.max} reference image URLs`;
    case 'character':
      return 'exactly 1 image URL (the character)';
  }
}

function checkImageCount(rules: AgentRules, model: ModelRules, where: string, count: number) {
  const max = model.images.max + (model.lastFrame ? 1 : 0);
  if (count >= model.images.min && count <= max) return;
  if (model.role === 'first-frame' && !model.lastFrame && count === 2) {
    const others = Object.entries(rules.models)
      .filter(([, m]) => m.lastFrame)
      .map(([name]) => name);
    refuse(
      `the last frame (image 2) is not supported on ${where}: send 1 image, or use ${orList(others)}`,
    );
  }
  refuse(`params.images takes ${imageRange(model)} for ${where}, got ${count}`);
}

function readVideos(videos: unknown): [string] | undefined {
  if (videos === undefined) return undefined;
  if (!Array.isArray(videos) || videos.length !== 1 || !isHttpUrl(videos[0])) {
    return refuse(
      'params.videos must be a one-element array holding a hosted video URL (http or https)',
    );
  }
  return [videos[0]];
}

function checkVideoRule(
  rules: AgentRules,
  model: ModelRules,
  where: string,
  videos: [string] | undefined,
) {
  if (videos !== undefined && model.video === 'none') {
    const others = Object.entries(rules.models)
      .filter(([, m]) => m.video !== 'none')
      .map(([name]) => name);
    refuse(
      `${where} does not take a reference video (params.videos)${others.length > 0 ? `: use ${orList(others)} for one` : ''}`,
    );
  }
  if (videos === undefined && model.video === 'required') {
    refuse(
      `${where} needs a reference video: params.videos and input.videos, each a one-element array with a hosted video URL`,
    );
  }
}

const sameList = (a: unknown, b: readonly string[] | undefined): boolean =>
  a === undefined
    ? b === undefined
    : Array.isArray(a) && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

/** `input` repeats what params say (WeShop's clients send both): they must agree. */
function checkInputAgrees(input: Json, images: string[], videos: [string] | undefined) {
  const original = input.originalImage;
  if (original !== undefined && images.length === 0) {
    refuse(
      'input.originalImage is given but params.images is empty: send the picture in params.images too, or leave input.originalImage out',
    );
  }
  if (original !== undefined && original !== images[0]) {
    refuse('input.originalImage must be params.images[0] (the first picture)');
  }
  if (input.images !== undefined && !sameList(input.images, images)) {
    refuse('input.images must list the same URLs as params.images, in the same order');
  }
  if (!sameList(input.videos, videos)) {
    refuse(
      'input.videos and params.videos must be the same one-element array (send the reference video in both)',
    );
  }
}

/** The agent and model a body asks for; `where` names them in refusals. */
interface Target {
  rules: AgentRules;
  model: ModelRules;
  modelName: string;
  where: string;
}

function acceptedParams(
  params: Json,
  { rules, model, modelName, where }: Target,
  images: string[],
  videos: [string] | undefined,
): AcceptedParams {
  const text = readText(params.textDescription, rules.promptRequired);
  const duration = model.durations.length > 0 ? readDuration(params.duration, model, where) : '';
  const aspectRatio = readAspect(params.aspectRatio, model, where);
  const takesAudio = rules.params.includes('generateAudio');
  const generateAudio = takesAudio ? readAudio(params.generateAudio, model, where) : 'false';
  // The aspect ratio is ignored with a reference video, and in a first-frame mode.
  const usesAspect =
    aspectRatio !== undefined && videos === undefined && model.role !== 'first-frame';
  return {
    images,
    ...(videos !== undefined ? { videos } : {}),
    ...(text !== undefined ? { textDescription: text } : {}),
    ...(rules.takesModel ? { modelName } : {}),
    ...(model.durations.length > 0 ? { duration } : {}),
    ...(usesAspect ? { aspectRatio } : {}),
    ...(takesAudio ? { generateAudio } : {}),
    batchCount: readBatchCount(params.batchCount),
  };
}

function readText(text: unknown, required: boolean): string | undefined {
  if (text === undefined && !required) return undefined;
  if (typeof text !== 'string' || text.trim() === '') {
    return refuse(
      required
        ? 'params.textDescription must be a non-empty string'
        : 'params.textDescription, when sent, must be a non-empty string (leave it out for none)',
    );
  }
  return text;
}

function readDuration(value: unknown, model: ModelRules, where: string): string {
  const duration = value ?? DEFAULT_DURATION;
  if (typeof duration === 'string' && model.durations.includes(duration)) return duration;
  const allowed =
    model.durations.length === 2
      ? `${model.durations[0]} or ${model.durations[1]}`
      : `${model.durations[0]} to ${model.durations.at(-1)} in whole seconds`;
  return refuse(
    `params.duration ${JSON.stringify(duration)} is not allowed for ${where}: use ${allowed}`,
  );
}

/** The aspect ratio after its default, or undefined where the model has none. */
function readAspect(value: unknown, model: ModelRules, where: string): string | undefined {
  if (model.aspectRatios.length === 0) return undefined;
  const aspect = value ?? model.aspectRatios[0];
  if (typeof aspect === 'string' && model.aspectRatios.includes(aspect)) return aspect;
  return refuse(
    `params.aspectRatio ${JSON.stringify(aspect)} is not allowed for ${where}: use ${orList(model.aspectRatios)}`,
  );
}

function readAudio(value: unknown, model: ModelRules, where: string): 'true' | 'false' {
  const audio = value ?? 'false';
  if (audio !== 'true' && audio !== 'false') {
    return refuse('params.generateAudio must be the string "true" or "false"');
  }
  if (audio === 'true' && !model.audio) {
    return refuse(`params.generateAudio "true" is not supported by ${where}`);
  }
  return audio;
}

function readBatchCount(value: unknown): number {
  const batchCount = value ?? 1;
  if (typeof batchCount !== 'number' || !Number.isInteger(batchCount)) {
    return refuse('params.batchCount must be an integer');
  }
  if (batchCount < 1 || batchCount > 16) {
    return refuse(`params.batchCount must be between 1 and 16, got ${batchCount}`);
  }
  return batchCount;
}
