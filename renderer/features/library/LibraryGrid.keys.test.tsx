// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../store/library-pages';
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

describe('Library grid over pages', () => {
  it('reaches the last render of a large library with End, asking the core only for pages', async () => {
    const app = renderWithServices(
      <LibraryScreen observeRect={fixedViewport} captureFrame={async () => ''} />,
      { renders: makeRenders(1_000) },
    );
    await act(() => app.store.getState().loadLibrary());
    // happy-dom has no layout: the scroller gets the sizes a browser would give it, and since
    // it fires no scroll event when scrollTop moves, the test does, as a browser would.
    const scroller = screen.getByRole('list');
    const rows = Math.ceil(1_000 / columnsFor(WIDTH));
    Object.defineProperty(scroller, 'scrollHeight', { value: rows * 268 });
    Object.defineProperty(scroller, 'clientHeight', { value: 700 });
    openButtons()[0]?.focus();
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'End' });
    await waitFor(
      () => {
        act(() => void scroller.dispatchEvent(new Event('scroll')));
        expect(
          document.activeElement?.closest('[data-render-id]')?.getAttribute('data-render-id'),
        ).toBe('render-001000');
      },
      { timeout: 10_000 },
    );
    expect(document.activeElement?.closest('[aria-posinset]')?.getAttribute('aria-posinset')).toBe(
      '1000',
    );
    // Every answer was a page; the store holds a window near the end, not the library.
    const pages = app.bridge.callsTo('render:list').filter((query) => query.offset !== undefined);
    expect(pages.every((query) => (query.limit ?? Infinity) <= PAGE_SIZE)).toBe(true);
    expect(app.store.getState().libraryIds.length).toBeLessThanOrEqual(PAGE_SIZE * 8);
    expect(app.store.getState().libraryIds).not.toContain('render-000001');

    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'Home' });
    await waitFor(() => expect(document.activeElement).toBe(openButtons()[0]), {
      timeout: 10_000,
    });
  });
});
