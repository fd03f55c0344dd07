// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RenderView } from '../../../shared/job';
import { makeRender } from '../../testing/fixtures';
import { renderWithServices } from '../../testing/render';
import { DeleteDialog } from './DeleteDialog';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const SENT = '2025-11-20T08:00:00.000Z';
/** "Stop waiting" while WeShop's run went on: the run exists, not final, and may still charge. */
const stoppedWaiting = makeRender(1, {
  state: 'canceled',
  request: { prompt: 'Lanterns rise over the harbour' },
  startSentAt: SENT,
  executionId: 'run-still-going',
  remoteState: 'Running',
});

async function openDialog(view: RenderView) {
  const onClose = vi.fn();
  const app = renderWithServices(<DeleteDialog view={view} onClose={onClose} />, {
    renders: [view],
  });
  await act(() => app.store.getState().loadLibrary());
  return { ...app, onClose };
}

describe('DeleteDialog', () => {
  it('says plainly when WeShop may still be charging, and only Delete anyway confirms it', async () => {
    const { bridge, onClose, store } = await openDialog(stoppedWaiting);
    const dialog = screen.getByRole('dialog', {
      name: 'Delete a render WeShop may still be charging for?',
    });
    expect(dialog.textContent).toContain(
      'WeShop may still be making this video, and charging you for it. The credits are spent whether you keep the render or not. If you delete it now, its videos will not be collected.',
    );
    expect(dialog.textContent).toContain(
      'To get them instead, keep it and use Check again: it checks the run WeShop already has, at no new charge.',
    );
    // The safe choice has the focus: Enter or Escape never deletes by accident.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Keep it' }));
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete anyway' }));
    expect(onClose).toHaveBeenCalledTimes(2);
    // At once: main moves the folder aside (out of the library) and offers Undo.
    await vi.waitFor(() =>
      expect(bridge.callsTo('render:delete')).toEqual([
        { id: stoppedWaiting.id, confirmPaidRun: true },
      ]),
    );
    await vi.waitFor(() =>
      expect(store.getState().toasts.at(-1)).toMatchObject({
        text: 'Render deleted: its folder goes to the trash in a few seconds. Undo (Ctrl+Z) puts it back.',
        action: { label: 'Undo' },
      }),
    );
  });

  it('asks the plain question for a finished render, says it goes to the trash, sends no confirmation', async () => {
    const done = makeRender(2, {
      startSentAt: SENT,
      executionId: 'run-done',
      remoteState: 'Success',
    });
    const { bridge } = await openDialog(done);
    const dialog = screen.getByRole('dialog', { name: 'Delete this render?' });
    expect(dialog.textContent).not.toContain('charging');
    expect(dialog.textContent).toContain(
      'Its folder will be moved to the trash. You can undo right after (Undo, or Ctrl+Z); later, restore it from the trash.',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete render' }));
    await vi.waitFor(() => expect(bridge.callsTo('render:delete')).toEqual([{ id: done.id }]));
  });

  it('offers no delete for an unfinished render: cancel it first', async () => {
    const running = makeRender(3, {
      state: 'running',
      remoteState: 'Running',
      startSentAt: SENT,
      executionId: 'run-3',
    });
    const { onClose } = await openDialog(running);
    const dialog = screen.getByRole('dialog', { name: 'Cancel this render before deleting it' });
    expect(dialog.textContent).toContain(
      'It is still in progress (generating). Cancel it in the Queue (Stop waiting, once WeShop may have started it), or wait for it to finish; then delete it.',
    );
    expect(within(dialog).queryByRole('button', { name: /Delete/ })).toBeNull();
    const close = within(dialog).getByRole('button', { name: 'OK' });
    expect(document.activeElement).toBe(close);
    fireEvent.click(close);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("shows the core's refusal and brings the render back when a delete is refused", async () => {
    const needsAttention = makeRender(4, { state: 'needs-attention', startSentAt: SENT });
    const { bridge, store } = await openDialog(needsAttention);
    cleanup(); // a Discard in the set view deletes without this dialog: the core still refuses
    act(() => store.getState().deleteWithUndo(needsAttention.id));
    expect(store.getState().libraryIds).toEqual([]);
    expect(bridge.callsTo('render:delete')).toEqual([{ id: needsAttention.id }]);
    await vi.waitFor(() =>
      expect(store.getState().toasts.at(-1)?.text).toMatch(
        /^Could not delete the render: WeShop may still be making \(and charging for\) this render's run\. If you delete the render, its videos will not be collected\./,
      ),
    );
    await vi.waitFor(() => expect(store.getState().libraryIds).toEqual([needsAttention.id]));
  });
});
