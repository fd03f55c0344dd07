import { KlingError, renderNotFound } from '../../../shared/errors';
import { Duration, ModelName } from '../../../shared/models';
import { continueRender } from '../../continue/continue-render';
import { extractLastFrame, findFfmpeg } from '../../continue/last-frame';
import { inspectImage } from '../../images/inspect';
import { followOneJob } from '../follow-job';
import type { CliIo } from '../io';
import { normaliseDuration } from '../request-input';
import { closeCore, openCore, openSecrets, requireKey } from '../session';
import { maxCreditsOption, OverBudgetRefusal, refuseOverBudget } from './credits';

export interface ContinueOptions {
  prompt: string;
  model?: string;
  duration?: string;
  /** `--max-credits n`: refuse (exit 5) when the new render is estimated above it. */
  maxCredits?: string;
  json?: boolean;
}

function parseOverrides(options: ContinueOptions): { model?: ModelName; duration?: Duration } {
  const overrides: { model?: ModelName; duration?: Duration } = {};
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
  return overrides;
}

/**
 * `continue <id> --prompt TEXT`: the last frame of that render's first video (taken with
 * ffmpeg) becomes the image of a new render with the same settings; the two are linked.
 * It is a new paid run, so --max-credits and the Settings caps judge it as they judge
 * generate: refused (exit 5) before it is queued.
 */
export async function continueCommand(
  io: CliIo,
  id: string,
  options: ContinueOptions,
  rememberSecret: (secret: string) => void,
): Promise<number> {
  const overrides = parseOverrides(options);
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
    io.stderr.write(`Continuing ${id} from its last frame as ${manifest.id}\n`);
    return await followOneJob(core, io, manifest, options);
  } catch (error) {
    // refuseOverBudget has already said why on stderr.
    if (error instanceof OverBudgetRefusal) return error.exitCode;
    throw error;
  } finally {
    await closeCore(core);
  }
}
