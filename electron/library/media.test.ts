import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediaUrl } from '../../shared/media-url';
import { renderDir } from './layout';
import { createLibrary, type Library } from './library';
import { createMediaHandler, readMediaTarget } from './media';
import { makeTempHome } from './testing';

const VIDEO = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

let home: string;
let cleanup: () => Promise<void>;
let library: Library;
let handle: (request: Request) => Promise<Response>;
let id: string;
let otherId: string;

beforeEach(async () => {
  ({ home, remove: cleanup } = await makeTempHome('kling-media-'));
  library = createLibrary({ home });
  id = (await library.create({ image: '/a.png', prompt: 'a' })).id;
  otherId = (await library.create({ image: '/b.png', prompt: 'b' })).id;
  await writeFile(join(renderDir(home, id), 'video-1.mp4'), VIDEO);
  await writeFile(join(renderDir(home, id), 'poster-1.jpg'), 'jpeg');
  await writeFile(join(renderDir(home, otherId), 'video-1.mp4'), 'other render');
  await writeFile(join(home, 'outside.mp4'), 'outside');
  handle = createMediaHandler({ library });
});
afterEach(async () => {
  await library.close();
  await cleanup();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  handle(new Request(url, { headers }));
const bytesOf = async (response: Response) => Buffer.from(await response.arrayBuffer());

describe('media URLs', () => {
  it('builds URLs the handler reads back, for both bases', () => {
    const custom = mediaUrl('kling-media://render', 'abc123-x', 'video-1.mp4');
    expect(custom).toBe('kling-media://render/abc123-x/video-1.mp4');
    expect(readMediaTarget(custom)).toEqual({ id: 'abc123-x', file: 'video-1.mp4' });
    const http = mediaUrl('http://127.0.0.1:9/media/', 'abc123-x', 'poster 1.jpg');
    expect(http).toBe('http://127.0.0.1:9/media/abc123-x/poster%201.jpg');
    expect(readMediaTarget(http)).toEqual({ id: 'abc123-x', file: 'poster 1.jpg' });
    expect(readMediaTarget('http://127.0.0.1:9/other/abc123-x/v.mp4')).toBeNull();
    expect(readMediaTarget('not a url')).toBeNull();
  });
});

describe('media handler', () => {
  it('serves a whole file with its type and Accept-Ranges', async () => {
    for (const base of ['kling-media://render', 'http://127.0.0.1:1/media']) {
      const response = await get(mediaUrl(base, id, 'video-1.mp4'));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('video/mp4');
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      expect(response.headers.get('content-length')).toBe('1000');
      expect((await bytesOf(response)).equals(VIDEO)).toBe(true);
    }
    const poster = await get(mediaUrl('kling-media://render', id, 'poster-1.jpg'));
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
    expect(await poster.text()).toBe('jpeg');
  });

  it('answers Range requests with 206 and Content-Range', async () => {
    const url = mediaUrl('kling-media://render', id, 'video-1.mp4');
    const middle = await get(url, { Range: 'bytes=100-199' });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(middle.headers.get('content-length')).toBe('100');
    expect((await bytesOf(middle)).equals(VIDEO.subarray(100, 200))).toBe(true);
    const tail = await get(url, { Range: 'bytes=990-' });
    expect(tail.headers.get('content-range')).toBe('bytes 990-999/1000');
    expect((await bytesOf(tail)).equals(VIDEO.subarray(990))).toBe(true);
    const beyond = await get(url, { Range: 'bytes=1000-' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */1000');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const url = mediaUrl('kling-media://render', id, 'video-1.mp4');
    const head = await handle(new Request(url, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('1000');
    expect(head.body).toBeNull();
    expect((await handle(new Request(url, { method: 'DELETE' }))).status).toBe(405);
  });

  it('answers 404 for every way out of the render folder', async () => {
    await symlink(join(home, 'outside.mp4'), join(renderDir(home, id), 'video-9.mp4'));
    const attempts = [
      `kling-media://render/${id}/..%2F..%2Foutside.mp4`,
      `kling-media://render/${id}/%2e%2e%2F${otherId}%2Fvideo-1.mp4`,
      `kling-media://render/${id}/%2e%2e/outside.mp4`,
      `http://127.0.0.1:1/media/${id}/../../outside.mp4`,
      `http://127.0.0.1:1/media/${id}/%2e%2e/%2e%2e/outside.mp4`,
      `http://127.0.0.1:1/media/${id}/%2Fetc%2Fpasswd`,
      `http://127.0.0.1:1/media/${id}/${encodeURIComponent(join(home, 'outside.mp4'))}`,
      `http://127.0.0.1:1/media/${id}/..%5Coutside.mp4`,
      `kling-media://render/${id}/video-9.mp4`,
      `kling-media://render/${id}/render.json`,
      `kling-media://render/zzzzzzzz-nothere/video-1.mp4`,
      `kling-media://render/${id}/%E0%A4%A`,
      'kling-media://render/video-1.mp4',
    ];
    for (const url of attempts) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text()).toBe('Not found');
    }
    // The other render's own file is reachable through its own id only.
    expect(await (await get(mediaUrl('kling-media://render', otherId, 'video-1.mp4'))).text()).toBe(
      'other render',
    );
  });
});
