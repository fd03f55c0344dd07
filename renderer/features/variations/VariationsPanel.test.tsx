// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp, renderWithServices } from '../../testing/render';
import { VariationsPanel } from './VariationsPanel';

afterEach(cleanup);

describe('VariationsPanel', () => {
  it('prices and queues a text-only Omni set with the form’s aspect ratio, end frame none', async () => {
    const { store, bridge } = renderWithServices(<VariationsPanel />);
    store.getState().setAgent('kling-v3-omni');
    store.getState().editDraft({ prompt: 'a storm', aspectRatio: '9:16' });
    fireEvent.click(await screen.findByLabelText('Kling 3.0'));
    fireEvent.click(screen.getByLabelText('Kling 3.0 Omni'));
    fireEvent.change(screen.getByLabelText('Prompts, one a line'), {
      target: { value: 'a storm\na calm sea' },
    });
    expect(await screen.findByText('2 renders (2 videos), about 80 credits in total')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Queue set of 2' }));
    await waitFor(() => expect(bridge.callsTo('render:queue-set')).toHaveLength(1));
    expect(bridge.callsTo('render:queue-set')[0]).toMatchObject({
      image: '',
      aspectRatio: '9:16',
      models: ['Kling_V3_Omni'],
    });
    expect(bridge.callsTo('render:queue-set')[0]).not.toHaveProperty('endFrame');
  });

  it('shows the total first, then queues the cross product as one set', async () => {
    const { store, bridge } = renderWithServices(<VariationsPanel />);
    store.getState().editDraft({ image: '/home/me/cat.png', prompt: 'unused' });
    fireEvent.change(await screen.findByLabelText('Prompts, one a line'), {
      target: { value: 'wave\n\nbow\n' },
    });
    fireEvent.click(screen.getByLabelText('Kling 2.6'));
    const queue = screen.getByRole('button', { name: 'Queue set of 4' });
    expect(
      await screen.findByText('4 renders (4 videos), about 160 credits in total'),
    ).toBeTruthy();
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
    fireEvent.click(screen.getByLabelText('7 seconds'));
    expect(screen.getByText('Kling_2_1 supports 5s or 10s, not 7s')).toBeTruthy();
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
      '2 renders (2 videos); the total could not be estimated: WeShop could not be reached.',
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
    expect(await screen.findByText('2 renders (2 videos), about 80 credits in total')).toBeTruthy();
    expect(bridge.callsTo('render:queue-set')).toEqual([]);
  });

  it('says "1 render" for a set of one', async () => {
    const { store } = renderWithServices(<VariationsPanel />);
    store.getState().editDraft({ image: '/home/me/cat.png', prompt: 'wave' });
    expect(
      await screen.findByText(
        '1 render (1 video), about 40 credits in total',
        {},
        { timeout: 3000 },
      ),
    ).toBeTruthy();
  });

  it('holds each render to the per-render cap: asks, and "Don\'t queue" sends nothing', async () => {
    const { store, bridge } = renderWithServices(<VariationsPanel />);
    await store.getState().updateSettings({ maxCreditsPerRender: 30 });
    store.getState().editDraft({ image: '/home/me/cat.png', prompt: 'unused' });
    fireEvent.change(await screen.findByLabelText('Prompts, one a line'), {
      target: { value: 'wave\nbow' },
    });
    await screen.findByText(
      '2 renders (2 videos), about 80 credits in total',
      {},
      { timeout: 3000 },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Queue set of 2' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Over your budget: queue this set anyway?',
    });
    expect(dialog.textContent).toContain(
      'Render 2 of the set is estimated at 40 credits, more than your per-render cap of 30 credits.',
    );
    // Each render was priced on its own (the per-render cap is about one render, not the set).
    expect(bridge.callsTo('render:estimate').map((r) => r.prompt)).toEqual(['wave', 'bow']);
    fireEvent.click(within(dialog).getByRole('button', { name: "Don't queue" }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bridge.callsTo('render:queue-set')).toEqual([]);
  });

  it("holds the set's total plus today's spending to the daily cap, and queues on the OK", async () => {
    const { store, bridge } = renderWithServices(<VariationsPanel />);
    const today = new Date().toISOString();
    bridge.handle('credits:ledger', () => ({
      entries: [
        {
          id: 'earlier-0001',
          at: today,
          model: 'Kling_3_0',
          duration: '5s',
          generateAudio: false,
          batchCount: 1,
          state: 'done',
          prompt: 'earlier',
          credits: 50,
        },
      ],
      balance: null,
    }));
    await store.getState().updateSettings({ maxCreditsPerDay: 100 });
    store.getState().editDraft({ image: '/home/me/cat.png', prompt: 'unused' });
    fireEvent.change(await screen.findByLabelText('Prompts, one a line'), {
      target: { value: 'wave\nbow' },
    });
    await screen.findByText(
      '2 renders (2 videos), about 80 credits in total',
      {},
      { timeout: 3000 },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Queue set of 2' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Over your budget: queue this set anyway?',
    });
    expect(dialog.textContent).toContain(
      '50 credits spent today plus 80 credits for this set of 2 renders makes 130 credits, more than your daily cap of 100 credits.',
    );
    expect(bridge.callsTo('render:queue-set')).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Queue anyway' }));
    await waitFor(() => expect(bridge.callsTo('render:queue-set')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('within the caps, queues without asking', async () => {
    const { store, bridge } = renderWithServices(<VariationsPanel />);
    await store.getState().updateSettings({ maxCreditsPerRender: 50, maxCreditsPerDay: 1000 });
    store.getState().editDraft({ image: '/home/me/cat.png', prompt: 'wave' });
    await screen.findByText('1 render (1 video), about 40 credits in total', {}, { timeout: 3000 });
    fireEvent.click(screen.getByRole('button', { name: 'Queue set' }));
    await waitFor(() => expect(bridge.callsTo('render:queue-set')).toHaveLength(1));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('with a cap set and no estimate for a render, says so and asks', async () => {
    const { store, bridge } = renderWithServices(<VariationsPanel />);
    bridge.handle('render:estimate', () => ({ credits: null, unavailable: 'WeShop is busy.' }));
    await store.getState().updateSettings({ maxCreditsPerDay: 100 });
    store.getState().editDraft({ image: '/home/me/cat.png', prompt: 'wave' });
    await screen.findByText('1 render (1 video), about 40 credits in total', {}, { timeout: 3000 });
    fireEvent.click(screen.getByRole('button', { name: 'Queue set' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Cost unknown: queue this set anyway?',
    });
    expect(dialog.textContent).toContain('Render 1 of the set: No cost estimate: WeShop is busy.');
    expect(dialog.textContent).toContain(
      'No cost estimate is available, so your daily cap (100 credits) cannot be checked.',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: "Don't queue" }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bridge.callsTo('render:queue-set')).toEqual([]);
  });

  it('keeps its prompts and ticked models while the user visits another screen', async () => {
    const { store } = renderApp();
    fireEvent.change(await screen.findByLabelText('Prompts, one a line'), {
      target: { value: 'wave\nbow' },
    });
    fireEvent.click(screen.getByLabelText('Kling 2.6'));
    act(() => store.getState().setScreen('queue'));
    expect(screen.queryByLabelText('Prompts, one a line')).toBeNull();
    act(() => store.getState().setScreen('new'));
    const prompts = await screen.findByLabelText<HTMLTextAreaElement>('Prompts, one a line');
    expect(prompts.value).toBe('wave\nbow');
    expect(screen.getByLabelText<HTMLInputElement>('Kling 2.6').checked).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>('Kling 3.0').checked).toBe(true);
  });

  it('says how many videos the form’s Videos count makes; the toast opens the set, no id', async () => {
    const { store } = renderApp();
    act(() => store.getState().editDraft({ image: '/home/me/cat.png', batchCount: '2' }));
    fireEvent.change(await screen.findByLabelText('Prompts, one a line'), {
      target: { value: 'wave\nbow' },
    });
    expect(
      await screen.findByText('2 renders × 2 videos = 4 videos, about 80 credits in total'),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Queue set of 2' }));
    const toast = await screen.findByText('Queued a set of 2 renders (4 videos)');
    expect(toast.textContent).not.toMatch(/set-/);
    fireEvent.click(screen.getByRole('button', { name: 'Open the set' }));
    expect(await screen.findByRole('dialog', { name: /^Set of 2/ })).toBeTruthy();
  });
});
