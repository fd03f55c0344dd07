// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithServices } from '../testing/render';
import { Toasts } from './Toasts';

afterEach(cleanup);

describe('Toasts', () => {
  it('runs a toast action, closes the toast, and leaves focus on the screen heading', async () => {
    const ran: string[] = [];
    const { store } = renderWithServices(
      <>
        <main>
          <h1>Library</h1>
        </main>
        <Toasts />
      </>,
    );
    act(() =>
      store.getState().pushToast('info', 'Render removed', {
        label: 'Undo',
        run: () => ran.push('undo'),
      }),
    );
    const undo = screen.getByRole('button', { name: 'Undo' });
    undo.focus();
    fireEvent.click(undo);
    expect(ran).toEqual(['undo']);
    expect(screen.queryByText('Render removed')).toBeNull();
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Library' })),
    );
  });
});
