import { isAbsolute, resolve } from 'node:path';
import { KlingError } from '../../shared/errors';
import {
  describeIssues,
  isRemoteImage,
  RenderRequest,
  type RenderRequestInput,
  requestImages,
} from '../../shared/render-request';
import { inspectImage } from '../images/inspect';

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
  prompt: string;
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

/**
 * Everything checked before a render exists: the request schema (model, duration, audio,
 * batch) and, for a local file, the image itself (format by content, size, pixels, aspect).
 * Throws KlingError('invalid-input'); nothing is written or sent.
 */
export async function prepareRequest(input: RenderRequestInput | unknown): Promise<RenderRequest> {
  const parsed = RenderRequest.safeParse(input);
  if (!parsed.success) throw new KlingError('invalid-input', describeIssues(parsed.error));
  for (const picture of requestImages(parsed.data)) {
    if (!isRemoteImage(picture)) await inspectImage(picture);
  }
  return parsed.data;
}
