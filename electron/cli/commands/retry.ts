import { describeEstimate } from '../../../shared/credits';
import { KlingError, renderNotFound } from '../../../shared/errors';
import {
  isRetryable,
  isTerminal,
  missingVideoCount,
  type RenderManifest,
  startOutcomeUnknown,
} from '../../../shared/job';
import { rerunCostRequest } from '../../../shared/rerun-cost';
import type { Core } from '../../app/core';
import { EXIT } from '../exit-codes';
import { followOneJob } from '../follow-job';
import type { CliIo } from '../io';
import { missingVideosOf } from '../missing-videos';
import { printError } from '../output';
import { closeCore, openCore, openSecrets, requireKey } from '../session';
import { waitWhileDrivenElsewhere } from '../wait-elsewhere';
import { maxCreditsOption, refuseOverBudget } from './credits';

export interface RetryOptions {
  /** The user read that the start may have reached WeShop and accepts paying twice. */
  confirmDoubleCharge?: boolean;
  /** A partial render: a new render of just the videos WeShop did not deliver. */
  missing?: boolean;
  /** `--max-credits n`: refuse (exit 5) when the new run is estimated above it. */
  maxCredits?: string;
  json?: boolean;
}

async function mustRead(core: Core, id: string): Promise<RenderManifest> {
  const manifest = await core.library.read(id);
  if (!manifest) throw renderNotFound(id, 'see `kling-studio list`');
  return manifest;
}

/**
 * Refuses, before a key is even looked for, what this command must not do on its own: a
 * start whose outcome is unknown without --confirm-double-charge (exit 4), a partial render
 * without --missing (a plain retry would pay again for the delivered videos), and anything
 * that is not finished or not retryable (exit 2).
 */
function checkRetry(m: RenderManifest, options: RetryOptions): void {
  if (options.missing) {
    if (m.state !== 'partial' || missingVideoCount(m) === 0) {
      throw new KlingError(
        'invalid-input',
        `--missing is for a partly delivered render; ${m.id} is ${m.state}`,
      );
    }
    return;
  }
  if (m.state === 'partial') {
    throw new KlingError(
      'invalid-input',
      `${m.id} was partly delivered (${m.videos.length} of ${m.request.batchCount} videos, already paid for): run \`kling-studio retry ${m.id} --missing\` to render just the missing ${missingVideoCount(m)}`,
    );
  }
  if (!isRetryable(m.state)) {
    throw new KlingError(
      'invalid-input',
      `Only failed, canceled or needs-attention renders can be retried; ${m.id} is ${m.state}`,
    );
  }
  if (startOutcomeUnknown(m) && !options.confirmDoubleCharge) {
    throw new KlingError(
      'needs-attention',
      `Not retried: ${m.id}'s start request was sent to WeShop but its run id never came back, so it may already be running and charged. Retrying may charge twice. Find its run in your WeShop history (named after this render) and run \`kling-studio attach ${m.id} <run-id>\` to collect it (no new charge); only if there is none, start it again anyway with \`kling-studio retry ${m.id} --confirm-double-charge\``,
    );
  }
}

/**
 * What the retry will pay for, on stderr before anything starts, then --max-credits and the
 * Settings caps as generate applies them. A retry that only checks the existing run costs
 * nothing new and is not held to the caps. null: go ahead; a number: refused, the exit code.
 */
async function costGate(
  core: Core,
  io: CliIo,
  before: RenderManifest,
  options: RetryOptions,
  maxCredits: number | undefined,
): Promise<number | null> {
  const paid = rerunCostRequest(before, options.missing ? 'missing' : 'retry');
  if (!paid) return null;
  const what = options.missing
    ? `The missing ${paid.batchCount} video${paid.batchCount === 1 ? '' : 's'} of ${before.id}`
    : `A new run of ${before.id}`;
  io.stderr.write(`${what}: ${describeEstimate(await core.estimator.estimate(paid))}\n`);
  return refuseOverBudget(core, io, paid, maxCredits);
}

/** "Rendering the 2 missing videos of X as Y", or that Y was asked for already (no new charge). */
function missingLine(before: RenderManifest, after: RenderManifest): string {
  const n = after.request.batchCount;
  const videos = `${n} video${n === 1 ? '' : 's'}`;
  // Recorded on the partial render before this command asked: the engine gave that one back.
  if (after.id !== before.missingRenderedBy) {
    return `Rendering the ${n} missing video${n === 1 ? '' : 's'} of ${before.id} as ${after.id}`;
  }
  const [was, is] = n === 1 ? ['was', 'is'] : ['were', 'are'];
  return isTerminal(after.state)
    ? `The missing ${videos} of ${before.id} ${was} already rendered as ${after.id} (no new charge)`
    : `The missing ${videos} of ${before.id} ${is} already being rendered as ${after.id} (no new charge); following it`;
}

/** What happened, in words (stderr): nobody should wonder whether this costs credits. */
function announce(io: CliIo, before: RenderManifest, after: RenderManifest, options: RetryOptions) {
  if (options.json) return;
  let line: string;
  if (options.missing) {
    line = missingLine(before, after);
  } else if (startOutcomeUnknown(before)) {
    line = `Starting ${before.id} again as confirmed (this may charge twice)`;
  } else if (after.executionId) {
    // The engine kept the run id: it checks that run instead of paying for a new one.
    line = `Checking ${before.id}'s run on WeShop again (no new charge)`;
  } else {
    line = `Starting ${before.id} again (a new run)`;
  }
  io.stderr.write(`${line}\n`);
}

/**
 * `retry <id> --missing`: the render of a partial render's missing videos, new or the one
 * already asked for (once per partial render: the engine gives that one back), followed to
 * its end even when another Kling Studio process drives it.
 */
async function renderTheMissing(
  core: Core,
  io: CliIo,
  before: RenderManifest,
  options: RetryOptions,
): Promise<number> {
  const manifest = await core.engine.renderMissing(before.id);
  announce(io, before, manifest, options);
  const waited = await waitWhileDrivenElsewhere(core, io, manifest.id, () =>
    core.engine.renderMissing(before.id),
  );
  if (waited.kind === 'interrupted') {
    printError(
      io,
      `stopped waiting; ${manifest.id} goes on in the other Kling Studio process: \`kling-studio show ${manifest.id}\` tells how it went`,
    );
    return EXIT.interrupted;
  }
  return followOneJob(core, io, waited.kind === 'ended' ? waited.manifest : manifest, options);
}

/**
 * `retry <id>`: a failed or canceled render again (a run that exists is checked, not paid
 * for again); `--missing` renders just what a partial batch lacks; a start whose outcome is
 * unknown only with `--confirm-double-charge`. What a new run costs is printed first and held
 * to --max-credits and the Settings caps, like generate. Waits for the result like generate.
 */
export async function retry(
  io: CliIo,
  id: string,
  options: RetryOptions,
  rememberSecret: (secret: string) => void,
): Promise<number> {
  const maxCredits = maxCreditsOption(options); // a bad value is input to fix, before anything
  const secrets = openSecrets(io);
  const core = await openCore(io, secrets);
  try {
    const before = await mustRead(core, id);
    checkRetry(before, options);
    rememberSecret(await requireKey(secrets));
    // Missing videos already asked for (being rendered, or rendered) cost nothing new here.
    const missing = options.missing ? (await missingVideosOf(core.library, before)).status : null;
    if (!missing || missing.kind === 'offer') {
      const refused = await costGate(core, io, before, options, maxCredits);
      if (refused !== null) return refused;
    }
    if (options.missing) return await renderTheMissing(core, io, before, options);
    const manifest = await core.engine.retry(id, {
      confirmChargeTwice: options.confirmDoubleCharge === true,
    });
    announce(io, before, manifest, options);
    return await followOneJob(core, io, manifest, options);
  } finally {
    await closeCore(core);
  }
}
