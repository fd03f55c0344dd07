import type { IpcRequest, IpcResponse } from '../../shared/ipc';
import type { RenderView } from '../../shared/job';
import type { QueueState } from '../../shared/queue';

type Channel = 'queue:control' | 'queue:move' | 'queue:state';
type Handlers = {
  [C in Channel]: (request: IpcRequest<C>) => IpcResponse<C> | Promise<IpcResponse<C>>;
};

export interface FakeQueueHost {
  renders(): RenderView[];
  replaceRender(view: RenderView): RenderView;
  /** The fake's queue:changed event. */
  changed(state: QueueState): void;
  /** Throws the fake's AppError-carrying failure. */
  fail(kind: 'invalid-input', message: string): never;
}

/** Not picked up yet: the only renders the core holds or moves. */
const isWaiting = (view: RenderView) => view.state === 'queued' && !view.startSentAt;

/**
 * The queue channels the way the core answers them, over the fake's renders: a queued render
 * without startSentAt waits (held by a pause, moved by a move); every other one is under way.
 */
export function fakeQueueHandlers(host: FakeQueueHost): Handlers {
  let paused = false;
  let pausedSets: string[] = [];
  let ranking: string[] = [];

  function waitingIds(): string[] {
    const rank = (id: string) => {
      const at = ranking.indexOf(id);
      return at < 0 ? Number.POSITIVE_INFINITY : at;
    };
    const waiting = host.renders().filter(isWaiting);
    const created = (id: string) => waiting.findIndex((view) => view.id === id);
    return waiting
      .map((view) => view.id)
      .sort((a, b) => rank(a) - rank(b) || created(a) - created(b));
  }
  const state = (): QueueState => ({ paused, pausedSets, order: waitingIds() });
  const announce = () => {
    const now = state();
    host.changed(now);
    return now;
  };

  return {
    'queue:state': () => state(),
    'queue:control': ({ action, setId }) => {
      const inScope = (view: RenderView) => setId === undefined || view.setId === setId;
      const waiting = host.renders().filter((view) => isWaiting(view) && inScope(view));
      const canceled: string[] = [];
      if (action === 'cancel') {
        for (const view of waiting) {
          host.replaceRender({ ...view, state: 'canceled' });
          canceled.push(view.id);
        }
      } else if (setId === undefined) {
        paused = action === 'pause';
      } else {
        pausedSets = pausedSets.filter((id) => id !== setId);
        if (action === 'pause') pausedSets = [...pausedSets, setId];
      }
      const what = setId ? 'this set' : 'the queue';
      const message =
        action === 'pause'
          ? `Paused ${what}: ${waiting.length} renders wait until you resume.`
          : action === 'resume'
            ? `Resumed ${what}: ${waiting.length} renders can start.`
            : `Canceled ${waiting.length} renders of ${what} that had not started (no credits used).`;
      return { ...announce(), canceled, message };
    },
    'queue:move': (request) => {
      const ids = waitingIds();
      if (!ids.includes(request.id)) {
        host.fail(
          'invalid-input',
          'That render is not waiting here any more: it has started (it can no longer move), or another Kling Studio process drives it (move it there).',
        );
      }
      const rest = ids.filter((id) => id !== request.id);
      let next: string[];
      if ('to' in request) {
        next = request.to === 'front' ? [request.id, ...rest] : [...rest, request.id];
      } else {
        const at = rest.indexOf(request.before);
        if (at < 0) host.fail('invalid-input', 'That render is not waiting here any more.');
        next = [...rest.slice(0, at), request.id, ...rest.slice(at)];
      }
      ranking = next;
      return announce();
    },
  };
}
