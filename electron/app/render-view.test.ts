import { describe, expect, it } from 'vitest';
import type { RenderManifest } from '../../shared/job';
import { toRenderView } from './render-view';

const manifest: RenderManifest = {
  schemaVersion: 1,
  id: 'render-abc123',
  createdAt: '2025-03-01T10:00:00.000Z',
  updatedAt: '2025-03-01T10:00:00.000Z',
  request: {
    image: '/pictures/cat.png',
    prompt: 'x',
    agent: 'kling',
    model: 'Kling_3_0',
    duration: '5s',
    generateAudio: false,
    batchCount: 1,
  },
  idempotencyKey: '3f0b8a9e-2c1d-4e5f-8a7b-6c5d4e3f2a1b',
  state: 'queued',
  history: [],
  videos: [],
  favourite: false,
};

describe('toRenderView', () => {
  it('makes a media URL for the copied source image, and null without one', () => {
    const base = 'app://kling-studio/media';
    const folderOf = (id: string) => `/home/renders/${id}`;
    expect(
      toRenderView({ ...manifest, sourceImageFile: 'source.png' }, base, folderOf).sourceImageUrl,
    ).toBe('app://kling-studio/media/render-abc123/source.png');
    expect(toRenderView(manifest, base, folderOf).sourceImageUrl).toBeNull();
  });

  it('makes media URLs for every kept input picture: end frame and reference images 2–4', () => {
    const base = 'app://kling-studio/media';
    const folderOf = (id: string) => `/home/renders/${id}`;
    const withEnd = toRenderView(
      { ...manifest, sourceImageFile: 'source.png', endFrameFile: 'end-frame.jpg' },
      base,
      folderOf,
    );
    expect(withEnd.endFrameUrl).toBe('app://kling-studio/media/render-abc123/end-frame.jpg');
    expect(withEnd.moreImageUrls).toBeUndefined();
    const references = toRenderView(
      {
        ...manifest,
        moreImageCopies: [{ file: 'image-2.png' }, { copy: 'missing' }, {}],
      },
      base,
      folderOf,
    );
    expect(references.moreImageUrls).toEqual([
      'app://kling-studio/media/render-abc123/image-2.png',
      null,
      null,
    ]);
    expect(references.endFrameUrl).toBeUndefined();
  });

  it('gives a picture whose copy is still owed the URL its copy will have', () => {
    const base = 'app://kling-studio/media';
    const folderOf = (id: string) => `/home/renders/${id}`;
    const waiting = toRenderView(
      {
        ...manifest,
        // Only the copies' bookkeeping matters here, not which model takes references.
        request: { ...manifest.request, moreImages: ['/pictures/b.jpeg', 'https://x.test/c.png'] },
        sourceImageCopy: 'pending',
        moreImageCopies: [{ copy: 'pending' }, {}],
      },
      base,
      folderOf,
    );
    expect(waiting.sourceImageUrl).toBe('app://kling-studio/media/render-abc123/source.png');
    expect(waiting.moreImageUrls).toEqual([
      'app://kling-studio/media/render-abc123/image-2.jpg',
      null,
    ]);
    // A copy found missing has nothing to show.
    expect(
      toRenderView({ ...manifest, sourceImageCopy: 'missing' }, base, folderOf).sourceImageUrl,
    ).toBeNull();
  });
});
