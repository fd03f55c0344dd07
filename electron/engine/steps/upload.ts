import { coreSaid } from '../../../shared/core-messages';
import { errorParam, isKlingError, toAppError } from '../../../shared/errors';
import type { RenderManifest } from '../../../shared/job';
import { isRemoteImage, requestImages } from '../../../shared/render-request';
import { type JobContext, Stopped } from '../job-context';
import { clearWarning, setWarning } from '../warnings';
import { MAX_RETRY_AFTER_MS } from './start';

const RATE_LIMIT_FALLBACK_MS = 5_000;

/**
 * The request's pictures on WeShop, in requestImages order (picture 1, references, end frame):
 * each saved, remote already, or uploaded now. [] for a text-only render. Null when the job
 * failed.
 */
export async function uploadStep(job: JobContext, m: RenderManifest): Promise<string[] | null> {
  const pictures = requestImages(m.request);
  const saved = savedUploads(m);
  const urls: string[] = [];
  let movedToUploading = false;
  for (const [index, picture] of pictures.entries()) {
    if (isRemoteImage(picture)) {
      urls.push(picture);
      continue;
    }
    const known = await knownUpload(job, picture, saved[index]);
    if (known) {
      urls.push(known);
      continue;
    }
    if (!movedToUploading) {
      await job.save(job.moveTo('uploading'));
      movedToUploading = true;
    }
    const url = await uploadPicture(job, picture);
    if (url === null) return null;
    urls.push(url);
    await job.save((d) => {
      d.uploadedImageUrls = [...urls];
      if (index === 0) d.uploadedImageUrl = url;
      clearWarning(d);
    });
  }
  return urls;
}

/** URLs saved by an earlier try (older renders kept only picture 1's, as uploadedImageUrl). */
function savedUploads(m: RenderManifest): (string | undefined)[] {
  if (m.uploadedImageUrls) return m.uploadedImageUrls;
  return m.uploadedImageUrl ? [m.uploadedImageUrl] : [];
}

/**
 * A picture already on WeShop: the URL saved on the render (by an earlier try, or copied from the
 * render re-run) while the upload cache calls it fresh (WeShop does not say how long an uploaded
 * URL lives), else the cache's URL for its content (uploaded at pick time, or for another render
 * of the same picture). Null when it must be uploaded.
 */
async function knownUpload(
  job: JobContext,
  picture: string,
  saved: string | undefined,
): Promise<string | null> {
  const { deps } = job;
  if (saved) {
    const fresh = await deps.images.isFresh(saved).catch((error: unknown) => {
      deps.log.warn({ id: job.id, error: String(error) }, 'could not read the upload cache');
      return false;
    });
    if (fresh) return saved;
    deps.log.info({ id: job.id }, 'a saved picture upload is no longer fresh; uploading again');
  }
  return deps.images.lookup(picture).catch((error: unknown) => {
    deps.log.warn({ id: job.id, error: String(error) }, 'could not look the picture up');
    return null;
  });
}

/** Uploads one local picture, waiting out WeShop's "busy" a bounded number of times. */
async function uploadPicture(job: JobContext, picture: string): Promise<string | null> {
  const { deps } = job;
  for (let attempt = 1; ; attempt++) {
    try {
      // Shared with the pick's upload still in flight, or found in the upload cache.
      const { imageUrl } = await deps.images.prepare(picture, { signal: job.signal });
      return imageUrl;
    } catch (error) {
      if (error instanceof Stopped || job.signal.aborted) throw new Stopped();
      // A long Retry-After comes back to us (the client waits out only short ones): wait
      // here, where the job can say so, a bounded number of times.
      if (isKlingError(error, 'rate-limited') && attempt < deps.startRateLimitAttempts) {
        const waitMs = Math.min(
          MAX_RETRY_AFTER_MS,
          error.retryAfterMs ?? RATE_LIMIT_FALLBACK_MS * 2 ** (attempt - 1),
        );
        const busy = coreSaid('uploadBusy', {
          reason: errorParam(error),
          seconds: Math.ceil(waitMs / 1000),
        });
        await job.save((d) => {
          setWarning(d, busy);
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
