// The app's own origin: the built renderer and library media are served through one
// privileged custom scheme instead of file://, so the page has a real origin that CSP
// ('self'), CORS and IPC sender checks can name. Plain module: protocol.ts registers the
// scheme with Electron; everything here runs (and is tested) under plain Node.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';
import { isMediaPath, mediaBaseFor } from '../../shared/media-url';
import { CSP_HEADER } from './csp';
import { plainUrl } from './plain-url';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kling-studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** Library media on the same origin: `app://kling-studio/media/<id>/<file>`. */
export const APP_MEDIA_BASE = mediaBaseFor(APP_ORIGIN);

/**
 * True for URLs on the app origin. Node's URL gives non-special schemes an opaque 'null'
 * origin, so scheme and host are compared instead (no userinfo or port may sneak in).
 */
export function isAppOrigin(url: string): boolean {
  const parsed = plainUrl(url);
  return parsed?.protocol === `${APP_SCHEME}:` && parsed.hostname === APP_HOST;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Headers every app-origin response carries (the page's CSP travels with the document). */
const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
} as const;

const notFound = () =>
  new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS },
  });

/**
 * Resolves a request path to a file inside rendererDir, or null. Segments are decoded once
 * and the result must stay inside the folder (an encoded slash or `..` cannot climb out).
 */
export function resolveRendererFile(rendererDir: string, pathname: string): string | null {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0')) return null;
  const base = normalize(rendererDir);
  const file = normalize(join(base, relative));
  return file.startsWith(base.endsWith(sep) ? base : base + sep) ? file : null;
}

export interface AppHandlerOptions {
  rendererDir: string;
  /** library/media.ts createMediaHandler: resolves only files inside a render's folder. */
  media: (request: Request) => Promise<Response>;
}

/** The app:// handler: /media/… goes to the library, everything else to dist/renderer. */
export function createAppHandler({ rendererDir, media }: AppHandlerOptions) {
  return async function handleApp(request: Request): Promise<Response> {
    if (!isAppOrigin(request.url)) return notFound();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } });
    }
    const { pathname } = new URL(request.url);
    if (isMediaPath(pathname)) {
      const response = await media(request);
      const headers = new Headers(response.headers);
      // The page reads first frames of library videos into a canvas for thumbnails; without a
      // CORS grant that canvas is tainted. Only our own origin is granted.
      headers.set('Access-Control-Allow-Origin', APP_ORIGIN);
      headers.set('X-Content-Type-Options', 'nosniff');
      return new Response(response.body, { status: response.status, headers });
    }
    const file = resolveRendererFile(rendererDir, pathname);
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) return notFound();
    const body =
      request.method === 'HEAD'
        ? null
        : (Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>);
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': String(info.size),
        ...SECURITY_HEADERS,
      },
    });
  };
}

/** IPC is answered only for the window's top frame showing our own page. */
export function isTrustedIpcSender(origin: string, isTopFrame: boolean): boolean {
  return isTopFrame && origin === APP_ORIGIN;
}
