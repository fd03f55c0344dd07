import { isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { KlingError } from '../../shared/errors';
import { AgentName, DEFAULT_AGENT, defaultModelOf, ModelName } from '../../shared/models';
import {
  type ImageSource,
  isRemoteImage,
  RenderRequest,
  type RenderRequestInput,
} from '../../shared/render-request';
import { inspectImage } from '../images/inspect';
import { apiBaseFromEnv } from '../weshop/api-base';
import { assertVideoUrlAllowed } from '../weshop/reference-video';
import { modelTakes, whoTakes } from './agent-help';

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const WINDOWS_ABSOLUTE = /^(?:[A-Za-z]:[\\/]|\\\\)/;

/**
 * A local path becomes absolute (against `baseDir`: the cwd, or a manifest's folder); URLs
 * stay as typed so RenderRequest can refuse http:// and friends with its own message.
 */
export function resolveImageArgument(raw: string, baseDir: string): string {
  const value = raw.trim();
  if (value === '' || HAS_SCHEME.test(value)) return value;
  if (isAbsolute(value) || WINDOWS_ABSOLUTE.test(value)) return value;
  return resolve(baseDir, value);
}

/** "5" reads as "5s"; anything else is left for RenderRequest to judge. */
export const normaliseDuration = (raw: string): string =>
  /^\s*\d+\s*$/.test(raw) ? `${raw.trim()}s` : raw.trim();

/** "3" → 3; anything else goes through unchanged so the schema names the problem. */
export const parseWholeNumber = (raw: string): number | string =>
  /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;

/** One render's settings as typed on the command line (`estimate`, `preset save`): one of each. */
export interface TypedSettings {
  prompt?: string;
  model?: string;
  duration?: string;
  audio?: boolean;
  batch?: string;
  json?: boolean;
}

/**
 * The settings the user gave, under the request's field names, and only those: the schema
 * (RenderRequest, Preset) fills in defaults and names what is wrong.
 */
export function typedSettingFields(options: TypedSettings): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (options.model !== undefined) fields.model = options.model;
  if (options.duration !== undefined) fields.duration = normaliseDuration(options.duration);
  if (options.audio) fields.generateAudio = true;
  if (options.batch !== undefined) fields.batchCount = parseWholeNumber(options.batch);
  return fields;
}

/** The agent inputs' fields as the command line names them (the older fields keep their names). */
const FLAG_OF: Readonly<Record<string, string>> = {
  image: 'IMAGE',
  moreImages: 'IMAGE',
  endFrame: '--end-frame',
  referenceVideo: '--ref-video',
  aspectRatio: '--aspect',
};
/** Fields whose refusal depends on the agent: the message then says what the agent takes. */
const AGENT_FIELDS = new Set([...Object.keys(FLAG_OF), 'model']);

/** The model a request input means (its own, or its agent's default), when it names one that exists. */
export function intendedModel(input: unknown): ModelName | undefined {
  const fields = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const model = ModelName.safeParse(fields.model);
  if (model.success) return model.data;
  if (fields.model !== undefined) return undefined;
  const agent = AgentName.safeParse(fields.agent ?? DEFAULT_AGENT);
  return agent.success ? defaultModelOf(agent.data) : undefined;
}

/**
 * One line per problem, "field: message" (the agent inputs under their flag names); when a
 * problem is about what the agent takes, the line ends with everything its model does take.
 */
export function describeRequestIssues(error: z.ZodError, input: unknown): string {
  const lines = error.issues.map((issue) => {
    const field = issue.path.map(String);
    const head = field[0] !== undefined ? (FLAG_OF[field[0]] ?? field.join('.')) : '';
    return head ? `${head}: ${issue.message}` : issue.message;
  });
  const model = intendedModel(input);
  const aboutAgent = error.issues.some((issue) => AGENT_FIELDS.has(String(issue.path[0])));
  const takes = model && aboutAgent ? `. ${whoTakes(model)} takes: ${modelTakes(model)}` : '';
  return `${[...new Set(lines)].join('; ')}${takes}`;
}

/** Each picture with what it is, for a message: "" for picture 1, "image 3: ", "end frame: ". */
function labelledPictures(request: RenderRequest): [string, ImageSource][] {
  return [
    ...(request.image !== undefined ? [['', request.image] as [string, ImageSource]] : []),
    ...(request.moreImages ?? []).map((p, i): [string, ImageSource] => [`image ${i + 2}: `, p]),
    ...(request.endFrame !== undefined
      ? [['end frame: ', request.endFrame] as [string, ImageSource]]
      : []),
  ];
}

/**
 * Everything checked before a render exists: the request schema (agent, model, pictures, end
 * frame, reference video, aspect, duration, audio, batch), every local picture itself (format
 * by content, size, pixels, aspect: the end frame and references as the first) and, given the
 * environment, a loopback http reference video against the API base. Throws
 * KlingError('invalid-input'); nothing is written or sent.
 */
export async function prepareRequest(
  input: RenderRequestInput | unknown,
  env?: Readonly<Record<string, string | undefined>>,
): Promise<RenderRequest> {
  const parsed = RenderRequest.safeParse(input);
  if (!parsed.success) {
    throw new KlingError('invalid-input', describeRequestIssues(parsed.error, input));
  }
  if (env) assertVideoUrlAllowed(parsed.data, apiBaseFromEnv(env));
  for (const [label, picture] of labelledPictures(parsed.data)) {
    if (isRemoteImage(picture)) continue;
    try {
      await inspectImage(picture);
    } catch (error) {
      if (!label || !(error instanceof KlingError)) throw error;
      throw new KlingError(error.kind, `${label}${error.message}`, { cause: error });
    }
  }
  return parsed.data;
}
