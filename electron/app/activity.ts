import { isTerminal, type JobState, type RenderView } from '../../shared/job';

export interface Notice {
  title: string;
  body: string;
  id: string;
}

// How far along each state is, for the taskbar/dock bar (WeShop gives no percentage).
const STAGE_WEIGHT: Partial<Record<JobState, number>> = {
  queued: 0,
  uploading: 0.1,
  starting: 0.2,
  running: 0.5,
  downloading: 0.9,
};

/**
 * Follows job updates to drive the native bits: overall progress while runs are active,
 * and one notification when a render finishes or fails.
 */
export function createActivityTracker() {
  const active = new Map<string, JobState>();
  const notified = new Set<string>();

  return {
    /** Returns a notice when this update is a render reaching done/failed/partial for the first time. */
    update(view: RenderView): Notice | null {
      if (!isTerminal(view.state)) {
        active.set(view.id, view.state);
        notified.delete(view.id);
        return null;
      }
      const wasActive = active.delete(view.id);
      if (!wasActive || notified.has(view.id)) return null;
      notified.add(view.id);
      const prompt =
        view.request.prompt.length > 60
          ? `${view.request.prompt.slice(0, 57)}…`
          : view.request.prompt;
      if (view.state === 'done') {
        const count = view.videos.length;
        return {
          id: view.id,
          title: `Render finished: ${count} video${count === 1 ? '' : 's'}`,
          body: prompt,
        };
      }
      if (view.state === 'partial') {
        // Like a failure it needs the user (the missing videos can be rendered on their own),
        // but the delivered ones are in the library: the title says how many.
        const delivered = view.videos.length;
        return {
          id: view.id,
          title: `Render partly delivered: ${delivered} of ${view.request.batchCount} videos`,
          body: view.serverMessage ?? view.error?.message ?? prompt,
        };
      }
      if (view.state === 'failed' || view.state === 'needs-attention') {
        return {
          id: view.id,
          title: view.state === 'failed' ? 'Render failed' : 'Render needs your attention',
          body: view.serverMessage ?? view.error?.message ?? prompt,
        };
      }
      return null;
    },
    /** -1 when nothing is active (clears the bar), else 0..1 averaged over active jobs. */
    progress(): number {
      if (active.size === 0) return -1;
      let sum = 0;
      for (const state of active.values()) sum += STAGE_WEIGHT[state] ?? 0;
      return sum / active.size;
    },
    activeCount: () => active.size,
  };
}
