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
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
    },
  ]);
}

export function handleMediaProtocol(handler: (request: Request) => Promise<Response>): void {
  protocol.handle(MEDIA_SCHEME, handler);
}
