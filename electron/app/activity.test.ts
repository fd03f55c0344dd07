import { describe, expect, it } from 'vitest';
import type { RenderView } from '../../shared/job';
import { createActivityTracker } from './activity';

const view = (id: string, state: RenderView['state'], extra: Partial<RenderView> = {}) =>
  ({
    id,
    state,
    request: { prompt: 'a cat waving' },
    videos: [{ index: 0, url: 'https://cdn/x.mp4' }],
    ...extra,
  }) as RenderView;

describe('activity tracker', () => {
  it('notifies once when an active render finishes', () => {
    const tracker = createActivityTracker();
    expect(tracker.update(view('a', 'running'))).toBeNull();
    expect(tracker.update(view('a', 'done'))?.title).toBe('Render finished: 1 video');
    expect(tracker.update(view('a', 'done'))).toBeNull();
  });

  it('does not notify for renders that were already finished when loaded', () => {
    expect(createActivityTracker().update(view('b', 'done'))).toBeNull();
  });

  it("shows the server's reason when a render fails", () => {
    const tracker = createActivityTracker();
    tracker.update(view('c', 'running'));
    expect(
      tracker.update(view('c', 'failed', { serverMessage: 'face not detected' })),
    ).toMatchObject({
      title: 'Render failed',
      body: 'face not detected',
    });
  });

  it('notifies a partial render like a failed one: it needs the user', () => {
    const tracker = createActivityTracker();
    tracker.update(
      view('p', 'running', {
        request: { prompt: 'a cat waving', batchCount: 3 },
      } as Partial<RenderView>),
    );
    expect(
      tracker.update(
        view('p', 'partial', {
          request: { prompt: 'a cat waving', batchCount: 3 },
          serverMessage: 'content moderation rejected one video',
        } as Partial<RenderView>),
      ),
    ).toEqual({
      id: 'p',
      title: 'Render partly delivered: 1 of 3 videos',
      body: 'content moderation rejected one video',
    });
    expect(tracker.update(view('p', 'partial'))).toBeNull();
  });

  it('averages progress over active jobs and clears when idle', () => {
    const tracker = createActivityTracker();
    expect(tracker.progress()).toBe(-1);
    tracker.update(view('a', 'running'));
    tracker.update(view('b', 'downloading'));
    expect(tracker.progress()).toBeCloseTo(0.7);
    tracker.update(view('a', 'done'));
    tracker.update(view('b', 'canceled'));
    expect(tracker.progress()).toBe(-1);
  });
});
