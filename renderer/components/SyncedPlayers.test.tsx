// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncedPlayers } from './SyncedPlayers';

const sources = [
  {
    url: 'http://127.0.0.1:1/media/a/video-1.mp4',
    label: 'Render 1, video 1',
    caption: 'Render 1',
  },
  {
    url: 'http://127.0.0.1:1/media/b/video-1.mp4',
    label: 'Render 2, video 1',
    caption: 'Render 2',
  },
];

afterEach(cleanup);

describe('SyncedPlayers', () => {
  it('shows every video without native controls under one labelled control row', () => {
    const { container } = render(<SyncedPlayers sources={sources} label="Playback of both" />);
    const videos = [...container.querySelectorAll('video')];
    expect(videos.map((video) => video.getAttribute('aria-label'))).toEqual([
      'Render 1, video 1',
      'Render 2, video 1',
    ]);
    expect(videos.some((video) => video.hasAttribute('controls'))).toBe(false);
    const group = screen.getByRole('group', { name: 'Playback of both' });
    for (const name of ['Play', /^‹ Back 1 frame/, /^Forward 1 frame/]) {
      expect(within(group).getByRole('button', { name })).toBeTruthy();
    }
    expect(screen.getByLabelText('Speed')).toBeTruthy();
    expect(screen.getByLabelText('Loop')).toBeTruthy();
  });

  it("shows what a view puts under each video (a set view's Keep / Discard)", () => {
    const withExtra = [
      { ...sources[0], extra: <button type="button">Keep video 1</button> },
      sources[1],
    ] as typeof sources;
    const { container } = render(<SyncedPlayers sources={withExtra} label="Set" />);
    const figures = container.querySelectorAll('figure');
    expect(
      within(figures[0] as HTMLElement).getByRole('button', { name: 'Keep video 1' }),
    ).toBeTruthy();
    expect(within(figures[1] as HTMLElement).queryByRole('button')).toBeNull();
  });

  it('. and , step every video by one frame; speed and loop reach every video', () => {
    const { container } = render(
      <SyncedPlayers sources={sources} label="Playback" frameRate={25} />,
    );
    const videos = [...container.querySelectorAll('video')];
    const group = container.querySelector('.synced-players') as HTMLElement;
    fireEvent.keyDown(group, { key: '.' });
    fireEvent.keyDown(group, { key: '.' });
    for (const video of videos) expect(video.currentTime).toBeCloseTo(0.08, 5);
    fireEvent.keyDown(group, { key: ',' });
    for (const video of videos) expect(video.currentTime).toBeCloseTo(0.04, 5);
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '0.5' } });
    fireEvent.click(screen.getByLabelText('Loop'));
    for (const video of videos) {
      expect(video.playbackRate).toBe(0.5);
      expect(video.loop).toBe(true);
    }
  });
});
