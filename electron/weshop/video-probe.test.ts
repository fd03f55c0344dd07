import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { probeVideoUrl, signedExpiry } from './video-probe';

/** What the video host saw: every request, with all its headers. */
interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
/** Requests the host is holding without an answer (the timeout case); released on close. */
const held: (() => void)[] = [];

/** A video host: paths name how it answers (GET with a Range gets one byte). */
function answer(method: string, path: string, range: string | undefined) {
  const route = path.split('?')[0];
  if (route === '/ok.mp4') return method === 'HEAD' ? 200 : 206;
  // Refuses HEAD as signed GET links and some CDNs do; a Range GET works.
  if (route === '/no-head.mp4') return method === 'HEAD' ? 405 : range ? 206 : 200;
  if (route === '/signed-get.mp4') return method === 'HEAD' ? 403 : 206;
  const gone = /^\/gone-(\d{3})\.mp4$/.exec(route ?? '');
  if (gone) return Number(gone[1]);
  if (route === '/busy.mp4') return 503;
  return 404;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    if (req.url === '/hang.mp4') {
      held.push(() => res.destroy());
      return;
    }
    if (req.url === '/moved.mp4') {
      res.writeHead(302, { location: `${base}/ok.mp4` }).end();
      return;
    }
    const status = answer(req.method ?? '', req.url ?? '', req.headers.range);
    res.writeHead(status, { 'content-type': 'video/mp4', 'content-length': '1' });
    res.end(req.method === 'HEAD' ? undefined : 'v');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const release of held.splice(0)) release();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen.length = 0;
});

const EXPIRED =
  /^This video's WeShop link has expired \(.+\): WeShop keeps videos for a limited time; paste another https URL$/;

describe('probeVideoUrl', () => {
  it('says a live link answers, after one HEAD that carries no key and no credentials', async () => {
    const probe = await probeVideoUrl(`${base}/ok.mp4`);
    expect(probe).toEqual({
      ok: true,
      url: `${base}/ok.mp4`,
      message: "This video's WeShop link still answers",
      messageRef: { id: 'videoLinkAnswers' },
    });
    expect(seen.map((s) => s.method)).toEqual(['HEAD']);
    for (const { headers } of seen) {
      expect(headers.authorization).toBeUndefined();
      expect(headers.cookie).toBeUndefined();
      expect(headers['idempotency-key']).toBeUndefined();
    }
  });

  it('falls back to a one-byte Range GET where the host refuses HEAD (405, or 403 for a signed GET link)', async () => {
    expect((await probeVideoUrl(`${base}/no-head.mp4`)).ok).toBe(true);
    expect((await probeVideoUrl(`${base}/signed-get.mp4`)).ok).toBe(true);
    expect(seen.map((s) => `${s.method} ${s.headers.range ?? ''}`.trim())).toEqual([
      'HEAD',
      'GET bytes=0-0',
      'HEAD',
      'GET bytes=0-0',
    ]);
    expect(seen.every((s) => s.headers.authorization === undefined)).toBe(true);
  });

  it('follows a redirect without adding anything to the request', async () => {
    expect((await probeVideoUrl(`${base}/moved.mp4`)).ok).toBe(true);
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(['HEAD /moved.mp4', 'HEAD /ok.mp4']);
    expect(seen.every((s) => s.headers.authorization === undefined)).toBe(true);
  });

  it.each([403, 404, 410])(
    'calls a link that answers %i expired, with the next step',
    async (status) => {
      const probe = await probeVideoUrl(`${base}/gone-${status}.mp4`);
      expect(probe.ok).toBe(false);
      expect(probe.message).toMatch(EXPIRED);
      expect(probe.message).toContain(`answered HTTP ${status}`);
    },
  );

  it('calls a signed link past its expiry expired without asking the host', async () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    const amz = `${base}/ok.mp4?X-Amz-Date=20261201T000000Z&X-Amz-Expires=3600&X-Amz-Signature=ab`;
    const oss = `${base}/ok.mp4?Expires=${Math.floor(now / 1000) - 60}&Signature=x`;
    for (const url of [amz, oss]) {
      const probe = await probeVideoUrl(url, { now: () => now });
      expect(probe.ok, url).toBe(false);
      expect(probe.message).toMatch(EXPIRED);
      expect(probe.message).toContain('its signed link ran out on');
    }
    expect(seen).toEqual([]);
    // Still valid: asked, and it answers.
    const fresh = `${base}/ok.mp4?Expires=${Math.floor(now / 1000) + 3600}`;
    expect((await probeVideoUrl(fresh, { now: () => now })).ok).toBe(true);
  });

  it('says when the host fails or does not answer in time, without calling the link expired', async () => {
    const busy = await probeVideoUrl(`${base}/busy.mp4`);
    expect(busy).toMatchObject({ ok: false });
    expect(busy.message).toBe(
      `127.0.0.1:${new URL(base).port} did not hand out this video (HTTP 503): try again in a moment, or paste another https URL`,
    );
    const hang = await probeVideoUrl(`${base}/hang.mp4`, { timeoutMs: 300 });
    expect(hang.ok).toBe(false);
    expect(hang.message).toMatch(
      /^Could not reach 127\.0\.0\.1:\d+ to check this video \(no answer within 0\.3 s\): check your connection and try again, or paste another https URL$/,
    );
  });

  it('reads the expiry of the signed links object stores hand out', () => {
    expect(signedExpiry(new URL('https://h/v.mp4?x-oss-expires=1765000000'))).toBe(1765000000000);
    expect(
      signedExpiry(new URL('https://h/v.mp4?X-Goog-Date=20260101T000000Z&X-Goog-Expires=60')),
    ).toBe(Date.UTC(2026, 0, 1, 0, 1, 0));
    expect(signedExpiry(new URL('https://h/v.mp4?se=2026-01-02T00:00:00Z&sig=x'))).toBe(
      Date.UTC(2026, 0, 2),
    );
    expect(signedExpiry(new URL('https://h/v.mp4?v=2'))).toBeNull();
  });
});
