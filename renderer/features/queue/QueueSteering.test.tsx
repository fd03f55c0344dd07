// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { needsAttentionExplanation } from '../../job-labels';
import { makeRender } from '../../testing/fixtures';
import { renderApp } from '../../testing/render';

afterEach(cleanup);

const SENT = '2025-11-20T09:00:00.000Z';
const SET = 'set-catalog-000001';
const underWay = makeRender(1, {
  state: 'running',
  startSentAt: SENT,
  executionId: 'exec-1',
  request: { prompt: 'Under way' },
});
const waiting = (n: number, prompt: string, setId?: string) =>
  makeRender(n, { state: 'queued', request: { prompt }, ...(setId ? { setId } : {}) });
const first = waiting(2, 'First waiting', SET);
const second = waiting(3, 'Second waiting', SET);
const third = waiting(4, 'Third waiting');

async function openQueue(renders = [underWay, first, second, third]) {
  const app = renderApp({ renders });
  fireEvent.keyDown(window, { key: '2', ctrlKey: true });
  await screen.findByRole('heading', { name: 'Queue' });
  await screen.findByRole('listitem', { name: 'Third waiting' });
  return app;
}

const jobs = () => screen.getByRole('list', { name: 'Jobs' });
const rowNames = () =>
  within(jobs())
    .getAllByRole('listitem')
    .filter((row) => row.parentElement === jobs())
    .map((row) => row.querySelector('.queue-prompt')?.textContent);
const row = (name: string) => screen.getByRole('listitem', { name });

describe('Queue steering', () => {
  it('pauses the whole queue: waiting rows say Paused, the one under way does not; resume', async () => {
    const { bridge } = await openQueue();
    fireEvent.click(screen.getByRole('button', { name: 'Pause queue' }));
    await waitFor(() => expect(bridge.callsTo('queue:control')).toEqual([{ action: 'pause' }]));
    expect(await screen.findByText(/The queue is paused: no waiting render starts/)).toBeTruthy();
    expect(within(row('First waiting')).getByText('Paused')).toBeTruthy();
    expect(within(row('Under way')).queryByText('Paused')).toBeNull();
    expect(
      await screen.findByText(
        'Paused the queue: 3 waiting renders hold until you resume. 1 render already under way finishes.',
      ),
    ).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Resume queue' }));
    await waitFor(() =>
      expect(bridge.callsTo('queue:control')).toEqual([{ action: 'pause' }, { action: 'resume' }]),
    );
    await waitFor(() => expect(within(row('First waiting')).queryByText('Paused')).toBeNull());
  });

  it('follows a pause made elsewhere (queue:changed, e.g. `kling-studio queue pause`)', async () => {
    const { bridge } = await openQueue();
    bridge.emit('queue:changed', { paused: false, pausedSets: [SET], order: [] });
    await waitFor(() => expect(within(row('Second waiting')).getByText('Paused')).toBeTruthy());
    expect(within(row('Third waiting')).queryByText('Paused')).toBeNull();
    expect(screen.getByRole('button', { name: 'Resume set' })).toBeTruthy();
  });

  it('pauses and cancels a set as a whole, after a confirmation that says what is kept', async () => {
    const { bridge } = await openQueue();
    const sets = screen.getByRole('region', { name: 'Sets in the queue' });
    expect(within(sets).getByText('2 waiting')).toBeTruthy();
    fireEvent.click(within(sets).getByRole('button', { name: 'Pause set' }));
    await waitFor(() =>
      expect(bridge.callsTo('queue:control')).toEqual([{ action: 'pause', setId: SET }]),
    );
    await waitFor(() => expect(within(row('First waiting')).getByText('Paused')).toBeTruthy());

    const cancel = within(sets).getByRole('button', { name: 'Cancel set…' });
    cancel.focus();
    fireEvent.click(cancel);
    const dialog = await screen.findByRole('dialog', {
      name: 'Cancel this set’s renders that have not started?',
    });
    expect(within(dialog).getByText(/2 renders of “First waiting” have not started/)).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Keep them');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel them' }));
    await waitFor(() =>
      expect(bridge.callsTo('queue:control').at(-1)).toEqual({ action: 'cancel', setId: SET }),
    );
    expect(bridge.state.renders.filter((r) => r.state === 'canceled').map((r) => r.id)).toEqual([
      first.id,
      second.id,
    ]);
  });

  it('moves a waiting render to the front, and with Alt+↑ / Alt+↓ keeping the focus', async () => {
    const { bridge } = await openQueue();
    expect(rowNames()).toEqual(['First waiting', 'Second waiting', 'Third waiting', 'Under way']);
    fireEvent.click(within(row('Third waiting')).getByRole('button', { name: 'Move to front' }));
    await waitFor(() =>
      expect(rowNames()).toEqual(['Third waiting', 'First waiting', 'Second waiting', 'Under way']),
    );
    expect(bridge.callsTo('queue:move')).toEqual([{ id: third.id, to: 'front' }]);
    // No Move to front on the render under way: it can no longer move.
    expect(within(row('Under way')).queryByRole('button', { name: 'Move to front' })).toBeNull();

    const button = within(row('Second waiting')).getByRole('button', { name: 'Move to front' });
    button.focus();
    fireEvent.keyDown(button, { key: 'ArrowUp', altKey: true });
    await waitFor(() =>
      expect(rowNames()).toEqual(['Third waiting', 'Second waiting', 'First waiting', 'Under way']),
    );
    expect(bridge.callsTo('queue:move').at(-1)).toEqual({ id: second.id, before: first.id });
    expect(document.activeElement).toBe(button);
    expect(await screen.findByText('“Second waiting” is now number 2 of 3 waiting.')).toBeTruthy();

    fireEvent.keyDown(button, { key: 'ArrowDown', altKey: true });
    await waitFor(() =>
      expect(rowNames()).toEqual(['Third waiting', 'First waiting', 'Second waiting', 'Under way']),
    );
    expect(bridge.callsTo('queue:move').at(-1)).toEqual({ id: second.id, to: 'back' });
    expect(document.activeElement).toBe(button);
  });

  it('says a refused move in a toast (it started meanwhile)', async () => {
    const { bridge } = await openQueue();
    bridge.fail('queue:move', { kind: 'invalid-input', message: 'That render has started.' });
    fireEvent.click(within(row('First waiting')).getByRole('button', { name: 'Move to front' }));
    expect(await screen.findByText(/Move to front failed: That render has started/)).toBeTruthy();
  });
});

describe('Queue rows (issue 23)', () => {
  it('keeps a waiting render’s picture place from the start, named, so the text never jumps', async () => {
    await openQueue();
    const pending = row('First waiting').querySelector('.queue-source');
    expect(pending?.classList.contains('queue-source-pending')).toBe(true);
    expect(pending?.textContent).toContain('photo-2.png');
    expect(row('First waiting').classList.contains('has-source')).toBe(true);
  });

  it('says needs attention once, in plain words; the technical text only under Details', async () => {
    const attention = makeRender(5, {
      state: 'needs-attention',
      startSentAt: SENT,
      taskName: 'Kling Studio · render-000005',
      request: { prompt: 'Unknown start' },
      error: {
        kind: 'needs-attention',
        message:
          'The start request may have reached WeShop but no run id came back. Starting again could charge twice (the retry reuses the same Idempotency-Key). (What happened: HTTP 500)',
      },
    });
    renderApp({ renders: [attention] });
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    const job = await screen.findByRole('listitem', { name: 'Unknown start' });
    expect(within(job).getByText(needsAttentionExplanation())).toBeTruthy();
    expect(
      within(job).getByText('Look for “Kling Studio · render-000005” in your WeShop history.'),
    ).toBeTruthy();
    const details = job.querySelector('details');
    expect(details?.open).toBe(false);
    expect(details?.textContent).toMatch(/Idempotency-Key/);
    const outside = [...job.querySelectorAll('.queue-problem > p')].map((p) => p.textContent);
    expect(outside.join(' ')).not.toMatch(/Idempotency-Key|HTTP 500/);
  });

  it('after “Retry anyway”, focus goes to the same row, not the heading', async () => {
    const attention = makeRender(5, {
      state: 'needs-attention',
      startSentAt: SENT,
      request: { prompt: 'Unknown start' },
    });
    renderApp({ renders: [attention] });
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    const job = await screen.findByRole('listitem', { name: 'Unknown start' });
    const retry = within(job).getByRole('button', { name: 'Retry anyway…' });
    retry.focus();
    fireEvent.click(retry);
    const dialog = await screen.findByRole('dialog', { name: 'Retry and risk paying twice?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry anyway' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await within(job).findByText('Queued');
    await waitFor(() => expect(job.contains(document.activeElement)).toBe(true));
    expect(document.activeElement?.tagName).toBe('BUTTON');
  });
});
