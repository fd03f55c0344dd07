import { UNDO_DELETE_MS } from '../../shared/trash';
import type { BridgeClient } from '../bridge';
import { errorMessage } from '../bridge';
import { i18n } from '../i18n';
import type { AppState, DeleteOptions } from './types';

interface DeleteUndoDeps {
  client: BridgeClient;
  get: () => AppState;
  /** Writes the library slice's pendingDeletes (its own field). */
  setPending: (change: (pending: Record<string, true>) => Record<string, true>) => void;
  /** Injected in tests; the window's timer otherwise. */
  later?: (run: () => void, ms: number) => void;
}

const t = i18n.t.bind(i18n);

/**
 * Delete with Undo (issue 23): render:delete at once, which moves the render's folder aside in
 * main (pending-trash.ts: out of the library, to the OS trash a few seconds after the Undo
 * window); the toast's Undo and Ctrl+Z (undoLastDelete) bring it back through render:undo-delete
 * while the render is in pendingDeletes (UNDO_DELETE_MS).
 */
export function createDeleteUndo(deps: DeleteUndoDeps) {
  const { client, get } = deps;
  const later = deps.later ?? ((run, ms) => void setTimeout(run, ms));
  const settle = (id: string) => deps.setPending(({ [id]: _settled, ...rest }) => rest);

  async function undoDelete(id: string): Promise<void> {
    if (!get().pendingDeletes[id]) return;
    settle(id);
    try {
      const view = await client.call('render:undo-delete', { id });
      get().upsertJobs([view]);
      get().pushToast('success', t('deleting:undone'));
    } catch (error) {
      get().pushToast('error', t('deleting:undoFailed', { reason: errorMessage(error) }));
    }
    await get().loadLibrary();
  }

  async function deleteWithUndo(id: string, options: DeleteOptions = {}): Promise<void> {
    deps.setPending((pending) => ({ ...pending, [id]: true }));
    get().dropFromList(id);
    try {
      await client.call('render:delete', { id, ...options });
    } catch (error) {
      settle(id);
      get().pushToast('error', t('deleting:failed', { reason: errorMessage(error) }));
      // Back in the list: the core kept it.
      await get().loadLibrary();
      return;
    }
    get().forgetJob(id);
    get().pushToast('info', t('deleting:removed'), {
      label: t('deleting:undo'),
      run: () => void undoDelete(id),
      lingerMs: UNDO_DELETE_MS,
    });
    later(() => settle(id), UNDO_DELETE_MS);
  }

  /** Ctrl+Z: the newest delete still in its Undo window, if any. */
  function undoLastDelete(): void {
    const newest = Object.keys(get().pendingDeletes).at(-1);
    if (newest) void undoDelete(newest);
  }

  return { deleteWithUndo, undoDelete, undoLastDelete };
}
