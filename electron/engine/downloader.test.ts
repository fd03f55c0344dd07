import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKlingError } from '../../shared/errors';
import { makeTempHome } from '../library/testing';
import { downloadFile } from './downloader';
import { httpGetFromFetch } from './http-get';
import { startTestCdn, type TestCdn, testBytes } from './testing/cdn-server';
import { createVirtualClock } from './testing/virtual-clock';

let cdn: TestCdn;
let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  cdn = await startTestCdn();
  ({ home: dir, remove: cleanup } = await makeTempHome('kling-dl-'));
});
afterEach(async () => {
  await cdn.close();
  await cleanup();
});

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

const sizeOrZero = (path: string) =>
  stat(path).then(
    (s) => s.size,
    () => 0,
  );

/** Polls a condition on real time, for at most 5 s. */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function options(
  url: string,
  dest: string,
  extra: Partial<Parameters<typeof downloadFile>[0]> = {},
) {
  const clock = createVirtualClock();
  return { url, dest, sleep: clock.sleep, now: clock.nowMs, ...extra };
}

describe('downloadFile', () => {
  it('downloads a file and sends no Authorization header', async () => {
    const bytes = testBytes(200_000);
    const url = cdn.add('/v/a.mp4', bytes);
    const dest = join(dir, 'video-1.mp4');
    const progress: Array<[number, number | null]> = [];
    const result = await downloadFile(
      options(url, dest, { onProgress: (r, t) => progress.push([r, t]) }),
    );
    expect(result.bytes).toBe(200_000);
    expect((await readFile(dest)).equals(bytes)).toBe(true);
    expect(await exists(`${dest}.part`)).toBe(false);
    expect(cdn.requests).toHaveLength(1);
    expect(cdn.requests[0]?.headers.authorization).toBeUndefined();
    expect(progress.at(-1)).toEqual([200_000, 200_000]);
  });

  it('resumes a cut download with Range, and has no final file until it is complete', async () => {
    const bytes = testBytes(300_000, 2);
    const url = cdn.add('/v/b.mp4', bytes);
    const dest = join(dir, 'video-1.mp4');
    // Cut only once some bytes are on disk: otherwise, on a busy machine, the break can come
    // before the client wrote anything, and there is nothing to resume from.
    cdn.cutNext('/v/b.mp4', 100_000, () =>
      waitFor(async () => (await sizeOrZero(`${dest}.part`)) > 0),
    );
    const seenBeforeSecond: Array<{ final: boolean; part: number; range: string | undefined }> = [];
    cdn.onRequest(async (request) => {
      if (cdn.requests.length !== 2) return;
      const part = await stat(`${dest}.part`).then(
        (s) => s.size,
        () => -1,
      );
      seenBeforeSecond.push({ final: await exists(dest), part, range: request.headers.range });
    });
    await downloadFile(options(url, dest));
    // fetch drops bytes it had queued but not handed over when the connection breaks, so the
    // .part may hold less than the server sent; the resume must ask for exactly the rest.
    const [second] = seenBeforeSecond;
    expect(second?.final).toBe(false);
    expect(second?.part).toBeGreaterThan(0);
    expect(second?.part).toBeLessThanOrEqual(100_000);
    expect(second?.range).toBe(`bytes=${second?.part}-`);
    expect(cdn.requests).toHaveLength(2);
    expect((await readFile(dest)).equals(bytes)).toBe(true);
    expect(cdn.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('continues from a .part left by an earlier session', async () => {
    const bytes = testBytes(50_000, 3);
    const url = cdn.add('/v/c.mp4', bytes);
    const dest = join(dir, 'video-1.mp4');
    await writeFile(`${dest}.part`, bytes.subarray(0, 20_000));
    await downloadFile(options(url, dest));
    expect(cdn.requests[0]?.headers.range).toBe('bytes=20000-');
    expect((await readFile(dest)).equals(bytes)).toBe(true);
  });

  it('starts again from 0 when the server ignores Range and answers 200', async () => {
    const bytes = testBytes(40_000, 4);
    const url = cdn.add('/v/d.mp4', bytes);
    const dest = join(dir, 'video-1.mp4');
    await writeFile(`${dest}.part`, Buffer.from('garbage that must not stay at the start'));
    cdn.setIgnoreRange(true);
    await downloadFile(options(url, dest));
    expect((await readFile(dest)).equals(bytes)).toBe(true);
  });

  it('gives up after the attempts allowed, leaving only the .part', async () => {
    const bytes = testBytes(10_000, 5);
    const url = cdn.add('/v/e.mp4', bytes);
    const dest = join(dir, 'video-1.mp4');
    for (let i = 0; i < 3; i++) cdn.cutNext('/v/e.mp4', 0);
    const error = await downloadFile(options(url, dest, { maxAttempts: 3 })).catch((e) => e);
    expect(isKlingError(error, 'download-failed')).toBe(true);
    expect(error.message).toMatch(/after 3 attempts/);
    expect(cdn.requests).toHaveLength(3);
    expect(await exists(dest)).toBe(false);
  });

  it('does not retry a 404 and says the link may have expired', async () => {
    const dest = join(dir, 'video-1.mp4');
    const error = await downloadFile(options(`${cdn.base}/gone.mp4?token=secret`, dest)).catch(
      (e) => e,
    );
    expect(isKlingError(error, 'download-failed')).toBe(true);
    expect(error.message).toMatch(/HTTP 404/);
    expect(error.message).not.toContain('secret');
    expect(cdn.requests).toHaveLength(1);
  });

  it('rejects a body shorter than its Content-Length even without a broken connection', async () => {
    // A fetch stand-in that announces 10 bytes and delivers 4, cleanly: only the size check can tell.
    const short = async () =>
      new Response(new Uint8Array([1, 2, 3, 4]), {
        status: 200,
        headers: { 'Content-Length': '10' },
      });
    const dest = join(dir, 'video-1.mp4');
    const error = await downloadFile(
      options('https://cdn.example/x.mp4', dest, { get: httpGetFromFetch(short), maxAttempts: 2 }),
    ).catch((e) => e);
    expect(error.message).toMatch(/received 4 of 10 bytes/);
    expect(await exists(dest)).toBe(false);
  });
});

describe('downloader: a connection that breaks off', () => {
  it('keeps every byte that arrived, even those still waiting to be written', async () => {
    const first = testBytes(64 * 1024, 1);
    const second = testBytes(32 * 1024, 2);
    const clock = createVirtualClock();
    const dest = join(dir, 'video.mp4');
    // A body that delivers two chunks at once and then breaks: the second chunk is still in
    // the write buffer (the first write is in flight) when the error arrives.
    const get = async () => {
      const body = new Readable({ read() {} });
      body.push(first);
      body.push(second);
      process.nextTick(() => body.destroy(new Error('socket hang up')));
      return {
        status: 200,
        header: (name: string) =>
          name === 'content-length' ? String(first.length + second.length + 1000) : null,
        body,
      };
    };
    const error = await downloadFile({
      url: 'http://127.0.0.1:9/v.mp4',
      dest,
      get,
      sleep: clock.sleep,
      now: clock.nowMs,
      maxAttempts: 1,
    }).catch((e) => e);
    expect(isKlingError(error, 'download-failed')).toBe(true);
    const kept = await readFile(`${dest}.part`);
    expect(kept.equals(Buffer.concat([first, second]))).toBe(true);
  });
});
