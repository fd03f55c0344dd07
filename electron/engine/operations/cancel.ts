import { isTerminal, type RenderManifest } from '../../../shared/job';
import {
  canceledBeforeStart,
  stoppedWaitingAfterStartSent,
  stoppedWaitingOnRun,
} from '../start-errors';
import { keepSourceImage } from '../steps/source-image';
import { clearWarning } from '../warnings';
import { drivenElsewhere, historyEntry, mustRead, type OperationContext } from './context';

/**
 * Cancel, or "Stop waiting" once a start may have reached WeShop (it has no cancel). Only the
 * driving process can make "cancel" and "start" exclusive (its updates are serialised): a job
 * another live process drives is canceled there, never here.
 */
export async function cancelRender(ctx: OperationContext, id: string): Promise<RenderManifest> {
  const { library, scheduler } = ctx;
  const current = await mustRead(ctx, id);
  if (!isTerminal(current.state)) {
    const driver = await library.driver(id);
    if (driver !== null && driver !== 'this') {
      throw drivenElsewhere(driver, 'drivenCancel');
    }
  }
  // Out of the running order first: a slot freed during the update below would otherwise pick
  // the waiting job up, find it canceled, end it without its picture copy and unschedule it
  // before the check further down, so nobody made the copy (still scheduled: a cancel's job).
  const [withdrawn] = scheduler.withdraw([id]);
  // The decision is made inside the serialised update: a start whose startSentAt is on
  // disk may be on its way (Stop waiting); one not yet written is never sent after this.
  const updated = await decide(ctx, id).catch((error: unknown) => {
    if (withdrawn) scheduler.putBack(withdrawn); // not canceled: it waits in its place again
    throw error;
  });
  // Waiting in this process's queue, it never ran: the copy it owes is made now, while
  // the claim is still held (a running job's runner makes it as it stops).
  if (scheduler.isScheduled(id)) {
    await keepSourceImage({ library, emit: ctx.emit, log: ctx.log }, id);
  }
  await scheduler.cancel(id);
  return updated;
}

/** Marks the job canceled, saying whether a start may already have reached WeShop. */
function decide(ctx: OperationContext, id: string): Promise<RenderManifest> {
  return ctx.change(id, (m) => {
    if (isTerminal(m.state)) return m;
    const error = m.executionId
      ? stoppedWaitingOnRun()
      : m.startSentAt
        ? stoppedWaitingAfterStartSent()
        : canceledBeforeStart();
    m.state = 'canceled';
    m.error = error;
    clearWarning(m);
    m.history.push(historyEntry(ctx, 'canceled', error.message));
  });
}
