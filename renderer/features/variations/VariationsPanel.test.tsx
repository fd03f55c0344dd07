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
});
