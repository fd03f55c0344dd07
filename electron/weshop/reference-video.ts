import { KlingError } from '../../shared/errors';
import type { RenderRequest } from '../../shared/render-request';
import { isLoopbackHost } from './api-base';

/**
 * A reference video is fetched by WeShop's servers, not by us: an http URL on this machine only
 * makes sense when WeShop is the emulator on this machine too. The request schema allows loopback
 * http (shared/render-request.ts VideoUrl); this refuses it against the real API, before any
 * request. The key is never sent to the video's host: nothing here or in the client fetches it
 * with the key (a library video is checked by electron/weshop/video-probe.ts, without it).
 */
export function assertVideoUrlAllowed(
  request: Pick<RenderRequest, 'referenceVideo'>,
  apiBase: string,
): void {
  const video = request.referenceVideo;
  if (video === undefined) return;
  const url = new URL(video);
  if (url.protocol === 'https:') return;
  if (isLoopbackHost(new URL(apiBase).hostname)) return;
  throw new KlingError(
    'invalid-input',
    `Reference video: ${video} is on this computer, which WeShop cannot reach. Use the video's https URL (for a render in your library: its WeShop video link).`,
  );
}
