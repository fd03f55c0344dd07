// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRender } from '../testing/fixtures';
import { renderWithServices } from '../testing/render';
import { ChargeTwiceDialog, RetryButton } from './JobActions';

afterEach(cleanup);

// Failed before WeShop made a run: Retry is a new, paid start.
const failedNoRun = makeRender(4, {
  state: 'failed',
  request: { prompt: 'A kite', batchCount: 2 },
});
const renderRetry = () =>
  renderWithServices(<RetryButton view={failedNoRun} />, { renders: [failedNoRun] });

describe('Retry shows what it costs before it is confirmed', () => {
  it('asks for the estimate of the whole request, shows it, and retries only on Retry', async () => {
    const { bridge } = renderRetry();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    const dialog = await screen.findByRole('dialog', { name: 'Retry this render?' });
    expect(
      await within(dialog).findByText('Estimated cost: 40 credits · balance 960 credits'),
    ).toBeTruthy();
    expect(bridge.callsTo('render:estimate')).toEqual([failedNoRun.request]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Don’t retry' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bridge.callsTo('render:retry')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    const again = await screen.findByRole('dialog', { name: 'Retry this render?' });
    await within(again).findByText(/Estimated cost: 40 credits/);
    fireEvent.click(within(again).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(bridge.callsTo('render:retry')).toEqual([{ id: failedNoRun.id }]));
  });

  it('applies the per-render cap as New render does: says why, and retries only on the explicit OK', async () => {
    const { bridge, store } = renderRetry();
    await store.getState().updateSettings({ maxCreditsPerRender: 30 });
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Over your budget: Retry this render?',
    });
    expect(dialog.textContent).toContain(
      'This render is estimated at 40 credits, more than your per-render cap of 30 credits.',
    );
    expect(bridge.callsTo('render:retry')).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(bridge.callsTo('render:retry')).toEqual([{ id: failedNoRun.id }]));
  });

  it('a Retry pressed before the check came back does not slip past a cap the user has not seen', async () => {
    const { bridge, store } = renderRetry();
    let answer: (value: { credits: number; enough: boolean }) => void = () => undefined;
    bridge.handle(
      'render:estimate',
      () => new Promise<{ credits: number; enough: boolean }>((resolve) => (answer = resolve)),
    );
    await store.getState().updateSettings({ maxCreditsPerRender: 30 });
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    const dialog = await screen.findByRole('dialog', { name: 'Retry this render?' });
    expect(within(dialog).getByText('Asking WeShop what this costs…')).toBeTruthy();
    await waitFor(() => expect(bridge.callsTo('render:estimate')).toHaveLength(1));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry' }));
    answer({ credits: 40, enough: true });
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'Over your budget: read why above, then confirm again.',
    );
    expect(dialog.textContent).toContain('more than your per-render cap of 30 credits');
    expect(bridge.callsTo('render:retry')).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(bridge.callsTo('render:retry')).toEqual([{ id: failedNoRun.id }]));
  });

  it('keeps focus where the user put it when the answer changes the title', async () => {
    const { bridge, store } = renderRetry();
    let answer: (value: { credits: number; enough: boolean }) => void = () => undefined;
    bridge.handle(
      'render:estimate',
      () => new Promise<{ credits: number; enough: boolean }>((resolve) => (answer = resolve)),
    );
    await store.getState().updateSettings({ maxCreditsPerRender: 30 });
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    const dialog = await screen.findByRole('dialog', { name: 'Retry this render?' });
    await waitFor(() => expect(bridge.callsTo('render:estimate')).toHaveLength(1));
    const confirm = within(dialog).getByRole('button', { name: 'Retry' });
    confirm.focus();
    answer({ credits: 40, enough: true });
    await screen.findByRole('dialog', { name: 'Over your budget: Retry this render?' });
    // The dialog only got a new title: it was not closed and opened again.
    expect(document.activeElement).toBe(confirm);
  });

  it('says when there is no estimate and a cap cannot be checked', async () => {
    const { bridge, store } = renderRetry();
    bridge.handle('render:estimate', () => ({ credits: null, unavailable: 'WeShop is busy.' }));
    await store.getState().updateSettings({ maxCreditsPerDay: 100 });
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cost unknown: Retry this render?' });
    expect(dialog.textContent).toContain('No cost estimate: WeShop is busy.');
    expect(dialog.textContent).toContain('your daily cap (100 credits) cannot be checked');
  });

  it('"Check again" of a run that exists costs nothing new: no question, no estimate', async () => {
    const stopped = makeRender(5, {
      state: 'canceled',
      executionId: 'exec-5',
      startSentAt: '2025-11-20T09:00:00.000Z',
    });
    const { bridge } = renderWithServices(<RetryButton view={stopped} />, { renders: [stopped] });
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(bridge.callsTo('render:retry')).toEqual([{ id: stopped.id }]));
    expect(bridge.callsTo('render:estimate')).toEqual([]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('the may-charge-twice question shows the cost of the new start too', async () => {
    const unknown = makeRender(6, {
      state: 'needs-attention',
      startSentAt: '2025-11-20T09:00:00.000Z',
    });
    const { bridge } = renderWithServices(
      <ChargeTwiceDialog view={unknown} onClose={() => undefined} />,
      { renders: [unknown] },
    );
    const dialog = await screen.findByRole('dialog', { name: 'Retry and risk paying twice?' });
    expect(await within(dialog).findByText(/Estimated cost: 40 credits/)).toBeTruthy();
    expect(bridge.callsTo('render:estimate')).toEqual([unknown.request]);
  });
});
