// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Recipe } from '../../../shared/recipe';
import { renderWithServices } from '../../testing/render';
import { RecipeDrop } from './RecipeDrop';

afterEach(cleanup);

const recipe: Recipe = {
  renderId: 'r20261207-abc123',
  agent: 'kling',
  model: 'Kling_3_0',
  prompt: 'Slow dolly-in on a paper boat',
  duration: '10s',
  generateAudio: true,
  sourcePicture: 'boat.png',
};

function dropVideo(app: ReturnType<typeof renderWithServices>, name: string, path: string) {
  const file = new File(['mp4'], name, { type: 'video/mp4' });
  app.bridge.setPathForFile(file, path);
  act(() => {
    fireEvent.drop(window, { dataTransfer: { files: [file], types: ['Files'] } });
  });
}

describe('RecipeDrop', () => {
  it('offers the settings a dropped video carries, and Use these settings fills the form', async () => {
    const app = renderWithServices(<RecipeDrop />);
    app.bridge.handle('recipe:read', () => recipe);
    dropVideo(app, 'boat.mp4', '/home/me/Videos/boat.mp4');
    const offer = await screen.findByRole('region', { name: 'Settings from “boat.mp4”' });
    expect(app.bridge.callsTo('recipe:read')).toEqual([{ path: '/home/me/Videos/boat.mp4' }]);
    expect(offer.textContent).toContain('Kling 3.0 · 10 seconds · audio on');
    expect(offer.textContent).toContain('Prompt: “Slow dolly-in on a paper boat”');
    expect(offer.textContent).toContain('Made from the picture boat.png');
    fireEvent.click(screen.getByRole('button', { name: 'Use these settings' }));
    expect(app.store.getState().draft).toMatchObject({
      model: 'Kling_3_0',
      prompt: 'Slow dolly-in on a paper boat',
      duration: '10s',
      generateAudio: true,
    });
    expect(screen.queryByRole('region')).toBeNull();
  });

  it('says so when a video carries no settings, and leaves pictures to the app-wide drop', async () => {
    const app = renderWithServices(<RecipeDrop />);
    dropVideo(app, 'holiday.mp4', '/home/me/Videos/holiday.mp4');
    expect((await screen.findByRole('status')).textContent).toContain(
      'holiday.mp4 carries no Kling Studio settings',
    );
    const picture = new File(['png'], 'cat.png', { type: 'image/png' });
    act(() => {
      fireEvent.drop(window, { dataTransfer: { files: [picture], types: ['Files'] } });
    });
    expect(app.bridge.callsTo('recipe:read')).toHaveLength(1);
  });
});
