import type { IpcRequest, IpcResponse } from '../../shared/ipc';
import type { RenderView } from '../../shared/job';
import {
  checkStoryboard,
  currentJoin,
  type Storyboard,
  type StoryboardView,
} from '../../shared/storyboard';

type Channel =
  | 'storyboard:estimate'
  | 'storyboard:queue'
  | 'storyboard:list'
  | 'storyboard:get'
  | 'storyboard:rerender'
  | 'storyboard:join';
type Handlers = {
  [C in Channel]: (request: IpcRequest<C>) => IpcResponse<C> | Promise<IpcResponse<C>>;
};

export interface FakeStoryboardHost {
  /** The fake's render:queue (a new queued render). */
  queue(request: RenderView['request']): RenderView;
  findRender(id: string): RenderView;
  replaceRender(view: RenderView): RenderView;
  /** Throws the fake's AppError-carrying failure. */
  fail(kind: 'invalid-input' | 'not-found', message: string): never;
}

/** The storyboard channels the way the core answers them, over the fake's renders. */
export function fakeStoryboardHandlers(host: FakeStoryboardHost): Handlers {
  const storyboards = new Map<string, Storyboard>();
  const lookup = (id: string) =>
    storyboards.get(id) ?? host.fail('not-found', `No storyboard with id ${id} in this library`);
  const viewOf = (storyboard: Storyboard): StoryboardView => ({
    storyboard,
    renders: storyboard.transitions.map((t) => {
      try {
        return host.findRender(t.renderId);
      } catch {
        return null;
      }
    }),
    joined: currentJoin(storyboard),
  });
  return {
    'storyboard:estimate': (request) => {
      const check = checkStoryboard(request);
      if (!check.ok) host.fail('invalid-input', check.message);
      return { total: check.requests.length * 40, count: check.requests.length };
    },
    'storyboard:queue': (request) => {
      const check = checkStoryboard(request);
      if (!check.ok) host.fail('invalid-input', check.message);
      const id = `set-fakesb-${String(storyboards.size + 1).padStart(4, '0')}`;
      const renders = check.requests.map((r) =>
        host.replaceRender({ ...host.queue(r), setId: id }),
      );
      const first = check.requests[0];
      const storyboard: Storyboard = {
        schemaVersion: 1,
        id,
        createdAt: new Date().toISOString(),
        keyframes: request.keyframes,
        prompts: check.requests.map((r) => r.prompt),
        model: check.model,
        duration: first?.duration ?? '5s',
        generateAudio: first?.generateAudio ?? false,
        transitions: renders.map((r) => ({ renderId: r.id, replaced: [] })),
      };
      storyboards.set(id, storyboard);
      return viewOf(storyboard);
    },
    'storyboard:list': () => [...storyboards.values()].reverse(),
    'storyboard:get': ({ id }) => viewOf(lookup(id)),
    'storyboard:rerender': ({ id, transition }) => {
      const storyboard = lookup(id);
      const slot = storyboard.transitions[transition];
      if (!slot) host.fail('invalid-input', `Storyboard ${id} has no transition ${transition + 1}`);
      const old = host.findRender(slot.renderId);
      if (!['failed', 'canceled', 'done'].includes(old.state))
        host.fail('invalid-input', `Transition ${transition + 1} is still ${old.state}`);
      const render = host.replaceRender({ ...host.queue(old.request), setId: id });
      const next: Storyboard = {
        ...storyboard,
        transitions: storyboard.transitions.map((t, i) =>
          i === transition ? { renderId: render.id, replaced: [...t.replaced, t.renderId] } : t,
        ),
      };
      storyboards.set(id, next);
      return viewOf(next);
    },
    'storyboard:join': ({ id }) => {
      const storyboard = lookup(id);
      const notDone = storyboard.transitions.filter(
        (t) => host.findRender(t.renderId).state !== 'done',
      );
      if (notDone.length)
        host.fail('invalid-input', `Not every transition is done (${notDone.length} not yet)`);
      const file = `/home/me/Kling Studio/storyboards/${id}/storyboard.mp4`;
      storyboards.set(id, {
        ...storyboard,
        joined: {
          file,
          renderIds: storyboard.transitions.map((t) => t.renderId),
          reencoded: false,
          at: new Date().toISOString(),
        },
      });
      return {
        file,
        reencoded: false,
        message: `Joined ${storyboard.transitions.length} clips into ${file} without re-encoding`,
      };
    },
  };
}
