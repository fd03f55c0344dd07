// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../testing/render';

afterEach(cleanup);

describe('Toasts', () => {
  it('do not pile up: the same message replaces its older copy, three at most', async () => {
    const { store } = renderApp();
    act(() => {
      for (let index = 0; index < 3; index++) store.getState().pushToast('error', 'Offline');
    });
    expect(screen.getAllByText('Offline')).toHaveLength(1);
    act(() => {
      for (const text of ['One', 'Two', 'Three', 'Four']) store.getState().pushToast('info', text);
    });
    expect(store.getState().toasts.map((toast) => toast.text)).toEqual(['Two', 'Three', 'Four']);
  });

  it('Escape dismisses the newest error; each has a Dismiss button in Tab order', async () => {
    const { store } = renderApp();
    act(() => {
      store.getState().pushToast('error', 'First problem');
      store.getState().pushToast('error', 'Second problem');
    });
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(screen.queryByText('Second problem')).toBeNull();
    expect(screen.getByText('First problem')).toBeTruthy();
    // The dismiss button is a real button, in Tab order, with a name.
    expect(screen.getByRole('button', { name: 'Dismiss message' }).tabIndex).toBe(0);
  });

  it('show one message at a time at the top: older ones fold behind "N more messages"', async () => {
    const { store } = renderApp();
    act(() => {
      for (const text of ['Queued 1 video', 'Uploaded', 'Queued a set']) {
        store.getState().pushToast('success', text);
      }
    });
    const shown = (text: string) => !screen.getByText(text).closest<HTMLElement>('.toast')?.hidden;
    expect(shown('Queued a set')).toBe(true);
    expect(shown('Uploaded')).toBe(false);
    expect(shown('Queued 1 video')).toBe(false);
    expect(screen.getByRole('region', { name: 'Messages' }).className).toContain('toasts-top');
    const more = screen.getByRole('button', { name: '2 more messages' });
    fireEvent.click(more);
    expect(shown('Uploaded')).toBe(true);
    expect(shown('Queued 1 video')).toBe(true);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    act(() => store.getState().pushToast('info', 'Newest'));
    expect(shown('Uploaded')).toBe(false);
    expect(shown('Newest')).toBe(true);
  });
});
