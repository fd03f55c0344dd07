// app://kling-studio is the app's origin: the built renderer and library media are served
// through it (electron/shell/app-origin.ts decides what each URL may read: only files in
// dist/renderer, and through library/media.ts only files inside a render's folder).
import { protocol } from 'electron';
import { APP_SCHEME } from './shell/app-origin';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        // standard: a real origin ('self', relative URLs, CORS); secure: like https (no
        // mixed-content or secure-context surprises); stream: <video> seeking with Range.
        standard: true,
        secure: true,
        supportFetchAPI: true,
        stream: true,
        corsEnabled: true,
      },
    },
  ]);
}

export function handleAppProtocol(handler: (request: Request) => Promise<Response>): void {
  protocol.handle(APP_SCHEME, handler);
}
