// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BudgetConcern } from '../store/budget';
import { renderWithServices } from '../testing/render';
import { useBudgetConfirm } from './BudgetConfirm';

afterEach(cleanup);

const concern: BudgetConcern = {
  title: 'Over your budget',
  reasons: ['This render is estimated at 60 credits, more than your per-render cap of 50 credits.'],
};

/** One screen's action behind the gate: Variations, Continue and Storyboard use it so. */
function Paying({ found, pay }: { found: BudgetConcern | null; pay: () => Promise<void> }) {
  const [problem, setProblem] = useState('');
  const budget = useBudgetConfirm({
    title: (title) => `${title}: pay anyway?`,
    cancel: 'Don’t pay',
    confirm: 'Pay anyway',
    busy: 'Paying…',
  });
  return (
    <>
      <button
        type="button"
        onClick={() => void budget.gate(found, pay).catch((error) => setProblem(String(error)))}
      >
        Pay
      </button>
      <p>{problem}</p>
      {budget.dialog}
    </>
  );
}

describe('the budget gate (one for every paying screen)', () => {
  it('pays at once when nothing is of concern, asking nothing', async () => {
    let paid = 0;
    renderWithServices(<Paying found={null} pay={async () => void paid++} />);
    fireEvent.click(screen.getByRole('button', { name: 'Pay' }));
    await waitFor(() => expect(paid).toBe(1));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('asks first with the reasons, pays nothing on the safe choice, pays once on the OK', async () => {
    let paid = 0;
    renderWithServices(<Paying found={concern} pay={async () => void paid++} />);
    fireEvent.click(screen.getByRole('button', { name: 'Pay' }));
    const dialog = await screen.findByRole('dialog', { name: 'Over your budget: pay anyway?' });
    expect(within(dialog).getByText(concern.reasons[0] as string)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Don’t pay' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(paid).toBe(0);

    fireEvent.click(screen.getByRole('button', { name: 'Pay' }));
    const again = await screen.findByRole('dialog');
    fireEvent.click(within(again).getByRole('button', { name: 'Pay anyway' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(paid).toBe(1);
  });

  it('keeps the question open and says why when paying fails after the OK', async () => {
    renderWithServices(
      <Paying
        found={concern}
        pay={async () => {
          throw new Error('WeShop is not answering');
        }}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Pay' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Pay anyway' }));
    expect(await within(dialog).findByText(/WeShop is not answering/)).toBeTruthy();
    expect(screen.getByRole('dialog')).toBe(dialog);
  });
});
