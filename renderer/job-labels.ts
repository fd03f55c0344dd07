import {
  isRetryable,
  type JobState,
  type RenderView,
  startMayHaveReachedWeShop,
  startOutcomeUnknown,
} from '../shared/job';

const STATE_LABELS: Record<JobState, string> = {
  queued: 'Queued',
  uploading: 'Uploading image',
  starting: 'Starting',
  running: 'Running',
  downloading: 'Downloading',
  done: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
  'needs-attention': 'Needs attention',
  partial: 'Partly delivered',
};

/**
 * The state in plain words. While WeShop has the run: "Waiting at WeShop" until it starts
 * generating (remote Pending, or no remote state yet), then "Generating".
 */
export function describeState(view: Pick<RenderView, 'state' | 'remoteState'>): string {
  if (view.state === 'running') {
    return !view.remoteState || view.remoteState === 'Pending' ? 'Waiting at WeShop' : 'Generating';
  }
  return STATE_LABELS[view.state];
}

/** The steps of an unfinished render, in plain words, as the Queue shows them. */
export const JOB_STEPS = ['Upload', 'Waiting', 'Generating', 'Download'] as const;

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

export const stateLabel = (state: JobState): string => STATE_LABELS[state];

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

export const NEEDS_ATTENTION_EXPLANATION =
  'The start request may have reached WeShop, but no run id came back, so the app cannot ' +
  'tell whether this render is running (and being charged). Check your WeShop history first: ' +
  'if the run is there, "I found the run" collects it without paying again; retrying could ' +
  'start, and charge for, a second run.';

/**
 * The app's own error text for a render, unless it only repeats what WeShop said (the engine
 * words a failed run as "Generation failed: <WeShop's reason>"): one reason, shown once.
 */
export function errorBeyondServerMessage(
  view: Pick<RenderView, 'error' | 'serverMessage'>,
): string | null {
  const message = view.error?.message;
  if (!message) return null;
  if (view.serverMessage && message.includes(view.serverMessage)) return null;
  return message;
}

type StartFacts = Pick<RenderView, 'startSentAt' | 'executionId'>;

/**
 * WeShop has no cancel: once the start may have reached it, stopping here does not stop (or
 * refund) the run, so the button must not promise that.
 */
export const cancelLabel = (view: StartFacts): 'Cancel' | 'Stop waiting' =>
  startMayHaveReachedWeShop(view) ? 'Stop waiting' : 'Cancel';

export const STOP_WAITING_DESCRIPTION =
  'WeShop has no cancel: this render may already be running there, and its credits are spent. ' +
  'Stop waiting only stops following it here; the run stays on WeShop, and "Check again" ' +
  'collects its videos later.';

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

export const RETRY_ACTION_LABELS: Record<RetryAction, string> = {
  retry: 'Retry',
  'retry-anyway': 'Retry anyway…',
  'check-again': 'Check again',
};

export const CHARGE_TWICE_WARNING =
  'This render may charge you twice. Its start request may have reached WeShop, but no run id ' +
  'came back, so the app cannot tell whether WeShop is already rendering (and charging for) it. ' +
  'Retrying sends the start again; if the first one did arrive, you pay for two runs. Check ' +
  'your WeShop history before you retry: if the run is there, "I found the run" collects it ' +
  'without paying again.';

/**
 * Whether a failed render cost credits, from its manifest: no run id means WeShop never
 * created the run (the upload failed, or WeShop refused the start), so nothing was charged.
 */
export function failedChargeNote(
  view: Pick<RenderView, 'executionId' | 'startSentAt' | 'credits'>,
): string {
  if (!view.executionId) return 'No credits were charged: WeShop never started this render.';
  const spent = view.credits?.powerConsumption;
  if (spent !== undefined)
    return `WeShop ran this render and charged ${spent} credit${spent === 1 ? '' : 's'}.`;
  return 'WeShop started this render, so its credits may have been charged.';
}
