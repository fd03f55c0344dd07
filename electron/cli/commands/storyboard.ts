import { stat } from 'node:fs/promises';
import { KlingError, messageOf } from '../../../shared/errors';
import { ModelName } from '../../../shared/models';
import { isRemoteImage } from '../../../shared/render-request';
import { checkStoryboard, STORYBOARD_MODELS } from '../../../shared/storyboard';
import type { Core } from '../../app/core';
import { inspectImage } from '../../images/inspect';
import { storyboardDepsFromCore } from '../../storyboard/core-storyboard';
import { joinStoryboard, readStoryboard } from '../../storyboard/join-storyboard';
import { queueStoryboard } from '../../storyboard/queue-storyboard';
import { createStoryboardStore } from '../../storyboard/storyboard-store';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { jobResult } from '../job-result';
import { libraryHome, openLibrary } from '../open-library';
import { collectResults, printError, printJson, printLine, printResults } from '../output';
import { createProgress } from '../progress';
import { normaliseDuration, resolveImageArgument } from '../request-input';
import { closeCore, openCore, openSecrets, requireKey } from '../session';
import { RESUME_HINT, waitForJobs } from '../wait-jobs';
import { maxCreditsOption, OverBudgetRefusal, setBudgetGate } from './credits';
import { cliLogger } from './logs';

/** `storyboard`'s options as commander hands them over (--prompt repeats). */
export interface StoryboardOptions {
  prompt?: string[];
  model?: string;
  duration?: string;
  audio?: boolean;
  maxCredits?: string;
  /** A storyboard id: join its done transitions, render nothing. */
  join?: string;
  json?: boolean;
}

/** The storyboard as typed, checked whole (exit 2 before anything is read or sent). */
function storyboardRequest(io: CliIo, keyframes: readonly string[], options: StoryboardOptions) {
  if (!options.prompt?.length) {
    throw new KlingError(
      'invalid-input',
      'Give a prompt (--prompt TEXT) for every transition, or one --prompt per transition',
    );
  }
  const request = {
    keyframes: keyframes.map((k) => resolveImageArgument(k, io.cwd)),
    prompts: options.prompt,
    ...(options.model !== undefined ? { model: parseModel(options.model) } : {}),
    ...(options.duration !== undefined ? { duration: normaliseDuration(options.duration) } : {}),
    ...(options.audio ? { generateAudio: true } : {}),
  };
  const check = checkStoryboard(request);
  if (!check.ok) throw new KlingError('invalid-input', check.message);
  return request;
}

function parseModel(raw: string): ModelName {
  const parsed = ModelName.safeParse(raw.trim());
  if (!parsed.success) {
    throw new KlingError(
      'invalid-input',
      `Unknown model "${raw}"; a storyboard takes ${STORYBOARD_MODELS.join(', ')}`,
    );
  }
  return parsed.data;
}

/**
 * `storyboard KEYFRAME... --prompt TEXT`: every transition rendered (one set, its total
 * printed first), then the clips joined into one MP4. --json prints `{ set, renders, joined }`
 * (joined: the MP4's path, or null with `reason`). Exit codes as generate's; every render done
 * but no joined MP4 (no ffmpeg) is 1.
 */
export async function storyboard(
  io: CliIo,
  keyframes: readonly string[],
  options: StoryboardOptions,
  rememberSecret: (secret: string) => void,
): Promise<number> {
  if (options.join !== undefined) {
    if (keyframes.length > 0 || options.prompt?.length) {
      throw new KlingError(
        'invalid-input',
        '--join takes a storyboard id alone: drop the keyframes and prompts (nothing is rendered)',
      );
    }
    return joinOnly(io, options.join, options);
  }
  const request = storyboardRequest(io, keyframes, options);
  const maxCredits = maxCreditsOption(options);
  // Every picture is checked before the key is even read.
  for (const picture of new Set(request.keyframes)) {
    if (!isRemoteImage(picture)) await inspectImage(picture);
  }
  const secrets = openSecrets(io);
  rememberSecret(await requireKey(secrets));
  const core = await openCore(io, secrets);
  try {
    const checkBudget = await setBudgetGate(core, maxCredits);
    const { queueDeps, joinDeps } = storyboardDepsFromCore(core, io.env);
    const queued = await queueStoryboard(
      {
        ...queueDeps,
        onTotal: (total, count, estimates) => {
          io.stderr.write(
            `Storyboard of ${count} transitions: ${total === null ? 'cost estimate unavailable' : `estimated ${total} credits in total`}\n`,
          );
          checkBudget(total, estimates);
        },
      },
      request,
    );
    const id = queued.storyboard.id;
    io.stderr.write(`Queued storyboard ${id}\n`);
    return await followStoryboard(core, io, queued, options, () => joinStoryboard(joinDeps, id));
  } catch (error) {
    if (!(error instanceof OverBudgetRefusal)) throw error;
    printError(io, error.message);
    return error.exitCode;
  } finally {
    await closeCore(core);
  }
}

/** Waits for every transition, joins them when all are done, prints `{ set, renders, joined }`. */
async function followStoryboard(
  core: Core,
  io: CliIo,
  queued: Awaited<ReturnType<typeof queueStoryboard>>,
  options: { json?: boolean },
  join: () => Promise<{ file: string; message: string }>,
): Promise<number> {
  const json = options.json === true;
  const id = queued.storyboard.id;
  const ids = queued.renders.map((m) => m.id);
  const outcome = await waitForJobs(
    core,
    io,
    new Set(ids),
    createProgress(io, { json }),
    queued.renders,
  );
  const { results, exitCode } = await collectResults(core, ids);
  let joined: string | null = null;
  let reason: string | null = null;
  if (outcome === 'interrupted') reason = `stopped before every transition was done`;
  else {
    try {
      const made = await join();
      joined = made.file;
      io.stderr.write(`${made.message}\n`);
    } catch (error) {
      reason = messageOf(error);
    }
  }
  if (json) {
    const renders = results.map(({ id, state, executionId, videos, agent, error }) =>
      error
        ? { id, state, executionId, videos, agent, error }
        : { id, state, executionId, videos, agent },
    );
    printJson(io, { set: id, renders, joined, ...(reason === null ? {} : { reason }) });
  }
  if (outcome === 'interrupted') {
    printError(io, `stopped; storyboard ${id} stays in the library: ${RESUME_HINT} it`);
    return EXIT.interrupted;
  }
  printResults(io, results, { json });
  const done = results.filter((r) => r.state === 'done').length;
  const summary = `storyboard ${id}: ${done} of ${results.length} transitions done`;
  if (json) io.stderr.write(`${summary}\n`);
  else {
    printLine(io, summary);
    if (joined) printLine(io, `joined: ${joined}`);
  }
  if (reason !== null) {
    // Once the cause is fixed (ffmpeg installed, the transitions done), no render is needed again.
    printError(io, `no joined MP4: ${reason}; then run \`kling-studio storyboard --join ${id}\``);
  }
  return exitCode === EXIT.ok && joined === null ? EXIT.failed : exitCode;
}

/**
 * `storyboard --join SET`: the joined MP4 of a storyboard whose transitions are all done, with
 * no key and no request to WeShop. Prints the same `{ set, renders, joined }`.
 */
async function joinOnly(io: CliIo, id: string, options: { json?: boolean }): Promise<number> {
  const library = openLibrary(io);
  try {
    const store = createStoryboardStore(libraryHome(io), (message, fields) =>
      cliLogger(io).warn(message, fields),
    );
    const storyboard = await readStoryboard(store, id);
    const renders = [];
    for (const t of storyboard.transitions) {
      const manifest = await library.read(t.renderId);
      if (manifest) renders.push((await jobResult(manifest, library.folderOf(t.renderId))).result);
    }
    let joined: string | null = null;
    let reason: string | null = null;
    try {
      const made = await joinStoryboard(
        {
          store,
          readRender: (renderId) => library.read(renderId),
          renderFolder: (renderId) => library.folderOf(renderId),
          env: io.env,
          fileExists: (path) =>
            stat(path).then(
              (s) => s.isFile(),
              () => false,
            ),
        },
        id,
      );
      joined = made.file;
      io.stderr.write(`${made.message}\n`);
    } catch (error) {
      reason = messageOf(error);
    }
    if (options.json) {
      const shown = renders.map(({ id, state, executionId, videos, agent }) => ({
        id,
        state,
        executionId,
        videos,
        agent,
      }));
      printJson(io, { set: id, renders: shown, joined, ...(reason === null ? {} : { reason }) });
    } else if (joined) printLine(io, `joined: ${joined}`);
    if (reason !== null) {
      printError(io, `no joined MP4: ${reason}`);
      return EXIT.failed;
    }
    return EXIT.ok;
  } finally {
    await library.close();
  }
}
