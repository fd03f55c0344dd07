// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRender } from '../../testing/fixtures';
import { renderWithServices } from '../../testing/render';
import { QueueItem } from './QueueItem';

afterEach(cleanup);

const row = (view: ReturnType<typeof makeRender>) =>
  renderWithServices(
    <ul>
      <QueueItem view={view} now={Date.now()} />
    </ul>,
    { renders: [view] },
  );

describe('Queue rows of the Kling family', () => {
  it('a text-only render says so where the picture would be, with its agent and inputs', () => {
    const view = makeRender(1, {
      state: 'running',
      request: { prompt: 'Fog rolls over the bridge', model: 'Kling_V3_Omni', image: undefined },
    });
    const { container } = row(view);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.queue-text-only')?.textContent).toBe('Text only');
    expect(container.querySelector('.queue-item')?.classList.contains('has-source')).toBe(true);
    expect(screen.getByText(/Kling 3\.0 Omni · 5 seconds · 1 video · Text only/)).toBeTruthy();
  });

  it('Motion Control: the character picture under its name, and no duration it never sent', () => {
    const view = makeRender(2, {
      state: 'running',
      request: {
        prompt: '',
        model: 'Kling_Motion_Control',
        image: '/p/dancer.png',
        referenceVideo: 'https://cdn.example.com/salsa.mp4',
      },
      sourceImageUrl: 'http://127.0.0.1:9/media/render-000002/source.png',
    });
    row(view);
    expect(screen.getByRole('listitem', { name: 'Motion Control, no prompt' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Character: dancer.png' })).toBeTruthy();
    expect(
      screen.getByText(/Motion Control · the video's length · 1 video · Character \+ video/),
    ).toBeTruthy();
  });

  it('kling with a kept end frame only (picture 1 on the web): the end frame, labelled', () => {
    const view = makeRender(3, {
      state: 'running',
      request: { image: 'https://example.com/a.png', endFrame: '/p/last.png' },
      endFrameUrl: 'http://127.0.0.1:9/media/render-000003/end-frame.png',
    });
    row(view);
    expect(screen.getByRole('img', { name: 'End frame: last.png' })).toBeTruthy();
    expect(screen.getByText(/Kling 3\.0 · 5 seconds · 1 video · First \+ end frame/)).toBeTruthy();
  });
});
