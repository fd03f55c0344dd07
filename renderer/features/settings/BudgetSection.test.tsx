// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithServices } from '../../testing/render';
import { BudgetSection } from './BudgetSection';

afterEach(cleanup);

async function openBudget() {
  const app = renderWithServices(<BudgetSection />);
  await act(() => app.store.getState().loadSettings());
  return app;
}

describe('Settings: Budget', () => {
  it('saves a cap on Enter, clears it when emptied, and keeps the other settings', async () => {
    const { bridge } = await openBudget();
    const perRender = screen.getByLabelText('Cap per render') as HTMLInputElement;
    expect(perRender.value).toBe('');
    fireEvent.change(perRender, { target: { value: '50' } });
    fireEvent.keyDown(perRender, { key: 'Enter' });
    await waitFor(() =>
      expect(bridge.callsTo('settings:set')).toEqual([{ maxCreditsPerRender: 50 }]),
    );
    expect(await screen.findByText('Saved')).toBeTruthy();

    fireEvent.change(perRender, { target: { value: '' } });
    fireEvent.blur(perRender);
    await waitFor(() =>
      expect(bridge.callsTo('settings:set').at(-1)).toEqual({ maxCreditsPerRender: null }),
    );
    expect(bridge.state.settings.concurrency).toBe(2);
  });

  it('refuses a cap that is not a positive number, saying why, and sends nothing', async () => {
    const { bridge } = await openBudget();
    const perDay = screen.getByLabelText('Cap per day') as HTMLInputElement;
    fireEvent.change(perDay, { target: { value: '-5' } });
    fireEvent.blur(perDay);
    expect(await screen.findByText('Cap per day: A cap must be more than 0 credits')).toBeTruthy();
    expect(perDay.getAttribute('aria-invalid')).toBe('true');
    expect(bridge.callsTo('settings:set')).toHaveLength(0);
  });
});
