/**
 * Every input picture of the Kling family (first frame, end frame, references, a character)
 * reaches WeShop once: uploaded once per content, saved on the render as it goes
 * (uploadedImageUrls, in requestImages order), and reused from there by a retry, a re-run,
 * the missing videos of a partial render and a resume after a crash, even when the files
 * have been moved or deleted since.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import type { RenderRequestInput } from '../../shared/render-request';
import { createUploadCache } from '../library/upload-cache';
import { createImageUploads } from './image-uploads';
import {
  createHarness,
  fakeExamine,
  type Harness,
  videoBytesFor,
  waitFor,
} from './testing/harness';
import type { Engine } from './types';

const FIRST = '/pictures/first.png';
const END = '/pictures/end.png';
const withEnd: RenderRequestInput = {
  image: FIRST,
  endFrame: END,
  prompt: 'the door swings open',
};

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/**
 * A harness whose engine examines pictures as the harness does, except those in `gone`
 * (moved or deleted since they were picked), which fail like a missing file.
 */
async function harnessWithPictures() {
  h = await createHarness();
  const gone = new Set<string>();
  const deps = () => ({
    images: createImageUploads({
      api: h.fake.api,
      cache: createUploadCache({ home: h.home, now: h.clock.now }),
      examine: async (path: string) => {
        if (gone.has(path)) {
          throw new KlingError('invalid-input', `The image ${path} no longer exists`);
        }
        return fakeExamine(path);
      },
    }),
  });
  await h.engine.close(); // the harness's own engine is not used: only engines built here
  const { engine, library } = await h.restart(deps());
  return { engine, library, gone, restart: () => h.restart(deps()) };
}

const onDisk = async (library: { read(id: string): Promise<unknown> }, id: string) => {
  const m = await library.read(id);
  if (!m) throw new Error(`no manifest for ${id}`);
  return m as import('../../shared/job').RenderManifest;
};

const statesOf = (id: string) => h.statesOf(id);

describe('engine: every input picture uploaded once', () => {
  it('a kling render with an end frame uploads both once each and starts with [first, end]', async () => {
    const { engine, library } = await harnessWithPictures();
    const job = await engine.queue(withEnd);
    await engine.idle();
    const m = await onDisk(library, job.id);
    expect(m.state).toBe('done');
    expect(h.fake.calls.upload).toEqual([FIRST, END]);
    expect(h.fake.calls.start.map((s) => s.imageUrls)).toEqual([
      ['https://uploads.fake/1.png', 'https://uploads.fake/2.png'],
    ]);
    expect(m.uploadedImageUrls).toEqual([
      'https://uploads.fake/1.png',
      'https://uploads.fake/2.png',
    ]);
    expect(m.uploadedImageUrl).toBe('https://uploads.fake/1.png');
  });

  it('an Omni text-only render uploads nothing and goes straight to its start', async () => {
    const { engine, library } = await harnessWithPictures();
    const job = await engine.queue({
      agent: 'kling-v3-omni',
      prompt: 'a paper boat on a rainy street',
      aspectRatio: '9:16',
    });
    await engine.idle();
    expect((await onDisk(library, job.id)).state).toBe('done');
    expect(h.fake.calls.upload).toEqual([]);
    expect(h.fake.calls.start.map((s) => [s.request.agent, s.imageUrls])).toEqual([
      ['kling-v3-omni', []],
    ]);
    expect(statesOf(job.id)).not.toContain('uploading');
    expect((await onDisk(library, job.id)).uploadedImageUrls).toBeUndefined();
  });

  it('the same picture as first and end frame is uploaded once and sent twice', async () => {
    const { engine } = await harnessWithPictures();
    await engine.queue({ ...withEnd, endFrame: FIRST });
    await engine.idle();
    expect(h.fake.calls.upload).toEqual([FIRST]);
    expect(h.fake.calls.start[0]?.imageUrls).toEqual([
      'https://uploads.fake/1.png',
      'https://uploads.fake/1.png',
    ]);
  });

  it('Omni references and a Motion Control character go in requestImages order, each once', async () => {
    const { engine } = await harnessWithPictures();
    await engine.queue({
      agent: 'kling-v3-omni',
      image: '/pictures/cat.png',
      moreImages: ['/pictures/hat.png', '/pictures/cat.png'],
      prompt: 'image 1 wears image 2',
    });
    await engine.idle(); // one after the other: the upload numbers below are then fixed
    await engine.queue({
      agent: 'kling-motion-control',
      image: '/pictures/hat.png',
      referenceVideo: 'https://cdn.example.com/dance.mp4',
    });
    await engine.idle();
    expect(h.fake.calls.upload).toEqual(['/pictures/cat.png', '/pictures/hat.png']);
    expect(h.fake.calls.start.map((s) => s.imageUrls)).toEqual([
      ['https://uploads.fake/1.png', 'https://uploads.fake/2.png', 'https://uploads.fake/1.png'],
      ['https://uploads.fake/2.png'],
    ]);
  });
});

describe('engine: saved picture URLs are reused', () => {
  it('a retry after a refused start reuses the saved URLs, even with both files gone', async () => {
    const { engine, library, gone } = await harnessWithPictures();
    h.fake.startFailures.push(new KlingError('invalid-input', 'bad parameter', { status: 400 }));
    const job = await engine.queue(withEnd);
    await engine.idle();
    expect((await onDisk(library, job.id)).state).toBe('failed');
    gone.add(FIRST).add(END);
    await engine.retry(job.id);
    await engine.idle();
    expect((await onDisk(library, job.id)).state).toBe('done');
    expect(h.fake.calls.upload).toEqual([FIRST, END]);
    const urls = ['https://uploads.fake/1.png', 'https://uploads.fake/2.png'];
    expect(h.fake.calls.start.map((s) => s.imageUrls)).toEqual([urls, urls]);
  });

  it('a re-run carries every picture URL: it renders after the end frame was deleted', async () => {
    const { engine, library, gone } = await harnessWithPictures();
    const job = await engine.queue(withEnd);
    await engine.idle();
    gone.add(END);
    const again = await engine.rerun(job.id);
    await engine.idle();
    const m = await onDisk(library, again.id);
    expect(m.state).toBe('done');
    expect(m.request.endFrame).toBe(END);
    expect(h.fake.calls.upload).toEqual([FIRST, END]);
    expect(h.fake.calls.start[1]?.imageUrls).toEqual([
      'https://uploads.fake/1.png',
      'https://uploads.fake/2.png',
    ]);
  });

  it('the missing videos of a partial render reuse every picture URL', async () => {
    const { engine, library, gone } = await harnessWithPictures();
    const url = h.cdn.add('/short/0.mp4', videoBytesFor('short', 0));
    h.fake.scripts.push({ states: ['Success'], videos: [{ index: 0, url }] });
    const job = await engine.queue({ ...withEnd, batchCount: 2 });
    await engine.idle();
    expect((await onDisk(library, job.id)).state).toBe('partial');
    gone.add(FIRST).add(END);
    const rest = await engine.renderMissing(job.id);
    await engine.idle();
    expect((await onDisk(library, rest.id)).state).toBe('done');
    expect(h.fake.calls.upload).toHaveLength(2);
    expect(h.fake.calls.start[1]?.imageUrls).toEqual(h.fake.calls.start[0]?.imageUrls);
  });

  it('a crash after the first of two uploads resumes and uploads only the second', async () => {
    const { engine, library, gone, restart } = await harnessWithPictures();
    const { uploadImage } = h.fake.api;
    let holdEnd = true;
    h.fake.api.uploadImage = async (path, options) => {
      // The end frame's upload never ends in this process (the process is about to die).
      while (holdEnd && path === END && !options?.signal?.aborted) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      options?.signal?.throwIfAborted();
      return uploadImage(path, options);
    };
    const job = await engine.queue(withEnd);
    await waitFor(
      async () => (await onDisk(library, job.id)).uploadedImageUrls?.length === 1,
      'the first upload on disk',
    );
    await engine.close(); // what a crash leaves: uploading, with picture 1's URL saved
    expect(await onDisk(library, job.id)).toMatchObject({
      state: 'uploading',
      uploadedImageUrls: ['https://uploads.fake/1.png'],
    });
    expect(h.fake.calls.start).toEqual([]);

    holdEnd = false;
    gone.add(FIRST); // only the saved URL can stand for picture 1 now
    const second: { engine: Engine } = await restart();
    expect((await second.engine.resume()).resumed).toEqual([job.id]);
    await second.engine.idle();
    expect((await onDisk(library, job.id)).state).toBe('done');
    expect(h.fake.calls.upload).toEqual([FIRST, END]);
    expect(h.fake.calls.start.map((s) => s.imageUrls)).toEqual([
      ['https://uploads.fake/1.png', 'https://uploads.fake/2.png'],
    ]);
  });
});
