// kling-media:// serves files from inside the library only (the handler resolves every
// path through the library and answers 404 for anything else), with Range for seeking.
import { protocol } from 'electron';

export const MEDIA_SCHEME = 'kling-media';
export const MEDIA_BASE = `${MEDIA_SCHEME}://render`;

/** Must run before app 'ready'. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: MEDIA_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        stream: true,
        corsEnabled: true,
      },
    },
  ]);
}

/**
 * The page (file://) reads first frames of library videos into a canvas for thumbnails;
 * without a CORS header that canvas is tainted. The media is the user's own and the only
 * page is ours (navigation is blocked), so any origin may read it.
 */
export function handleMediaProtocol(handler: (request: Request) => Promise<Response>): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const response = await handler(request);
    const headers = new Headers(response.headers);
    headers.set('Access-Control-Allow-Origin', '*');
    return new Response(response.body, { status: response.status, headers });
  });
}
