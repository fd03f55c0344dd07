// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRender } from '../../testing/fixtures';
import { renderWithServices } from '../../testing/render';
import { createHoverPreview } from './hover-preview';
import { RenderCard, videoSummary } from './RenderCard';
import { createThumbnailQueue } from './thumbnail-queue';

afterEach(cleanup);

const thumbnails = () =>
  createThumbnailQueue({ capture: async () => 'data:image/jpeg;base64,', save: async () => {} });

function manualPreview() {
  let due: Array<() => void> = [];
  const preview = createHoverPreview({
    prefersReducedMotion: () => false,
    setTimer: (run) => due.push(run),
    clearTimer: () => {
      due = [];
    },
  });
  const fire = () =>
    act(() => {
      for (const run of due.splice(0)) run();
    });
  return { preview, fire };
}

describe('RenderCard', () => {
  it('says how many videos and how long each runs', () => {
    expect(videoSummary(makeRender(1))).toBe('1 video · 5 seconds');
    expect(videoSummary(makeRender(1, { request: { batchCount: 3, duration: '10s' } }))).toBe(
      '3 videos · 10 seconds each',
    );
    const partial = makeRender(1, {
      state: 'partial',
      request: { batchCount: 4 },
      videoUrls: ['http://127.0.0.1:9/1.mp4', null],
    });
    expect(videoSummary(partial)).toBe('1 of 4 videos · 5 seconds each');
  });

  it('a failed render shows its source image (a media URL), marked as such', () => {
    const failed = makeRender(1, {
      state: 'failed',
      sourceImageUrl: 'http://127.0.0.1:9/media/render-000001/source.png',
    });
    const { container } = renderWithServices(
      <RenderCard view={failed} position={1} total={1} thumbnails={thumbnails()} />,
    );
    expect(container.querySelector('.thumb img')?.getAttribute('src')).toBe(
      'http://127.0.0.1:9/media/render-000001/source.png',
    );
    expect(screen.getByText('First frame')).toBeTruthy();
    // No "1 video · 5s" on a render that has none.
    expect(container.querySelector('.thumb-summary')).toBeNull();
  });

  it('a waiting render shows its picture; one that cannot be read, the placeholder', () => {
    const url = 'http://127.0.0.1:9/media/render-000001/source.png';
    const queued = makeRender(1, {
      state: 'queued',
      videos: [],
      videoUrls: [],
      sourceImageCopy: 'pending',
      sourceImageUrl: url,
    });
    const { container } = renderWithServices(
      <RenderCard view={queued} position={1} total={1} thumbnails={thumbnails()} />,
    );
    const image = container.querySelector('.thumb img') as HTMLImageElement;
    expect(image.getAttribute('src')).toBe(url);
    expect(screen.getByText('First frame')).toBeTruthy();
    fireEvent.error(image);
    expect(container.querySelector('.thumb img')).toBeNull();
    expect(container.querySelector('.thumb-placeholder')).not.toBeNull();
  });

  it('hover or focus plays the first video muted after the delay; leaving stops it', () => {
    const { preview, fire } = manualPreview();
    const view = makeRender(1, {
      videoUrls: ['http://127.0.0.1:9/1.mp4'],
      thumbnailUrl: 'http://127.0.0.1:9/t.jpg',
    });
    const { container } = renderWithServices(
      <RenderCard view={view} position={1} total={1} thumbnails={thumbnails()} preview={preview} />,
    );
    const card = container.querySelector('.card') as HTMLElement;
    fireEvent.mouseEnter(card);
    expect(screen.queryByTestId('card-preview')).toBeNull();
    fire();
    const video = screen.getByTestId('card-preview') as HTMLVideoElement;
    expect(video.getAttribute('src')).toBe('http://127.0.0.1:9/1.mp4');
    expect(video.muted).toBe(true);
    fireEvent.mouseLeave(card);
    expect(screen.queryByTestId('card-preview')).toBeNull();

    const open = screen.getByRole('button', { name: /^Open render/ });
    fireEvent.focus(open);
    fire();
    expect(screen.getByTestId('card-preview')).toBeTruthy();
    fireEvent.blur(open);
    expect(screen.queryByTestId('card-preview')).toBeNull();
  });
});
