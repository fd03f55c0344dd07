// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderView } from '../../../shared/job';
import { makeRender } from '../../testing/fixtures';
import { renderWithServices } from '../../testing/render';
import { SelectedRenderDetail } from './RenderDetail';

afterEach(cleanup);

const url = (id: string, n: number) => `http://127.0.0.1:1/media/${id}/video-${n}.mp4`;

/** A batch of three: 24 fps, 30 fps, and one whose rate the core could not read. */
const batch = makeRender(1, {
  request: { prompt: 'Lanterns rise over the harbour', batchCount: 3 },
  videos: [
    { index: 0, url: 'https://cdn/0.mp4', file: 'video-1.mp4', bytes: 10, frameRate: 24 },
    { index: 1, url: 'https://cdn/1.mp4', file: 'video-2.mp4', bytes: 10, frameRate: 30 },
    { index: 2, url: 'https://cdn/2.mp4', file: 'video-3.mp4', bytes: 10 },
  ],
  videoUrls: [url('render-000001', 1), url('render-000001', 2), url('render-000001', 3)],
});

async function openDetail(view: RenderView) {
  const app = renderWithServices(<SelectedRenderDetail />, { renders: [view] });
  await act(() => app.store.getState().loadLibrary());
  act(() => app.store.getState().openRender(view.id));
  const dialog = screen.getByRole('dialog', { name: /^Render details/ });
  return { ...app, dialog };
}

/** The one large player (the thumbnails are not players: hidden, without controls). */
const player = (dialog: HTMLElement) => {
  const videos = [...dialog.querySelectorAll<HTMLVideoElement>('video[controls]')];
  expect(videos).toHaveLength(1);
  return videos[0] as HTMLVideoElement;
};

describe('RenderDetail: one player for the video shown', () => {
  it('shows one large player and switches between the batch by its thumbnails', async () => {
    const { dialog } = await openDetail(batch);
    expect(player(dialog).getAttribute('aria-label')).toBe('video 1 of 3');
    expect(player(dialog).getAttribute('src')).toBe(url('render-000001', 1));
    const tabs = within(dialog).getAllByRole('tab');
    expect(tabs.map((tab) => tab.getAttribute('aria-label'))).toEqual([
      'Video 1 of 3',
      'Video 2 of 3',
      'Video 3 of 3',
    ]);
    expect(tabs.map((tab) => tab.getAttribute('aria-selected'))).toEqual([
      'true',
      'false',
      'false',
    ]);
    // One Tab stop for the switcher: the shown video's tab.
    expect(tabs.map((tab) => tab.tabIndex)).toEqual([0, -1, -1]);

    fireEvent.click(tabs[1] as HTMLElement);
    expect(player(dialog).getAttribute('src')).toBe(url('render-000001', 2));
    expect(player(dialog).getAttribute('aria-label')).toBe('video 2 of 3');
    expect(within(dialog).getByRole('tabpanel', { name: 'Video 2 of 3' })).toBeTruthy();

    // Arrows, Home and End move along the tabs and show the video at once.
    fireEvent.keyDown(tabs[1] as HTMLElement, { key: 'ArrowRight' });
    expect(player(dialog).getAttribute('src')).toBe(url('render-000001', 3));
    expect(document.activeElement).toBe(within(dialog).getAllByRole('tab')[2]);
    fireEvent.keyDown(tabs[2] as HTMLElement, { key: 'Home' });
    expect(player(dialog).getAttribute('src')).toBe(url('render-000001', 1));
  });

  it("steps frames on the shown video at that video's real frame rate", async () => {
    const { dialog, bridge } = await openDetail(batch);
    // The core cannot read the third video's rate either (a file it cannot parse).
    bridge.handle('render:frame-rate', () => batch);
    const forward = within(dialog).getByRole('button', { name: /^Forward 1 frame/ });
    fireEvent.click(forward);
    expect(player(dialog).currentTime).toBeCloseTo(1 / 24, 6);
    expect(dialog.textContent).toContain('Frame 2 · 24 fps');

    fireEvent.click(within(dialog).getByRole('tab', { name: 'Video 2 of 3' }));
    const second = player(dialog);
    fireEvent.keyDown(second, { key: '.' });
    fireEvent.keyDown(second, { key: '.' });
    expect(second.currentTime).toBeCloseTo(2 / 30, 6);
    expect(dialog.textContent).toContain('Frame 3 · 30 fps');

    // The third video's rate is unknown: steps assume 30 fps and say so.
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Video 3 of 3' }));
    fireEvent.click(within(dialog).getByRole('button', { name: /^‹ Back 1 frame/ }));
    expect(player(dialog).currentTime).toBe(0);
    expect(dialog.textContent).toContain('Frame 1 · 30 fps assumed');
  });

  it('asks the core once for the rate of a video downloaded before rates were kept', async () => {
    const { dialog, bridge } = await openDetail(batch);
    // Videos 1 and 2 have theirs: nothing asked until the third is shown.
    expect(bridge.callsTo('render:frame-rate')).toEqual([]);
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('tab', { name: 'Video 3 of 3' }));
    });
    expect(bridge.callsTo('render:frame-rate')).toEqual([{ id: batch.id, videoIndex: 2 }]);
    // The core read 24 fps from the MP4 (and stored it): steps and readout use it.
    expect(dialog.textContent).toContain('Frame 1 · 24 fps');
    expect(dialog.textContent).not.toContain('assumed');
    fireEvent.click(within(dialog).getByRole('button', { name: /^Forward 1 frame/ }));
    expect(player(dialog).currentTime).toBeCloseTo(1 / 24, 6);
    // Shown again: asked no more.
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Video 1 of 3' }));
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('tab', { name: 'Video 3 of 3' }));
    });
    expect(bridge.callsTo('render:frame-rate')).toHaveLength(1);
  });

  it('keeps speed and loop for the next video shown, and saves the video shown', async () => {
    const { dialog, bridge } = await openDetail(batch);
    fireEvent.change(within(dialog).getByLabelText('Speed'), { target: { value: '0.5' } });
    fireEvent.click(within(dialog).getByLabelText('Loop'));
    expect(player(dialog).playbackRate).toBe(0.5);
    expect(player(dialog).loop).toBe(true);

    fireEvent.click(within(dialog).getByRole('tab', { name: 'Video 2 of 3' }));
    expect(player(dialog).playbackRate).toBe(0.5);
    expect(player(dialog).loop).toBe(true);
    const tools = within(dialog).getByRole('group', { name: 'Player tools for video 2 of 3' });
    expect(tools).toBeTruthy();

    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Save video 2 as…' }));
    });
    expect(bridge.callsTo('render:save-video')).toEqual([{ id: batch.id, videoIndex: 1 }]);
    expect(within(dialog).getByRole('button', { name: 'Save frame…' })).toBeTruthy();
  });

  it("shows a partial batch's undelivered video as a tab that says so", async () => {
    const partial = makeRender(2, {
      state: 'partial',
      request: { batchCount: 2 },
      videos: [{ index: 0, url: 'https://cdn/0.mp4', file: 'video-1.mp4', frameRate: 24 }],
      videoUrls: [url('render-000002', 1)],
    });
    const { dialog } = await openDetail(partial);
    const missing = within(dialog).getByRole('tab', {
      name: 'Video 2 of 2: not delivered by WeShop',
    });
    fireEvent.click(missing);
    expect(dialog.querySelector('video[controls]')).toBeNull();
    expect(within(dialog).getByRole('img', { name: 'video 2 of 2' }).textContent).toBe(
      'Video 2 was not delivered by WeShop',
    );
    expect(within(dialog).queryByRole('button', { name: /^Save video/ })).toBeNull();
  });

  it('groups the actions, focuses the player first and closes on Escape', async () => {
    const { dialog, store } = await openDetail(batch);
    expect(document.activeElement).toBe(player(dialog));
    const groups = within(dialog)
      .getAllByRole('group')
      .map((group) => group.getAttribute('aria-label'))
      .filter((name) => !name?.startsWith('Player tools'));
    expect(groups).toEqual([
      'What this render needs',
      'Use the settings',
      'Continue',
      'Compare and keep',
      'Export',
      'Delete',
    ]);
    const inGroup = (group: string, name: string | RegExp) =>
      within(within(dialog).getByRole('group', { name: group })).getByRole('button', { name });
    expect(inGroup('Use the settings', 'Use these settings')).toBeTruthy();
    expect(inGroup('Use the settings', 'Copy prompt')).toBeTruthy();
    expect(inGroup('Continue', 'Continue from last frame…')).toBeTruthy();
    expect(inGroup('Compare and keep', 'Select for compare')).toBeTruthy();
    expect(inGroup('Export', 'Export render…')).toBeTruthy();
    expect(inGroup('Delete', 'Delete…')).toBeTruthy();

    fireEvent.keyDown(document, { key: 'Escape' });
    expect(store.getState().selectedId).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
