import { missingVideoCount, type RenderManifest, startOutcomeUnknown } from './job';
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
