import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { MEDIA_PATH } from '../../shared/media-url';
import type { Library } from './library';
import { mediaTypeOf } from './media-files';
import { parseRange } from './range';
import { openWaitingPicture, waitingPicturePath } from './waiting-pictures';

/*
 * Media URLs (made by mediaUrl in shared/media-url.ts) name a render and a file:
 * `<base>/<id>/<file>`, where base is
 * `app://kling-studio/media` in Electron (the app's own origin, electron/shell/app-origin.ts)
 * or `http://127.0.0.1:<port>/media` in end-to-end tests (the "media" path segment is the
 * marker; a custom scheme's host counting as a segment also lets `<scheme>://render` work).
 */

const MARKERS = new Set(['render', MEDIA_PATH.slice(1)]);

/**
 * Takes the id and file from a media URL: exactly the last two path segments, which must
 * directly follow a `render`/`media` marker (the host of a custom scheme counts as the first
 * segment). Segments are decoded once; anything odd (an encoded slash, `..`) is then refused
 * by resolveMediaFile. The URL parser has already resolved plain and %2e dot segments, so
 * `/media/x/../../etc` arrives without its marker and is refused here.
 */
export function readMediaTarget(url: string): { id: string; file: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const isHttp = parsed.protocol === 'http:' || parsed.protocol === 'https:';
  const segments = parsed.pathname.split('/').filter((s) => s !== '');
  if (!isHttp && parsed.hostname) segments.unshift(parsed.hostname);
  if (segments.length < 3) return null;
  const [marker, id, file] = segments.slice(-3) as [string, string, string];
  if (!MARKERS.has(marker.toLowerCase())) return null;
  try {
    return { id: decodeURIComponent(id), file: decodeURIComponent(file) };
  } catch {
    return null; // malformed percent-encoding
  }
}

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers },
  });

/** Where a media URL's bytes come from: a library file, or a waiting render's original. */
interface MediaSource {
  handle: FileHandle;
  size: number;
}

async function openLibraryFile(path: string): Promise<MediaSource | null> {
  const handle = await open(path, 'r').catch(() => null); // deleted since it was resolved
  if (!handle) return null;
  try {
    return { handle, size: (await handle.stat()).size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * The file a media URL names: the render folder's file (resolveMediaFile), else, while a render
 * waits for its start, the original of a copy it still owes (waiting-pictures.ts: only that
 * copy's name, only the path its render.json records, only a PNG, JPEG or WebP by content).
 */
async function openMedia(
  library: MediaLibrary,
  target: { id: string; file: string },
): Promise<MediaSource | null> {
  const kept = await library.resolveMediaFile(target.id, target.file);
  if (kept) return openLibraryFile(kept);
  if (!mediaTypeOf(target.file)?.startsWith('image/')) return null;
  const manifest = await library.read(target.id);
  const original = manifest && waitingPicturePath(manifest, target.file);
  return original ? openWaitingPicture(original) : null;
}

type MediaLibrary = Pick<Library, 'resolveMediaFile' | 'read'>;

/**
 * One handler for both Electron's app:// protocol (under /media/) and a loopback http server:
 * serves only files openMedia accepts, streams them, and answers Range requests so
 * <video> can seek.
 */
export function createMediaHandler({ library }: { library: MediaLibrary }) {
  return async function handleMedia(request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return text(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    }
    const target = readMediaTarget(request.url);
    const source = target && (await openMedia(library, target));
    if (!target || !source) return text(404, 'Not found');
    return respond(request, source, mediaTypeOf(target.file));
  };
}

/** Answers from an open file; a streamed body owns the handle (closed at its end or cancel). */
async function respond(
  request: Request,
  { handle, size }: MediaSource,
  type: string | undefined,
): Promise<Response> {
  const headers: Record<string, string> = {
    'Content-Type': type ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-cache',
  };
  const range = parseRange(request.headers.get('range'), size);
  const streams = range !== 'unsatisfiable' && request.method !== 'HEAD' && size > 0;
  if (!streams) await handle.close();
  if (range === 'unsatisfiable')
    return text(416, 'Range not satisfiable', { 'Content-Range': `bytes */${size}` });
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  headers['Content-Length'] = String(Math.max(0, end - start + 1));
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  const status = range ? 206 : 200;
  if (request.method === 'HEAD' || size === 0) return new Response(null, { status, headers });
  const stream = Readable.toWeb(
    handle.createReadStream({ start, end }),
  ) as ReadableStream<Uint8Array>;
  return new Response(stream, { status, headers });
}
