import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKlingError, KlingError } from '../../shared/errors';
import { makeTempHome, manualClock } from '../library/testing';
import { createUploadCache, UPLOAD_FRESH_FOR_MS, type UploadCache } from '../library/upload-cache';
import { createImageUploads, examineImage, hashFile, rememberingExaminer } from './image-uploads';
import type { EngineLog } from './types';

const FIXTURES = join(import.meta.dirname, '..', 'images', 'fixtures');
const PNG = join(FIXTURES, 'square-300.png');
const JPEG = join(FIXTURES, 'photo-400x320.jpg');

/** A WeShop upload endpoint that counts, can be held open, and sees the abort signal. */
function fakeUploader() {
  const seen: Array<{ path: string; signal: AbortSignal | undefined }> = [];
  let release = () => {};
  const state = {
    seen,
    gate: null as Promise<void> | null,
    failures: [] as Error[],
    hold() {
      state.gate = new Promise<void>((resolve) => {
        release = resolve;
      });
    },
    release: () => release(),
    api: {
      async uploadImage(path: string, options?: { signal?: AbortSignal }) {
        seen.push({ path, signal: options?.signal });
        if (state.gate) {
          const aborted = new Promise<never>((_, reject) =>
            options?.signal?.addEventListener('abort', () =>
              reject(new KlingError('canceled', 'upload aborted')),
            ),
          );
          await Promise.race([state.gate, aborted]);
        }
        const failure = state.failures.shift();
        if (failure) throw failure;
        return `https://cdn.weshop.test/uploads/${seen.length}.png`;
      },
    },
  };
  return state;
}

/**
 * The real checks, counting the calls that are past them: prepare() joins an upload in flight
 * in the same continuation, so once the upload is in flight, "n examined" (seen from a later
 * timer tick) means n callers are waiting on it.
 */
function countingExaminer() {
  const counted = {
    examined: 0,
    examine: async (path: string) => {
      const result = await examineImage(path);
      counted.examined++;
      return result;
    },
  };
  return counted;
}

const waitUntil = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(condition()).toBe(true);
};

let home: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ home, remove } = await makeTempHome('kling-image-uploads-'));
});
afterEach(() => remove());

/** Uploads that wait for release(), on this test's library, counting each image examined. */
function heldUpload() {
  const up = fakeUploader();
  up.hold();
  const counted = countingExaminer();
  const images = createImageUploads({
    api: up.api,
    cache: createUploadCache({ home }),
    examine: counted.examine,
  });
  return { up, counted, images };
}

describe('prepareImage (image-uploads)', () => {
  it('refuses a bad image before any request', async () => {
    const up = fakeUploader();
    const images = createImageUploads({ api: up.api, cache: createUploadCache({ home }) });
    const notImage = join(home, 'notes.png');
    await writeFile(notImage, 'hello');
    for (const path of [notImage, join(home, 'missing.png')]) {
      const error = await images.prepare(path).catch((e: unknown) => e);
      expect(isKlingError(error, 'invalid-input'), String(error)).toBe(true);
    }
    expect(up.seen).toHaveLength(0);
  });

  it('uploads one content once: the same bytes under another name reuse the URL', async () => {
    const up = fakeUploader();
    const images = createImageUploads({ api: up.api, cache: createUploadCache({ home }) });
    const first = await images.prepare(PNG);
    expect(first).toMatchObject({
      imageUrl: expect.stringMatching(/^https:/),
      format: 'png',
      reused: false,
    });
    expect(first.sha256).toBe(await hashFile(PNG));
    const copy = join(home, 'same picture.png');
    await copyFile(PNG, copy);
    expect(await images.prepare(copy)).toMatchObject({ imageUrl: first.imageUrl, reused: true });
    // Another process on the same library (a new instance) finds it too.
    const other = createImageUploads({ api: up.api, cache: createUploadCache({ home }) });
    expect((await other.prepare(PNG)).imageUrl).toBe(first.imageUrl);
    expect(up.seen).toHaveLength(1);
    // Other bytes are another upload.
    expect((await images.prepare(JPEG)).imageUrl).not.toBe(first.imageUrl);
    expect(up.seen).toHaveLength(2);
  });

  it('concurrent calls for the same content share one upload', async () => {
    const { up, counted, images } = heldUpload();
    const calls = [images.prepare(PNG)];
    await waitUntil(() => up.seen.length === 1);
    calls.push(images.prepare(PNG), images.prepare(PNG));
    await waitUntil(() => counted.examined === 3);
    up.release();
    const results = await Promise.all(calls);
    expect(new Set(results.map((r) => r.imageUrl)).size).toBe(1);
    expect(results.map((r) => r.reused).sort()).toEqual([false, true, true]);
    expect(up.seen).toHaveLength(1);
  });

  it("one caller's abort ends only its wait; the upload goes on for the others", async () => {
    const { up, counted, images } = heldUpload();
    const quitter = new AbortController();
    const leaving = images.prepare(PNG, { signal: quitter.signal });
    await waitUntil(() => up.seen.length === 1);
    const staying = images.prepare(PNG);
    await waitUntil(() => counted.examined === 2);
    quitter.abort();
    expect(isKlingError(await leaving.catch((e: unknown) => e), 'canceled')).toBe(true);
    expect(up.seen[0]?.signal?.aborted).toBe(false);
    up.release();
    expect((await staying).imageUrl).toMatch(/^https:/);
    expect(up.seen).toHaveLength(1);
  });

  it('when every caller gave up the upload is stopped, and the next call starts afresh', async () => {
    const { up, counted, images } = heldUpload();
    const a = new AbortController();
    const b = new AbortController();
    const calls = [images.prepare(PNG, { signal: a.signal })];
    await waitUntil(() => up.seen.length === 1);
    calls.push(images.prepare(PNG, { signal: b.signal }));
    await waitUntil(() => counted.examined === 2);
    const settled = calls.map((p) => p.catch((e: unknown) => e));
    a.abort();
    expect(up.seen[0]?.signal?.aborted).toBe(false);
    b.abort();
    expect(up.seen[0]?.signal?.aborted).toBe(true);
    for (const result of await Promise.all(settled))
      expect(isKlingError(result, 'canceled')).toBe(true);
    up.gate = null;
    expect((await images.prepare(PNG)).reused).toBe(false);
    expect(up.seen).toHaveLength(2);
  });

  it('a caller canceled before its upload begins (e.g. while hashing) sends nothing', async () => {
    const up = fakeUploader();
    const images = createImageUploads({ api: up.api, cache: createUploadCache({ home }) });
    const canceled = new AbortController();
    canceled.abort();
    const error = await images.prepare(PNG, { signal: canceled.signal }).catch((e: unknown) => e);
    expect(isKlingError(error, 'canceled'), String(error)).toBe(true);
    expect(up.seen).toHaveLength(0);
    // Nothing was left in flight: the next caller uploads it.
    expect((await images.prepare(PNG)).reused).toBe(false);
    expect(up.seen).toHaveLength(1);
  });

  it('uploads again once the cached URL is stale, and after a failed upload', async () => {
    const clock = manualClock();
    const up = fakeUploader();
    const images = createImageUploads({
      api: up.api,
      cache: createUploadCache({ home, now: clock.now }),
    });
    up.failures.push(new KlingError('network', 'connection reset'));
    expect(isKlingError(await images.prepare(PNG).catch((e: unknown) => e), 'network')).toBe(true);
    const first = await images.prepare(PNG);
    expect(up.seen).toHaveLength(2);
    clock.advance(UPLOAD_FRESH_FOR_MS - 1);
    expect((await images.prepare(PNG)).imageUrl).toBe(first.imageUrl);
    clock.advance(1);
    const again = await images.prepare(PNG);
    expect(again.imageUrl).not.toBe(first.imageUrl);
    expect(up.seen).toHaveLength(3);
  });

  it('still returns the URL when the cache cannot be written, and says so in the log', async () => {
    const up = fakeUploader();
    const warnings: string[] = [];
    const log: EngineLog = { info: () => {}, warn: (_f, m) => warnings.push(m), error: () => {} };
    const broken: UploadCache = {
      lookup: async () => null,
      isFresh: async () => false,
      remember: async () => {
        throw new Error('EACCES: permission denied');
      },
    };
    const images = createImageUploads({ api: up.api, cache: broken, log });
    expect((await images.prepare(PNG)).imageUrl).toMatch(/^https:/);
    expect(warnings).toEqual(['could not write the upload cache']);
  });

  it('a picture rewritten while it is uploaded is not cached under the bytes it had before', async () => {
    const up = fakeUploader();
    up.hold();
    const file = join(home, 'being edited.png');
    await copyFile(PNG, file);
    const cache = createUploadCache({ home });
    const warnings: string[] = [];
    const log: EngineLog = { info: () => {}, warn: (_f, m) => warnings.push(m), error: () => {} };
    const images = createImageUploads({ api: up.api, cache, log });
    const uploading = images.prepare(file);
    await waitUntil(() => up.seen.length === 1);
    await copyFile(JPEG, file); // saved from an image editor while the PNG was being sent
    up.release();
    expect((await uploading).imageUrl).toMatch(/^https:/);
    // What WeShop holds may be either picture: neither content may be answered with it.
    expect(await cache.lookup(await hashFile(PNG))).toBeNull();
    expect(await cache.lookup(await hashFile(JPEG))).toBeNull();
    expect(warnings).toEqual(['the image changed while it was uploaded; its URL is not cached']);
  });

  it('lookup says whether WeShop has the content already, and never uploads', async () => {
    const up = fakeUploader();
    const images = createImageUploads({ api: up.api, cache: createUploadCache({ home }) });
    expect(await images.lookup(PNG)).toBeNull();
    const { imageUrl } = await images.prepare(PNG);
    expect(await images.lookup(PNG)).toBe(imageUrl);
    expect(await images.lookup(JPEG)).toBeNull();
    expect(up.seen).toHaveLength(1);
  });
});

describe('rememberingExaminer', () => {
  it('examines an unchanged file once, and a rewritten one again', async () => {
    const file = join(home, 'picked.png');
    await copyFile(PNG, file);
    const examined: string[] = [];
    const examine = rememberingExaminer(async (path) => {
      examined.push(path);
      return examineImage(path);
    });
    const first = await examine(file);
    expect(await examine(file)).toEqual(first);
    expect(examined).toHaveLength(1);
    // Same name, other bytes: a new identity (ctime, size), so a new hash.
    await copyFile(JPEG, file);
    const second = await examine(file);
    expect(examined).toHaveLength(2);
    expect(second.sha256).toBe(await hashFile(JPEG));
    expect(second.format).toBe('jpg');
  });

  it('still refuses a file that is gone, with the checks own message', async () => {
    const examine = rememberingExaminer();
    const error = await examine(join(home, 'gone.png')).catch((e: unknown) => e);
    expect(isKlingError(error, 'invalid-input')).toBe(true);
  });
});
