// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRender } from '../../testing/fixtures';
import { renderApp } from '../../testing/render';

afterEach(cleanup);

const LONG_PROMPT =
  'A slow aerial pass over a harbour at dawn, fishing boats leaving one by one, gulls wheeling ' +
  'above the masts, mist lifting off the water as the sun clears the hills behind the town';

/** The text an element's aria-describedby points at, as a screen reader reads it after the name. */
function description(element: HTMLElement): string {
  return (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

describe('Queue items for screen readers', () => {
  it('keep the whole prompt and say which render each button acts on', async () => {
    const job = makeRender(1, { state: 'running', request: { prompt: LONG_PROMPT } });
    const { bridge } = renderApp({ renders: [job] });
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    const item = await screen.findByRole('listitem', { name: LONG_PROMPT });
    expect(item.textContent).toContain(LONG_PROMPT);
    const cancel = within(item).getByRole('button', { name: /^(Cancel|Stop waiting)$/ });
    expect(description(cancel)).toContain(LONG_PROMPT);

    // The focused Cancel goes away with the update: focus stays in the row, not on <body>.
    cancel.focus();
    expect(document.activeElement).toBe(cancel);
    bridge.emit('job:update', { ...job, state: 'failed' });
    const retry = await within(item).findByRole('button', { name: 'Retry' });
    expect(description(retry)).toBe(LONG_PROMPT);
    await waitFor(() =>
      expect(document.activeElement).toBe(within(item).getAllByRole('button')[0]),
    );
  });
});
