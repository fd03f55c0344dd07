import { toAppError } from '../../../shared/errors';
import type { RenderManifest } from '../../../shared/job';
import { isRemoteImage } from '../../../shared/render-request';
import { type JobContext, Stopped } from '../job-context';

/** The image's URL on WeShop: saved, remote already, or uploaded now. Null when the job failed. */
export async function uploadStep(job: JobContext, m: RenderManifest): Promise<string | null> {
  if (m.uploadedImageUrl) return m.uploadedImageUrl;
  if (isRemoteImage(m.request.image)) return m.request.image;
  await job.save(job.moveTo('uploading'));
  try {
    const url = await job.deps.api.uploadImage(m.request.image, { signal: job.signal });
    await job.save((d) => {
      d.uploadedImageUrl = url;
    });
    return url;
  } catch (error) {
    if (error instanceof Stopped || job.signal.aborted) throw new Stopped();
    await job.fail(toAppError(error));
    return null;
  }
}
