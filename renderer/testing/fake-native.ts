import type { IpcRequest, IpcResponse } from '../../shared/ipc';
import type { RenderView } from '../../shared/job';
import type { NATIVE_CHANNELS } from '../../shared/native-channels';

type Channel = keyof typeof NATIVE_CHANNELS;
type Handlers = {
  [C in Channel]: (request: IpcRequest<C>) => IpcResponse<C> | Promise<IpcResponse<C>>;
};

export interface FakeNativeHost {
  /** Renders deleted and not yet in the "OS trash" (render:delete puts them here). */
  deleted: Map<string, RenderView>;
  restore(view: RenderView): void;
  fail(kind: 'not-found', message: string): never;
}

/**
 * Undo, the clipboard and MP4 recipes as the core answers them: Undo puts back what a delete
 * set aside (the fake has no Undo window: a test that needs "too late" uses handle()); the
 * clipboard takes any text (tests read callsTo('app:copy-text')); an MP4 carries no recipe
 * unless a test says so with handle('recipe:read').
 */
export function fakeNativeHandlers(host: FakeNativeHost): Handlers {
  return {
    'render:undo-delete': ({ id }) => {
      const view = host.deleted.get(id);
      if (!view)
        host.fail(
          'not-found',
          'This render is no longer waiting for Undo: it is in the OS trash now. Restore its folder from the trash into the library’s renders folder to get it back.',
        );
      host.deleted.delete(id);
      host.restore(view);
      return view;
    },
    'app:copy-text': () => null,
    'recipe:read': () => null,
  };
}
