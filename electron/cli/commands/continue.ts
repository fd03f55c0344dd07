import { KlingError, renderNotFound } from '../../../shared/errors';
import { Duration, ModelName } from '../../../shared/models';
import { BATCH_MAX, BatchCount, type ImageSource } from '../../../shared/render-request';
import { type ContinueInput, continueRender } from '../../continue/continue-render';
import { extractLastFrame, findFfmpeg } from '../../continue/last-frame';
import { inspectImage } from '../../images/inspect';
import { followOneJob } from '../follow-job';
import type { CliIo } from '../io';
import { normaliseDuration, parseWholeNumber, resolveImageArgument } from '../request-input';
import { closeCore, openCore, openSecrets, requireKey } from '../session';
import { maxCreditsOption, OverBudgetRefusal, refuseOverBudget } from './credits';

export interface ContinueOptions {
  prompt: string;
  model?: string;
  duration?: string;
  /** `--batch n`: videos the new render makes (default 1, not the source's batch). */
  batch?: string;
  /** `--video n`: which video of the source's batch to continue (1-based; default 1). */
  video?: string;
  /** `--end-frame PATH`: the picture the new render ends on. */
  endFrame?: string;
  /** `--max-credits n`: refuse (exit 5) when the new render is estimated above it. */
  maxCredits?: string;
  json?: boolean;
}

type Overrides = Omit<ContinueInput, 'id' | 'prompt'>;

/** What was typed, as the continuation's choices; a bad value is refused before anything opens. */
function parseOverrides(options: ContinueOptions, cwd: string): Overrides {
  const overrides: Overrides = {};
  if (options.model !== undefined) {
    const model = ModelName.safeParse(options.model);
    if (!model.success) {
      throw new KlingError(
        'invalid-input',
        `Unknown model "${options.model}"; choose from ${ModelName.options.join(', ')}`,
      );
    }
    overrides.model = model.data;
  }
  if (options.duration !== undefined) {
    const duration = Duration.safeParse(normaliseDuration(options.duration));
    if (!duration.success) {
      throw new KlingError(
        'invalid-input',
        `Duration must be whole seconds, 3s to 15s, not ${options.duration}`,
      );
    }
    overrides.duration = duration.data;
  }
  if (options.batch !== undefined) {
    const batch = BatchCount.safeParse(parseWholeNumber(options.batch));
    if (!batch.success) {
      throw new KlingError(
        'invalid-input',
        `--batch: a whole number from 1 to ${BATCH_MAX}, not ${options.batch}`,
      );
    }
    overrides.batchCount = batch.data;
  }
  if (options.video !== undefined) {
    const video = parseWholeNumber(options.video);
    if (typeof video !== 'number' || video < 1 || video > BATCH_MAX) {
      throw new KlingError(
        'invalid-input',
        `--video: the number of a video of the render (1 to ${BATCH_MAX}), not ${options.video}`,
      );
    }
    overrides.videoIndex = video - 1;
  }
  if (options.endFrame !== undefined) {
    overrides.endFrame = resolveImageArgument(options.endFrame, cwd) as ImageSource;
  }
  return overrides;
}

/** `kling-studio continue`: its options and help, defined beside what runs it. */
/**
 * `continue <id> --prompt TEXT [--end-frame PATH]`: the last frame of that render's video
 * (WeShop's, or taken with ffmpeg) becomes the first frame of a new render with the same
 * settings, ending on the picture given if any; the two are linked. It is a new paid run, so
 * --max-credits and the Settings caps judge it as they judge generate: refused (exit 5)
 * before it is queued. A bad end frame is refused (exit 2) before any request.
 */
export async function continueCommand(
  io: CliIo,
  id: string,
  options: ContinueOptions,
  rememberSecret: (secret: string) => void,
): Promise<number> {
  const overrides = parseOverrides(options, io.cwd);
  const maxCredits = maxCreditsOption(options);
  const secrets = openSecrets(io);
  rememberSecret(await requireKey(secrets));
  const core = await openCore(io, secrets);
  try {
    // Said here as show and retry say it, with where to look.
    if (!(await core.library.read(id))) throw renderNotFound(id, 'see `kling-studio list`');
    const manifest = await continueRender(
      {
        home: core.home,
        read: (renderId) => core.library.read(renderId),
        folderOf: (renderId) => core.library.folderOf(renderId),
        // Only when WeShop gave no lastFrame; a missing ffmpeg is said before anything is queued.
        writeLastFrame: async (video, png) =>
          extractLastFrame(await findFfmpeg(io.env), video, png),
        inspectImage,
        queue: async (request, createOptions) => {
          // The frame's upload for the estimate is the one the render then reuses.
          if ((await refuseOverBudget(core, io, request, maxCredits)) !== null) {
            throw new OverBudgetRefusal('refused by a budget cap (said on stderr)');
          }
          return core.engine.queue(request, createOptions);
        },
      },
      { id, prompt: options.prompt, ...overrides },
    );
    const to = manifest.request.endFrame ? ` to ${manifest.request.endFrame}` : '';
    io.stderr.write(`Continuing ${id} from its last frame${to} as ${manifest.id}\n`);
    return await followOneJob(core, io, manifest, options);
  } catch (error) {
    // refuseOverBudget has already said why on stderr.
    if (error instanceof OverBudgetRefusal) return error.exitCode;
    throw error;
  } finally {
    await closeCore(core);
  }
}
