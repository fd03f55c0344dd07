import { coreError } from '../../shared/errors';
import type {
  QueueControlRequest,
  QueueControlResult,
  QueueMoveRequest,
  QueueState,
} from '../../shared/queue';
import { mergedOrder, moved } from './queue-order';
import type { QueueStore } from './queue-store';
import type { Scheduler } from './scheduler';

export interface QueueControlDeps {
  store: QueueStore;
  scheduler: Pick<Scheduler, 'waitingNew' | 'underWay' | 'reconsider' | 'withdraw' | 'putBack'>;
  /** Cancels one render (the engine's cancel: saved, announced, its claim let go). */
  cancel: (id: string) => Promise<unknown>;
  /** Whether the render is queued and not started on disk (another process may wait on it). */
  queuedOnDisk: (id: string) => Promise<boolean>;
  /** Told the new state after every change (the queue:changed event). */
  changed: (state: QueueState) => void;
}

const renders = (n: number) => `${n} render${n === 1 ? '' : 's'}`;
/** Said of renders a pause or cancel leaves alone. */
const underWay = (n: number) =>
  `${renders(n)} already under way ${n === 1 ? 'finishes' : 'finish'} (a start that may have been sent is never stopped, so nothing is paid twice or lost).`;

/**
 * Steering the queue: pause / resume / cancel the renders not yet picked up (of one set or all
 * of them) and move a waiting render. Pauses and order are saved in the library's queue.json
 * (queue-store.ts) so a restart, and every other process on the library, applies them.
 */
export function createQueueControl(deps: QueueControlDeps) {
  const { store, scheduler } = deps;

  function state(): QueueState {
    const { paused, pausedSets } = store.current();
    return { paused, pausedSets, order: scheduler.waitingNew().map((job) => job.id) };
  }

  const inScope = (setId: string | undefined) => (job: { setId: string | undefined }) =>
    setId === undefined || job.setId === setId;

  function whatWasDone(request: QueueControlRequest, waiting: number, busyCount: number): string {
    const what = request.setId ? 'this set' : 'the queue';
    const busy = busyCount > 0 ? ` ${underWay(busyCount)}` : '';
    if (request.action === 'pause') {
      return `Paused ${what}: ${renders(waiting)} ${waiting === 1 ? 'waits' : 'wait'} until you resume.${busy}`;
    }
    if (request.action === 'resume') return `Resumed ${what}: ${renders(waiting)} can start.`;
    return `Canceled ${renders(waiting)} of ${what} that had not started (no credits used).${busy}`;
  }

  async function setPause(request: QueueControlRequest, pause: boolean): Promise<void> {
    const { setId } = request;
    await store.update((current) => {
      if (setId === undefined) return { ...current, paused: pause };
      const others = current.pausedSets.filter((id) => id !== setId);
      return { ...current, pausedSets: pause ? [...others, setId] : others };
    });
  }

  /**
   * Each waiting render is withdrawn first, so none can start while the others are canceled
   * (a cancel after the start was sent would only stop waiting for a paid run).
   */
  async function cancelWaiting(ids: readonly string[]): Promise<string[]> {
    const withdrawn = scheduler.withdraw(ids);
    const canceled: string[] = [];
    let failure: unknown = null;
    for (const job of withdrawn) {
      try {
        await deps.cancel(job.id);
        canceled.push(job.id);
      } catch (error) {
        scheduler.putBack(job);
        failure ??= error;
      }
    }
    if (failure !== null) throw failure;
    return canceled;
  }

  return {
    state,

    async control(request: QueueControlRequest): Promise<QueueControlResult> {
      const waiting = scheduler.waitingNew().filter(inScope(request.setId));
      const busyCount = scheduler.underWay().filter(inScope(request.setId)).length;
      let canceled: string[] = [];
      if (request.action === 'cancel') {
        canceled = await cancelWaiting(waiting.map((job) => job.id));
      } else {
        await setPause(request, request.action === 'pause');
      }
      scheduler.reconsider();
      const now = state();
      deps.changed(now);
      return { ...now, canceled, message: whatWasDone(request, waiting.length, busyCount) };
    },

    /**
     * A waiting render driven here moves among this process's waiting renders. Moving to the
     * front a queued render this process does not drive is saved for the process that does
     * (it reads queue.json within a second) or for the next start; any other move of such a
     * render is refused, saying why.
     */
    async move(request: QueueMoveRequest): Promise<QueueState> {
      const mine = scheduler.waitingNew().map((job) => job.id);
      const next = moved(mine, request);
      const toFrontElsewhere =
        !next &&
        'to' in request &&
        request.to === 'front' &&
        !mine.includes(request.id) &&
        (await deps.queuedOnDisk(request.id));
      if (next) {
        await store.update((current) => ({ ...current, order: mergedOrder(current.order, next) }));
      } else if (toFrontElsewhere) {
        await store.update((current) => ({
          ...current,
          order: mergedOrder(current.order, [request.id]),
        }));
      } else {
        throw coreError('invalid-input', 'notWaitingHere');
      }
      scheduler.reconsider();
      const now = state();
      deps.changed(now);
      return now;
    },
  };
}
