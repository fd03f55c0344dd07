import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uploadCachePath } from './layout';
import { makeTempHome, manualClock } from './testing';
import { createUploadCache, UPLOAD_FRESH_FOR_MS } from './upload-cache';

const hash = (n: number) => n.toString(16).padStart(64, '0');
const urlOf = (n: number) => `https://cdn.weshop.test/uploads/${n}.png`;

let home: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ home, remove } = await makeTempHome('kling-upload-cache-'));
});
afterEach(() => remove());

describe('upload cache', () => {
  it('returns an upload while fresh, not once it is older than the window (or from the future)', async () => {
    const clock = manualClock();
    const cache = createUploadCache({ home, now: clock.now });
    expect(await cache.lookup(hash(1))).toBeNull();
    const saved = await cache.remember(hash(1), urlOf(1));
    expect(saved).toEqual({ url: urlOf(1), uploadedAt: clock.now().toISOString() });
    clock.advance(UPLOAD_FRESH_FOR_MS - 1);
    expect(await cache.lookup(hash(1))).toEqual(saved);
    expect(await cache.lookup(hash(2))).toBeNull();
    clock.advance(1);
    expect(await cache.lookup(hash(1))).toBeNull();
    // A clock moved back: an entry "made later than now" is not trusted.
    clock.advance(-2 * UPLOAD_FRESH_FOR_MS);
    expect(await cache.lookup(hash(1))).toBeNull();
  });

  it('says whether a saved URL is still fresh, by the URL alone', async () => {
    const clock = manualClock();
    const cache = createUploadCache({ home, now: clock.now });
    expect(await cache.isFresh(urlOf(6))).toBe(false);
    await cache.remember(hash(6), urlOf(6));
    clock.advance(UPLOAD_FRESH_FOR_MS - 1);
    expect(await cache.isFresh(urlOf(6))).toBe(true);
    expect(await cache.isFresh(urlOf(7))).toBe(false);
    clock.advance(1);
    expect(await cache.isFresh(urlOf(6))).toBe(false);
  });

  it('is read by another instance on the same home (another process), and stores no path or key', async () => {
    await createUploadCache({ home }).remember(hash(3), urlOf(3));
    expect((await createUploadCache({ home }).lookup(hash(3)))?.url).toBe(urlOf(3));
    const text = await readFile(uploadCachePath(home), 'utf8');
    expect(Object.keys(JSON.parse(text))).toEqual(['version', 'uploads']);
    expect(Object.keys(JSON.parse(text).uploads[hash(3)])).toEqual(['url', 'uploadedAt']);
  });

  it('treats a corrupt file as empty (and says so), then replaces it at the next upload', async () => {
    const warnings: string[] = [];
    const cache = createUploadCache({ home, warn: (message) => warnings.push(message) });
    for (const junk of ['{"version":1,"uploads":{', 'null', '{"version":1,"uploads":{"x":1}}']) {
      await writeFile(uploadCachePath(home), junk);
      expect(await cache.lookup(hash(4))).toBeNull();
    }
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/corrupt/);
    await cache.remember(hash(4), urlOf(4));
    expect((await cache.lookup(hash(4)))?.url).toBe(urlOf(4));
    expect(warnings).toHaveLength(4); // the write's own read of the junk
  });

  it('refuses what is not a sha256 or an http(s) URL', async () => {
    const cache = createUploadCache({ home });
    await expect(cache.remember('not-a-hash', urlOf(5))).rejects.toThrow(/sha256/);
    await expect(cache.remember(hash(5), 'file:///etc/passwd')).rejects.toThrow();
    expect(await cache.lookup(hash(5))).toBeNull();
  });

  it('drops entries long past the window when it rewrites the file', async () => {
    const clock = manualClock();
    const cache = createUploadCache({ home, now: clock.now });
    await cache.remember(hash(6), urlOf(6));
    clock.advance(8 * UPLOAD_FRESH_FOR_MS);
    await cache.remember(hash(7), urlOf(7));
    const { uploads } = JSON.parse(await readFile(uploadCachePath(home), 'utf8'));
    expect(Object.keys(uploads)).toEqual([hash(7)]);
  });

  it('keeps every upload when several instances write at once (merge under the lock)', async () => {
    const caches = Array.from({ length: 4 }, () => createUploadCache({ home }));
    await Promise.all(
      caches.flatMap((cache, c) =>
        [0, 1, 2].map((i) => cache.remember(hash(100 + c * 10 + i), urlOf(100 + c * 10 + i))),
      ),
    );
    const fresh = createUploadCache({ home });
    for (let c = 0; c < 4; c++)
      for (const i of [0, 1, 2])
        expect((await fresh.lookup(hash(100 + c * 10 + i)))?.url).toBe(urlOf(100 + c * 10 + i));
  });

  it('keeps every upload when real processes write at once', async () => {
    const child = join(import.meta.dirname, 'upload-cache.child.ts');
    const run = (pairs: string[]) =>
      new Promise<number | null>((resolve, reject) => {
        const proc = spawn(process.execPath, ['--import', 'tsx', child, home, ...pairs], {
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        proc.once('error', reject);
        proc.once('exit', resolve);
      });
    const processes = [0, 1, 2].map((p) =>
      [0, 1, 2, 3, 4].map((i) => `${hash(200 + p * 10 + i)}=${urlOf(200 + p * 10 + i)}`),
    );
    expect(await Promise.all(processes.map(run))).toEqual([0, 0, 0]);
    const cache = createUploadCache({ home });
    for (let p = 0; p < 3; p++)
      for (let i = 0; i < 5; i++)
        expect((await cache.lookup(hash(200 + p * 10 + i)))?.url).toBe(urlOf(200 + p * 10 + i));
  });
});
