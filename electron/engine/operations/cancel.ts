import { isTerminal, type RenderManifest } from '../../../shared/job';
import {
  CANCELED_BEFORE_START,
  STOPPED_WAITING_AFTER_START_SENT,
  STOPPED_WAITING_ON_RUN,
} from '../start-errors';
import { keepSourceImage } from '../steps/source-image';
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
      throw drivenElsewhere(driver, 'cancel it there, or wait for it to finish.');
    }
  }
  // The decision is made inside the serialised update: a start whose startSentAt is on
  // disk may be on its way (Stop waiting); one not yet written is never sent after this.
  const updated = await ctx.change(id, (m) => {
    if (isTerminal(m.state)) return m;
    const message = m.executionId
      ? STOPPED_WAITING_ON_RUN
      : m.startSentAt
        ? STOPPED_WAITING_AFTER_START_SENT
        : CANCELED_BEFORE_START;
    m.state = 'canceled';
    m.error = { kind: 'canceled', message };
    delete m.warning;
    m.history.push(historyEntry(ctx, 'canceled', message));
  });
  // Waiting in this process's queue, it never ran: the copy it owes is made now, while
  // the claim is still held (a running job's runner makes it as it stops).
  if (scheduler.isScheduled(id)) {
    await keepSourceImage({ library, emit: ctx.emit, log: ctx.log }, id);
  }
  await scheduler.cancel(id);
  return updated;
}
