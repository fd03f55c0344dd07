// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { dayKey, type LedgerEntry } from '../../../shared/credits';
import { makeLedgerEntry } from '../../../shared/testing';
import { AppProvider } from '../../app-context';
import { makeRender } from '../../testing/fixtures';
import { makeServices } from '../../testing/render';
import { SpentScreen } from './SpentScreen';
import { spentBars } from './spent-series';

afterEach(cleanup);

const now = new Date();
const daysAgo = (days: number) =>
  new Date(now.getFullYear(), now.getMonth(), now.getDate() - days, 12).toISOString();

const entry = (over: Partial<LedgerEntry>) => makeLedgerEntry({ at: daysAgo(0), ...over });

const ENTRIES = [
  entry({ id: 'a', at: daysAgo(0), credits: 20, balanceAfter: 960 }),
  entry({ id: 'b', at: daysAgo(0), credits: 10, model: 'Kling_2_1' }),
  entry({ id: 'c', at: daysAgo(3), credits: 30, balanceAfter: 990 }),
];

async function openSpent(entries: LedgerEntry[], balance: number | null) {
  const services = makeServices();
  services.bridge.handle('credits:ledger', () => ({ entries, balance }));
  render(
    <AppProvider client={services.client} store={services.store}>
      <SpentScreen />
    </AppProvider>,
  );
  await screen.findByRole('heading', { name: 'Spent' });
  return services;
}

const total = (name: string) =>
  screen.getByText(name, { selector: 'dt' }).nextElementSibling?.textContent;

describe('Spent', () => {
  it('shows today, all time and the balance, and the days with spending in the table', async () => {
    await openSpent(ENTRIES, 960);
    await waitFor(() => expect(total('All time')).toBe('60 credits on 3 renders'));
    expect(total('Today')).toBe('30 credits');
    expect(total('Balance')).toBe('960 credits');
    const table = screen.getByRole('table', { name: /last 14 days/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('30 credits');
    expect(screen.getByRole('img', { name: /last 14 days: highest 30 credits/ })).toBeTruthy();
  });

  it('switches to totals by model with the keyboard-reachable radio group', async () => {
    await openSpent(ENTRIES, 960);
    await waitFor(() => expect(total('All time')).toBe('60 credits on 3 renders'));
    fireEvent.click(screen.getByRole('radio', { name: 'By model' }));
    const table = screen.getByRole('table', { name: 'Credits spent on each model' });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((row) => row.textContent),
    ).toEqual(['Kling 3.0' + '50 credits', 'Kling 2.1' + '10 credits']);
  });

  it("groups the whole Kling family by agent, and keeps Kling O1's two models apart", async () => {
    const family = [
      entry({ id: 'k', credits: 20, model: 'Kling_3_0' }),
      entry({ id: 'o', credits: 30, model: 'Kling_V3_Omni' }),
      entry({ id: 'e', credits: 10, model: 'Kling_Video_O1_Ele' }),
      entry({ id: 'i', credits: 15, model: 'Kling_Video_O1_I2V' }),
      entry({ id: 'm', credits: 5, model: 'Kling_Motion_Control' }),
    ];
    await openSpent(family, 900);
    await waitFor(() => expect(total('All time')).toBe('80 credits on 5 renders'));
    const rowsOf = (name: string) =>
      within(screen.getByRole('table', { name }))
        .getAllByRole('row')
        .slice(1)
        .map((row) => row.textContent);
    fireEvent.click(screen.getByRole('radio', { name: 'By agent' }));
    expect(rowsOf('Credits spent on each agent')).toEqual([
      'Kling 3.0 Omni' + '30 credits',
      'Kling O1' + '25 credits',
      'Kling' + '20 credits',
      'Motion Control' + '5 credits',
    ]);
    fireEvent.click(screen.getByRole('radio', { name: 'By model' }));
    expect(rowsOf('Credits spent on each model')).toEqual([
      'Kling 3.0 Omni' + '30 credits',
      'Kling 3.0' + '20 credits',
      'Kling O1 · First frame to video' + '15 credits',
      'Kling O1 · Text or references' + '10 credits',
      'Motion Control' + '5 credits',
    ]);
  });

  it('says when nothing was spent yet, and exports CSV through main with a toast', async () => {
    const empty = await openSpent([], null);
    expect(await screen.findByText(/Nothing spent yet/)).toBeTruthy();
    expect(total('Balance')).toBe('Not reported yet');
    const exportButton = screen.getByRole('button', { name: 'Export CSV…' });
    expect(exportButton.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(exportButton);
    expect(empty.bridge.callsTo('credits:export-csv')).toHaveLength(0);
    cleanup();

    const full = await openSpent(ENTRIES, 960);
    await waitFor(() => expect(total('All time')).toBe('60 credits on 3 renders'));
    full.bridge.handle('credits:export-csv', () => ({ path: '/home/me/credits.csv', rows: 3 }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Export CSV…' }));
    });
    await waitFor(() => expect(full.bridge.callsTo('credits:export-csv')).toHaveLength(1));
    expect(full.store.getState().toasts.at(-1)?.text).toBe(
      'Exported 3 renders to /home/me/credits.csv',
    );
  });

  it('says when the days shown have no spending, though older renders did', async () => {
    await openSpent([entry({ id: 'old', at: daysAgo(40), credits: 25 })], 975);
    await waitFor(() => expect(total('All time')).toBe('25 credits on 1 render'));
    const table = screen.getByRole('table', { name: /last 14 days/ });
    expect(within(table).getByText('Nothing spent in the last 14 days.')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'By model' }));
    expect(
      screen.getByRole('table', { name: 'Credits spent on each model' }).textContent,
    ).toContain('25 credits');
  });

  it('keeps the newest ledger when an older read answers last', async () => {
    const services = makeServices();
    let answerFirstRead: (ledger: { entries: LedgerEntry[]; balance: number | null }) => void =
      () => undefined;
    const firstRead = new Promise<{ entries: LedgerEntry[]; balance: number | null }>((resolve) => {
      answerFirstRead = resolve;
    });
    services.bridge.handle('credits:ledger', () => firstRead);
    render(
      <AppProvider client={services.client} store={services.store}>
        <SpentScreen />
      </AppProvider>,
    );
    await waitFor(() => expect(services.bridge.callsTo('credits:ledger')).toHaveLength(1));
    // A render's cost arrives: the screen reads the ledger again, and that read answers first.
    services.bridge.handle('credits:ledger', () => ({ entries: ENTRIES, balance: 960 }));
    act(() => {
      services.store
        .getState()
        .upsertJobs([
          makeRender(1, { credits: { powerConsumption: 20, powerBalanceAmount: 960 } }),
        ]);
    });
    await waitFor(() => expect(total('All time')).toBe('60 credits on 3 renders'));
    // The first read (from before that render was paid) answers last: it must not win.
    await act(async () => {
      answerFirstRead({ entries: [], balance: 990 });
      await firstRead;
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(total('All time')).toBe('60 credits on 3 renders');
    expect(total('Balance')).toBe('960 credits');
  });

  it('fills the last 14 days (gaps at 0) and 8 weeks, newest last', () => {
    const summary = {
      credits: 5,
      renders: 1,
      byAgent: { kling: 5 },
      byModel: { Kling_2_6: 5 },
      byDay: { [dayKey(now)]: 5 },
      byWeek: {},
    };
    const days = spentBars(summary, 'day', now);
    expect(days).toHaveLength(14);
    expect(days.at(-1)).toMatchObject({ key: dayKey(now), credits: 5 });
    expect(days.slice(0, 13).every((bar) => bar.credits === 0)).toBe(true);
    expect(spentBars(summary, 'week', now)).toHaveLength(8);
    expect(spentBars(summary, 'model', now)).toEqual([
      { key: 'Kling_2_6', label: 'Kling 2.6', credits: 5 },
    ]);
    expect(spentBars(summary, 'agent', now)).toEqual([
      { key: 'kling', label: 'Kling', credits: 5 },
    ]);
  });
});
