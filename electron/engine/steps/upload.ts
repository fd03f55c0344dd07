import { isKlingError, toAppError } from '../../../shared/errors';
import type { RenderManifest } from '../../../shared/job';
import { isRemoteImage } from '../../../shared/render-request';
import { type JobContext, Stopped } from '../job-context';
import { MAX_RETRY_AFTER_MS } from './start';

const RATE_LIMIT_FALLBACK_MS = 5_000;

/** The image's URL on WeShop: saved, remote already, or uploaded now. Null when the job failed. */
export async function uploadStep(job: JobContext, m: RenderManifest): Promise<string | null> {
  if (isRemoteImage(m.request.image)) return m.request.image;
  const { deps } = job;
  if (m.uploadedImageUrl) {
    // Saved by an earlier try or copied from the render re-run: reused only while the upload
    // cache calls it fresh (WeShop does not say how long an uploaded URL lives), else the
    // picture is found by content or uploaded again below.
    const fresh = await deps.images.isFresh(m.uploadedImageUrl).catch((error: unknown) => {
      deps.log.warn({ id: job.id, error: String(error) }, 'could not read the upload cache');
      return false;
    });
    if (fresh) return m.uploadedImageUrl;
    deps.log.info({ id: job.id }, 'the saved image upload is no longer fresh; uploading again');
  }
  // Uploaded already (at pick time, or for another render of the same picture): straight to
  // the start, whose own save records the URL with startSentAt (one disk write fewer).
  const known = await deps.images.lookup(m.request.image).catch(() => null);
  if (known) return known;
  await job.save(job.moveTo('uploading'));
  for (let attempt = 1; ; attempt++) {
    try {
      // Shared with the pick's upload still in flight, or found in the upload cache.
      const { imageUrl: url } = await deps.images.prepare(m.request.image, { signal: job.signal });
      await job.save((d) => {
        d.uploadedImageUrl = url;
        delete d.warning;
      });
      return url;
    } catch (error) {
      if (error instanceof Stopped || job.signal.aborted) throw new Stopped();
      // A long Retry-After comes back to us (the client waits out only short ones): wait
      // here, where the job can say so, a bounded number of times.
      if (isKlingError(error, 'rate-limited') && attempt < deps.startRateLimitAttempts) {
        const waitMs = Math.min(
          MAX_RETRY_AFTER_MS,
          error.retryAfterMs ?? RATE_LIMIT_FALLBACK_MS * 2 ** (attempt - 1),
        );
        await job.save((d) => {
          d.warning = `WeShop is busy (${error.message}); uploading again in ${Math.ceil(waitMs / 1000)} s.`;
        });
        try {
          await deps.sleep(waitMs, job.signal);
        } catch {
          throw new Stopped();
        }
        continue;
      }
      await job.fail(toAppError(error));
      return null;
    }
  }
}
