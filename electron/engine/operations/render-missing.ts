import { stateParam, videosParam } from '../../../shared/core-messages';
import { coreError } from '../../../shared/errors';
import type { RenderManifest } from '../../../shared/job';
import { type MissingVideos, missingVideosStatus } from '../../../shared/rerun-cost';
import { sleep } from '../../../shared/sleep';
import { PRIORITY_NEW, PRIORITY_STARTED } from '../scheduler';
import { drivenElsewhere, mustRead, type OperationContext } from './context';
import { createFrom } from './rerun';

/**
 * How long a second process waits for the partial render's claim. Whoever holds it is making
 * the same decision (a read, a new render folder, two small writes): this is plenty.
 */
const CLAIM_WAIT_MS = 10_000;

/**
 * "Render the missing N" of a partial render, once per partial render: the first ask creates
 * the render of the missing videos and records it on the partial one (missingRenderedBy)
 * under that render's claim, before it is queued; any later ask, here or in another process,
 * gets that same render back (it is picked up here if no live process drives it) as long as
 * it is on its way or done. Only one that ended without a run that may be paid lets a new ask
 * start another; one whose run may be paid must be settled there first.
 */
export async function renderMissing(ctx: OperationContext, id: string): Promise<RenderManifest> {
  ctx.assertOpen();
  return ctx.oneAtATime(id, async () => {
    const known = await decide(ctx, await mustRead(ctx, id));
    if ('render' in known) return known.render;
    // Nothing asked yet: decide again while holding the partial render's claim, so another
    // process asking at the same moment waits for this answer instead of paying again.
    await holdClaim(ctx, id);
    try {
      const source = await mustRead(ctx, id);
      const decided = await decide(ctx, source);
      if ('render' in decided) return decided.render;
      return await startMissing(ctx, source, decided.count);
    } finally {
      // Never the claim of a job this process drives (then it was not partial any more).
      if (!ctx.scheduler.isScheduled(id)) await ctx.scheduler.releaseClaim(id);
    }
  });
}

/** The render already asked for (joined), or how many videos a new one should render. */
async function decide(
  ctx: OperationContext,
  source: RenderManifest,
): Promise<{ render: RenderManifest } | { count: number }> {
  const followUp = source.missingRenderedBy
    ? await ctx.library.read(source.missingRenderedBy)
    : null;
  const status = missingVideosStatus(source, followUp);
  switch (status.kind) {
    case 'offer':
      return { count: status.count };
    case 'rendering':
    case 'rendered':
      return { render: await join(ctx, source, followUp as RenderManifest, status) };
    case 'settle':
      throw settleFirst(source.id, followUp as RenderManifest, status.count);
    case 'none':
      throw coreError('invalid-input', 'missingNotPartial', { state: stateParam(source.state) });
  }
}

async function join(
  ctx: OperationContext,
  source: RenderManifest,
  followUp: RenderManifest,
  status: Extract<MissingVideos, { kind: 'rendering' | 'rendered' }>,
): Promise<RenderManifest> {
  ctx.log.info(
    { id: source.id, renderedBy: followUp.id, state: followUp.state },
    'render the missing videos: asked again, joining the render already made for them',
  );
  // Left by a process that stopped (or never queued here): picked up, as resume would.
  if (status.kind === 'rendering') {
    await ctx.scheduler.enqueue(
      followUp.id,
      followUp.executionId ? PRIORITY_STARTED : PRIORITY_NEW,
    );
  }
  return followUp;
}

const settleFirst = (sourceId: string, followUp: RenderManifest, count: number) =>
  coreError('invalid-input', 'missingSettleFirst', {
    videos: videosParam(count),
    source: sourceId,
    render: followUp.id,
    state: stateParam(followUp.state),
  });

/** Takes the partial render's claim, waiting briefly while another live process holds it. */
async function holdClaim(ctx: OperationContext, id: string): Promise<void> {
  const deadline = performance.now() + CLAIM_WAIT_MS;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    const claimed = await ctx.library.claim(id);
    if (claimed.ok) return;
    if (performance.now() > deadline) {
      throw drivenElsewhere(claimed.owner, 'drivenAskAgain');
    }
    await sleep(wait); // real time: the other process's few file writes, not the job clock
  }
}

/**
 * The new render is recorded on the partial one before it is queued: a render nobody can
 * find from its source is never started (a second ask would not see it and pay again).
 */
async function startMissing(
  ctx: OperationContext,
  source: RenderManifest,
  count: number,
): Promise<RenderManifest> {
  const created = await createFrom(
    ctx,
    source,
    { ...source.request, batchCount: count },
    { missingOf: source.id },
  );
  try {
    await ctx.change(source.id, (m) => {
      m.missingRenderedBy = created.id;
    });
  } catch (error) {
    await abandon(ctx, created.id, error);
    throw error;
  }
  await ctx.scheduler.enqueue(created.id, PRIORITY_NEW);
  return created;
}

/** A render of the missing videos that could not be recorded: canceled before any start. */
async function abandon(ctx: OperationContext, id: string, cause: unknown): Promise<void> {
  ctx.log.error(
    { id, error: String(cause) },
    'could not record the render of the missing videos on its partial render; not starting it',
  );
  const message =
    'Not started: it could not be recorded on the partial render it belongs to, so no credits were used. Ask for the missing videos again.';
  await ctx
    .change(id, (m) => {
      m.state = 'canceled';
      m.error = { kind: 'canceled', message };
      m.history.push({ state: 'canceled', at: ctx.now().toISOString(), message });
    })
    .catch((error: unknown) =>
      ctx.log.error({ id, error: String(error) }, 'could not mark the render canceled'),
    );
  await ctx.scheduler.releaseClaim(id);
}
