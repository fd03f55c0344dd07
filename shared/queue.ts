import { z } from 'zod';
import { SetId } from './variations';

const RenderIdText = z.string().regex(/^[a-z0-9-]{6,64}$/, 'Unknown render id');

/** Ids kept in queue.json's order at most (the oldest moves past it are dropped). */
export const QUEUE_ORDER_MAX = 5000;

/**
 * How the queue is steered, saved in `<home>/queue.json` for the whole library: every process
 * on it (the app, each CLI) applies the pauses to the renders it drives, and starts its
 * waiting renders in `order` (ids not in it come after, oldest first). Only renders not yet
 * picked up are held or reordered: one under way (uploading, started) always finishes.
 */
export const QueueSteering = z.object({
  /** The whole queue: no waiting render is picked up. */
  paused: z.boolean(),
  /** Sets whose waiting renders are not picked up. */
  pausedSets: z.array(SetId),
  /** Waiting renders, first to start first (a ranking: ids not waiting anywhere are ignored). */
  order: z.array(RenderIdText).max(QUEUE_ORDER_MAX),
});
export type QueueSteering = z.infer<typeof QueueSteering>;

/**
 * queue:state's answer and the queue:changed event: the library's pauses, and `order` = the
 * renders this process will pick up next, first one first (held ones included, in place).
 */
export const QueueState = QueueSteering.extend({
  order: z.array(RenderIdText),
});
export type QueueState = z.infer<typeof QueueState>;

/** Pause, resume or cancel the not-yet-started renders of one set, or of the whole queue. */
export const QueueControlRequest = z.strictObject({
  action: z.enum(['pause', 'resume', 'cancel']),
  /** Absent: the whole queue. */
  setId: SetId.optional(),
});
export type QueueControlRequest = z.infer<typeof QueueControlRequest>;

/** What queue:control did, in words a person reads (a toast), with the new state. */
export const QueueControlResult = QueueState.extend({
  message: z.string(),
  /** Renders canceled by a cancel (never one whose start may have been sent). */
  canceled: z.array(RenderIdText),
});
export type QueueControlResult = z.infer<typeof QueueControlResult>;

/** Move a waiting render to the front or the back, or just before another waiting render. */
export const QueueMoveRequest = z.union([
  z.strictObject({ id: RenderIdText, to: z.enum(['front', 'back']) }),
  z.strictObject({ id: RenderIdText, before: RenderIdText }),
]);
export type QueueMoveRequest = z.infer<typeof QueueMoveRequest>;
