import { describe, expect, it } from 'vitest';
import type { RenderManifest } from './job';
import { RenderRequest } from './render-request';
import { missingVideosStatus, rerunCostRequest, retryStartsNewRun } from './rerun-cost';

const request = RenderRequest.parse({
  image: 'https://example.com/a.png',
  prompt: 'a slow wave',
  batchCount: 3,
});
const failed = (facts: Partial<RenderManifest>) => ({
  request,
  videos: [] as RenderManifest['videos'],
  ...facts,
});
const video = { index: 0, url: 'https://cdn.example/v0.mp4' } as RenderManifest['videos'][number];

describe('rerunCostRequest', () => {
  it('a retry with no run yet, or a run WeShop ended, pays for the whole request again', () => {
    expect(rerunCostRequest(failed({}), 'retry')).toEqual(request);
    expect(rerunCostRequest(failed({ executionId: 'e1', remoteState: 'Failed' }), 'retry')).toEqual(
      request,
    );
  });

  it('a retry of a start with unknown outcome is a new start (the confirmed, may-pay-twice one)', () => {
    expect(retryStartsNewRun(failed({ startSentAt: '2026-11-29T05:00:00.000Z' }))).toBe(true);
  });

  it('a retry that checks a run WeShop still has costs nothing new', () => {
    const checking = failed({ executionId: 'e1', remoteState: 'Running' });
    expect(retryStartsNewRun(checking)).toBe(false);
    expect(rerunCostRequest(checking, 'retry')).toBeNull();
    // Delivered videos are never paid for again: the run is checked, not restarted.
    expect(
      rerunCostRequest(
        failed({ executionId: 'e1', remoteState: 'Failed', videos: [video] }),
        'retry',
      ),
    ).toBeNull();
  });

  it('"Render the missing N" asks for exactly the missing videos, the rest of the request as it was', () => {
    const partial = failed({ executionId: 'e1', remoteState: 'Success', videos: [video] });
    expect(rerunCostRequest(partial, 'missing')).toEqual({ ...request, batchCount: 2 });
    const whole = failed({ videos: [video, { ...video, index: 1 }, { ...video, index: 2 }] });
    expect(rerunCostRequest(whole, 'missing')).toBeNull();
  });
});

describe('missingVideosStatus: one render of the missing videos per partial render', () => {
  const partial = failed({
    state: 'partial',
    executionId: 'e1',
    remoteState: 'Failed',
    videos: [video],
  }) as RenderManifest;
  const followUp = (facts: Partial<RenderManifest>) =>
    ({ id: 'f1', request, videos: [], state: 'queued', ...facts }) as RenderManifest;
  const asked = { ...partial, missingRenderedBy: 'f1' };

  it('offers the missing videos while nobody asked for them (or the render asked is gone)', () => {
    expect(missingVideosStatus(partial, null)).toEqual({ kind: 'offer', count: 2 });
    expect(missingVideosStatus(asked, null)).toEqual({ kind: 'offer', count: 2 });
    expect(missingVideosStatus({ ...partial, state: 'failed' }, null)).toEqual({ kind: 'none' });
  });

  it('joins a render on its way, and one that rendered them', () => {
    for (const state of ['queued', 'starting', 'running', 'downloading'] as const) {
      expect(missingVideosStatus(asked, followUp({ state }))).toMatchObject({
        kind: 'rendering',
        by: 'f1',
      });
    }
    expect(missingVideosStatus(asked, followUp({ state: 'done' }))).toMatchObject({
      kind: 'rendered',
    });
    // Partly delivered itself: its own rest is offered on it, not here again.
    expect(missingVideosStatus(asked, followUp({ state: 'partial' }))).toMatchObject({
      kind: 'rendered',
    });
  });

  it('offers them again only after that render ended without a run that may be paid', () => {
    expect(missingVideosStatus(asked, followUp({ state: 'failed' }))).toMatchObject({
      kind: 'offer',
    });
    expect(missingVideosStatus(asked, followUp({ state: 'canceled' }))).toMatchObject({
      kind: 'offer',
    });
    const ranAndFailed = {
      state: 'failed' as const,
      executionId: 'e2',
      remoteState: 'Failed' as const,
    };
    expect(missingVideosStatus(asked, followUp(ranAndFailed))).toMatchObject({ kind: 'offer' });
    // A run WeShop has (stopped waiting, a failed download) or may have (unknown start).
    const SENT = '2026-11-29T05:00:00.000Z';
    for (const facts of [
      { state: 'canceled' as const, executionId: 'e2', startSentAt: SENT },
      { state: 'failed' as const, executionId: 'e2', remoteState: 'Success' as const },
      { state: 'canceled' as const, startSentAt: SENT },
      { state: 'needs-attention' as const, startSentAt: SENT },
    ]) {
      expect(missingVideosStatus(asked, followUp(facts))).toMatchObject({
        kind: 'settle',
        by: 'f1',
      });
    }
  });
});
