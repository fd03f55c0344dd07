import type { IncomingHttpHeaders } from 'node:http';
import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { isKlingError } from '../../shared/errors';
import { localServers } from '../testing/local-servers';
import { createNodeHttpGet } from './http-get';

const local = localServers();
const serve = local.start;

afterEach(() => local.closeAll());

describe('createNodeHttpGet', () => {
  it('sends exactly the headers given, and returns status, headers and body', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const base = await serve((req, res) => {
      seen.push(req.headers);
      res.writeHead(206, { 'Content-Range': 'bytes 5-9/10', 'X-Two': ['a', 'b'] }).end('56789');
    });
    const response = await createNodeHttpGet()(`${base}/v.mp4`, {
      headers: { Range: 'bytes=5-' },
    });
    expect(response.status).toBe(206);
    expect(response.header('Content-Range')).toBe('bytes 5-9/10');
    expect(response.header('x-two')).toBe('a, b');
    expect(response.header('missing')).toBeNull();
    expect(await text(response.body)).toBe('56789');
    expect(seen[0]?.range).toBe('bytes=5-');
    expect(seen[0]?.authorization).toBeUndefined();
    expect(seen[0]?.cookie).toBeUndefined();
  });

  it('follows redirects to another host without adding a header', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const target = await serve((req, res) => {
      seen.push(req.headers);
      res.end('moved bytes');
    });
    const origin = await serve((_req, res) => {
      res.writeHead(302, { Location: `${target.replace('127.0.0.1', 'localhost')}/final` }).end();
    });
    const response = await createNodeHttpGet()(`${origin}/start`, { headers: {} });
    expect(response.status).toBe(200);
    expect(await text(response.body)).toBe('moved bytes');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.authorization).toBeUndefined();
    expect(seen[0]?.host).toMatch(/^localhost:/);
  });

  it('gives up after the redirects allowed, with an error that is not retried', async () => {
    let hits = 0;
    const base = await serve((req, res) => {
      hits++;
      res.writeHead(307, { Location: `${req.url}x` }).end();
    });
    const error = await createNodeHttpGet({ maxRedirects: 3 })(`${base}/a`, { headers: {} }).catch(
      (e) => e,
    );
    expect(isKlingError(error, 'download-failed')).toBe(true);
    expect(error.message).toBe('more than 3 redirects');
    expect(error.retryable).toBe(false);
    expect(hits).toBe(4);
  });

  it('refuses links and redirects that are not http(s), before requesting them', async () => {
    const get = createNodeHttpGet();
    const direct = await get('file:///etc/passwd', { headers: {} }).catch((e) => e);
    expect(isKlingError(direct, 'download-failed')).toBe(true);
    expect(direct.message).toMatch(/not an http\(s\) address/);
    const base = await serve((_req, res) => {
      res.writeHead(301, { Location: 'file:///etc/passwd' }).end();
    });
    const redirected = await get(`${base}/v.mp4`, { headers: {} }).catch((e) => e);
    expect(isKlingError(redirected, 'download-failed')).toBe(true);
  });

  it('fails a body that stops flowing for longer than the idle timeout', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('only the first bytes'); // …and then nothing
    });
    const response = await createNodeHttpGet({ idleTimeoutMs: 150 })(`${base}/v.mp4`, {
      headers: {},
    });
    const error = await text(response.body).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error.message)).toMatch(/sent nothing|aborted/);
  });

  it('opens at most maxSocketsPerHost connections to a host; the rest wait their turn', async () => {
    let open = 0;
    let mostOpen = 0;
    const held: Array<() => void> = [];
    const base = await serve((_req, res) => {
      open++;
      mostOpen = Math.max(mostOpen, open);
      held.push(() => {
        open--;
        res.end('ok');
      });
    });
    const get = createNodeHttpGet({ maxSocketsPerHost: 3 });
    const bodies = Array.from({ length: 8 }, (_, i) =>
      get(`${base}/v${i}.mp4`, { headers: {} }).then((r) => text(r.body)),
    );
    // Release held answers one at a time until all eight have been served.
    let served = 0;
    while (served < 8) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const release = held.shift();
      if (release) {
        release();
        served++;
      }
    }
    expect(await Promise.all(bodies)).toEqual(Array(8).fill('ok'));
    expect(mostOpen).toBe(3);
  });

  it('stops when its signal aborts', async () => {
    const base = await serve(() => {
      // never answers
    });
    const controller = new AbortController();
    const pending = createNodeHttpGet()(`${base}/v.mp4`, {
      headers: {},
      signal: controller.signal,
    }).catch((e) => e);
    setTimeout(() => controller.abort(), 20);
    const error = await pending;
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AbortError');
  });
});
