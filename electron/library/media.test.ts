import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediaUrl } from '../../shared/media-url';
import { toRenderView } from '../app/render-view';
import { makePng } from '../images/testing/pictures';
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

describe('media handler: a waiting render shows the picture its render.json records', () => {
  const PNG = makePng(320, 320);
  let pictures: string;
  let waiting: string;
  const base = 'http://127.0.0.1:1/media';

  beforeEach(async () => {
    pictures = join(home, 'pictures');
    await mkdir(pictures);
    await writeFile(join(pictures, 'cat.png'), PNG);
    waiting = (await library.create({ image: join(pictures, 'cat.png'), prompt: 'cat' })).id;
  });

  /** What another process (or a hand) writing render.json would leave behind. */
  const recordImage = (image: string) =>
    library.update(waiting, (m) => {
      m.request.image = image;
    });

  it('serves the recorded original under the copy-to-be name, then the library copy', async () => {
    const before = await get(mediaUrl(base, waiting, 'source.png'));
    expect(before.status).toBe(200);
    expect(before.headers.get('content-type')).toBe('image/png');
    expect((await bytesOf(before)).equals(PNG)).toBe(true);
    const part = await get(mediaUrl(base, waiting, 'source.png'), { Range: 'bytes=0-7' });
    expect(part.status).toBe(206);
    expect((await bytesOf(part)).equals(PNG.subarray(0, 8))).toBe(true);

    // Once the copy is made, the library's copy is what that URL shows, whatever the original.
    await library.keepSourceImage(waiting);
    await writeFile(join(pictures, 'cat.png'), makePng(400, 400));
    const after = await get(mediaUrl(base, waiting, 'source.png'));
    expect((await bytesOf(after)).equals(PNG)).toBe(true);
    // …and with the copy gone, the original is not served again (the copy is no longer owed).
    await rm(join(renderDir(home, waiting), 'source.png'));
    expect((await get(mediaUrl(base, waiting, 'source.png'))).status).toBe(404);
  });

  it('refuses any other name, a changed recorded path, a non-image and a non-file', async () => {
    for (const file of ['source.jpg', 'end-frame.png', 'image-2.png', 'cat.png', 'render.json'])
      expect((await get(mediaUrl(base, waiting, file))).status, file).toBe(404);
    // Only the render's own record counts: another render's URL never reaches this original.
    expect((await get(mediaUrl(base, otherId, 'source.png'))).status).toBe(404);

    // The record now names another picture: the old one is no longer reachable, the new one is
    // served under its own copy name only.
    await writeFile(join(pictures, 'dog.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    await recordImage(join(pictures, 'dog.jpg'));
    expect((await get(mediaUrl(base, waiting, 'source.png'))).status).toBe(404);
    expect((await get(mediaUrl(base, waiting, 'source.jpg'))).status).toBe(200);

    // A .png that is not a picture by content (a renamed text file), a symlink to one, a folder
    // and a device (like a FIFO, not a regular file: never opened) are never served.
    await writeFile(join(pictures, 'secret.png'), 'not a picture at all');
    await symlink(join(home, 'outside.mp4'), join(pictures, 'link.png'));
    await mkdir(join(pictures, 'folder.png'));
    const refused = ['secret.png', 'link.png', 'folder.png'];
    if (process.platform !== 'win32') {
      await symlink('/dev/zero', join(pictures, 'device.png'));
      refused.push('device.png');
    }
    for (const name of refused) {
      await recordImage(join(pictures, name));
      expect((await get(mediaUrl(base, waiting, 'source.png'))).status, name).toBe(404);
    }
    // A picture that is gone is a 404 as well (the Queue then shows its name instead).
    await recordImage(join(pictures, 'gone.png'));
    expect((await get(mediaUrl(base, waiting, 'source.png'))).status).toBe(404);
  });

  it('serves the very URL the core hands the renderer for a waiting render', async () => {
    const view = toRenderView((await library.read(waiting))!, base, (x) => x);
    expect(view.sourceImageUrl).toBe(mediaUrl(base, waiting, 'source.png'));
    const response = await get(view.sourceImageUrl ?? '');
    expect((await bytesOf(response)).equals(PNG)).toBe(true);
  });

  it('refuses a picture whose copy was found missing (no longer owed)', async () => {
    expect((await get(mediaUrl(base, waiting, 'source.png'))).status).toBe(200);
    await library.update(waiting, (m) => {
      m.sourceImageCopy = 'missing';
    });
    expect((await get(mediaUrl(base, waiting, 'source.png'))).status).toBe(404);
  });
});
