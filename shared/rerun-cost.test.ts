import { describe, expect, it } from 'vitest';
import type { RenderManifest } from './job';
import { RenderRequest } from './render-request';
import { rerunCostRequest, retryStartsNewRun } from './rerun-cost';

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
