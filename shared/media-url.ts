/**
 * Where library media live in a URL: `<page origin>/media/<id>/<file>`, the page's own origin
 * (app://kling-studio in Electron, http://127.0.0.1:<port> in the E2E harness), so the strict
 * CSP and CORS need no second origin (docs/decisions/0003-media-protocol.md). The core makes
 * these URLs; the renderer only shows them.
 */
export const MEDIA_PATH = '/media';

/** The media base of a page origin, e.g. `app://kling-studio/media`. */
export const mediaBaseFor = (origin: string) => `${origin}${MEDIA_PATH}`;

/** True for a request path the media handler answers (everything else is the page's files). */
export const isMediaPath = (pathname: string) => pathname.startsWith(`${MEDIA_PATH}/`);

/** The URL of one file of one render under a media base. */
export function mediaUrl(base: string, id: string, file: string): string {
  return `${base.replace(/\/+$/, '')}/${encodeURIComponent(id)}/${encodeURIComponent(file)}`;
}
