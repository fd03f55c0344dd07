/**
 * video:check-url through the real dispatcher and core: New render's "Pick from library" asks
 * whether a render's WeShop video link still answers. The link comes from the library, and it
 * is asked without the API key.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { corePerTest, quietPlatform } from './core-per-test';
import { createIpcDispatch } from './ipc-handlers';

const openCore = corePerTest('kling-video-check-ipc-');
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A video host on this machine: /fresh.mp4 answers, anything else is gone (404). */
async function videoHost() {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(req.url === '/fresh.mp4' ? 200 : 404, { 'content-type': 'video/mp4' }).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  closers.push(() => new Promise((ok) => server.close(() => ok())));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('video:check-url', () => {
  it("asks the render's own link, without the key, and says when it has expired", async () => {
    const { core } = await openCore();
    await core.secrets.set('video-check-key-0123456789');
    const host = await videoHost();
    const done = async (file: string) => {
      const made = await core.library.create({ image: '/pictures/cat.png', prompt: 'a heron' });
      await core.library.update(made.id, (m) => {
        m.state = 'done';
        m.videos = [{ index: 0, url: `${host.base}/${file}` }];
      });
      await core.library.release(made.id);
      return made.id;
    };
    const fresh = await done('fresh.mp4');
    const old = await done('old.mp4');
    const dispatch = createIpcDispatch(core, quietPlatform());

    expect(await dispatch('video:check-url', { id: fresh, videoIndex: 0 })).toEqual({
      ok: true,
      value: expect.objectContaining({ ok: true, url: `${host.base}/fresh.mp4` }),
    });
    const gone = await dispatch('video:check-url', { id: old, videoIndex: 0 });
    expect(gone).toEqual({
      ok: true,
      value: expect.objectContaining({
        ok: false,
        message: expect.stringMatching(/link has expired .*HTTP 404/),
      }),
    });
    expect(await dispatch('video:check-url', { id: fresh, videoIndex: 3 })).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'not-found' }),
    });
    expect(host.seen.length).toBeGreaterThanOrEqual(2);
    for (const headers of host.seen) expect(headers.authorization).toBeUndefined();
  });
});
