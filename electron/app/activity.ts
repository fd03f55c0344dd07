import { isTerminal, type JobState, type RenderView } from '../../shared/job';
import type { Language } from '../../shared/language';
import { NATIVE_WORDS } from './native-words';

export interface Notice {
  title: string;
  body: string;
  id: string;
}

/**
 * The notification for a render that ended, in `language`; null for an end nobody
 * needs to hear about (canceled). WeShop's own reason is its words in any language; our long
 * English error is not repeated in a notification of another language (the render, one click
 * away, says it in full).
 */
export function noticeFor(view: RenderView, language: Language): Notice | null {
  const words = NATIVE_WORDS[language];
  const prompt =
    view.request.prompt.length > 60 ? `${view.request.prompt.slice(0, 57)}…` : view.request.prompt;
  const reason = view.serverMessage ?? (language === 'en' ? view.error?.message : undefined);
  switch (view.state) {
    case 'done':
      return { id: view.id, title: words.renderFinished(view.videos.length), body: prompt };
    case 'partial':
      // Like a failure it needs the user (the missing videos can be rendered on their own),
      // but the delivered ones are in the library: the title says how many.
      return {
        id: view.id,
        title: words.renderPartial(view.videos.length, view.request.batchCount),
        body: reason ?? prompt,
      };
    case 'failed':
      return { id: view.id, title: words.renderFailed, body: reason ?? prompt };
    case 'needs-attention':
      return {
        id: view.id,
        title: words.renderNeedsAttention,
        body: reason ?? words.needsAttentionBody,
      };
    default:
      return null;
  }
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
      return noticeFor(view, 'en');
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
