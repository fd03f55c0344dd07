import { isTerminal, missingVideoCount, type RenderManifest, startOutcomeUnknown } from './job';
import type { RenderRequest } from './render-request';

/** The actions that may run a render again, each of which may pay WeShop again. */
export type RerunKind = 'retry' | 'missing';

type RetryFacts = Pick<
  RenderManifest,
  'startSentAt' | 'executionId' | 'remoteState' | 'videos' | 'request'
>;

/**
 * Whether Retry starts a new (paid) run rather than checking the run WeShop already has (the
 * rule engine.retry follows, so the cost shown is the cost paid): a run that exists and did
 * not end on WeShop's side is checked again (no new charge); a start of unknown outcome, no
 * run, or a run WeShop failed or canceled before any video means a new start.
 */
export function retryStartsNewRun(m: RetryFacts): boolean {
  if (startOutcomeUnknown(m)) return true;
  const remoteEnded =
    m.videos.length === 0 && (m.remoteState === 'Failed' || m.remoteState === 'Canceled');
  return !m.executionId || remoteEnded;
}

/**
 * What WeShop would be asked to render (and charge for) by this action: the whole request
 * again for a retry that starts a new run, just the missing videos for "Render the missing N".
 * null: nothing new is paid for (Retry checks the existing run, or nothing is missing).
 */
export function rerunCostRequest(m: RetryFacts, kind: RerunKind): RenderRequest | null {
  if (kind === 'missing') {
    const missing = missingVideoCount(m);
    return missing === 0 ? null : { ...m.request, batchCount: missing };
  }
  return retryStartsNewRun(m) ? m.request : null;
}

/** The render named by a partial render's missingRenderedBy, as far as the rule needs it. */
export type FollowUpFacts = Pick<RenderManifest, 'id' | 'state'> & RetryFacts;

/**
 * Where a partial render's missing videos stand: the one rule for engine.renderMissing (start,
 * join or refuse), the CLI's `show` and `retry --missing`, and the app's "Render the missing N".
 */
export type MissingVideos =
  /** Not a partial render, or nothing is missing: nothing to offer. */
  | { kind: 'none' }
  /** "Render the missing N" may start a new render of them (a new, paid run). */
  | { kind: 'offer'; count: number }
  /** Render `by` is queued or running for them: asking again joins it (no new charge). */
  | { kind: 'rendering'; count: number; by: string }
  /** Render `by` rendered them (done; if it was partial itself, it offers its own rest). */
  | { kind: 'rendered'; count: number; by: string }
  /**
   * Render `by` ended without its videos but a run of it may exist on WeShop (paid for):
   * it is settled there (Check again, Retry, its needs-attention), never paid for again here.
   */
  | { kind: 'settle'; count: number; by: string };

/** A follow-up that ended failed/canceled with no run that may be paid frees the missing videos. */
const mayHavePaidRun = (f: FollowUpFacts) => startOutcomeUnknown(f) || !retryStartsNewRun(f);

/**
 * `followUp` is the render `m.missingRenderedBy` names, or null when there is none (never
 * asked, deleted since, or not known to the caller: the engine reads it and decides again).
 */
export function missingVideosStatus(
  m: Pick<RenderManifest, 'state' | 'request' | 'videos' | 'missingRenderedBy'>,
  followUp: FollowUpFacts | null,
): MissingVideos {
  const count = missingVideoCount(m);
  if (m.state !== 'partial' || count === 0) return { kind: 'none' };
  if (!m.missingRenderedBy || !followUp || followUp.id !== m.missingRenderedBy) {
    return { kind: 'offer', count };
  }
  const by = followUp.id;
  if (!isTerminal(followUp.state)) return { kind: 'rendering', count, by };
  if (followUp.state === 'done' || followUp.state === 'partial') {
    return { kind: 'rendered', count, by };
  }
  if (followUp.state === 'needs-attention' || mayHavePaidRun(followUp)) {
    return { kind: 'settle', count, by };
  }
  return { kind: 'offer', count };
}
