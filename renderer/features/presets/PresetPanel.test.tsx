// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithServices } from '../../testing/render';
import { PresetPanel } from './PresetPanel';

afterEach(cleanup);

const preset = {
  name: 'Hero shot',
  model: 'Kling_2_6' as const,
  duration: '10s',
  generateAudio: true,
  batchCount: 2,
  promptTemplate: 'slow push-in on {subject} at {time}',
  updatedAt: '2026-11-29T04:00:00.000Z',
};

describe('PresetPanel', () => {
  it('fills the variables and puts the preset into the form; names what is missing', async () => {
    const { store } = renderWithServices(<PresetPanel />, { presets: [preset] });
    const choose = (await screen.findByLabelText('Preset')) as HTMLSelectElement;
    await screen.findByRole('option', { name: 'Hero shot' });
    fireEvent.change(choose, { target: { value: 'Hero shot' } });
    fireEvent.change(screen.getByLabelText('{subject}'), { target: { value: 'the lighthouse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use preset' }));
    expect(screen.getByText('Fill in the variable {time} of the prompt template')).toBeTruthy();
    expect(store.getState().draft.prompt).toBe('');

    fireEvent.change(screen.getByLabelText('{time}'), { target: { value: 'dusk' } });
    fireEvent.keyDown(screen.getByLabelText('{time}'), { key: 'Enter' });
    expect(store.getState().draft).toMatchObject({
      prompt: 'slow push-in on the lighthouse at dusk',
      model: 'Kling_2_6',
      duration: '10s',
      generateAudio: true,
      batchCount: '2',
    });
  });

  it('saves the form as a preset (the prompt is the template) and shows a refusal', async () => {
    const { store, bridge } = renderWithServices(<PresetPanel />);
    store.getState().editDraft({ prompt: 'a {subject} waves' });
    const name = await screen.findByLabelText('Save the form as a preset');
    fireEvent.change(name, { target: { value: 'Wave' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save preset' }));
    await waitFor(() => expect(bridge.state.presets.map((p) => p.name)).toEqual(['Wave']));
    expect(bridge.state.presets[0]?.promptTemplate).toBe('a {subject} waves');

    store.getState().editDraft({ prompt: 'a {subject waves' });
    fireEvent.change(name, { target: { value: 'Broken' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save preset' }));
    expect(await screen.findByText(/is not allowed/)).toBeTruthy();
  });

  it('searches recent prompts and puts the chosen one in the form', async () => {
    const { store } = renderWithServices(<PresetPanel />, {
      recentPrompts: ['Slow dolly-in', 'camera pans left', 'dolly out'],
    });
    fireEvent.change(screen.getByLabelText('Search recent prompts'), {
      target: { value: 'DOLLY' },
    });
    await waitFor(() =>
      expect(
        screen
          .getAllByRole('button')
          .map((b) => b.textContent)
          .filter((t) => t?.includes('olly')),
      ).toEqual(['Slow dolly-in', 'dolly out']),
    );
    fireEvent.click(screen.getByRole('button', { name: 'dolly out' }));
    expect(store.getState().draft.prompt).toBe('dolly out');
  });
});
