import type { JobState, RenderView } from '../shared/job';

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

/** "Running · Segmenting": the local state, plus WeShop's own while the run is remote. */
export function describeState(view: Pick<RenderView, 'state' | 'remoteState'>): string {
  const label = STATE_LABELS[view.state];
  if (view.state === 'running' && view.remoteState) return `${label} · ${view.remoteState}`;
  return label;
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
  'retrying could start, and charge for, a second run.';

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
