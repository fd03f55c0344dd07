import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMediaTarget } from '../library/media';
import {
  APP_MEDIA_BASE,
  APP_ORIGIN,
  createAppHandler,
  isAppOrigin,
  isTrustedIpcSender,
  resolveRendererFile,
} from './app-origin';
import { CSP_HEADER } from './csp';

let base: string;
let rendererDir: string;
const mediaRequests: string[] = [];
const media = async (request: Request) => {
  mediaRequests.push(request.url);
  return new Response('video', { status: 200, headers: { 'Content-Type': 'video/mp4' } });
};

beforeAll(async () => {
  base = join(tmpdir(), `kling-app-origin-${process.pid}`);
  rendererDir = join(base, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(rendererDir, 'assets', 'index.js'), 'console.log(1)');
  await writeFile(join(base, 'secret.txt'), 'outside');
  await writeFile(join(base, 'renderer-evil.txt'), 'sibling with a shared prefix');
});
afterAll(() => rm(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') =>
  createAppHandler({ rendererDir, media })(new Request(url, { method }));

describe('app origin', () => {
  it('is one origin for the page and its media', () => {
    expect(APP_ORIGIN).toBe('app://kling-studio');
    expect(APP_MEDIA_BASE.startsWith(`${APP_ORIGIN}/`)).toBe(true);
    expect(isAppOrigin('app://kling-studio/index.html')).toBe(true);
    for (const other of [
      'file:///index.html',
      'app://other/index.html',
      'app://kling-studio:8080/',
      'app://user@kling-studio/',
      'https://kling-studio/',
      'not a url',
    ]) {
      expect(isAppOrigin(other), other).toBe(false);
    }
  });

  it('answers IPC only for our origin in the top frame', () => {
    expect(isTrustedIpcSender('app://kling-studio', true)).toBe(true);
    expect(isTrustedIpcSender('app://kling-studio', false)).toBe(false);
    expect(isTrustedIpcSender('file://', true)).toBe(false);
    expect(isTrustedIpcSender('null', true)).toBe(false);
    expect(isTrustedIpcSender('https://open.weshop.ai', true)).toBe(false);
  });

  it('serves the built renderer with the CSP header', async () => {
    const page = await get(`${APP_ORIGIN}/index.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toBe(CSP_HEADER);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>app</title>');
    const script = await get(`${APP_ORIGIN}/assets/index.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await get(`${APP_ORIGIN}/`).then((r) => r.status)).toBe(200);
  });

  it('never reads outside dist/renderer', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2Fsecret.txt',
      '/assets/..%2F..%2Fsecret.txt',
      '/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5Csecret.txt',
      '/%00index.html',
      '/%E0%A4%A',
      '/assets',
      '/missing.js',
    ]) {
      const response = await get(`${APP_ORIGIN}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain('outside');
    }
    expect(resolveRendererFile(rendererDir, '/..%2Frenderer-evil.txt')).toBeNull();
    expect(resolveRendererFile(rendererDir, '/../secret.txt')).toBeNull();
  });

  it('does not follow a path out through another host or scheme', async () => {
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
  });

  it('refuses writes', async () => {
    expect((await get(`${APP_ORIGIN}/index.html`, 'POST')).status).toBe(405);
  });

  it('passes /media/ to the library handler and grants CORS to the app origin only', async () => {
    const response = await get(`${APP_MEDIA_BASE}/abc123-x/video-1.mp4`);
    expect(response.status).toBe(200);
    expect(mediaRequests).toContain(`${APP_MEDIA_BASE}/abc123-x/video-1.mp4`);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    // The library's media handler reads the render and file from app-origin media URLs.
    expect(readMediaTarget(`${APP_MEDIA_BASE}/abc123-x/video-1.mp4`)).toEqual({
      id: 'abc123-x',
      file: 'video-1.mp4',
    });
  });
});
