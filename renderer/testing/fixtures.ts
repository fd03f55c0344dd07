import { type RenderView, RenderView as RenderViewSchema } from '../../shared/job';
import type { RenderRequestInput } from '../../shared/render-request';

const BASE_TIME = Date.parse('2025-11-20T09:00:00.000Z');

export interface RenderOverrides extends Partial<Omit<RenderView, 'request'>> {
  request?: Partial<RenderRequestInput>;
}

/** A valid RenderView (checked against the shared schema), numbered so ids and dates differ. */
export function makeRender(n: number, overrides: RenderOverrides = {}): RenderView {
  const { request, ...rest } = overrides;
  const created = new Date(BASE_TIME - n * 3_600_000).toISOString();
  const id = `render-${String(n).padStart(6, '0')}`;
  const state = rest.state ?? 'done';
  return RenderViewSchema.parse({
    schemaVersion: 1,
    id,
    createdAt: created,
    updatedAt: created,
    request: {
      image: `/home/me/Pictures/photo-${n}.png`,
      prompt: `Slow dolly-in on subject ${n}, hair moving in the wind`,
      model: 'Kling_3_0',
      duration: '5s',
      generateAudio: false,
      batchCount: 1,
      ...request,
    },
    idempotencyKey: '0b7c4f8e-3a52-4c39-9d0e-6f1f2a4b5c6d',
    state,
    history: [{ state, at: created }],
    videos: [],
    favourite: false,
    videoUrls: [],
    thumbnailUrl: null,
    sourceImageUrl: null,
    folder: `/home/me/Kling Studio/${id}`,
    ...rest,
  });
}

export function makeRenders(count: number, overrides: RenderOverrides = {}): RenderView[] {
  return Array.from({ length: count }, (_, i) => makeRender(i + 1, overrides));
}
