import { KlingError } from '../../../shared/errors';
import type { Preset } from '../../../shared/presets';
import { isRemoteImage } from '../../../shared/render-request';
import { checkVariations } from '../../../shared/variations';
import { inspectImage } from '../../images/inspect';
import { createPresetStore } from '../../presets/preset-store';
import { queueSet } from '../../variations/queue-set';
import { followOneJob } from '../follow-job';
import { followSet } from '../follow-set';
import { type GenerateOptions, generateAxes } from '../generate-input';
import type { CliIo } from '../io';
import { prepareRequest } from '../request-input';
import { closeCore, libraryHome, openCore, openSecrets, requireKey } from '../session';
import { cliLogger } from './logs';

export type { GenerateOptions } from '../generate-input';

async function loadPreset(io: CliIo, name: string | undefined): Promise<Preset | null> {
  if (name === undefined) return null;
  const store = createPresetStore({
    home: libraryHome(io),
    onProblem: (message, fields) => {
      cliLogger(io).warn(message, fields);
      io.stderr.write(`warning: ${message}\n`);
    },
  });
  return store.get(name);
}

/**
 * `generate <image> --prompt …`: one render, start to finish, with its videos on disk. Several
 * prompts, models or durations make a set: the cross product, checked whole first, the image
 * uploaded once, the estimated total printed before anything is queued.
 */
export async function generate(
  io: CliIo,
  image: string,
  options: GenerateOptions,
  rememberSecret: (secret: string) => void,
): Promise<number> {
  const preset = await loadPreset(io, options.preset);
  const axes = generateAxes(image, options, io.cwd, preset);
  const check = checkVariations(axes);
  if (!check.ok) throw new KlingError('invalid-input', check.message);
  if (check.requests.length === 1) {
    const request = await prepareRequest(check.requests[0]);
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
  // A set: the local image is checked before the key is even read.
  if (!isRemoteImage(axes.image)) await inspectImage(axes.image);
  const secrets = openSecrets(io);
  rememberSecret(await requireKey(secrets));
  const core = await openCore(io, secrets);
  try {
    const { setId, renders } = await queueSet(
      {
        queue: (request, createOptions) => core.engine.queue(request, createOptions),
        inspectImage,
        uploadImage: (path) => core.api.uploadImage(path),
        estimate: async (request, imageUrl) =>
          (await core.api.estimatePower(request, imageUrl))?.totalPower ?? null,
        onTotal: (total, count) =>
          io.stderr.write(
            `Set of ${count} renders: ${total === null ? 'cost estimate unavailable' : `estimated ${total} credits in total`}\n`,
          ),
      },
      axes,
    );
    io.stderr.write(`Queued set ${setId}\n`);
    return await followSet(core, io, setId, renders, options);
  } finally {
    await closeCore(core);
  }
}
