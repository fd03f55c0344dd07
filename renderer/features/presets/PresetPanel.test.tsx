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

  it('carries the end frame, aspect ratio and reference video both ways', async () => {
    const closing = {
      name: 'Closing card',
      model: 'Kling_2_6' as const,
      duration: '5s',
      generateAudio: false,
      batchCount: 1,
      endFrame: '/home/me/Pictures/closing-card.png',
      promptTemplate: 'the {subject} turns to the camera',
      updatedAt: '2026-11-29T04:00:00.000Z',
    };
    const { store, bridge } = renderWithServices(<PresetPanel />, { presets: [closing] });
    const choose = await screen.findByLabelText('Preset');
    await screen.findByRole('option', { name: 'Closing card' });
    fireEvent.change(choose, { target: { value: 'Closing card' } });
    expect(screen.getByText(/ends on closing-card.png/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('{subject}'), { target: { value: 'cat' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use preset' }));
    await waitFor(() =>
      expect(store.getState().draft).toMatchObject({
        model: 'Kling_2_6',
        endFrame: closing.endFrame,
        prompt: 'the cat turns to the camera',
      }),
    );
    expect(bridge.callsTo('image:inspect')).toEqual([{ path: closing.endFrame }]);

    store.getState().setAgent('kling-v3-omni');
    store.getState().editDraft({
      aspectRatio: '9:16',
      prompt: 'image 1 waves',
    });
    fireEvent.change(screen.getByLabelText('Save the form as a preset'), {
      target: { value: 'Portrait omni' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save preset' }));
    await waitFor(() =>
      expect(bridge.state.presets.find((p) => p.name === 'Portrait omni')).toMatchObject({
        model: 'Kling_V3_Omni',
        aspectRatio: '9:16',
      }),
    );
    // The end frame went with the switch to Omni (it takes none): it is not in the preset.
    expect(bridge.state.presets.find((p) => p.name === 'Portrait omni')).not.toHaveProperty(
      'endFrame',
    );
  });
});
