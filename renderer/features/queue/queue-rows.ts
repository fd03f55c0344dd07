import { isTerminal, type RenderView } from '../../../shared/job';
import type { QueueState } from '../../../shared/queue';

/** Not picked up yet: the only renders a pause holds or a move reorders. */
export const isWaiting = (view: RenderView): boolean =>
  view.state === 'queued' && !view.startSentAt;

/** A waiting render a pause (the whole queue, or its set) holds. */
export const isPaused = (view: RenderView, steering: QueueState): boolean =>
  isWaiting(view) &&
  (steering.paused || (view.setId !== undefined && steering.pausedSets.includes(view.setId)));

/**
 * The Queue's rows: every row keeps its place, except that the waiting ones fill their places
 * in the order they will start (the core's order; ones it does not list keep theirs, after).
 */
export function arrangeRows(jobs: readonly RenderView[], steering: QueueState): RenderView[] {
  const rank = new Map(steering.order.map((id, index) => [id, index]));
  const place = (view: RenderView, at: number) => rank.get(view.id) ?? steering.order.length + at;
  const waiting = jobs
    .map((view, at) => ({ view, at }))
    .filter(({ view }) => isWaiting(view))
    .sort((a, b) => place(a.view, a.at) - place(b.view, b.at))
    .map(({ view }) => view);
  let next = 0;
  return jobs.map((view) => (isWaiting(view) ? (waiting[next++] ?? view) : view));
}

export interface QueueSet {
  setId: string;
  /** What names the set for a person: its first render's prompt. */
  name: string;
  waiting: number;
  underWay: number;
}

/** The sets with renders still to go, in the order they first appear in the Queue. */
export function setsInQueue(rows: readonly RenderView[]): QueueSet[] {
  const sets = new Map<string, QueueSet>();
  for (const view of rows) {
    if (!view.setId || isTerminal(view.state)) continue;
    const set = sets.get(view.setId) ?? {
      setId: view.setId,
      name: view.request.prompt,
      waiting: 0,
      underWay: 0,
    };
    if (isWaiting(view)) set.waiting += 1;
    else if (view.state !== 'needs-attention') set.underWay += 1;
    sets.set(view.setId, set);
  }
  return [...sets.values()].filter((set) => set.waiting + set.underWay > 0);
}

/**
 * The move that Alt+↑ / Alt+↓ asks for: before the waiting render above, or before the one
 * two below (to the back when it is the last but one); null at either end.
 */
export function stepMove(
  waitingIds: readonly string[],
  id: string,
  direction: 'up' | 'down',
): { id: string; before: string } | { id: string; to: 'back' } | null {
  const at = waitingIds.indexOf(id);
  if (at < 0) return null;
  if (direction === 'up') {
    const above = waitingIds[at - 1];
    return above ? { id, before: above } : null;
  }
  if (at >= waitingIds.length - 1) return null;
  const twoBelow = waitingIds[at + 2];
  return twoBelow ? { id, before: twoBelow } : { id, to: 'back' };
}
