// Web permissions the page may have. Notifications are shown by main (Electron's
// Notification), not by the page, and nothing reads the clipboard, camera, location or
// devices, so the only one granted is 'fullscreen': the library's <video controls> has a
// full-screen button. Both the request and the check handler ask this one function, and only
// for our own origin.
import { isAppOrigin } from './app-origin';

export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['fullscreen']);

/** origin: the requesting frame's URL or origin, as Electron reports it ('' when unknown). */
export function isPermissionGranted(
  permission: string,
  origin: string,
  isTrustedOrigin: (url: string) => boolean = isAppOrigin,
): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isTrustedOrigin(origin);
}
