import {
  isRetryable,
  type JobState,
  type RenderView,
  startMayHaveReachedWeShop,
  startOutcomeUnknown,
} from '../shared/job';
import { formatCredits } from './format';
import { i18n } from './i18n';
import { sayError } from './i18n/core-messages';

// Plain functions (not hooks) so the store and helpers can word a render too; the screens
// re-render on a language change (App's useTranslation), so these are asked again then.
const t = i18n.t;

/**
 * The state in plain words. While WeShop has the run: "Waiting at WeShop" until it starts
 * generating (remote Pending, or no remote state yet), then "Generating".
 */
export function describeState(view: Pick<RenderView, 'state' | 'remoteState'>): string {
  if (view.state === 'running') {
    return !view.remoteState || view.remoteState === 'Pending'
      ? t('components:states.waitingAtWeShop')
      : t('components:states.generating');
  }
  return stateLabel(view.state);
}

const STEP_KEYS = ['upload', 'waiting', 'generating', 'download'] as const;

/** The steps of an unfinished render, in plain words, as the Queue shows them. */
export const jobSteps = (): string[] => STEP_KEYS.map((key) => t(`components:steps.${key}`));

/** Which of JOB_STEPS a render is at: -1 before the first (queued) and once it ended. */
export function jobStepIndex(view: Pick<RenderView, 'state' | 'remoteState'>): number {
  switch (view.state) {
    case 'uploading':
      return 0;
    case 'starting':
      return 1;
    case 'running':
      return !view.remoteState || view.remoteState === 'Pending' ? 1 : 2;
    case 'downloading':
      return 3;
    default:
      return -1;
  }
}

export const stateLabel = (state: JobState): string => t(`components:states.${state}`);

export type StateTone = 'neutral' | 'busy' | 'good' | 'bad' | 'warn';

export function stateTone(state: JobState): StateTone {
  switch (state) {
    case 'done':
      return 'good';
    case 'failed':
      return 'bad';
    case 'needs-attention':
    case 'partial':
      return 'warn';
    case 'canceled':
      return 'neutral';
    default:
      return 'busy';
  }
}

export const needsAttentionExplanation = (): string => t('components:explain.needsAttention');

/**
 * The app's own error text for a render, unless it only repeats what WeShop said (the engine
 * words a failed run as "Generation failed: <WeShop's reason>"): one reason, shown once.
 */
export function errorBeyondServerMessage(
  view: Pick<RenderView, 'error' | 'serverMessage'>,
): string | null {
  const message = view.error?.message;
  if (!message || !view.error) return null;
  if (view.serverMessage && message.includes(view.serverMessage)) return null;
  return sayError(view.error);
}

type StartFacts = Pick<RenderView, 'startSentAt' | 'executionId'>;

/**
 * WeShop has no cancel: once the start may have reached it, stopping here does not stop (or
 * refund) the run, so the button must not promise that.
 */
export const cancelAction = (view: StartFacts): 'cancel' | 'stop-waiting' =>
  startMayHaveReachedWeShop(view) ? 'stop-waiting' : 'cancel';

export const cancelLabel = (view: StartFacts): string =>
  cancelAction(view) === 'stop-waiting'
    ? t('components:labels.stopWaiting')
    : t('components:labels.cancel');

export const stopWaitingDescription = (): string => t('components:explain.stopWaiting');

/** The retry action as the user should read it, or null when the render cannot be retried. */
export type RetryAction =
  /** A new run (or a download of a run already paid for): no question to ask. */
  | 'retry'
  /** The start may have reached WeShop without its run id: may charge twice, confirm first. */
  | 'retry-anyway'
  /** Stopped waiting on a run that exists: polling it again costs nothing. */
  | 'check-again';

export function retryAction(
  view: Pick<RenderView, 'state' | 'startSentAt' | 'executionId'>,
): RetryAction | null {
  if (!isRetryable(view.state)) return null;
  if (startOutcomeUnknown(view)) return 'retry-anyway';
  if (view.state === 'canceled' && view.executionId) return 'check-again';
  return 'retry';
}

const RETRY_ACTION_KEYS = {
  retry: 'retry',
  'retry-anyway': 'retryAnyway',
  'check-again': 'checkAgain',
} as const;

export const retryActionLabel = (action: RetryAction): string =>
  t(`components:labels.${RETRY_ACTION_KEYS[action]}`);

export const chargeTwiceWarning = (): string => t('components:explain.chargeTwice');

/**
 * Whether a failed render cost credits, from its manifest: no run id means WeShop never
 * created the run (the upload failed, or WeShop refused the start), so nothing was charged.
 */
export function failedChargeNote(
  view: Pick<RenderView, 'executionId' | 'startSentAt' | 'credits'>,
): string {
  if (!view.executionId) return t('components:explain.noCharge');
  const spent = view.credits?.powerConsumption;
  if (spent !== undefined)
    return t('components:explain.charged', { credits: formatCredits(spent) });
  return t('components:explain.mayBeCharged');
}
