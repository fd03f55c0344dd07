// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRenders } from '../../testing/fixtures';
import { renderWithServices } from '../../testing/render';
import { columnsFor, type ObserveRect } from './LibraryGrid';
import { LibraryScreen } from './LibraryScreen';

afterEach(cleanup);

const WIDTH = 1000;
const fixedViewport: ObserveRect = (_instance, callback) => {
  callback({ width: WIDTH, height: 700 });
  return () => {};
};

const openButtons = () =>
  screen.getAllByRole('button', { name: /^Open render:/ }) as HTMLButtonElement[];

describe('Library grid keyboard (roving tabindex)', () => {
  it('puts one card in Tab order and moves between cards with the arrow keys', async () => {
    const app = renderWithServices(
      <LibraryScreen observeRect={fixedViewport} captureFrame={async () => ''} />,
      { renders: makeRenders(12) },
    );
    await act(() => app.store.getState().loadLibrary());
    const columns = columnsFor(WIDTH);
    expect(columns).toBeGreaterThan(1);

    // One Tab stop for the whole grid (its open button, checkbox and star), not three a card.
    const inTabOrder = () =>
      [...document.querySelectorAll<HTMLElement>('.grid-scroll button, .grid-scroll input')]
        .filter((element) => element.tabIndex >= 0)
        .map((element) => element.closest('[data-render-id]')?.getAttribute('data-render-id'));
    expect(new Set(inTabOrder()).size).toBe(1);
    expect(openButtons()[0]?.tabIndex).toBe(0);
    expect(openButtons()[1]?.tabIndex).toBe(-1);

    openButtons()[0]?.focus();
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowRight' });
    await waitFor(() => expect(document.activeElement).toBe(openButtons()[1]));
    expect(openButtons()[1]?.tabIndex).toBe(0);
    expect(openButtons()[0]?.tabIndex).toBe(-1);

    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(openButtons()[1 + columns]));
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'Home' });
    await waitFor(() => expect(document.activeElement).toBe(openButtons()[0]));
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(openButtons()[0]);
    expect(new Set(inTabOrder()).size).toBe(1);
  });
});
