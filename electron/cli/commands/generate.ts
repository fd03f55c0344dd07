import { KlingError } from '../../../shared/errors';
import type { Preset } from '../../../shared/presets';
import { isRemoteImage, RenderRequest, requestImages } from '../../../shared/render-request';
import { checkVariations, crossProduct, type VariationAxes } from '../../../shared/variations';
import type { Core } from '../../app/core';
import { inspectImage } from '../../images/inspect';
import { createPresetStore } from '../../presets/preset-store';
import { setDepsFromCore } from '../../variations/core-set';
import { queueSet } from '../../variations/queue-set';
import { apiBaseFromEnv } from '../../weshop/api-base';
import { assertVideoUrlAllowed } from '../../weshop/reference-video';
import { checkImageCount, parseAgent } from '../agent-input';
import { followOneJob } from '../follow-job';
import { followSet } from '../follow-set';
import { type GenerateOptions, generateAxes } from '../generate-input';
import type { CliIo } from '../io';
import { libraryHome } from '../open-library';
import { printError } from '../output';
import { describeRequestIssues, prepareRequest } from '../request-input';
import { closeCore, openCore, openSecrets, requireKey } from '../session';
import { maxCreditsOption, OverBudgetRefusal, refuseOverBudget, setBudgetGate } from './credits';
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
 * Starts the local image's upload without waiting for it. Its result lands in the upload
 * cache; a failure is only logged here, because the job's own upload step meets the same
 * error (or uploads again) and reports it where the user looks.
 */
function startBackgroundUploads(core: Core, io: CliIo, request: RenderRequest): void {
  for (const picture of requestImages(request)) {
    if (isRemoteImage(picture)) continue;
    core.prepareImage(picture).catch((error: unknown) =>
      cliLogger(io).warn('background image upload failed; the job uploads again', {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
}

/**
 * `generate [IMAGE...] --prompt …`: one render, start to finish, with its videos on disk, on
 * any agent of the catalogue. Several prompts, models or durations make a set: the cross
 * product, checked whole first, each local picture uploaded once, the estimated total printed
 * before anything is queued. Whatever an agent does not take is refused before any request.
 */
export async function generate(
  io: CliIo,
  images: readonly string[],
  options: GenerateOptions,
  rememberSecret: (secret: string) => void,
): Promise<number> {
  const preset = await loadPreset(io, options.preset);
  const axes = generateAxes(images, options, io.cwd, preset);
  const agent = parseAgent(options.agent);
  checkImageCount(images.length, axes.models, agent);
  const combinations = crossProduct(axes);
  if (combinations.length === 1 && combinations[0]) {
    const input = { ...combinations[0], ...(agent !== undefined ? { agent } : {}) };
    const request = await prepareRequest(input, io.env);
    return generateOne(io, request, options, rememberSecret);
  }
  return generateSet(io, axes, options, rememberSecret);
}

/**
 * What is wrong with the set's combinations in the CLI's words (flags, and what the agent
 * takes), each problem once; null when each combination is fine on its own (the set as a
 * whole is wrong: a repeat, too many renders), so checkVariations' message stands.
 */
function combinationProblems(axes: VariationAxes): string | null {
  const problems = new Set<string>();
  for (const combination of crossProduct(axes)) {
    const parsed = RenderRequest.safeParse(combination);
    if (!parsed.success) problems.add(describeRequestIssues(parsed.error, combination));
  }
  return problems.size > 0 ? [...problems].join('; ') : null;
}

/** One render: the key, then the budget, then the queue, followed to its end. */
async function generateOne(
  io: CliIo,
  request: RenderRequest,
  options: GenerateOptions,
  rememberSecret: (secret: string) => void,
): Promise<number> {
  const secrets = openSecrets(io);
  rememberSecret(await requireKey(secrets));
  const core = await openCore(io, secrets);
  // Upload once, as soon as the image is valid and the key known: in the background, while
  // everything before the start goes on (the job's upload step joins this same upload).
  startBackgroundUploads(core, io, request);
  try {
    // --max-credits and the Settings caps: refused here, before any start request.
    const refused = await refuseOverBudget(core, io, request, maxCreditsOption(options));
    if (refused !== null) return refused;
    const manifest = await core.engine.queue(request);
    return await followOneJob(core, io, manifest, options);
  } finally {
    await closeCore(core);
  }
}

/** A set of kling renders from one first frame (shared/variations.ts, as the app queues one). */
async function generateSet(
  io: CliIo,
  axes: VariationAxes,
  options: GenerateOptions,
  rememberSecret: (secret: string) => void,
): Promise<number> {
  const check = checkVariations(axes);
  if (!check.ok) throw new KlingError('invalid-input', combinationProblems(axes) ?? check.message);
  // Every local picture is checked, and the reference video's host, before the key is read.
  const pictures = new Set(check.requests.flatMap(requestImages));
  for (const picture of pictures) if (!isRemoteImage(picture)) await inspectImage(picture);
  assertVideoUrlAllowed(axes, apiBaseFromEnv(io.env));
  const secrets = openSecrets(io);
  rememberSecret(await requireKey(secrets));
  const core = await openCore(io, secrets);
  try {
    // Before anything is queued: --max-credits judges the set's total; the Settings caps judge
    // each render (per-render cap) and the total plus today (daily cap), as the app does.
    const checkBudget = await setBudgetGate(core, maxCreditsOption(options));
    const { setId, renders } = await queueSet(
      {
        ...setDepsFromCore(core),
        onTotal: (total, count, estimates) => {
          io.stderr.write(
            `Set of ${count} renders: ${total === null ? 'cost estimate unavailable' : `estimated ${total} credits in total`}\n`,
          );
          checkBudget(total, estimates);
        },
      },
      axes,
    );
    io.stderr.write(`Queued set ${setId}\n`);
    return await followSet(core, io, setId, renders, options);
  } catch (error) {
    if (!(error instanceof OverBudgetRefusal)) throw error;
    printError(io, error.message);
    return error.exitCode;
  } finally {
    await closeCore(core);
  }
}
