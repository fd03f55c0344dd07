import type { QueueMoveRequest, QueueSteering } from '../../shared/queue';

/** 'started': a paid run to collect (never held, always first); 'new': not started yet. */
export type Lane = 'started' | 'new';

/** A job claimed by this process and not yet picked up. */
export interface Waiting {
  id: string;
  token: symbol;
  lane: Lane;
  /** Enqueue order in this process: the tie-break (oldest first) for ids not ranked. */
  sequence: number;
  setId: string | undefined;
  /** Set by waitingNew(): a pause holds it now. */
  held?: boolean;
}

// Steering objects are replaced on every change: their lookups are made once per object.
const ranks = new WeakMap<QueueSteering, Map<string, number>>();
const pausedSetsOf = new WeakMap<QueueSteering, Set<string>>();

function rankOf(steering: QueueSteering): Map<string, number> {
  let rank = ranks.get(steering);
  if (!rank) {
    rank = new Map(steering.order.map((id, index) => [id, index]));
    ranks.set(steering, rank);
  }
  return rank;
}

/** Whether a pause (the whole queue, or its set) holds this job. Paid runs are never held. */
export function isHeld(job: Waiting, steering: QueueSteering): boolean {
  if (job.lane !== 'new') return false;
  if (steering.paused) return true;
  if (job.setId === undefined) return false;
  let paused = pausedSetsOf.get(steering);
  if (!paused) {
    paused = new Set(steering.pausedSets);
    pausedSetsOf.set(steering, paused);
  }
  return paused.has(job.setId);
}

/**
 * New jobs in the order they go: ranked ones by their place in the steered order, then the
 * rest oldest first (a render queued after the last move goes to the back).
 */
export function rankWaiting(jobs: readonly Waiting[], steering: QueueSteering): Waiting[] {
  const rank = rankOf(steering);
  const place = (job: Waiting) => rank.get(job.id) ?? Number.POSITIVE_INFINITY;
  return jobs
    .filter((job) => job.lane === 'new')
    .sort((a, b) => place(a) - place(b) || a.sequence - b.sequence);
}

/**
 * `ids` (this process's waiting renders, in order) after the move; null when the render to
 * move (or the one to go before) is not among them.
 */
export function moved(ids: readonly string[], move: QueueMoveRequest): string[] | null {
  if (!ids.includes(move.id)) return null;
  const rest = ids.filter((id) => id !== move.id);
  if ('to' in move) return move.to === 'front' ? [move.id, ...rest] : [...rest, move.id];
  const at = rest.indexOf(move.before);
  if (at < 0) return null;
  return [...rest.slice(0, at), move.id, ...rest.slice(at)];
}

/**
 * The library's order after this process reordered its waiting renders: these first, then the
 * ranks other processes' renders had (each process only compares the renders it drives).
 */
export function mergedOrder(saved: readonly string[], mine: readonly string[]): string[] {
  const own = new Set(mine);
  return [...mine, ...saved.filter((id) => !own.has(id))];
}
