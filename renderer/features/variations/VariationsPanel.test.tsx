// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithServices } from '../../testing/render';
import { VariationsPanel } from './VariationsPanel';

afterEach(cleanup);

describe('VariationsPanel', () => {
  it('shows the total first, then queues the cross product as one set', async () => {
    const { store, bridge } = renderWithServices(<VariationsPanel />);
    store.getState().editDraft({ image: '/home/me/cat.png', prompt: 'unused' });
    fireEvent.change(await screen.findByLabelText('Prompts, one a line'), {
      target: { value: 'wave\n\nbow\n' },
    });
    fireEvent.click(screen.getByLabelText('Kling 2.6'));
    const queue = screen.getByRole('button', { name: 'Queue set of 4' });
    expect(await screen.findByText('4 renders, about 160 credits in total')).toBeTruthy();
    expect(bridge.callsTo('render:queue-set')).toEqual([]);
    fireEvent.click(queue);
    await waitFor(() => expect(bridge.callsTo('render:queue-set')).toHaveLength(1));
    expect(bridge.callsTo('render:queue-set')[0]).toMatchObject({
      image: '/home/me/cat.png',
      prompts: ['wave', 'bow'],
      models: ['Kling_3_0', 'Kling_2_6'],
    });
    await waitFor(() => expect(bridge.state.renders).toHaveLength(4));
    expect(new Set(bridge.state.renders.map((r) => r.setId)).size).toBe(1);
  });

  it('names an invalid combination and never queues it', async () => {
    const { store, bridge } = renderWithServices(<VariationsPanel />);
    store.getState().editDraft({ image: '/home/me/cat.png', prompt: 'wave' });
    fireEvent.click(await screen.findByLabelText('Kling 2.1'));
    fireEvent.click(screen.getByLabelText('7s'));
    expect(screen.getByText('duration: Kling_2_1 supports 5s or 10s, not 7s')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Queue set/ }));
    expect(bridge.callsTo('render:estimate-set')).toEqual([]);
    expect(bridge.callsTo('render:queue-set')).toEqual([]);
  });

  it('when the total could not be estimated, Queue says so and asks again', async () => {
    const { store, bridge } = renderWithServices(<VariationsPanel />);
    bridge.fail('render:estimate-set', {
      kind: 'network',
      message: 'WeShop could not be reached.',
    });
    store.getState().editDraft({ image: '/home/me/cat.png', prompt: 'unused' });
    fireEvent.change(await screen.findByLabelText('Prompts, one a line'), {
      target: { value: 'wave\nbow' },
    });
    await screen.findByText(
      '2 renders; the total could not be estimated: WeShop could not be reached.',
      {},
      { timeout: 3000 },
    );
    bridge.handle('render:estimate-set', () => ({ total: 80, count: 2 }));
    fireEvent.click(screen.getByRole('button', { name: 'Queue set of 2' }));
    // Not "wait": nothing was coming. The press asks again, and queues nothing unpriced.
    expect(
      screen.getByText(
        'The total cost could not be estimated (WeShop could not be reached.); asking again. Queue the set once it shows.',
      ),
    ).toBeTruthy();
    expect(await screen.findByText('2 renders, about 80 credits in total')).toBeTruthy();
    expect(bridge.callsTo('render:queue-set')).toEqual([]);
  });

  it('says "1 render" for a set of one', async () => {
    const { store } = renderWithServices(<VariationsPanel />);
    store.getState().editDraft({ image: '/home/me/cat.png', prompt: 'wave' });
    expect(
      await screen.findByText('1 render, about 40 credits in total', {}, { timeout: 3000 }),
    ).toBeTruthy();
  });
});
