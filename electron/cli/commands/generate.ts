import type { RenderRequestInput } from '../../../shared/render-request';
import { followOneJob } from '../follow-job';
import type { CliIo } from '../io';
import {
  normaliseDuration,
  parseWholeNumber,
  prepareRequest,
  resolveImageArgument,
} from '../request-input';
import { closeCore, openCore, openSecrets, requireKey } from '../session';

export interface GenerateOptions {
  prompt: string;
  model?: string;
  duration?: string;
  audio?: boolean;
  batch?: string;
  json?: boolean;
}

/** Builds the request exactly as typed; RenderRequest decides what is valid. */
function requestFrom(image: string, options: GenerateOptions, cwd: string): RenderRequestInput {
  const input: Record<string, unknown> = {
    image: resolveImageArgument(image, cwd),
    prompt: options.prompt,
  };
  if (options.model !== undefined) input.model = options.model;
  if (options.duration !== undefined) input.duration = normaliseDuration(options.duration);
  if (options.audio) input.generateAudio = true;
  if (options.batch !== undefined) input.batchCount = parseWholeNumber(options.batch);
  return input as RenderRequestInput;
}

/** `generate <image> --prompt …`: one render, start to finish, with its videos on disk. */
export async function generate(
  io: CliIo,
  image: string,
  options: GenerateOptions,
  rememberSecret: (secret: string) => void,
): Promise<number> {
  const request = await prepareRequest(requestFrom(image, options, io.cwd));
  const secrets = openSecrets(io);
  rememberSecret(await requireKey(secrets));
  const core = await openCore(io, secrets);
  try {
    const manifest = await core.engine.queue(request);
    return await followOneJob(core, io, manifest, options);
  } finally {
    await closeCore(core);
  }
}
