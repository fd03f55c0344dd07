import { KlingError, renderNotFound } from '../../shared/errors';
import type { IpcResponse } from '../../shared/ipc';
import type { Core } from './core';

const CHECK_TIMEOUT_MS = 10_000;
type VideoCheck = IpcResponse<'video:check-url'>;

/**
 * Asks a video link whether it still answers: HEAD, and a one-byte GET where a host refuses
 * HEAD. Plain fetch with no headers of ours: the API key never goes to the video's host.
 */
export async function checkVideoUrl(
  url: string,
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<VideoCheck> {
  const ask = (method: 'HEAD' | 'GET') =>
    fetchImpl(url, {
      method,
      redirect: 'follow',
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
      ...(method === 'GET' ? { headers: { Range: 'bytes=0-0' } } : {}),
    });
  try {
    let response = await ask('HEAD');
    if (response.status === 405 || response.status === 501) response = await ask('GET');
    // Only the status matters: the body of a GET is dropped unread.
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) return { ok: true, url, message: 'The link answers' };
    const gone = [403, 404, 410].includes(response.status);
    return {
      ok: false,
      url,
      message: gone
        ? `WeShop's link to this video has expired (it answers ${response.status}): pick another render, or paste a video's https URL.`
        : `WeShop's link to this video answered ${response.status}: try again later, or paste a video's https URL.`,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      url,
      message: `WeShop's link to this video could not be reached (${reason}): check the connection, or paste a video's https URL.`,
    };
  }
}

/** video:check-url: the render's own WeShop link (read from the library, never from the page). */
export function videoCheckHandlers(core: Core, fetchImpl?: typeof fetch) {
  return {
    'video:check-url': async ({ id, videoIndex }: { id: string; videoIndex: number }) => {
      const manifest = await core.library.read(id);
      if (!manifest) throw renderNotFound(id);
      const video = manifest.videos.find((each) => each.index === videoIndex);
      if (!video) {
        throw new KlingError('not-found', `Render ${id} has no video ${videoIndex + 1}`);
      }
      const check = await checkVideoUrl(video.url, fetchImpl);
      if (!check.ok) core.logger.info('library video link does not answer', { id, videoIndex });
      return check;
    },
  };
}
